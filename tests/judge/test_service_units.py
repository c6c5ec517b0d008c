"""Service labs without Docker: the lab section's model and its located errors, the editors,
the picture, the job, the report made of a driver's result, and the driver's pure judging of
HTTP replies and MQTT telemetry."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from ictjudge.errors import RunnerFailure
from ictjudge.labs import service
from ictjudge.labs.service import job, outcome
from ictjudge.labs.service.driver import telemetry, web
from ictjudge.labs.service.spec import ServiceLab
from ictjudge.wire import Verdict

LAB = """
time_s: 5
networks: {lan: 10.0.0.0/24, back: 10.0.1.0/24}
hosts:
  lb:
    address: [10.0.0.10/24, 10.0.1.10/24]
    label: {en: load balancer, zh: 负载均衡器}
    answer: shell
    starter: lab/lb-starter.sh
  web1: {address: 10.0.1.11/24, setup: lab/web.sh, env: {NAME: web1}}
  sensor: {address: 10.0.0.30/24, answer: python, env: {BROKER: 10.0.0.10}}
  client: {address: 10.0.0.100/24}
files: {ca.pem: lab/ca.pem}
checks:
  - id: serves
    title: {en: It serves, zh: 提供服务}
    points: 20
    http: {from: client, url: "https://lb/", ca: /lab/ca.pem, status: [200, 301]}
  - id: failover
    title: {en: Failover, zh: 故障切换}
    points: 30
    before: [{stop: web1}, {wait_s: 1}, {run: {on: lb, command: "nginx -s reload"}}]
    within_s: 4
    run: {on: lb, command: "pgrep nginx", stdout_contains: ["1", "2"]}
  - id: vip
    title: {en: VIP, zh: 虚拟地址}
    points: 10
    vip: {address: 10.0.0.200/24, on: lb}
"""


def lab(text: str = LAB) -> ServiceLab:
    return ServiceLab.model_validate(yaml.safe_load(text))


def errors(text: str) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        lab(text)
    return {".".join(map(str, e["loc"])): e["msg"] for e in caught.value.errors()}


def test_a_lab_reads_with_yaml_s_on_key_and_its_defaults() -> None:
    read = lab()
    assert read.answered == ["lb", "sensor"]
    assert read.checks[1].run is not None and read.checks[1].run.on == "lb"
    assert read.checks[1].before[2].run is not None and read.checks[1].before[2].run.on == "lb"
    assert read.checks[2].vip is not None and str(read.checks[2].vip.address) == "10.0.0.200"
    assert read.network_of(read.hosts["lb"].address[1]) == "back"
    single = lab("hosts: {a: {address: 10.0.0.1/24, answer: shell}}\n"
                 "checks: [{id: x, title: t, points: 1, tcp: {from: a, to: a, port: 22}}]")  # fmt: skip
    assert list(single.networks) == ["lan"]


def test_references_are_reported_at_their_field() -> None:
    bad_path = errors("""
hosts: {a: {address: 10.0.0.1/24, answer: shell, setup: lab/../x.sh}}
checks: [{id: x, title: t, points: 1, tcp: {from: a, to: a, port: 1}}]
""")
    assert bad_path["hosts.a.setup"].endswith("a file of the task's package: lab/<name>")
    found = errors("""
hosts:
  a: {address: 10.0.0.1/24, answer: shell}
  B: {address: 10.9.0.2/24, gateway: 10.8.0.1}
  c: {address: 10.0.0.1/24}
checks:
  - {id: x, title: t, points: 1, http: {from: zz, url: "http://a/", ca: /lab/none.pem}}
  - {id: x, title: t, points: 1, before: [{stop: nobody}], run: {on: q, command: "true"}}
""")
    assert "a host name is" in found["hosts.B"]
    assert "on none of the lab's networks" in found["hosts.B.address.0"]
    assert "not on any of the host's networks" in found["hosts.B.gateway"]
    assert found["hosts.c.address.0"].endswith("10.0.0.1 is a's address already")
    assert found["checks.0.http.from"].endswith("unknown host 'zz'")
    assert "'/lab/none.pem' is not one of the lab's files" in found["checks.0.http.ca"]
    assert found["checks.1.id"].endswith("duplicate check id 'x'")
    assert found["checks.1.before.0.stop"].endswith("unknown host 'nobody'")
    assert found["checks.1.run.on"].endswith("unknown host 'q'")


def test_a_check_has_one_kind_and_mqtt_expectations_fit_its_shape() -> None:
    base = "hosts: {a: {address: 10.0.0.1/24, answer: shell}}\nchecks:\n  - "
    two = errors(base + "{id: x, title: t, points: 1, tcp: {from: a, to: a, port: 1}, "
                 "vip: {address: 10.0.0.9, on: a}}")  # fmt: skip
    assert (
        "give exactly one of http, tcp, run, vip, mqtt, stream, replay (got 2)" in two["checks.0"]
    )
    shape = errors(base + "{id: x, title: t, points: 1, mqtt: {from: a, broker: 'a:1883', "
                   "publish: {topic: t}, expect: granted}}")  # fmt: skip
    assert "with publish, expect is one of delivered, dropped" in shape["checks.0.mqtt"]
    action = errors(base + "{id: x, title: t, points: 1, before: [{stop: a, start: a}], "
                    "tcp: {from: a, to: a, port: 1}}")  # fmt: skip
    assert (
        "give exactly one of stop, start, restart, link, run, wait_s" in action["checks.0.before.0"]
    )
    assert (
        "no host has an answer"
        in errors(
            "hosts: {a: {address: 10.0.0.1/24}}\n"
            "checks: [{id: x, title: t, points: 1, tcp: {from: a, to: a, port: 1}}]"
        )["hosts"]
    )


def test_editors_picture_and_package_files() -> None:
    read = lab()
    files = service.answer_files(read)
    assert [(f.name, f.syntax, f.initial_file) for f in files] == [
        ("lb.sh", "shell", "lab/lb-starter.sh"),
        ("sensor.py", "python", None),
    ]
    assert files[0].title == "lb — shell script, runs as root (load balancer)"
    assert "unprivileged" in files[1].title and files[1].initial.startswith("# Runs on sensor")
    picture = service.topology(read)
    assert [(n.name, n.kind, n.editable) for n in picture.nodes] == [
        ("lb", "server", True),
        ("web1", "server", False),
        ("sensor", "server", True),
        ("client", "host", False),
        ("lan", "switch", False),
        ("back", "switch", False),
    ]
    assert [(k.a, k.a_interface, k.b) for k in picture.links] == [
        ("lb", "eth0", "lan"),
        ("lb", "eth1", "back"),
        ("web1", "eth0", "back"),
        ("sensor", "eth0", "lan"),
        ("client", "eth0", "lan"),
    ]
    assert service.lab_files(read) == {
        "lab/lb-starter.sh": "lab.hosts.lb.starter",
        "lab/web.sh": "lab.hosts.web1.setup",
        "lab/ca.pem": "lab.files.ca.pem",
    }


def test_the_job_carries_texts_files_and_checks_in_the_driver_s_terms() -> None:
    read = lab()
    built = job.build(read, {"web1": "nginx"}, {"lb": "echo hi", "sensor": "print(1)"},
                      {"ca.pem": b"PEM"})  # fmt: skip
    hosts = {h["name"]: h for h in built["hosts"]}
    assert hosts["lb"]["addresses"] == ["10.0.0.10/24", "10.0.1.10/24"]
    assert hosts["lb"]["networks"] == ["lan", "back"]
    assert hosts["lb"]["answer"] == {"kind": "shell", "text": "echo hi"}
    assert hosts["web1"]["setup"] == "nginx" and hosts["web1"]["env"] == {"NAME": "web1"}
    assert hosts["client"]["answer"] is None
    assert built["files"] == {"ca.pem": "UEVN"}
    serves, failover, vip = built["checks"]
    assert serves["kind"] == "http" and serves["from"] == "client"
    assert serves["ca"] == "/work/lab/ca.pem" and serves["status"] == [200, 301]
    assert failover["before"] == [
        {"kind": "stop", "host": "web1", "up": False},
        {"kind": "wait_s", "seconds": 1.0},
        {"kind": "run", "host": "lb", "command": "nginx -s reload"},
    ]
    assert failover["within_s"] == 4 and failover["stdout_contains"] == ["1", "2"]
    assert vip == {"kind": "vip", "before": [], "within_s": 0, "address": "10.0.0.200", "on": "lb"}
    assert service.wall_s(read) > read.time_s * 3 + 4 + 1


def _result(**extra: Any) -> dict[str, Any]:
    items = [{"ok": True, "key": "status %(status)s", "params": {"status": 200},
              "detail": "status 200"}, {"ok": False, "detail": "no"}, {"ok": True}]  # fmt: skip
    return {"items": items, "scripts": [], "timings": {"driver_ms": 100.0}, **extra}


def test_a_report_scores_items_and_shows_the_student_s_scripts() -> None:
    read = lab()
    scripts = [
        {"host": "web1", "script": "setup.sh", "setup": True, "boot": 1, "exit": 0, "output": "x"},
        {"host": "lb", "script": "lb.sh", "setup": False, "boot": 1, "exit": 3, "output": "oops"},
    ]
    python = [{"host": "sensor", "script": "sensor.py", "exit": None, "running": True,
               "output": "started"}]  # fmt: skip
    report = outcome.report(read, _result(scripts=scripts, python=python), 500.0)
    assert (report.verdict, report.score, report.max_score) == (Verdict.PA, 30, 60)
    assert report.items[0].feedback == "status 200"
    assert report.items[1].feedback == "no"
    assert "Your script for lb exited with status 3." in report.message
    assert [(o.host, o.script, o.exit, o.running) for o in report.outputs] == [
        ("lb", "lb.sh", 3, False),
        ("sensor", "sensor.py", None, True),
    ]
    assert report.timing_ms["container_ms"] == 400


def test_a_script_past_its_time_is_tle_and_scores_nothing() -> None:
    scripts = [{"host": "lb", "script": "lb.sh", "setup": False, "boot": 1, "exit": -9,
                "timed_out": True, "output": "waiting"}]  # fmt: skip
    report = outcome.report(lab(), _result(scripts=scripts), 500.0)
    assert (report.verdict, report.score) == (Verdict.TLE, 0)
    assert [item.score for item in report.items] == [0, 0, 0]
    assert "was still running after 5 s" in report.message
    assert report.outputs[0].timed_out


def test_a_failing_setup_is_the_task_s_fault_on_the_first_boot_only() -> None:
    failed = {"host": "web1", "script": "setup.sh", "setup": True, "exit": 1, "output": "nope"}
    with pytest.raises(RunnerFailure, match="the task's setup of web1 exited with 1: nope"):
        outcome.report(lab(), _result(scripts=[{**failed, "boot": 1}]), 10.0)
    again = outcome.report(lab(), _result(scripts=[{**failed, "boot": 2}]), 10.0)
    assert [(o.host, o.script) for o in again.outputs] == [("web1", "setup")]
    with pytest.raises(RunnerFailure, match="could not be built"):
        outcome.report(lab(), {"error": "Traceback"}, 10.0)


def _reply(status: int = 200, body: str = "Hello from web1", **headers: str) -> dict[str, Any]:
    return {"status": status, "headers": headers, "body": body}


def test_http_replies_are_judged_against_every_condition() -> None:
    check: dict[str, Any] = {"status": [200, 204], "body_contains": ["Hello"],
                             "body_not_contains": ["error"], "headers": {"server": "^nginx"},
                             "headers_absent": ["x-powered-by"], "bodies_regex": ["web1", "web2"]}  # fmt: skip
    assert web.problem(check, _reply(server="nginx/1.22")) is None
    assert web.problem(check, _reply(404))["detail"] == "status 404, expected 200 or 204"
    assert "lacks 'Hello'" in web.problem(check, _reply(body="Bye"))["detail"]
    assert web.problem(check, _reply())["detail"] == "no server header"
    powered = _reply(server="nginx", **{"x-powered-by": "php"})
    assert web.problem(check, powered)["detail"] == "the reply has a x-powered-by header"
    second = web.problem(check, _reply(server="nginx"), 1)
    assert second is not None and "does not match web2" in second["detail"]


def test_telemetry_counts_intervals_fields_and_increasing_numbers() -> None:
    def message(payload: str, at: float) -> telemetry.Message:
        return telemetry.Message("s/1", payload, 0, False, at)

    stream = [message('{"seq": 1, "t": 20.5, "id": "s1"}', 0.0),
              message('{"seq": 2, "t": 21, "id": "s1"}', 1.0)]  # fmt: skip
    check: dict[str, Any] = {"duration_s": 3, "min_messages": 2, "interval_s": [0.5, 1.5],
                             "json": {"seq": "int", "t": "number", "id": "^s1$"},
                             "increasing": ["seq"]}  # fmt: skip
    assert telemetry.judge_stream(check, stream)["ok"]
    assert not telemetry.judge_stream({**check, "min_messages": 3}, stream)["ok"]
    assert "apart" in telemetry.judge_stream({**check, "interval_s": [2, 3]}, stream)["detail"]
    backwards = [stream[1], message('{"seq": 1, "t": 20.5, "id": "s1"}', 2.0)]
    assert "went from 2 to 1" in telemetry.judge_stream(check, backwards)["detail"]
    assert telemetry.json_problem({"t": "int"}, '{"t": 2.5}') == "field 't' is 2.5, expected int"
    assert telemetry.json_problem({"t": "number"}, "hot") == "not JSON: 'hot'"


def test_a_replay_compares_the_whole_list_in_order() -> None:
    def got(*pairs: tuple[str, str]) -> list[telemetry.Message]:
        return [telemetry.Message(t, p, 1, False, 0.0) for t, p in pairs]

    expected = [{"topic": "alerts/t", "payload": {"level": "high"}},
                {"topic": "alerts/t", "payload": "clear"}]  # fmt: skip
    same = got(("alerts/t", '{"level":"high"}'), ("alerts/t", "clear"))
    assert telemetry.compare(expected, same)["detail"] == "2 message(s) as expected"
    wrong = telemetry.compare(expected, got(("alerts/t", '{"level":"low"}')))
    assert wrong["detail"].startswith("message 1: expected")
    extra = telemetry.compare([], got(("alerts/t", "x")))
    assert extra["detail"] == (
        "1 message(s) arrived, 0 expected; the first extra one: 'x' on alerts/t"
    )
    assert telemetry.compare([], [])["ok"]
