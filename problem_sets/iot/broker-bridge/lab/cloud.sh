#!/bin/bash
# The cloud broker (hidden): password login only, and the cloud application that sends
# commands to the sites every half second (to site1 and to site2, which has its own bridge).
mkdir -p /etc/mosquitto/lab /var/log/mosquitto
mosquitto_passwd -b -c /etc/mosquitto/lab/passwd site1 S1-bridge-2026 2>/dev/null
mosquitto_passwd -b /etc/mosquitto/lab/passwd app app-2026
mosquitto_passwd -b /etc/mosquitto/lab/passwd ops ops-2026
chown mosquitto: /etc/mosquitto/lab/passwd /var/log/mosquitto
chmod 600 /etc/mosquitto/lab/passwd
cat > /etc/mosquitto/lab/cloud.conf <<'CONF'
persistence false
log_dest file /var/log/mosquitto/cloud.log
listener 1883 10.0.0.20
allow_anonymous false
password_file /etc/mosquitto/lab/passwd
CONF
mosquitto -d -c /etc/mosquitto/lab/cloud.conf
(
  while true; do
    mosquitto_pub -h 10.0.0.20 -u app -P app-2026 -t commands/site1/valve/3 -m open
    mosquitto_pub -h 10.0.0.20 -u app -P app-2026 -t commands/site2/valve/1 -m close
    sleep 0.5
  done
) </dev/null >/dev/null 2>&1 &
