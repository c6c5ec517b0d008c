#!/bin/bash
# One password file for everybody: any valid user reads /private/ and uploads into
# /incoming/, alice included; the rest of the policy holds.
set -e
htpasswd -bc /etc/nginx/users.htpasswd alice Wonderland-2026
htpasswd -b /etc/nginx/users.htpasswd uploader Drop-Box-77
chown www-data /srv/buckets/incoming

cat > /etc/nginx/conf.d/buckets.conf <<'CONF'
server {
    listen 80 default_server;
    root /srv/buckets;

    location /public/ {
        limit_except GET { deny all; }
    }

    location /private/ {
        auth_basic "staff";
        auth_basic_user_file /etc/nginx/users.htpasswd;
        limit_except GET { deny all; }
    }

    location /incoming/ {
        auth_basic "staff";
        auth_basic_user_file /etc/nginx/users.htpasswd;
        dav_methods PUT;
        create_full_put_path on;
        limit_except PUT { deny all; }
    }
}
CONF

nginx -t
nginx
