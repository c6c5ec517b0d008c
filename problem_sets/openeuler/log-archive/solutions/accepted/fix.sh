#!/bin/bash
set -euo pipefail
logs=/var/log/billing
mkdir -p /srv/archive
chown root:root /srv/archive
chmod 0750 /srv/archive
cd "$logs"
mapfile -t old < <(find . -maxdepth 1 -type f -name '*.log*' -mtime +14 -printf '%f\n')
tar -czf /srv/archive/billing-old.tar.gz "${old[@]}"
chmod 0640 /srv/archive/billing-old.tar.gz
rm -f -- "${old[@]}"
mkdir -p /root/answers
du -s /var/log/apps/* | sort -rn | head -1 | awk '{print $2}' | xargs basename > /root/answers/largest.txt
