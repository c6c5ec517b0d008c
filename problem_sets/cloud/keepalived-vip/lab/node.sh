#!/bin/bash
# Hidden setup of node1 and node2: nginx serves "Served by $NAME" on port 80.
set -e
printf 'Served by %s\n' "$NAME" > /var/www/html/index.html
rm -f /run/nginx.pid
nginx
