"""The Linux lab's check container: the pristine image read-only, and the student's state.

Reads a 10-digit length, a JSON job of that length, then the tar archive of the student's state
(from the first container) on stdin. The archive is extracted into tmpfs directories mounted
noexec, nosuid and nodev, so nothing the student left can be executed as a program here, and
every tool the checks use comes from the read-only image. Then the driver gathers facts and
prints them as one JSON line; the host decides what passed.

Order: file, account and cron facts first (read natively, no program runs), then the optional
``boot`` script (what the system would do at start, e.g. load /etc/nftables.conf), then the
command, HTTP, TCP and packet probes in the order the task lists them. Every process is killed
after each probe, so a probe that starts a student's service cannot leave it running for the
next.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from typing import Any

from .commands import Accounts, http_get, run_command, service_report, start_service, tcp_talk
from .inspection import account_facts, cron_sources, file_facts
from .packets import packet_probe
from .system import LIB, SKEL, STATE_DIRS, TAR_STATE, harden, kill_all, remove


def read_exact(size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = os.read(0, size - len(data))
        if not chunk:
            raise EOFError("the job ended early")
        data += chunk
    return bytes(data)


def extract(timings: dict[str, float]) -> dict[str, Any]:
    """The student's state into the tmpfs directories, then the loader and interpreter
    start-up files reset to the image's own (a state must not change how trusted programs
    start: /etc/ld.so.preload, /etc/ld.so.cache, /etc/python3*)."""
    t = time.monotonic()
    state = subprocess.run(
        [
            "tar",
            "--extract",
            "--file",
            "-",
            "--same-permissions",
            "--same-owner",
            "--warning=no-timestamp",
            *TAR_STATE,
            *STATE_DIRS,
        ],
        stdin=0,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    remove("/etc/ld.so.preload")
    remove("/etc/ld.so.cache")
    shutil.copyfile(f"{LIB}/ld.so.cache", "/etc/ld.so.cache")
    for name in os.listdir("/etc"):
        if name.startswith("python3"):
            remove(f"/etc/{name}")
    subprocess.run(
        ["tar", "--extract", "--file", SKEL, "--wildcards", *TAR_STATE, "run", "etc/python3*"],
        check=True,
    )
    timings["extract_ms"] = (time.monotonic() - t) * 1000
    errors = state.stderr.decode("utf-8", "replace")[-4000:]
    return {"exit": state.returncode, "errors": errors}


def exec_probe(probe: dict[str, Any], accounts: Accounts) -> dict[str, Any]:
    """One probe that runs programs; every process is killed afterwards."""
    started = time.monotonic()
    try:
        service = start_service(probe, accounts)
        kind = probe["probe"]
        if kind == "run":
            facts = run_command(probe["command"], probe.get("as"), accounts, probe["timeout_s"])
        elif kind == "http":
            facts = http_get(probe)
        elif kind == "packet":
            facts = packet_probe(probe)
        else:
            facts = tcp_talk(probe)
        facts["service"] = service_report(service)
    except (LookupError, OSError, ValueError) as exc:  # e.g. what the student's files make
        facts = {"error": str(exc)}
    finally:
        kill_all()
    facts["wall_ms"] = (time.monotonic() - started) * 1000
    return facts


def main() -> int:
    harden()
    size = int(read_exact(10))
    job = json.loads(read_exact(size))
    timings: dict[str, float] = {}
    out: dict[str, Any] = {"timings": timings, "extract": extract(timings)}
    t = time.monotonic()
    accounts = account_facts()
    facts = {}
    for probe in job.get("probes", []):
        if probe["probe"] == "file":
            facts[probe["id"]] = file_facts(probe)
    if job.get("accounts"):
        out["accounts"] = accounts
    if job.get("cron"):
        out["cron"] = cron_sources()
    timings["inspect_ms"] = (time.monotonic() - t) * 1000
    t = time.monotonic()
    if job.get("boot"):
        boot = run_command(job["boot"], None, accounts, job.get("boot_s", 10))
        kill_all()
        out["boot"] = boot
    for probe in job.get("probes", []):
        if probe["probe"] != "file":
            facts[probe["id"]] = exec_probe(probe, accounts)
    timings["probes_ms"] = (time.monotonic() - t) * 1000
    out["facts"] = facts
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    return 0
