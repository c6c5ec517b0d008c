#!/bin/bash
# WebDAV switched on in the default site's document root, /var/www/html, instead of the
# buckets: nothing of /srv/buckets is served and every check fails.
set -e
sed -i 's|^\s*location / {|&\n\t\tdav_methods PUT DELETE;\n\t\tcreate_full_put_path on;|' \
    /etc/nginx/sites-enabled/default
nginx -t
nginx
