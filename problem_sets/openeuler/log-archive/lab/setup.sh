#!/bin/bash
# A billing server whose /var/log fills up: rotated logs of three services, of various ages, and
# application log directories of very different sizes.
set -euo pipefail
logs=/var/log/billing
mkdir -p "$logs"
# name, age in days
while read -r name age; do
    {
        echo "== $name: billing run log =="
        for i in $(seq 1 40); do echo "$(date -d "$age days ago" +%F) line $i of $name"; done
    } > "$logs/$name"
    touch -d "$age days ago" "$logs/$name"
done <<'LIST'
api.log 0
api.log.1 5
api.log.2 20
worker.log 0
worker.log.1 17
worker.log.2 40
sync.log 12
sync.log.1 33
sync.log.2 60
LIST
echo "Logs of the billing services. Do not delete this file." > "$logs/README"
touch -d "90 days ago" "$logs/README"

# /var/log/apps: nginx has the most files, mysql the most bytes.
apps=/var/log/apps
mkdir -p "$apps"/nginx "$apps"/mysql "$apps"/redis
for i in $(seq 1 30); do head -c 20000 /dev/zero | tr '\0' 'n' > "$apps/nginx/access.log.$i"; done
head -c 3000000 /dev/zero | tr '\0' 'm' > "$apps/mysql/slow.log"
head -c 1000000 /dev/zero | tr '\0' 'm' > "$apps/mysql/error.log"
head -c 900000 /dev/zero | tr '\0' 'r' > "$apps/redis/redis.log"
