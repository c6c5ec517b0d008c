#!/bin/bash
# The fleet broker (hidden): anonymous, no persistence. dev9 was unplugged last week: its last
# will is still retained.
mkdir -p /etc/mosquitto/lab /var/log/mosquitto
chown mosquitto: /var/log/mosquitto
cat > /etc/mosquitto/lab/broker.conf <<'CONF'
persistence false
log_dest file /var/log/mosquitto/broker.log
listener 1883 10.0.0.5
allow_anonymous true
CONF
mosquitto -d -c /etc/mosquitto/lab/broker.conf
for _ in 1 2 3 4 5 6 7 8 9 10; do
  mosquitto_pub -h 10.0.0.5 -t fleet/dev9/status -m offline -r -q 1 2>/dev/null && break
  sleep 0.2
done
