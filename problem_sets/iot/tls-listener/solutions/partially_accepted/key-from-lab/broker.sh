#!/bin/bash
# Everything right, but the broker uses the key where it found it: /lab is readable by everyone.
cat > /etc/mosquitto/conf.d/plant.conf <<'CONF'
listener 8883
cafile /lab/ca.pem
certfile /lab/broker.crt
keyfile /lab/broker.key

allow_anonymous false
password_file /etc/mosquitto/passwd
CONF
pkill -TERM -x mosquitto
for _ in $(seq 50); do pgrep -x mosquitto >/dev/null || break; sleep 0.1; done
mosquitto -c /etc/mosquitto/mosquitto.conf -d
