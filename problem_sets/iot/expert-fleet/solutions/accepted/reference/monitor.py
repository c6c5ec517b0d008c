"""The fleet monitor: every device's last status (live or retained, its last will included)
and a retained summary republished whenever a device changes state."""

import json
import os

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
STATES = ("online", "offline")

statuses: dict[str, str] = {}


def summary() -> str:
    return json.dumps(
        {state: sorted(device for device, seen in statuses.items() if seen == state) for state in STATES}
    )


def on_connect(client: mqtt.Client, userdata: object, flags: dict, rc: int) -> None:
    client.subscribe("fleet/+/status", qos=1)


def on_message(client: mqtt.Client, userdata: object, message: mqtt.MQTTMessage) -> None:
    device = message.topic.split("/")[1]
    state = message.payload.decode(errors="replace")
    if not state:
        changed = statuses.pop(device, None) is not None  # a device removed from the fleet
    elif state in STATES:
        changed = statuses.get(device) != state
        statuses[device] = state
    else:
        return
    if changed:
        client.publish("fleet/summary", summary(), qos=1, retain=True)


client = mqtt.Client(client_id="fleet-monitor")
client.on_connect = on_connect
client.on_message = on_message
client.reconnect_delay_set(min_delay=1, max_delay=4)
client.connect_async(BROKER, 1883)
client.loop_forever(retry_first_connection=True)
