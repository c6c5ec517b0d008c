#!/bin/bash
# The plant broker, already in service: accounts, and each device may publish under its own name only.
cat > /etc/mosquitto/conf.d/plant.conf <<'CONF'
listener 1883
allow_anonymous false
password_file /etc/mosquitto/passwd
acl_file /etc/mosquitto/acl
CONF
cat > /etc/mosquitto/acl <<'ACL'
user historian
topic read plant/#

pattern write plant/%u/#
ACL
mosquitto_passwd -c -b /etc/mosquitto/passwd kiln-07 Kiln07-9315
mosquitto_passwd -b /etc/mosquitto/passwd historian Hist-6620
chown root:mosquitto /etc/mosquitto/passwd /etc/mosquitto/acl
chmod 640 /etc/mosquitto/passwd /etc/mosquitto/acl
mosquitto -c /etc/mosquitto/mosquitto.conf -d
