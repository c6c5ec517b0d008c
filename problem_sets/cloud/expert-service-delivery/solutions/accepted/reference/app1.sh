#!/bin/bash
# A portal node: the portal under a supervisor loop (a script whose command line does not
# name app.py), its access log rotated by copy and truncate; ready once port 9000 answers.
set -e
cat > /opt/portal/supervise.sh <<'SH'
#!/bin/sh
while true; do
    python3 /opt/portal/app.py >>/var/log/portal/supervisor.log 2>&1
    status=$?
    echo "$(date -Is) portal ended with status $status, restarting" >>/var/log/portal/supervisor.log
    sleep 1
done
SH
chmod 755 /opt/portal/supervise.sh
setsid /opt/portal/supervise.sh </dev/null >/dev/null 2>&1 &

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
echo "the portal did not start" >&2
exit 1
