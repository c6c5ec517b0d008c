#!/bin/bash
# broker (10.0.0.5) — runs as root. When it ends, Mosquitto must be running with the
# repaired /etc/mosquitto/mosquitto.conf (mosquitto -c /etc/mosquitto/mosquitto.conf -d).
# The report shows the last lines this script prints: look before you change anything.
cat /etc/mosquitto/conf.d/plant.conf /etc/mosquitto/acl
ls -l /etc/mosquitto
tail -n 5 /var/log/mosquitto/mosquitto.log
