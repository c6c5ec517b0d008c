#!/bin/bash
# A supervisor loop in a script of its own (its command line does not name app.py), started
# detached; logrotate copies then truncates the log, since the service keeps it open.
set -e
cat > /opt/app/supervise.sh <<'SH'
#!/bin/sh
# Keeps the inventory service running: starts it again a second after it ends.
while true; do
    python3 /opt/app/app.py >>/var/log/app/supervisor.log 2>&1
    status=$?
    echo "$(date -Is) app.py ended with status $status, restarting" >>/var/log/app/supervisor.log
    sleep 1
done
SH
chmod 755 /opt/app/supervise.sh
setsid /opt/app/supervise.sh </dev/null >/dev/null 2>&1 &

cat > /etc/logrotate.d/app <<'CONF'
/var/log/app/app.log {
    daily
    rotate 7
    compress
    copytruncate
    missingok
}
CONF
