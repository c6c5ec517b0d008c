#!/bin/bash
# edge — the site's edge broker (10.0.0.1 on the site LAN, 10.0.1.10 towards the cloud).
# This script runs as root when the host boots. Mosquitto 2 is installed, not running.
# The certificate files are in /lab: ca.pem, edge-cert.pem, edge-key.pem (read-only).
# Start the broker yourself, in the background (mosquitto -d -c <your config>).
