"""Alerts on every single reading above 30, without an average: a storm of alerts."""

import json
import os

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]


def on_connect(client: mqtt.Client, userdata: object, flags: dict, rc: int) -> None:
    client.subscribe("sensors/+/temp")


def on_message(client: mqtt.Client, userdata: object, message: mqtt.MQTTMessage) -> None:
    sensor = message.topic.split("/")[1]
    try:
        value = float(message.payload)
    except ValueError:
        return
    if value > 30.0:
        client.publish(f"alerts/{sensor}", json.dumps({"sensor": sensor, "state": "alert", "avg": value}))


client = mqtt.Client()
client.on_connect = on_connect
client.on_message = on_message
client.connect(BROKER, 1883)
client.loop_forever()
