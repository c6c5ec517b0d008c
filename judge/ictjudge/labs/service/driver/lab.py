"""The lab: the job's LAN built (:mod:`...network.driver.namespaces`), its hosts booted, the
scripts run in the agreed order, then the checks in order with the actions before them."""

from __future__ import annotations

import base64
import os
import subprocess
import time
from collections.abc import Callable
from typing import Any

from ...network.driver import namespaces
from ...network.driver.messages import N_, said
from ...network.driver.process import run
from .hosts import WORK, Host, kill_group
from .watchdog import Watchdog

SWITCH = "_lan"  # the namespace of the bridges (no host name starts with "_")
POLL_S = 0.2
RUN_S = 5.0

Item = Callable[["Lab", dict[str, Any]], dict[str, Any]]


class Lab:
    def __init__(self, job: dict[str, Any]) -> None:
        self.job = job
        self.time_s = float(job.get("time_s", 10))
        self.names: dict[str, str] = {
            h["name"]: h["addresses"][0].split("/")[0] for h in job["hosts"]
        }
        hosts_file = "127.0.0.1\tlocalhost\n" + "".join(
            f"{address}\t{name}\n" for name, address in self.names.items()
        )
        self.timings: dict[str, float] = {}
        self.scripts: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.jars: dict[str, dict[str, str]] = {}  # http checks' named cookie jars
        os.makedirs(f"{WORK}/lab", exist_ok=True)
        for name, data in (job.get("files") or {}).items():
            with open(f"{WORK}/lab/{name}", "wb") as handle:
                handle.write(base64.b64decode(data))
            os.chmod(f"{WORK}/lab/{name}", 0o444)
        self.hosts = {spec["name"]: Host(spec, hosts_file) for spec in job["hosts"]}
        self.watchdog = Watchdog(self._namespaces, self._too_many)

    # the LAN: one bridge per network in the switch namespace, a veth pair per host address
    def build(self) -> None:
        networks = [n["name"] for n in self.job["networks"]]
        devices: list[dict[str, Any]] = []
        links: list[list[str]] = []
        switch_lines = [f"link add b{i} type bridge" for i in range(len(networks))]
        switch_lines += [f"link set b{i} up" for i in range(len(networks))]
        for spec in self.job["hosts"]:
            extra = []
            for index, (address, network) in enumerate(
                zip(spec["addresses"], spec["networks"], strict=True)
            ):
                port = f"p{len(links)}"
                links.append([spec["name"], f"eth{index}", SWITCH, port])
                switch_lines.append(f"link set {port} master b{networks.index(network)}")
                if index:
                    extra.append(f"addr add {address} dev eth{index}")
            devices.append(
                {
                    "name": spec["name"],
                    "kind": "host",
                    "interface": "eth0",
                    "address": spec["addresses"][0],
                    "gateway": spec.get("gateway"),
                    "setup": extra,
                }
            )
        devices.append({"name": SWITCH, "kind": "switch", "setup": switch_lines})
        namespaces.build(devices, links)
        for host in self.hosts.values():
            host.worker.open()

    def boot_all(self) -> None:
        for host in self.hosts.values():
            host.boot()
        self.watchdog.start()

    def _namespaces(self) -> dict[str, str]:
        found = {name: host.pid_namespace() for name, host in self.hosts.items()}
        return {name: link for name, link in found.items() if link is not None}

    def _too_many(self, name: str, count: int) -> None:
        """The watchdog's verdict: the host with the most processes goes (a fork bomb)."""
        host = self.hosts[name]
        if host.running:
            host.crash()
            self.events.append({"kind": "processes", "host": name, "count": count})

    def switch_off_crashed(self) -> None:
        for host in self.hosts.values():
            if host.crashed and host.init_pid is not None:
                self.power_off(host)

    # the scripts: every setup (map order), every shell answer, then the python answers
    def run_scripts(self, hosts: list[Host] | None = None) -> None:
        chosen = hosts if hosts is not None else list(self.hosts.values())
        for host in chosen:
            if host.spec.get("setup") is not None and host.running:
                result = host.script("setup.sh", self.time_s)
                host.forget("setup.sh")
                self.scripts.append({**result, "setup": True, "boot": host.boots})
        for host in chosen:
            answer = host.spec.get("answer")
            if answer is not None and answer["kind"] == "shell" and host.running:
                result = host.script(f"{host.name}.sh", self.time_s)
                self.scripts.append({**result, "setup": False, "boot": host.boots})
        for host in chosen:
            answer = host.spec.get("answer")
            if answer is not None and answer["kind"] == "python" and host.running:
                host.start_python()

    # actions
    def act(self, action: dict[str, Any]) -> None:
        kind = action["kind"]
        if kind == "wait_s":
            time.sleep(float(action["seconds"]))
            return
        host = self.hosts[action["host"]]
        if kind in ("stop", "restart"):
            self.power_off(host)
        if kind in ("start", "restart") and not host.running:
            self.power_on(host)
        elif kind == "link":
            state = "up" if action.get("up") else "down"
            for index in range(len(host.spec["addresses"])):
                run(["ip", "-n", host.name, "link", "set", f"eth{index}", state])
        elif kind == "run" and host.running:
            self.command(host, action["command"])

    def power_off(self, host: Host) -> None:
        """A power cut: the processes die, the interfaces go down and forget what was
        configured at run time (a VIP, an extra route)."""
        host.power_off()
        count = len(host.spec["addresses"])
        lines = [f"link set eth{i} down" for i in range(count)]
        lines += [f"addr flush dev eth{i}" for i in range(count)]
        run(["ip", "-n", host.name, "-batch", "-"], stdin="\n".join(lines) + "\n")

    def power_on(self, host: Host) -> None:
        spec = host.spec
        lines = [f"addr add {a} dev eth{i}" for i, a in enumerate(spec["addresses"])]
        lines += [f"link set eth{i} up" for i in range(len(spec["addresses"]))]
        if spec.get("gateway"):
            lines.append(f"route replace default via {spec['gateway']}")
        run(["ip", "-n", host.name, "-batch", "-"], stdin="\n".join(lines) + "\n")
        host.boot()
        self.run_scripts([host])

    def command(self, host: Host, command: str) -> dict[str, Any]:
        """A trusted command (``/bin/sh -c``), run like the student's scripts but within 5 s."""
        process, out, errors = host.start(["/bin/sh", "-c", command], apart=True)
        assert errors is not None
        try:
            code: int | None = process.wait(timeout=RUN_S)
        except subprocess.TimeoutExpired:
            kill_group(process)
            code = None
        out.settle()
        errors.settle(0.05)
        return {
            "exit": code,
            "timed_out": code is None,
            "output": out.text(200),
            "errors": errors.text(20),
        }

    # checks
    def check_all(self) -> list[dict[str, Any]]:
        from .checks import ITEMS

        results = []
        for check in self.job["checks"]:
            started = time.monotonic()
            self.switch_off_crashed()
            for action in check.get("before", []):
                try:
                    self.act(action)
                except Exception as exc:  # the lab goes on; the item says what failed
                    self.events.append({"action": action, "error": str(exc)[:300]})
            within = float(check.get("within_s", 0))
            deadline = time.monotonic() + within
            while True:
                result = self.evaluate(ITEMS[check["kind"]], check)
                if result.get("ok") or time.monotonic() >= deadline:
                    break
                time.sleep(POLL_S)
            result["ms"] = round((time.monotonic() - started) * 1000)
            results.append(result)
        return results

    def evaluate(self, item: Item, check: dict[str, Any]) -> dict[str, Any]:
        try:
            return item(self, check)
        except Exception as exc:  # the item fails with the reason; the lab goes on
            return said(False, N_("could not be checked: %(error)s"), error=str(exc)[:300])

    def from_host(
        self, check: dict[str, Any], fn: Callable[..., Any], *args: Any
    ) -> dict[str, Any]:
        host = self.hosts[check["from"]]
        if not host.running:
            return said(False, N_("%(host)s is stopped"), host=host.name)
        result: dict[str, Any] = host.worker.call(fn, *args)
        return result

    def results(self) -> dict[str, Any]:
        pythons = [r for r in (h.python_result() for h in self.hosts.values()) if r]
        return {"scripts": self.scripts, "python": pythons, "events": self.events}

    def shutdown(self) -> None:
        for host in self.hosts.values():
            host.power_off()
