#!/bin/bash
set -e
cat > /etc/mosquitto/conf.d/plant.conf <<'CONF'
listener 1883 0.0.0.0
allow_anonymous false
password_file /etc/mosquitto/passwd
acl_file /etc/mosquitto/acl
CONF
mosquitto_passwd -c -b /etc/mosquitto/passwd sensor1 'S3nsor-one'
mosquitto_passwd -b /etc/mosquitto/passwd dashboard 'Dash-b0ard'
mosquitto_passwd -b /etc/mosquitto/passwd admin 'Adm1n-key'
cat > /etc/mosquitto/acl <<'CONF'
user sensor1
topic write plant/sensor1/#

user dashboard
topic read plant/#

user admin
topic readwrite #
CONF
chown mosquitto:mosquitto /etc/mosquitto/passwd /etc/mosquitto/acl
chmod 600 /etc/mosquitto/passwd /etc/mosquitto/acl
install -d -o mosquitto -g mosquitto /run/mosquitto
mosquitto -d -c /etc/mosquitto/mosquitto.conf
