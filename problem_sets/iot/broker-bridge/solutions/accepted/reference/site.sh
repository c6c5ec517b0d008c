#!/bin/bash
# The site broker: the LAN listener for the PLC and the bridge to the cloud broker.
mkdir -p /etc/mosquitto/site /var/log/mosquitto
chown mosquitto: /var/log/mosquitto
cat > /etc/mosquitto/site/site.conf <<'CONF'
persistence false
log_dest file /var/log/mosquitto/site.log
listener 1883 10.0.0.10
allow_anonymous true

connection cloud
address 10.0.0.20:1883
remote_username site1
remote_password S1-bridge-2026
remote_clientid site1-bridge
cleansession true
# site1/sensors/... goes out as plants/site1/sensors/...
topic sensors/# out 1 site1/ plants/site1/
# commands for this site come in under their own names
topic commands/site1/# in 1
CONF
mosquitto -d -c /etc/mosquitto/site/site.conf
