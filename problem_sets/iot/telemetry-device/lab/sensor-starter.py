#!/usr/bin/env python3
"""kiln-07's telemetry (runs unprivileged on sensor, started once every host has booted).

Environment: BROKER, DEVICE_ID, MQTT_USER, MQTT_PASSWORD, SENSOR_FILE.
paho-mqtt (Debian's python3-paho-mqtt) is installed.
"""

import os

import paho.mqtt.client as mqtt
