"""The lab: a job's devices built into namespaces, its routers running FRR, and the steps the
driver takes on them, from building the topology to the final evaluation of every item."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from . import configs, frr, namespaces, probes, reachability, reads, routing
from .messages import N_, said
from .services import Listeners

POLL_S = 0.1
QUIET_S = 0.35  # a few polls with nothing changed once the items hold

Item = Callable[["Lab", dict[str, Any], bool], dict[str, Any]]
ITEMS: dict[str, Item] = {
    "ping": reachability.ping,
    "reach": reachability.reach,
    "port": reachability.port,
    "nat": reachability.nat,
    "route": routing.route,
    "neighbor": routing.neighbor,
    "command": routing.command,
}


class Lab:
    def __init__(self, job: dict[str, Any]) -> None:
        self.job = job
        self.devices: list[dict[str, Any]] = job["devices"]
        # routers and switches run FRR (a switch's Vlanifs route); hosts do not
        self.routers = [d for d in self.devices if d["kind"] in namespaces.CONFIGURED]
        self.hosts = [d for d in self.devices if d["kind"] not in namespaces.CONFIGURED]
        self.daemons = frr.Daemons()
        self.listeners = Listeners()
        self.timings: dict[str, float] = {}
        self.pool = ThreadPoolExecutor(max_workers=8)
        self.deadline = time.monotonic() + float(job.get("deadline_s", 50))
        self._early_reads: reads.Pending = {}

    # 1. topology
    def build(self) -> None:
        namespaces.build(self.devices, self.job["links"])
        for host in self.hosts:
            for proto, port in host.get("services", []):
                self.listeners.add(host["name"], proto, int(port))

    # 2. syntax
    def dry_run(self) -> dict[str, dict[str, Any]]:
        return configs.dry_run(self.routers, self.pool)

    # 3. daemons
    def start_daemons(self) -> None:
        self.daemons.start(self.routers)

    def crashes(self) -> list[dict[str, Any]]:
        return self.daemons.crashes()

    # 4. apply
    def apply(self) -> dict[str, dict[str, Any]]:
        return configs.apply(self.routers, self.pool)

    # what the items ask of the lab
    def show(self, node: str, command: str, daemon: str | None = None) -> Any:
        return frr.show(node, command, daemon)

    def running(self, node: str, daemon: str) -> bool:
        return self.daemons.running(node, daemon)

    @staticmethod
    def attempts(
        check: dict[str, Any], source: str | None, count: int, final: bool
    ) -> list[dict[str, Any]]:
        return probes.attempts(check, source, count, final)

    # 5 and 6. items
    def evaluate(self, check: dict[str, Any], final: bool) -> dict[str, Any]:
        try:
            return ITEMS[check["kind"]](self, check, final)
        except Exception as exc:  # the item fails with the reason; the lab goes on
            return said(False, N_("could not be checked: %(error)s"), error=str(exc))

    def converge(self) -> dict[str, Any]:
        """Poll until the positive items hold and the state has been quiet for a moment, or
        the state has stopped changing, or the deadline passes."""
        settings = self.job.get("converge", {})
        started = time.monotonic()
        deadline = min(started + float(settings.get("timeout_s", 12)), self.deadline - 8)
        settle = float(settings.get("settle_s", 3))
        quiet = float(settings.get("quiet_s", QUIET_S))
        positives = [c for c in self.job["checks"] if c.get("poll")]
        state_checks = [c for c in positives if c["kind"] in ("route", "neighbor", "command")]
        probe_checks = [c for c in positives if c not in state_checks]
        # route and neighbour items read only what the fingerprint holds: while it stands
        # still, their last answer stands too (a command item reads anything: always asked)
        fingerprinted = all(c["kind"] in ("route", "neighbor") for c in state_checks)
        last, changed = "", started
        state_ok: bool | None = None
        changes: list[int] = []  # when the routers' state changed (ms), for timing reports
        while True:
            current, moving = routing.fingerprint(self)
            now = time.monotonic()
            if current != last:
                last, changed, state_ok = current, now, None
                changes.append(round((now - started) * 1000))
            if state_ok is None or not fingerprinted:
                state_ok = all(r["ok"] for r in self.pool.map(self._poll, state_checks))
            ok = state_ok
            if ok and probe_checks:  # probes cost a timeout each: only once the state holds
                ok = all(r["ok"] for r in self.pool.map(self._poll, probe_checks))
            now = time.monotonic()
            if ok and now - changed >= quiet:
                reason = "converged"
            elif now - changed >= settle and not moving:
                reason = "settled"
            elif now >= deadline:
                reason = "deadline"
            else:
                time.sleep(POLL_S)
                continue
            waited = (now - started) * 1000
            return {"reason": reason, "waited_ms": waited, "changes_ms": changes}

    def _poll(self, check: dict[str, Any]) -> dict[str, Any]:
        return self.evaluate(check, final=False)

    def check_all(self) -> list[dict[str, Any]]:
        """Every item's final evaluation, while the display reads the items do not disturb
        are taken beside them."""
        wanted: dict[str, list[str]] = self.job.get("reads") or {}
        late = set(self.job.get("reads_after_items") or ())
        early = {name: argv for name, argv in wanted.items() if name not in late}
        with ThreadPoolExecutor(max_workers=4) as readers:
            self._early_reads = reads.start(self.routers, early, readers)
            items = list(self.pool.map(lambda c: self.evaluate(c, True), self.job["checks"]))
            reads.collect(self._early_reads)  # ended before the readers' pool closes
        return items

    # 7. what display commands show
    def live(self) -> dict[str, dict[str, str]]:
        """Every read: those taken beside the items, and now the ones their traffic changed."""
        wanted: dict[str, list[str]] = self.job.get("reads") or {}
        late = set(self.job.get("reads_after_items") or ())
        after = reads.start(self.routers, {n: a for n, a in wanted.items() if n in late}, self.pool)
        return reads.collect(self._early_reads, after)
