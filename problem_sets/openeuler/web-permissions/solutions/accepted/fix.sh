#!/bin/bash
set -euo pipefail
root=/srv/www/shop
chown -R web:webdev "$root"
find "$root" -type d -exec chmod 2775 {} +
find "$root" -type f -exec chmod 0664 {} +
chmod 0775 "$root"/cgi-bin/*.sh
chmod 2770 "$root"/private
chmod 0600 "$root"/private/db.key
echo 'umask 002' >> /home/web/.profile
