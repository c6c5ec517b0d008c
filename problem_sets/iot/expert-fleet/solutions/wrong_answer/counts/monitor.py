"""Publishes how many devices are online and offline, not which ones."""

import json
import os

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
statuses: dict[str, str] = {}


def on_connect(client: mqtt.Client, userdata: object, flags: dict, rc: int) -> None:
    client.subscribe("fleet/+/status", qos=1)


def on_message(client: mqtt.Client, userdata: object, message: mqtt.MQTTMessage) -> None:
    statuses[message.topic.split("/")[1]] = message.payload.decode()
    counts = {state: sum(1 for s in statuses.values() if s == state) for state in ("online", "offline")}
    client.publish("fleet/summary", json.dumps(counts), qos=1, retain=True)


client = mqtt.Client()
client.on_connect = on_connect
client.on_message = on_message
client.connect(BROKER, 1883)
client.loop_forever()
