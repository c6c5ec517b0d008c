#!/bin/bash
# The cloud broker (hidden): password login only.
mkdir -p /etc/mosquitto/lab /var/log/mosquitto
mosquitto_passwd -b -c /etc/mosquitto/lab/passwd edge1 Edge1-2026 2>/dev/null
mosquitto_passwd -b /etc/mosquitto/lab/passwd ops ops-2026
chown mosquitto: /etc/mosquitto/lab/passwd /var/log/mosquitto
chmod 600 /etc/mosquitto/lab/passwd
cat > /etc/mosquitto/lab/cloud.conf <<'CONF'
persistence false
log_dest file /var/log/mosquitto/cloud.log
listener 1883 10.0.1.20
allow_anonymous false
password_file /etc/mosquitto/lab/passwd
CONF
mosquitto -d -c /etc/mosquitto/lab/cloud.conf
