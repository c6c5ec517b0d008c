#!/bin/bash
# A web server that says who it is ($NAME), on port 80.
set -e
mkdir -p /srv/www
echo "Hello from $NAME" > /srv/www/index.html
echo ok > /srv/www/health
cat > /etc/nginx/sites-enabled/site <<CONF
server {
    listen 80 default_server;
    root /srv/www;
    access_log /var/log/nginx/site.log;
}
CONF
nginx
