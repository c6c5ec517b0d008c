"""Does everything right on the wrong topics: gateway/<id>/... instead of gateways/<id>/..."""

import json
import os
import time

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
GATEWAY_ID = os.environ["GATEWAY_ID"]
STATUS = f"gateway/{GATEWAY_ID}/status"


def on_connect(client: mqtt.Client, userdata: object, flags: dict, rc: int) -> None:
    client.publish(STATUS, "online", qos=1, retain=True)


client = mqtt.Client(client_id=GATEWAY_ID)
client.will_set(STATUS, "offline", qos=1, retain=True)
client.on_connect = on_connect
client.connect_async(BROKER, 1883, keepalive=10)
client.loop_start()

seq = 0
while True:
    time.sleep(1)
    seq += 1
    client.publish(f"gateway/{GATEWAY_ID}/telemetry", json.dumps({"gateway": GATEWAY_ID, "seq": seq}))
