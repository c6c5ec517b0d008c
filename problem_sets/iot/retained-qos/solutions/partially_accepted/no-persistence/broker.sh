#!/bin/bash
# Persistence left off: the retained messages live until the broker's next restart.
mosquitto -c /etc/mosquitto/mosquitto.conf -d
