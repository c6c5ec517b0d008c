#!/bin/bash
# Balances, but waits nginx's default 60 s before giving up on a server that does not answer.
cat > /etc/nginx/conf.d/lb.conf <<'CONF'
upstream web {
    server 10.0.0.11;
    server 10.0.0.12;
}
server {
    listen 80 default_server;
    location / { proxy_pass http://web; }
}
CONF
nginx
