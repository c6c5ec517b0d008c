"""The field gateway: announces itself online (retained) on every connection, leaves a retained
"offline" will with the broker, sends a reading every second and reconnects with a backoff."""

import json
import os
import time

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
GATEWAY_ID = os.environ["GATEWAY_ID"]
STATUS = f"gateways/{GATEWAY_ID}/status"
TELEMETRY = f"gateways/{GATEWAY_ID}/telemetry"


def on_connect(client: mqtt.Client, userdata: object, flags: dict, rc: int) -> None:
    if rc == 0:
        client.publish(STATUS, "online", qos=1, retain=True)


client = mqtt.Client(client_id=GATEWAY_ID, clean_session=True)
client.will_set(STATUS, "offline", qos=1, retain=True)
client.on_connect = on_connect
client.reconnect_delay_set(min_delay=1, max_delay=4)
client.connect_async(BROKER, 1883, keepalive=10)
client.loop_start()

seq = 0
while True:
    time.sleep(1)
    if client.is_connected():
        seq += 1
        client.publish(TELEMETRY, json.dumps({"gateway": GATEWAY_ID, "seq": seq}))
