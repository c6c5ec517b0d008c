#!/bin/bash
# The portal started once in the background, without a supervisor: it serves until the
# first time it is killed. Its log rotation is right.
set -e
setsid nohup python3 /opt/portal/app.py </dev/null >/dev/null 2>&1 &

cat > /etc/logrotate.d/portal <<'CONF'
/var/log/portal/access.log {
    daily
    rotate 7
    compress
    copytruncate
    missingok
}
CONF

for _ in $(seq 50); do
    curl -s -o /dev/null http://127.0.0.1:9000/ready && exit 0
    sleep 0.1
done
exit 1
