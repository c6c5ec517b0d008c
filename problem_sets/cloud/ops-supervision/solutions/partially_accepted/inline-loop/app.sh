#!/bin/bash
# The loop is written inline in bash -c: its own command line contains "app.py", so the
# pkill -f that kills the service kills the supervisor too and nothing restarts it.
set -e
setsid nohup bash -c 'while true; do python3 /opt/app/app.py; sleep 1; done' \
    </dev/null >/dev/null 2>&1 &

cat > /etc/logrotate.d/app <<'CONF'
/var/log/app/app.log {
    daily
    rotate 7
    compress
    copytruncate
    missingok
}
CONF
