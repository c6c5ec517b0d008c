#!/bin/bash
# A broker on the loopback address only and no bridge: neither the PLC nor the cloud is reached.
printf 'listener 1883 127.0.0.1\nallow_anonymous true\n' > /etc/mosquitto/local.conf
mosquitto -d -c /etc/mosquitto/local.conf
