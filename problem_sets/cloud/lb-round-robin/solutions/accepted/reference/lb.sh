#!/bin/bash
cat > /etc/nginx/conf.d/lb.conf <<'CONF'
upstream web {
    server 10.0.0.11:80 max_fails=1 fail_timeout=10s;
    server 10.0.0.12:80 max_fails=1 fail_timeout=10s;
}
server {
    listen 80 default_server;
    location / {
        proxy_pass http://web;
        proxy_connect_timeout 1s;
        proxy_next_upstream error timeout;
    }
}
CONF
nginx -t && nginx
