#!/bin/bash
# TLS, logins and the bridge, but no ACL: every user may publish and read everything, and a
# sensor could raise or clear alerts itself.
d=/etc/mosquitto/edge
mkdir -p $d /var/log/mosquitto
cp /lab/ca.pem /lab/edge-cert.pem /lab/edge-key.pem $d/
mosquitto_passwd -b -c $d/passwd sensor Sensor-2026 2>/dev/null
mosquitto_passwd -b $d/passwd rules Rules-2026
mosquitto_passwd -b $d/passwd ops Ops-2026
cat > $d/edge.conf <<'CONF'
persistence false
log_dest file /var/log/mosquitto/edge.log
allow_anonymous false
password_file /etc/mosquitto/edge/passwd

listener 8883 10.0.0.1
cafile /etc/mosquitto/edge/ca.pem
certfile /etc/mosquitto/edge/edge-cert.pem
keyfile /etc/mosquitto/edge/edge-key.pem

connection cloud
address 10.0.1.20:1883
remote_username edge1
remote_password Edge1-2026
remote_clientid edge1-bridge
topic sensors/# out 1 "" sites/edge1/
topic alerts/# out 1 "" sites/edge1/
CONF
chown -R mosquitto: $d /var/log/mosquitto
chmod 600 $d/passwd $d/edge-key.pem
mosquitto -d -c $d/edge.conf
