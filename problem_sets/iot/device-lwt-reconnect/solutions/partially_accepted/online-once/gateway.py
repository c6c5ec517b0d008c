"""Announces itself once, at start, and leaves no will: after a broker restart nobody knows it
is online, and when it dies nobody learns it."""

import json
import os
import time

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
GATEWAY_ID = os.environ["GATEWAY_ID"]

client = mqtt.Client(client_id=GATEWAY_ID)
client.connect(BROKER, 1883, keepalive=10)
client.loop_start()
client.publish(f"gateways/{GATEWAY_ID}/status", "online", qos=1, retain=True)

seq = 0
while True:
    time.sleep(1)
    seq += 1
    client.publish(f"gateways/{GATEWAY_ID}/telemetry", json.dumps({"gateway": GATEWAY_ID, "seq": seq}))
