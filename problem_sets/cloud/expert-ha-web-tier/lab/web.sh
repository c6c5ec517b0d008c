#!/bin/bash
# Hidden setup of web1 and web2: nginx on port 80 answers "$NAME proto=<X-Forwarded-Proto>"
# on every path (so the grader sees which server answered and what the balancer told it), and
# "ok" on /health.
set -e
cat > /etc/nginx/sites-enabled/default <<CONF
server {
    listen 80 default_server;
    default_type text/plain;
    location = /health {
        return 200 "ok\n";
    }
    location / {
        return 200 "$NAME proto=\$http_x_forwarded_proto\n";
    }
}
CONF
rm -f /run/nginx.pid
nginx
