"""The edge rule: a five-reading moving average per sensor, a retained alert above 30.0 and a
retained clear below 28.0, over TLS as user "rules"."""

import json
import math
import os
from collections import deque

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
PORT = int(os.environ["PORT"])
CA = os.environ["CA"]
USER = os.environ["MQTT_USER"]
PASSWORD = os.environ["MQTT_PASSWORD"]

windows: dict[str, deque[float]] = {}
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
    window = windows.setdefault(sensor, deque(maxlen=5))
    window.append(value)
    if len(window) < 5:
        return
    average = sum(window) / 5
    if sensor not in alerting and average > 30.0:
        alerting.add(sensor)
        state = "alert"
    elif sensor in alerting and average < 28.0:
        alerting.discard(sensor)
        state = "clear"
    else:
        return
    alert = {"sensor": sensor, "state": state, "avg": round(average, 2)}
    client.publish(f"alerts/{sensor}", json.dumps(alert), qos=1, retain=True)


client = mqtt.Client(client_id="rules")
client.username_pw_set(USER, PASSWORD)
client.tls_set(ca_certs=CA)
client.on_connect = on_connect
client.on_message = on_message
client.reconnect_delay_set(min_delay=1, max_delay=4)
client.connect_async(BROKER, PORT)
client.loop_forever(retry_first_connection=True)
