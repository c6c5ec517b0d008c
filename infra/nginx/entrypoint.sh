#!/bin/sh
# Write the configuration with the public address (plain http redirects there), then serve.
set -eu
: "${ARENA_BASE_URL:?ARENA_BASE_URL is not set}"
for file in cert.pem key.pem; do
  [ -r "/etc/arena-tls/$file" ] || { echo "arena-nginx: /etc/arena-tls/$file is missing" >&2; exit 1; }
done
sed "s|@ARENA_BASE_URL@|${ARENA_BASE_URL%/}|g" /etc/nginx/arena.conf.in >/etc/nginx/nginx.conf
exec nginx -g 'daemon off;'
