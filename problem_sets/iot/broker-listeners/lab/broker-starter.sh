#!/bin/bash
# broker (10.0.0.5) — runs as root once the host has booted.
# Mosquitto 2 reads /etc/mosquitto/mosquitto.conf, which includes /etc/mosquitto/conf.d/*.conf.
# When this script ends, the broker must be running in the background:
#   mosquitto -c /etc/mosquitto/mosquitto.conf -d

