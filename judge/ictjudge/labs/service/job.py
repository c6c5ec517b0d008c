"""The job the service lab's driver runs (:mod:`.driver`): the networks, the hosts with the
texts to run (the task's hidden setups, the student's answers), the lab's files, and the
checks in the driver's terms."""

from __future__ import annotations

import base64
from typing import Any

from ictjudge.labs.linux.spec import texts
from ictjudge.labs.service.spec import (
    LAB_DIR,
    Action,
    Check,
    HttpCheck,
    MqttCheck,
    ReplayCheck,
    RunCheck,
    ServiceLab,
    StreamCheck,
    TcpCheck,
    VipCheck,
)

LAB_FILES = "/work/lab/"  # where the driver keeps the lab's files (a host sees them at /lab)


def build(
    lab: ServiceLab, setups: dict[str, str], answers: dict[str, str], files: dict[str, bytes]
) -> dict[str, Any]:
    """``setups``: each host's hidden setup text; ``answers``: each answered host's submitted
    text; ``files``: the lab's files by their name under /lab."""
    hosts = []
    for name, host in lab.hosts.items():
        answer = None
        if host.answer is not None:
            answer = {"kind": host.answer, "text": answers.get(name, "")}
        hosts.append(
            {
                "name": name,
                "addresses": [str(a) for a in host.address],
                "networks": [lab.network_of(a) for a in host.address],
                "gateway": str(host.gateway) if host.gateway else None,
                "setup": setups.get(name),
                "answer": answer,
                "env": dict(host.env),
            }
        )
    return {
        "time_s": lab.time_s,
        "networks": [{"name": n, "subnet": str(net)} for n, net in lab.networks.items()],
        "hosts": hosts,
        "files": {name: base64.b64encode(data).decode() for name, data in files.items()},
        "checks": [item(check) for check in lab.checks],
    }


def item(check: Check) -> dict[str, Any]:
    """One check as the driver evaluates it."""
    out: dict[str, Any] = {
        "kind": check.kind,
        "before": [action(a) for a in check.before],
        "within_s": check.within_s,
    }
    body = check.body
    out.update(body.model_dump(mode="json", by_alias=True, exclude_none=True))
    if isinstance(body, HttpCheck):
        out["body_contains"] = texts(body.body_contains)
        out["body_not_contains"] = texts(body.body_not_contains)
        out["auth"] = [body.auth.user, body.auth.password] if body.auth else None
        out["ca"] = _driver_path(body.ca)
        out["data_file"] = _driver_path(body.data_file)
    elif isinstance(body, RunCheck):
        out["stdout_contains"] = texts(body.stdout_contains)
        out["stdout_not_contains"] = texts(body.stdout_not_contains)
    elif isinstance(body, MqttCheck | StreamCheck | ReplayCheck):
        out["broker"] = body.broker
        out["ca"] = _driver_path(body.tls.ca) if body.tls else None
        if isinstance(body, MqttCheck) and body.observe is not None:
            observe = body.observe
            out["observe"]["ca"] = _driver_path(observe.tls.ca) if observe.tls else None
        if isinstance(body, ReplayCheck):
            out["trace"] = _driver_path(body.trace)
            out["expect"] = _driver_path(body.expect)
    elif isinstance(body, VipCheck | TcpCheck):
        pass
    return out


def action(given: Action) -> dict[str, Any]:
    if given.wait_s is not None:
        return {"kind": "wait_s", "seconds": given.wait_s}
    if given.run is not None:
        return {"kind": "run", "host": given.run.on, "command": given.run.command}
    return {"kind": given.kind, "host": given.host, "up": given.up}


def _driver_path(path: str | None) -> str | None:
    """/lab/<name> as the driver sees it."""
    return None if path is None else LAB_FILES + path[len(LAB_DIR) :]
