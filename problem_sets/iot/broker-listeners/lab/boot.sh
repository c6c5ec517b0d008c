#!/bin/bash
# What systemd does when the host boots: Mosquitto's runtime directory for its PID file.
install -d -o mosquitto -g mosquitto /run/mosquitto
