"""Subscribes for a while and exits 0 when a device's seq rises by exactly 1 per message.

usage: python3 seq_check.py BROKER USER PASSWORD TOPIC SECONDS
"""

import json
import sys
import time

import paho.mqtt.client as mqtt

broker, user, password, topic, seconds = sys.argv[1:6]
seen: list[object] = []


def on_message(_client: object, _userdata: object, message: mqtt.MQTTMessage) -> None:
    try:
        seen.append(json.loads(message.payload)["seq"])
    except (ValueError, KeyError, TypeError):
        seen.append(None)


if hasattr(mqtt, "CallbackAPIVersion"):
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION1)
else:
    client = mqtt.Client()
client.username_pw_set(user, password)
client.on_message = on_message
client.on_connect = lambda c, _u, _f, _rc: c.subscribe(topic)
client.connect(broker, 1883, keepalive=10)
client.loop_start()
time.sleep(float(seconds))
client.loop_stop()
print("seq values seen:", " ".join(map(str, seen)) or "none")
ints = [s for s in seen if type(s) is int]
rising = len(ints) == len(seen) >= 3 and all(b == a + 1 for a, b in zip(ints, ints[1:]))
sys.exit(0 if rising else 1)
