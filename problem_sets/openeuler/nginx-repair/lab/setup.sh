#!/bin/bash
# The shop's site as a colleague left it: it does not even pass nginx -t.
set -euo pipefail
mkdir -p /srv/shop/www/assets
cat > /srv/shop/www/index.html <<'HTML'
<!doctype html>
<html><head><title>Euler Shop</title></head>
<body><h1>Euler Shop</h1><p>Open 24/7.</p></body></html>
HTML
echo "logo" > /srv/shop/www/assets/logo.txt
cat > /etc/nginx/conf.d/shop.conf <<'NGINX'
server {
    listen 8080
    server_name shop.example.com;
    root /srv/www/shop;
    index index.html;
    autoindex on;

    location / {
        try_files $uri $uri/ =404;
    }
}
NGINX
