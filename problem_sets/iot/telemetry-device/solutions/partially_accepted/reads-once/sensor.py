#!/usr/bin/env python3
"""Reads the probe once at start and repeats that value: the telemetry never follows the kiln."""

import json
import os
import time

import paho.mqtt.client as mqtt

BROKER = os.environ["BROKER"]
DEVICE = os.environ["DEVICE_ID"]
SENSOR_FILE = os.environ["SENSOR_FILE"]
TOPIC = f"plant/{DEVICE}/telemetry"


def read_temperature() -> float | None:
    """°C from a w1_slave file; None when the CRC line does not end in YES."""
    with open(SENSOR_FILE, encoding="ascii") as f:
        lines = f.read().splitlines()
    if len(lines) < 2 or not lines[0].endswith("YES") or "t=" not in lines[1]:
        return None
    return int(lines[1].split("t=", 1)[1]) / 1000


def connected_client() -> mqtt.Client:
    if hasattr(mqtt, "CallbackAPIVersion"):  # paho-mqtt 2
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=DEVICE)
    else:
        client = mqtt.Client(client_id=DEVICE)
    client.username_pw_set(os.environ["MQTT_USER"], os.environ["MQTT_PASSWORD"])
    while True:
        try:
            client.connect(BROKER, 1883, keepalive=30)
            break
        except OSError:
            time.sleep(0.5)
    client.loop_start()  # reconnects by itself if the broker goes away
    return client


def main() -> None:
    client = connected_client()
    seq = 0
    tick = time.monotonic()
    temperature = read_temperature()
    while True:
        if temperature is not None:
            seq += 1
            payload = {"device": DEVICE, "seq": seq, "temp": temperature}
            client.publish(TOPIC, json.dumps(payload), qos=0)
        tick += 1.0
        time.sleep(max(0.0, tick - time.monotonic()))


if __name__ == "__main__":
    main()
