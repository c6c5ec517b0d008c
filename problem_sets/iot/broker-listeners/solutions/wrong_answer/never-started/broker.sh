#!/bin/bash
# The right configuration, but nobody starts the broker: there is no systemd to do it.
cat > /etc/mosquitto/conf.d/plant.conf <<'CONF'
listener 1883 10.0.0.5
listener 1884 127.0.0.1
allow_anonymous false
password_file /etc/mosquitto/passwd
CONF
mosquitto_passwd -c -b /etc/mosquitto/passwd plant-ops Kiln-7734
mosquitto_passwd -b /etc/mosquitto/passwd sensor-01 Temp-2291
mosquitto_passwd -b /etc/mosquitto/passwd dashboard Graf-5518
chown root:mosquitto /etc/mosquitto/passwd
chmod 640 /etc/mosquitto/passwd
