#!/bin/bash
sed -i 's#^persistence false$#persistence true\npersistence_location /var/lib/mosquitto/#' \
    /etc/mosquitto/mosquitto.conf
mosquitto -c /etc/mosquitto/mosquitto.conf -d
