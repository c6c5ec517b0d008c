#!/bin/bash
# Passwords, but no ACL: every account may read and write everything.
cat > /etc/mosquitto/conf.d/plant.conf <<'CONF'
listener 1883 0.0.0.0
allow_anonymous false
password_file /etc/mosquitto/passwd
CONF
mosquitto_passwd -c -b /etc/mosquitto/passwd sensor1 'S3nsor-one'
mosquitto_passwd -b /etc/mosquitto/passwd dashboard 'Dash-b0ard'
mosquitto_passwd -b /etc/mosquitto/passwd admin 'Adm1n-key'
chown mosquitto:mosquitto /etc/mosquitto/passwd
install -d -o mosquitto -g mosquitto /run/mosquitto
mosquitto -d -c /etc/mosquitto/mosquitto.conf
