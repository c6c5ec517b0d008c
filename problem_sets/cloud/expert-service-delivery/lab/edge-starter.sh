#!/bin/bash
# edge, 10.0.0.10: runs as root when the lab starts; it must end within 10 seconds.
# nginx (Debian's layout, no site enabled yet) and htpasswd are installed; nginx is not
# running and there is no systemd.
# Given, read-only: /lab/server.pem  /lab/server.key  /lab/intermediate.pem  /lab/root-ca.pem
# The portal runs on app1 10.0.0.21:9000 and app2 10.0.0.22:9000 once their scripts start it.
set -e

