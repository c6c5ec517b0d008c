"""rules — the edge rule engine (10.0.0.40). It is started when the host boots, as an
unprivileged user, with BROKER, PORT, CA, MQTT_USER and MQTT_PASSWORD in its environment, and
must keep running. paho-mqtt 1.6 (Debian bookworm's python3-paho-mqtt) is installed."""

import json
import os

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
PORT = int(os.environ["PORT"])
CA = os.environ["CA"]
USER = os.environ["MQTT_USER"]
PASSWORD = os.environ["MQTT_PASSWORD"]
