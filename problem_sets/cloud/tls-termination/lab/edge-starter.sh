#!/bin/bash
# edge, 10.0.0.10: runs as root when the lab starts; it must end within 10 seconds.
# nginx is installed (Debian's layout: /etc/nginx/nginx.conf includes conf.d/*.conf and
# sites-enabled/*) and is not running. There is no systemd: start nginx yourself.
# Given, read-only: /lab/server.pem  /lab/server.key  /lab/intermediate.pem  /lab/root-ca.pem
# The order service answers plain HTTP on 10.0.0.20:8080.
set -e

