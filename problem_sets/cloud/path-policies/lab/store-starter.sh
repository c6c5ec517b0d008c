#!/bin/bash
# store, 10.0.0.10: runs as root when the lab starts; it must end within 10 seconds.
# nginx is installed (Debian's layout, WebDAV module included) and is not running; there is
# no systemd. htpasswd (apache2-utils) is installed.
# The buckets: /srv/buckets/public, /srv/buckets/private, /srv/buckets/incoming (owned by root).
set -e

