#!/bin/bash
# The plant broker (hidden): anonymous access and no persistence, so a restart forgets every
# retained message and session.
mkdir -p /etc/mosquitto/lab /var/log/mosquitto
chown mosquitto: /var/log/mosquitto
cat > /etc/mosquitto/lab/broker.conf <<'CONF'
persistence false
log_dest file /var/log/mosquitto/broker.log
listener 1883 10.0.0.5
allow_anonymous true
CONF
mosquitto -d -c /etc/mosquitto/lab/broker.conf
