"""A fleet device's firmware (hidden): a retained "online" on every connection, a retained
"offline" last will, and a reading every two seconds."""

import json
import os
import random
import time

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
DEVICE_ID = os.environ["DEVICE_ID"]
STATUS = f"fleet/{DEVICE_ID}/status"


def on_connect(client: mqtt.Client, userdata: object, flags: dict, rc: int) -> None:
    if rc == 0:
        client.publish(STATUS, "online", qos=1, retain=True)


client = mqtt.Client(client_id=DEVICE_ID)
client.will_set(STATUS, "offline", qos=1, retain=True)
client.on_connect = on_connect
client.reconnect_delay_set(min_delay=1, max_delay=2)
client.connect_async(BROKER, 1883, keepalive=10)
client.loop_start()
while True:
    time.sleep(2)
    reading = {"device": DEVICE_ID, "temp": round(random.uniform(20, 25), 1)}
    client.publish(f"fleet/{DEVICE_ID}/telemetry", json.dumps(reading))
