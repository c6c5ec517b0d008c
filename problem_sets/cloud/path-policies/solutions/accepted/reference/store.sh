#!/bin/bash
# Per-bucket policies: public read-only, private for alice alone, incoming write-only for
# uploader (WebDAV PUT, folders created as needed), DELETE offered nowhere.
set -e
htpasswd -bc /etc/nginx/private.htpasswd alice Wonderland-2026
htpasswd -bc /etc/nginx/incoming.htpasswd uploader Drop-Box-77
chown www-data /srv/buckets/incoming          # nginx's workers write the uploads

cat > /etc/nginx/conf.d/buckets.conf <<'CONF'
server {
    listen 80 default_server;
    root /srv/buckets;
    autoindex off;

    location /public/ {
        limit_except GET { deny all; }
    }

    location /private/ {
        auth_basic "private bucket";
        auth_basic_user_file /etc/nginx/private.htpasswd;
        limit_except GET { deny all; }
    }

    location /incoming/ {
        auth_basic "incoming bucket";
        auth_basic_user_file /etc/nginx/incoming.htpasswd;
        dav_methods PUT;
        create_full_put_path on;
        limit_except PUT { deny all; }
    }

    location / {
        return 404;
    }
}
CONF

nginx -t
nginx
