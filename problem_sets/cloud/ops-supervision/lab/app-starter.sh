#!/bin/bash
# app, 10.0.0.10: runs as root when the lab starts; it must end within 10 seconds.
# The inventory service is installed, not running: python3 /opt/app/app.py (HTTP on port
# 8000, log in /var/log/app/app.log). There is no systemd. logrotate is installed.
set -e

