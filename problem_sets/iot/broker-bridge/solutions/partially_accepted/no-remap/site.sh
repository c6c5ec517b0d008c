#!/bin/bash
# Bridges the right data but keeps the local names, and takes every site's commands.
mkdir -p /etc/mosquitto/site
cat > /etc/mosquitto/site/site.conf <<'CONF'
listener 1883 10.0.0.10
allow_anonymous true

connection cloud
address 10.0.0.20:1883
remote_username site1
remote_password S1-bridge-2026
topic site1/sensors/# out 1
topic commands/# in 1
CONF
mosquitto -d -c /etc/mosquitto/site/site.conf
