#!/bin/bash
# Rotation by renaming (create) instead of copytruncate: the service keeps writing to the
# renamed, then compressed and deleted file, and the new app.log stays empty.
set -e
cat > /opt/app/supervise.sh <<'SH'
#!/bin/sh
while true; do
    python3 /opt/app/app.py
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
    create 0640 root root
    missingok
}
CONF
