#!/bin/bash
# site — the site broker (10.0.0.10). This script runs as root when the host boots.
# Mosquitto 2 is installed, not running: write your configuration file (for example
# /etc/mosquitto/site.conf) and start the broker in the background:
#   mosquitto -d -c /etc/mosquitto/site.conf
