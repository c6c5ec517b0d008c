#!/bin/bash
# Hidden setup of web1..web3: nginx serves "Hello from $NAME" on / and a health page on /health
# that answers 200 "ok", or 500 while the maintenance flag /srv/www/maintenance exists.
set -e
mkdir -p /srv/www
printf 'Hello from %s\n' "$NAME" > /srv/www/index.html
cat > /etc/nginx/sites-enabled/default <<'CONF'
server {
    listen 80 default_server;
    root /srv/www;
    index index.html;
    location = /health {
        default_type text/plain;
        if (-f /srv/www/maintenance) {
            return 500 "maintenance\n";
        }
        return 200 "ok\n";
    }
}
CONF
rm -f /run/nginx.pid
nginx
