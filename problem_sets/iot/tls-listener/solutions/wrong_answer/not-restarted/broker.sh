#!/bin/bash
# The right configuration, but the running broker is only asked to reload it: SIGHUP rereads
# passwords and ACLs, it opens no new listener and closes none.
install -d -m 755 /etc/mosquitto/certs
install -m 644 /lab/ca.pem /lab/broker.crt /etc/mosquitto/certs/
install -m 640 -g mosquitto /lab/broker.key /etc/mosquitto/certs/
cat > /etc/mosquitto/conf.d/plant.conf <<'CONF'
listener 8883
cafile /etc/mosquitto/certs/ca.pem
certfile /etc/mosquitto/certs/broker.crt
keyfile /etc/mosquitto/certs/broker.key
allow_anonymous false
password_file /etc/mosquitto/passwd
CONF
pkill -HUP -x mosquitto
