"""Service labs on the real engine: the bundled tasks' reference solutions, and a lab that
exercises every check kind and action — a power cut and a new boot, a link down, a VIP, a
device program and its telemetry, a replayed trace. Each test leaves no container behind (the
conftest checks after every test)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from ictjudge.labs import grade_lab
from ictjudge.labs.report import LabReport
from ictjudge.labs.service.spec import ServiceLab
from ictjudge.wire import Verdict

pytestmark = pytest.mark.docker

SETS = Path(__file__).resolve().parents[2] / "problem_sets"


def dataset(root: Path, lab: dict[str, Any], files: dict[str, str] | None = None) -> Path:
    """A stored dataset of a service task: its manifest and its lab/ files."""
    ServiceLab.model_validate(lab)
    (root / "dataset.json").write_text(json.dumps({"task_type": "service", "lab": lab}))
    for name, text in (files or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def task_dataset(root: Path, task: Path) -> Path:
    spec = yaml.safe_load((task / "task.yaml").read_text())
    files = {str(p.relative_to(task)): p.read_text() for p in (task / "lab").rglob("*")}
    return dataset(root, spec["lab"], files)


def solution(task: Path, name: str) -> dict[str, str]:
    return {p.name: p.read_text() for p in (task / "solutions" / name).iterdir()}


def feedback(report: LabReport) -> dict[str, tuple[bool, str]]:
    return {item.name: (item.passed, item.feedback) for item in report.items}


@pytest.mark.parametrize("task", ["cloud/lb-round-robin", "iot/broker-acl"])
async def test_the_bundled_tasks_reference_solutions_score_full_marks(
    docker_client: Any, tmp_path: Path, task: str
) -> None:
    folder = SETS / task
    report = await grade_lab(
        task_dataset(tmp_path, folder), solution(folder, "accepted/reference"), docker_client
    )
    assert (report.verdict, report.score, report.max_score) == (Verdict.AC, 100, 100), report
    assert {"network_ms", "boot_ms", "scripts_ms", "checks_ms"} <= set(report.timing_ms)


async def test_a_backend_without_fast_failover_loses_only_that_item(
    docker_client: Any, tmp_path: Path
) -> None:
    folder = SETS / "cloud/lb-round-robin"
    report = await grade_lab(
        task_dataset(tmp_path, folder),
        solution(folder, "partially_accepted/no-failover"),
        docker_client,
    )
    assert (report.verdict, report.score) == (Verdict.PA, 60), report
    passed, said = feedback(report)["With web1 down, every request is served by web2 within 5 s"]
    assert not passed and "no answer (timed out)" in said and "short connect timeout" in said


WEB = """#!/bin/bash
mkdir -p /srv/www && echo "Hello from $NAME" > /srv/www/index.html
echo 'server { listen 80; root /srv/www; }' > /etc/nginx/sites-enabled/site
nginx
"""
DEVICE = """import json, os, time
import paho.mqtt.client as mqtt
client = mqtt.Client(client_id=os.environ["DEVICE_ID"])
client.connect(os.environ["BROKER"], 1883)
client.loop_start()
print("device", os.environ["DEVICE_ID"], "as", os.getuid(), flush=True)
for seq in range(1, 1000):
    client.publish("plant/" + os.environ["DEVICE_ID"], json.dumps({"seq": seq, "t": 20.5}))
    time.sleep(0.25)
"""
BROKER = """#!/bin/bash
printf 'listener 1883 0.0.0.0\\nallow_anonymous true\\n' > /etc/mosquitto/conf.d/lab.conf
mosquitto -d -c /etc/mosquitto/mosquitto.conf
"""
ALERTS = """import json
import paho.mqtt.client as mqtt
def on_message(client, _userdata, msg):
    value = json.loads(msg.payload)["t"]
    client.publish("alerts/" + msg.topic.split("/")[-1], "high" if value > 30 else "ok")
client = mqtt.Client()
client.on_message = on_message
client.connect("10.0.0.5", 1883)
client.subscribe("sensors/#")
client.loop_forever()
"""
TRACE = "\n".join(
    json.dumps(line)
    for line in (
        {"topic": "sensors/a", "payload": {"t": 21}, "delay_s": 0},
        {"topic": "sensors/a", "payload": {"t": 35}, "delay_s": 0.1},
    )
)
EXPECTED = '{"topic": "alerts/a", "payload": "ok"}\n{"topic": "alerts/a", "payload": "high"}\n'

EVERYTHING: dict[str, Any] = {
    "time_s": 5,
    "hosts": {
        "web1": {"address": "10.0.0.11/24", "setup": "lab/web.sh", "env": {"NAME": "web1"}},
        "broker": {"address": "10.0.0.5/24", "setup": "lab/broker.sh"},
        "edge": {"address": "10.0.0.20/24", "answer": "shell"},
        "rules": {"address": "10.0.0.21/24", "answer": "python"},
        "sensor": {
            "address": "10.0.0.30/24",
            "setup": "lab/device.sh",
            "env": {"BROKER": "10.0.0.5", "DEVICE_ID": "s1"},
        },
        "client": {"address": "10.0.0.100/24"},
    },
    "files": {"trace.jsonl": "lab/trace.jsonl", "expected.jsonl": "lab/expected.jsonl"},
    "checks": [
        {"id": "web", "title": "web", "points": 1,
         "http": {"from": "client", "url": "http://web1/", "body": "Hello from web1"}},
        {"id": "tcp", "title": "tcp", "points": 1,
         "tcp": {"from": "client", "to": "10.0.0.11", "port": 22, "open": False}},
        {"id": "vip", "title": "vip", "points": 1, "vip": {"address": "10.0.0.200", "on": "edge"}},
        {"id": "stream", "title": "stream", "points": 1,
         "stream": {"from": "client", "broker": "broker:1883", "topic": "plant/s1",
                    "duration_s": 1.5, "min_messages": 3, "interval_s": [0.1, 0.6],
                    "json": {"seq": "int", "t": "number"}, "increasing": ["seq"]}},
        {"id": "replay", "title": "replay", "points": 1,
         "replay": {"from": "client", "broker": "10.0.0.5:1883", "trace": "/lab/trace.jsonl",
                    "collect": "alerts/#", "expect": "/lab/expected.jsonl", "wait_s": 1}},
        {"id": "device-user", "title": "device user", "points": 1,
         "run": {"on": "rules", "command": "ps -o user= -p $(pgrep -f '/run/ict/rules[.]py')",
                 "stdout": "device"}},
        {"id": "down", "title": "down", "points": 1, "before": [{"stop": "web1"}],
         "tcp": {"from": "client", "to": "10.0.0.11", "port": 80, "open": False}},
        {"id": "up-again", "title": "up again", "points": 1, "before": [{"start": "web1"}],
         "within_s": 3, "http": {"from": "client", "url": "http://10.0.0.11/"}},
        {"id": "link", "title": "link", "points": 1, "before": [{"link": "web1", "up": False}],
         "tcp": {"from": "client", "to": "10.0.0.11", "port": 80, "open": False}},
        {"id": "vip-gone", "title": "vip gone", "points": 1, "before": [{"restart": "edge"}],
         "run": {"on": "edge", "command": "cat /etc/edge-boots; ls /tmp | wc -l",
                 "stdout": "2\n1"}},
        {"id": "action", "title": "action", "points": 1,
         "before": [{"run": {"on": "client", "command": "echo done > /tmp/mark"}},
                    {"wait_s": 0.2}],
         "run": {"on": "client", "command": "cat /tmp/mark; cat /tmp/mark >&2; exit 3",
                 "exit": 3, "stdout": "done"}},
    ],
}  # fmt: skip
EDGE = """#!/bin/bash
ip addr add 10.0.0.200/24 dev eth0
echo $(( $(cat /etc/edge-boots 2>/dev/null || echo 0) + 1 )) > /etc/edge-boots
touch /tmp/boot-file
"""


async def test_every_check_kind_and_action_on_a_live_lab(
    docker_client: Any, tmp_path: Path
) -> None:
    files = {"lab/web.sh": WEB, "lab/broker.sh": BROKER, "lab/trace.jsonl": TRACE,
             "lab/expected.jsonl": EXPECTED,
             "lab/device.sh": f"cat > /opt/device.py <<'EOF'\n{DEVICE}EOF\n"
                              "python3 /opt/device.py > /var/log/device.log 2>&1 &\n"}  # fmt: skip
    report = await grade_lab(
        dataset(tmp_path, EVERYTHING, files), {"edge.sh": EDGE, "rules.py": ALERTS}, docker_client
    )
    failed = {name: said for name, (ok, said) in feedback(report).items() if not ok}
    assert report.verdict == Verdict.AC, failed
    scripts = {(o.host, o.script): o for o in report.outputs}
    assert scripts[("edge", "edge.sh")].exit == 0
    assert scripts[("rules", "rules.py")].running


async def test_a_broker_that_is_not_running_never_passes_a_refusal(
    docker_client: Any, tmp_path: Path
) -> None:
    checks = [
        {"id": f"{expect}", "title": expect, "points": 1,
         "mqtt": {"from": "client", "broker": "10.0.0.5:1883", "expect": expect, **extra}}
        for expect, extra in (
            ("refused", {}),
            ("dropped", {"publish": {"topic": "a"}}),
            ("denied", {"subscribe": {"topic": "a"}}),
            ("nothing", {"subscribe": {"topic": "a"}}),
        )
    ]  # fmt: skip
    lab = {"hosts": {"broker": {"address": "10.0.0.5/24", "answer": "shell"},
                     "client": {"address": "10.0.0.100/24"}}, "checks": checks}  # fmt: skip
    report = await grade_lab(dataset(tmp_path, lab), {"broker.sh": "true"}, docker_client)
    assert (report.verdict, report.score) == (Verdict.WA, 0)
    for item in report.items:
        assert "cannot reach the broker: 10.0.0.5:1883: connection refused" in item.feedback


def _certificates(folder: Path) -> None:
    """A CA, and a server certificate it signed for 10.0.0.10 and shop.lab (openssl)."""
    folder.mkdir(parents=True, exist_ok=True)

    def openssl(*args: str) -> None:
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
            "ca.pem", "-days", "2", "-subj", "/CN=Lab CA")  # fmt: skip
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out",
            "server.csr", "-subj", "/CN=shop.lab")  # fmt: skip
    (folder / "san.ext").write_text("subjectAltName=IP:10.0.0.10,DNS:shop.lab\n")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.ext")  # fmt: skip


TLS_SETUP = """#!/bin/bash
mkdir -p /srv/www && echo "secure shop" > /srv/www/index.html
cat > /etc/nginx/sites-enabled/shop <<'CONF'
server { listen 443 ssl; server_name shop.lab; root /srv/www;
         ssl_certificate /lab/server.pem; ssl_certificate_key /lab/server.key; }
CONF
nginx
printf 'listener 8883\\ncafile /lab/ca.pem\\ncertfile /lab/server.pem\\nkeyfile /lab/server.key\\nallow_anonymous true\\n' > /etc/mosquitto/conf.d/tls.conf
mosquitto -d -c /etc/mosquitto/mosquitto.conf
"""


async def test_tls_is_verified_against_the_lab_s_ca(docker_client: Any, tmp_path: Path) -> None:
    """HTTPS and MQTT over TLS, each certificate checked against the CA under /lab."""
    _certificates(tmp_path / "lab")
    https = {"from": "client", "url": "https://10.0.0.10/", "ca": "/lab/ca.pem",
             "body": "secure shop"}  # fmt: skip
    lab = {
        "hosts": {"shop": {"address": "10.0.0.10/24", "setup": "lab/tls.sh"},
                  "client": {"address": "10.0.0.100/24", "answer": "shell"}},
        "files": {"ca.pem": "lab/ca.pem", "server.pem": "lab/server.pem",
                  "server.key": "lab/server.key"},
        "checks": [
            {"id": "https", "title": "https", "points": 1, "within_s": 2, "http": https},
            {"id": "sni", "title": "sni", "points": 1,
             "http": {**https, "sni": "shop.lab", "host": "shop.lab"}},
            {"id": "mqtts", "title": "mqtts", "points": 1, "within_s": 2,
             "mqtt": {"from": "client", "broker": "10.0.0.10:8883",
                      "tls": {"ca": "/lab/ca.pem"}, "expect": "connected"}},
        ],
    }  # fmt: skip
    (tmp_path / "lab" / "tls.sh").write_text(TLS_SETUP)
    report = await grade_lab(dataset(tmp_path, lab), {"client.sh": "true"}, docker_client)
    failed = {name: said for name, (ok, said) in feedback(report).items() if not ok}
    assert report.verdict == Verdict.AC, failed
