"""The submitted texts: written under ``/work/config``, syntax-checked (``vtysh --dryrun``,
``nft --check`` in the router's namespace) and applied (``nft -f``, then ``vtysh -N <device>
-f`` for every router at once). The student's texts reach nothing else."""

from __future__ import annotations

import os
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from .process import run

WORK = "/work"
MAX_OUTPUT = 20000


def dry_run(routers: list[dict[str, Any]], pool: ThreadPoolExecutor) -> dict[str, dict[str, Any]]:
    """``vtysh --dryrun`` and ``nft --check`` on every router's texts."""
    os.makedirs(f"{WORK}/config", exist_ok=True)
    jobs: dict[tuple[str, str], Future[tuple[int, str]]] = {}
    for router in routers:
        name = router["name"]
        path = f"{WORK}/config/{name}.conf"
        with open(path, "w") as handle:
            handle.write(router["config"])
        jobs[(name, "conf")] = pool.submit(run, ["vtysh", "--dryrun", "-f", path], 20)
        if router.get("nft") is not None:
            nft = f"{WORK}/config/{name}.nft"
            with open(nft, "w") as handle:
                handle.write(router["nft"])
            command = ["ip", "netns", "exec", name, "nft", "--check", "-f", nft]
            jobs[(name, "nft")] = pool.submit(run, command, 20)
    out: dict[str, dict[str, Any]] = {}
    for (name, kind), future in jobs.items():
        code, text = future.result()
        out.setdefault(name, {})[kind] = {"code": code, "output": text[:MAX_OUTPUT]}
    return out


def apply(routers: list[dict[str, Any]], pool: ThreadPoolExecutor) -> dict[str, dict[str, Any]]:
    """The rulesets first, then every router's configuration at once."""
    out: dict[str, dict[str, Any]] = {}
    for router in routers:
        if router.get("nft") is not None:
            nft = f"{WORK}/config/{router['name']}.nft"
            code, text = run(["ip", "netns", "exec", router["name"], "nft", "-f", nft], 20)
            out.setdefault(router["name"], {})["nft"] = {"code": code, "output": text[:MAX_OUTPUT]}
    jobs = {
        r["name"]: pool.submit(
            run, ["vtysh", "-N", r["name"], "-f", f"{WORK}/config/{r['name']}.conf"], 30
        )
        for r in routers
    }
    for name, future in jobs.items():
        code, text = future.result()
        out.setdefault(name, {})["conf"] = {"code": code, "output": text[:MAX_OUTPUT]}
    return out
