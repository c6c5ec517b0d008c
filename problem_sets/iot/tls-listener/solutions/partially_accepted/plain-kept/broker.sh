#!/bin/bash
# TLS added next to the plain listener, which stays open: passwords still cross the LAN in clear.
install -d -m 755 /etc/mosquitto/certs
install -m 644 /lab/ca.pem /lab/broker.crt /etc/mosquitto/certs/
install -m 640 -g mosquitto /lab/broker.key /etc/mosquitto/certs/
cat >> /etc/mosquitto/conf.d/plant.conf <<'CONF'

listener 8883
cafile /etc/mosquitto/certs/ca.pem
certfile /etc/mosquitto/certs/broker.crt
keyfile /etc/mosquitto/certs/broker.key
CONF
pkill -TERM -x mosquitto
for _ in $(seq 50); do pgrep -x mosquitto >/dev/null || break; sleep 0.1; done
mosquitto -c /etc/mosquitto/mosquitto.conf -d
