#!/bin/bash
# TLS at the front door: the server's certificate followed by the intermediate, HTTP
# redirected to HTTPS, HSTS, and the order service told the original scheme.
set -e
mkdir -p /etc/nginx/tls
cat /lab/server.pem /lab/intermediate.pem > /etc/nginx/tls/shop-fullchain.pem
install -m 600 /lab/server.key /etc/nginx/tls/shop.key

cat > /etc/nginx/conf.d/shop.conf <<'CONF'
server {
    listen 80 default_server;
    server_name shop.example.test;
    return 301 https://$host$request_uri;
}

server {
    listen 443 ssl default_server;
    server_name shop.example.test;

    ssl_certificate     /etc/nginx/tls/shop-fullchain.pem;
    ssl_certificate_key /etc/nginx/tls/shop.key;
    ssl_protocols       TLSv1.2 TLSv1.3;

    add_header Strict-Transport-Security "max-age=31536000" always;

    location / {
        proxy_pass http://10.0.0.20:8080;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
    }
}
CONF

nginx -t
nginx
