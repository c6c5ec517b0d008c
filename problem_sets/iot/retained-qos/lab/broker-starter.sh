#!/bin/bash
# broker (10.0.0.5) — runs as root first, before console's script.
# The configuration is in /etc/mosquitto/mosquitto.conf and /etc/mosquitto/conf.d/plant.conf.
# When this script ends, the broker must be running in the background:
#   mosquitto -c /etc/mosquitto/mosquitto.conf -d

