#!/bin/bash
# app2: runs as root when the lab starts; it must end within 10 seconds.
# The portal is installed, not running: python3 /opt/portal/app.py (HTTP on port 9000, log
# in /var/log/portal/access.log). There is no systemd. logrotate is installed.
set -e

