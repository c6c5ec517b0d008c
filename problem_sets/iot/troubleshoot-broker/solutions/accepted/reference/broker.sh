#!/bin/bash
# The four faults, each fixed where it is, nothing else changed.
# 1. kiln-09 is missing from the password file.
mosquitto_passwd -b /etc/mosquitto/passwd kiln-09 Kiln09-7731
# 2. Mosquitto drops to the mosquitto user before it reads the password file: let it read it
#    (and keep the hashes from everybody else).
chown root:mosquitto /etc/mosquitto/passwd
chmod 640 /etc/mosquitto/passwd
# 3. The listener was bound to the loopback address: the kilns are on the LAN.
sed -i 's/^listener 1883 127\.0\.0\.1$/listener 1883 10.0.0.5/' /etc/mosquitto/conf.d/plant.conf
# 4. %c is the client id (kiln-07-fw21), %u the user name (kiln-07) the topics use.
sed -i 's#^pattern write plant/%c/telemetry$#pattern write plant/%u/telemetry#' /etc/mosquitto/acl
pkill -TERM -x mosquitto
for _ in $(seq 50); do pgrep -x mosquitto >/dev/null || break; sleep 0.1; done
mosquitto -c /etc/mosquitto/mosquitto.conf -d
