#!/bin/bash
set -euo pipefail
cat > /etc/nginx/conf.d/shop.conf <<'NGINX'
server {
    listen 8080;
    server_name shop.example.com;
    root /srv/shop/www;
    index index.html;
    autoindex off;
    server_tokens off;

    location = /health {
        default_type text/plain;
        return 200 "ok\n";
    }

    location / {
        try_files $uri $uri/ =404;
    }
}
NGINX
nginx -t
