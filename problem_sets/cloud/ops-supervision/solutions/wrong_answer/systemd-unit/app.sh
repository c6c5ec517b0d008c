#!/bin/bash
# A systemd unit and the distribution's usual logrotate defaults: there is no systemd on the
# lab hosts, so the service never starts, and the rotation keeps four weekly logs.
cat > /etc/systemd/system/inventory.service <<'UNIT'
[Unit]
Description=Inventory service

[Service]
ExecStart=/usr/bin/python3 /opt/app/app.py
Restart=always

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now inventory.service

cat > /etc/logrotate.d/app <<'CONF'
/var/log/app/app.log {
    weekly
    rotate 4
    compress
    create
}
CONF
