#!/bin/bash
# The broker as it was moved onto this host: four faults (see the task's checks).
cat > /etc/mosquitto/conf.d/plant.conf <<'CONF'
# Plant broker: kilns and operators
listener 1883 127.0.0.1
allow_anonymous false
password_file /etc/mosquitto/passwd
acl_file /etc/mosquitto/acl
CONF
cat > /etc/mosquitto/acl <<'ACL'
# Operators read everything and send commands
user plant-ops
topic read plant/#
topic write plant/+/cmd

# Each kiln publishes its own telemetry and reads its own commands
pattern write plant/%c/telemetry
pattern read plant/%u/cmd
ACL
chown root:mosquitto /etc/mosquitto/acl
chmod 640 /etc/mosquitto/acl
if [ ! -e /etc/mosquitto/passwd ]; then   # a host that boots again keeps its repaired file
    mosquitto_passwd -c -b /etc/mosquitto/passwd plant-ops Ops-8821
    mosquitto_passwd -b /etc/mosquitto/passwd kiln-07 Kiln07-9315
    mosquitto_passwd -b /etc/mosquitto/passwd kiln-08 Kiln08-4407
    chown root:root /etc/mosquitto/passwd
    chmod 600 /etc/mosquitto/passwd
fi
mosquitto -c /etc/mosquitto/mosquitto.conf -d
