#!/bin/bash
# The front door: TLS with the full chain, HTTP redirected, HSTS, /admin/ for ops only,
# /internal/ closed, everything balanced round-robin over the two portal nodes.
set -e
mkdir -p /etc/nginx/tls
cat /lab/server.pem /lab/intermediate.pem > /etc/nginx/tls/portal-fullchain.pem
install -m 600 /lab/server.key /etc/nginx/tls/portal.key
htpasswd -bc /etc/nginx/admin.htpasswd ops Night-Shift-24

cat > /etc/nginx/conf.d/portal.conf <<'CONF'
upstream portal {
    server 10.0.0.21:9000;
    server 10.0.0.22:9000;
}

server {
    listen 80 default_server;
    return 301 https://$host$request_uri;
}

server {
    listen 443 ssl default_server;
    server_name portal.example.test;

    ssl_certificate     /etc/nginx/tls/portal-fullchain.pem;
    ssl_certificate_key /etc/nginx/tls/portal.key;
    ssl_protocols       TLSv1.2 TLSv1.3;
    add_header Strict-Transport-Security "max-age=31536000" always;

    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_connect_timeout 1s;

    location / {
        proxy_pass http://portal;
    }

    location /admin/ {
        auth_basic "portal administration";
        auth_basic_user_file /etc/nginx/admin.htpasswd;
        proxy_pass http://portal;
    }

    location /internal/ {
        return 403;
    }
}
CONF

nginx -t
nginx
