"""gw — the field gateway's program (10.0.0.30). It is started when the host boots, as an
unprivileged user, with BROKER and GATEWAY_ID in its environment, and must keep running.
paho-mqtt 1.6 (Debian bookworm's python3-paho-mqtt) is installed."""

import json
import os
import time

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
GATEWAY_ID = os.environ["GATEWAY_ID"]
