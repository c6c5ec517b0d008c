#!/bin/bash
# One listener on every address and anonymous access: everyone gets in, credentials or not.
cat > /etc/mosquitto/conf.d/plant.conf <<'CONF'
listener 1883
allow_anonymous true
CONF
mosquitto -c /etc/mosquitto/mosquitto.conf -d
