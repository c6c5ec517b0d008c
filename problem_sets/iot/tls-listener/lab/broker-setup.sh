#!/bin/bash
# The broker as it runs today: plain MQTT on 1883, accounts only.
cat > /etc/mosquitto/conf.d/plant.conf <<'CONF'
listener 1883
allow_anonymous false
password_file /etc/mosquitto/passwd
CONF
mosquitto_passwd -c -b /etc/mosquitto/passwd gw-east East-5150
mosquitto_passwd -b /etc/mosquitto/passwd historian Hist-6620
chown root:mosquitto /etc/mosquitto/passwd
chmod 640 /etc/mosquitto/passwd
mosquitto -c /etc/mosquitto/mosquitto.conf -d
