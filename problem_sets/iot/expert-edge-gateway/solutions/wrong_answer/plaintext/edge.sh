#!/bin/bash
# A plain anonymous listener on 1883, as in the lab at the office: no TLS, no logins, no ACL,
# and a bridge that forwards everything under its own names.
cat > /etc/mosquitto/edge.conf <<'CONF'
listener 1883
allow_anonymous true

connection cloud
address 10.0.1.20:1883
remote_username edge1
remote_password Edge1-2026
topic # out 1
CONF
mosquitto -d -c /etc/mosquitto/edge.conf
