"""Reads fleet/summary once and prints it in one line, for the checks:
retained=<0|1> online=<ids sorted, comma-separated> offline=<ids>."""

import json
import sys
import time

import paho.mqtt.client as mqtt

got: list[mqtt.MQTTMessage] = []
client = mqtt.Client()
client.on_connect = lambda c, u, f, rc: c.subscribe("fleet/summary", qos=1)
client.on_message = lambda c, u, m: got.append(m)
client.connect(sys.argv[1] if len(sys.argv) > 1 else "10.0.0.5", 1883)
client.loop_start()
deadline = time.monotonic() + 2
while not got and time.monotonic() < deadline:
    time.sleep(0.05)
client.loop_stop()
if not got:
    sys.exit("no message on fleet/summary")
try:
    summary = json.loads(got[0].payload)
    online = ",".join(sorted(summary["online"]))
    offline = ",".join(sorted(summary["offline"]))
except (ValueError, KeyError, TypeError) as error:
    sys.exit(f"fleet/summary is not a summary ({error!r}): {got[0].payload[:200]!r}")
print(f"retained={int(got[0].retain)} online={online} offline={offline}.")
