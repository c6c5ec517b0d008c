"""Averages per sensor but clears as soon as the average is back under 30: an alert that
flaps while the temperature hovers."""

import json
import os
from collections import deque

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
windows: dict[str, deque[float]] = {}
alerting: set[str] = set()


def on_connect(client: mqtt.Client, userdata: object, flags: dict, rc: int) -> None:
    client.subscribe("sensors/+/temp")


def on_message(client: mqtt.Client, userdata: object, message: mqtt.MQTTMessage) -> None:
    sensor = message.topic.split("/")[1]
    try:
        value = float(message.payload)
    except ValueError:
        return
    window = windows.setdefault(sensor, deque(maxlen=5))
    window.append(value)
    if len(window) < 5:
        return
    average = sum(window) / 5
    hot = average > 30.0
    if hot != (sensor in alerting):
        (alerting.add if hot else alerting.discard)(sensor)
        state = "alert" if hot else "clear"
        client.publish(f"alerts/{sensor}", json.dumps({"sensor": sensor, "state": state, "avg": round(average, 2)}))


client = mqtt.Client()
client.on_connect = on_connect
client.on_message = on_message
client.connect(BROKER, 1883)
client.loop_forever()
