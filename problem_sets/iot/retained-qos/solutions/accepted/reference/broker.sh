#!/bin/bash
# Persistence on, in the database the old system left, then the broker in the background.
sed -i 's#^persistence false$#persistence true\npersistence_location /var/lib/mosquitto/#' \
    /etc/mosquitto/mosquitto.conf
mosquitto -c /etc/mosquitto/mosquitto.conf -d
