#!/bin/bash
# Hidden setup of node1 and node2: nginx serves "Served by $NAME" on port 80.
set -e
mkdir -p /var/www/html
printf 'Served by %s\n' "$NAME" > /var/www/html/index.html
cat > /etc/nginx/sites-enabled/default <<'CONF'
server {
    listen 80 default_server;
    root /var/www/html;
    index index.html;
}
CONF
rm -f /run/nginx.pid
nginx
