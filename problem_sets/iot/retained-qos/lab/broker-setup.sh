#!/bin/bash
# The broker as the previous system left it: configured, not running, persistence switched off
# in mosquitto.conf, and its database still holding two retained messages of the old system.

cat > /etc/mosquitto/mosquitto.conf <<'CONF'
# Place your local configuration in /etc/mosquitto/conf.d/
pid_file /run/mosquitto/mosquitto.pid

persistence false

log_dest file /var/log/mosquitto/mosquitto.log

include_dir /etc/mosquitto/conf.d
CONF
cat > /etc/mosquitto/conf.d/plant.conf <<'CONF'
listener 1883
allow_anonymous false
password_file /etc/mosquitto/passwd
CONF
mosquitto_passwd -c -b /etc/mosquitto/passwd config-svc Cfg-4471
mosquitto_passwd -b /etc/mosquitto/passwd device-a1 Dev-1288
chown root:mosquitto /etc/mosquitto/passwd
chmod 640 /etc/mosquitto/passwd

# The old system's database, written once (a host that boots again keeps its /var).
if [ ! -s /var/lib/mosquitto/mosquitto.db ]; then
    seed=$(mktemp -d)
    cat > "$seed/seed.conf" <<CONF
listener 18830 127.0.0.1
allow_anonymous true
persistence true
persistence_location /var/lib/mosquitto/
log_dest none
CONF
    chmod 755 "$seed"; chmod 644 "$seed/seed.conf"
    mosquitto -c "$seed/seed.conf" -d
    for _ in $(seq 50); do
        mosquitto_pub -p 18830 -r -q 1 -t plant/line-a/config/setpoint -m 68.0 2>/dev/null && break
        sleep 0.1
    done
    mosquitto_pub -p 18830 -r -q 1 -t plant/line-a/config/legacy-mode -m on
    pkill -TERM -f "$seed/seed.conf"
    for _ in $(seq 50); do pgrep -f "$seed/seed.conf" >/dev/null || break; sleep 0.1; done
    rm -rf "$seed"
fi
