#!/bin/bash
# TLS on 8883 with the plant's certificate, the plain listener gone, the broker restarted.
set -e
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
# A listener is added or removed only by a restart (SIGHUP does not reopen them).
pkill -TERM -x mosquitto || true
for _ in $(seq 50); do pgrep -x mosquitto >/dev/null || break; sleep 0.1; done
mosquitto -c /etc/mosquitto/mosquitto.conf -d
