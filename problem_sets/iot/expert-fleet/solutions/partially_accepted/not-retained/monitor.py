"""Tracks the statuses correctly but sends the summary every second, not retained: a
dashboard that opens between two sends waits for the next one."""

import json
import os
import time

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
statuses: dict[str, str] = {}


def on_connect(client: mqtt.Client, userdata: object, flags: dict, rc: int) -> None:
    client.subscribe("fleet/+/status")


def on_message(client: mqtt.Client, userdata: object, message: mqtt.MQTTMessage) -> None:
    statuses[message.topic.split("/")[1]] = message.payload.decode()


client = mqtt.Client()
client.on_connect = on_connect
client.on_message = on_message
client.connect(BROKER, 1883)
client.loop_start()
while True:
    time.sleep(1)
    summary = {state: [d for d, s in statuses.items() if s == state] for state in ("online", "offline")}
    client.publish("fleet/summary", json.dumps(summary))
