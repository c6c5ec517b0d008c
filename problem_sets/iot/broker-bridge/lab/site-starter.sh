#!/bin/bash
# site — the site broker (10.0.0.10). This script runs as root when the host boots.
# Mosquitto 2 is installed; /etc/mosquitto/mosquitto.conf includes /etc/mosquitto/conf.d/*.conf.
# Start the broker yourself, in the background, e.g.:  mosquitto -d -c /etc/mosquitto/mosquitto.conf
