#!/bin/bash
# Two listeners, one password file for both (per_listener_settings false is the default).
set -e
cat > /etc/mosquitto/conf.d/plant.conf <<'CONF'
# Devices and the dashboard, on the plant LAN only
listener 1883 10.0.0.5
# Command-line tools on this host
listener 1884 127.0.0.1

allow_anonymous false
password_file /etc/mosquitto/passwd
CONF
mosquitto_passwd -c -b /etc/mosquitto/passwd plant-ops Kiln-7734
mosquitto_passwd -b /etc/mosquitto/passwd sensor-01 Temp-2291
mosquitto_passwd -b /etc/mosquitto/passwd dashboard Graf-5518
chown root:mosquitto /etc/mosquitto/passwd
chmod 640 /etc/mosquitto/passwd
mosquitto -c /etc/mosquitto/mosquitto.conf -d
