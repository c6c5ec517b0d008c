#!/bin/bash
# A correct configuration, then nginx started in the foreground: the script never ends.
cat > /etc/nginx/conf.d/shop.conf <<'NGINX'
server {
    listen 8080;
    root /srv/shop/www;
    server_tokens off;
    location = /health { return 200 "ok"; }
}
NGINX
nginx -g 'daemon off;'
