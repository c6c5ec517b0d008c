#!/bin/bash
# broker (10.0.0.5) — runs as root; Mosquitto is already running with
# /etc/mosquitto/mosquitto.conf (which includes /etc/mosquitto/conf.d/plant.conf).
# The certificates are in /lab: ca.pem, broker.crt, broker.key.

