#!/bin/bash
# The broker starts and listens on the LAN again; the ACL typo and the missing kiln are left.
chown root:mosquitto /etc/mosquitto/passwd
chmod 640 /etc/mosquitto/passwd
sed -i 's/^listener 1883 127\.0\.0\.1$/listener 1883/' /etc/mosquitto/conf.d/plant.conf
mosquitto -c /etc/mosquitto/mosquitto.conf -d
