"""The rule right for one sensor, but one window and one state for the whole cold store:
interleaved sensors mix their readings."""

import json
import math
import os
from collections import deque

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
WINDOW = 5
HIGH = 30.0
LOW = 28.0

window: deque[float] = deque(maxlen=WINDOW)
alerting: set[str] = set()


def reading(payload: bytes) -> float | None:
    try:
        value = float(payload.decode())
    except (UnicodeDecodeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def on_connect(client: mqtt.Client, userdata: object, flags: dict, rc: int) -> None:
    client.subscribe("sensors/+/temp", qos=1)


def on_message(client: mqtt.Client, userdata: object, message: mqtt.MQTTMessage) -> None:
    sensor = message.topic.split("/")[1]
    value = reading(message.payload)
    if value is None:
        return
    window.append(value)
    if len(window) < WINDOW:
        return
    average = sum(window) / WINDOW
    if not alerting and average > HIGH:
        alerting.add(sensor)
        state = "alert"
    elif alerting and average < LOW:
        alerting.clear()
        state = "clear"
    else:
        return
    alert = {"sensor": sensor, "state": state, "avg": round(average, 2)}
    client.publish(f"alerts/{sensor}", json.dumps(alert), qos=1)


client = mqtt.Client(client_id="rules")
client.on_connect = on_connect
client.on_message = on_message
client.reconnect_delay_set(min_delay=1, max_delay=4)
client.connect_async(BROKER, 1883)
client.loop_forever(retry_first_connection=True)
