"""Runs inside the network lab container as PID 1 (root, no network, NET_ADMIN and SYS_ADMIN
among a few other capabilities). Reads one JSON job on stdin, prints one JSON result line on
stdout.

The job comes from the judge (trusted); only the configuration texts in it are the student's,
and they only ever reach FRR (``vtysh -f``, whose daemons run as the ``frr`` user) and nftables
(``nft -f`` inside the device's own network namespace). Nothing passes through a shell.

Steps, each timed:

1. topology: one network namespace per device, veth pairs created directly into them, sysctls
   written per namespace (``/proc/sys`` is remounted read-write for that and read-only again);
   hosts get their address, default route and listeners;
2. check: ``vtysh --dryrun`` and ``nft --check`` on every configuration (syntax errors stop here);
3. daemons: zebra, then staticd/ospfd/ripd/bgpd as each router needs, one set per namespace
   (``-N <device>`` pathspace, no TCP vty);
4. apply: nftables rulesets, then ``vtysh -N <device> -f`` for every router at once;
5. converge: poll the routers' state (routes, OSPF and BGP neighbours) and the items that
   expect something to exist, until they all hold and the state has been quiet for a moment,
   the state stops changing, or the deadline passes (FRR topotest style: poll, never sleep);
6. checks: evaluate every assessment item once more, probes repeated and required to agree.
"""

from __future__ import annotations

import contextlib
import ctypes
import ipaddress
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

FRR = "/usr/lib/frr"
STATE = "/run/frr"
WORK = "/work"
CLONE_NEWNET = 0x40000000
MARK = "ICTARENA-SEEN"
MAX_CAPTURE = 4 << 20
POLL_S = 0.2
FD_LIMIT = 256  # per daemon: a configuration that needs more makes the daemon abort
NO_ROUTE = {"Network is unreachable", "No route to host"}
# neighbour states that move on by themselves within a retransmission interval or two
OSPF_MOVING = {"ExStart", "Exchange", "Loading"}
BGP_MOVING = {"OpenSent", "OpenConfirm"}

_libc = ctypes.CDLL(None, use_errno=True)


# -- processes and namespaces -------------------------------------------------------------------


def run(
    args: list[str], timeout: float = 10.0, stdin: str | None = None, errors: bool = True
) -> tuple[int, str]:
    """Run a program (never a shell): its exit status and its output (with stderr, or without)."""
    try:
        done = subprocess.run(
            args,
            input=stdin.encode() if stdin is not None else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if errors else subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return -1, f"timed out after {timeout:g} s"
    return done.returncode, done.stdout[:MAX_CAPTURE].decode("utf-8", "replace")


def in_netns(namespace: str, fn: Callable[..., Any], *args: Any) -> Any:
    """Call ``fn`` in a thread that has joined ``namespace``: sockets it opens live there."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            fd = os.open(f"/run/netns/{namespace}", os.O_RDONLY)
            try:
                if _libc.setns(fd, CLONE_NEWNET) != 0:
                    raise OSError(ctypes.get_errno(), f"setns {namespace}")
            finally:
                os.close(fd)
            box["value"] = fn(*args)
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join()
    if "error" in box:
        raise box["error"]
    return box.get("value")


def write_sysctls(namespace: str, values: dict[str, str]) -> None:
    def write() -> None:
        for key, value in values.items():
            with open("/proc/sys/" + key.replace(".", "/"), "w") as handle:
                handle.write(value)

    in_netns(namespace, write)


# -- listeners on hosts -------------------------------------------------------------------------


class Listeners:
    """TCP and UDP services on hosts: each answers with the source address it saw (for NAT)."""

    def __init__(self) -> None:
        self.sockets: list[socket.socket] = []

    def add(self, namespace: str, proto: str, port: int) -> None:
        def open_socket() -> socket.socket:
            kind = socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM
            sock = socket.socket(socket.AF_INET, kind)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("0.0.0.0", port))
            if proto == "tcp":
                sock.listen(64)
            return sock

        sock = in_netns(namespace, open_socket)
        self.sockets.append(sock)
        serve = self._tcp if proto == "tcp" else self._udp
        threading.Thread(target=serve, args=(sock, port), daemon=True).start()

    @staticmethod
    def _tcp(sock: socket.socket, port: int) -> None:
        while True:
            try:
                conn, (address, peer_port) = sock.accept()
            except OSError:
                return
            with contextlib.suppress(OSError), conn:
                conn.settimeout(1.0)
                conn.sendall(f"{MARK} {address} {peer_port} {port}\n".encode())

    @staticmethod
    def _udp(sock: socket.socket, port: int) -> None:
        while True:
            try:
                _data, (address, peer_port) = sock.recvfrom(2048)
            except OSError:
                return
            with contextlib.suppress(OSError):
                sock.sendto(f"{MARK} {address} {peer_port} {port}\n".encode(), (address, peer_port))


# -- probes ---------------------------------------------------------------------------------------


def ping(node: str, target: str, source: str | None, count: int, wait_s: float) -> int:
    """How many of ``count`` echo requests were answered."""
    args = ["ip", "netns", "exec", node, "ping", "-n", "-q", "-c", str(count), "-i", "0.1"]
    args += ["-W", f"{wait_s:g}"]
    if source:
        args += ["-I", source]
    _code, out = run([*args, target], timeout=count * 0.1 + wait_s + 3)
    match = re.search(r"(\d+) received", out)
    return int(match.group(1)) if match else 0


def connect(
    node: str, proto: str, target: str, port: int, source: str | None, wait: float
) -> dict[str, Any]:
    """One connection attempt from ``node``: ``open`` (with what the service saw, if it is one of
    the lab's listeners), ``refused``, ``unreachable`` or ``timeout``."""

    def attempt() -> dict[str, Any]:
        kind = socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM
        with socket.socket(socket.AF_INET, kind) as sock:
            sock.settimeout(wait)
            if source:
                sock.bind((source, 0))
            try:
                sock.connect((target, port))
                if proto == "udp":
                    sock.send(b"probe\n")
                data = b""
                with contextlib.suppress(TimeoutError, OSError):
                    while b"\n" not in data and len(data) < 512:
                        chunk = sock.recv(512)
                        if not chunk:
                            break
                        data += chunk
                if proto == "udp" and not data:
                    return {"state": "timeout"}
            except ConnectionRefusedError:
                return {"state": "refused"}
            except TimeoutError:
                return {"state": "timeout"}
            except OSError as exc:
                reason = exc.strerror or str(exc)
                if reason in NO_ROUTE:
                    return {"state": "unreachable", "reason": reason}
                if proto == "udp" and isinstance(exc, ConnectionRefusedError):
                    return {"state": "refused"}
                return {"state": "unreachable", "reason": reason}
        words = data.decode("ascii", "replace").split()
        if len(words) >= 3 and words[0] == MARK:
            return {"state": "open", "seen": words[1]}
        return {"state": "open"}

    try:
        result: dict[str, Any] = in_netns(node, attempt)
    except OSError as exc:
        return {"state": "unreachable", "reason": exc.strerror or str(exc)}
    return result


# -- JSON subset matching -------------------------------------------------------------------------


def subset_mismatch(expected: Any, actual: Any, path: str = "") -> str | None:
    """Where ``actual`` fails to contain ``expected``, or None when it does.

    Mappings: every expected key must be present and match; extra keys are ignored; a key whose
    expected value is ``null`` must be absent. Lists: every expected element must match a
    different actual element, in any order. ``{"$regex": "…"}`` matches strings by search.
    Numbers compare by value; everything else by equality.
    """
    where = path or "the output"
    if isinstance(expected, dict) and set(expected) == {"$regex"}:
        if isinstance(actual, str) and re.search(str(expected["$regex"]), actual):
            return None
        return f"{where}: {actual!r} does not match /{expected['$regex']}/"
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return f"{where}: expected an object, got {_short(actual)}"
        for key, value in expected.items():
            step = (
                f"{path}.{key}"
                if re.fullmatch(r"[A-Za-z_][\w-]*", str(key))
                else f"{path}[{key!r}]"
            )
            if value is None:
                if key in actual:
                    return f"{step.lstrip('.')}: should be absent, found {_short(actual[key])}"
                continue
            if key not in actual:
                return f"{step.lstrip('.')}: missing"
            problem = subset_mismatch(value, actual[key], step.lstrip("."))
            if problem:
                return problem
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return f"{where}: expected a list, got {_short(actual)}"
        if _assign(expected, actual) is None:
            for index, item in enumerate(expected):
                if all(subset_mismatch(item, candidate) for candidate in actual):
                    return f"{where}[{index}]: no element matches {_short(item)}"
            return f"{where}: {len(expected)} elements cannot each match a different element"
        return None
    if isinstance(expected, bool) or isinstance(actual, bool):
        same = expected is actual
    elif isinstance(expected, (int, float)) and isinstance(actual, (int, float)):
        same = float(expected) == float(actual)
    else:
        same = expected == actual
    return None if same else f"{where}: expected {_short(expected)}, got {_short(actual)}"


def _assign(expected: list[Any], actual: list[Any]) -> dict[int, int] | None:
    """A matching of each expected element to a distinct actual element (augmenting paths)."""
    fits = [[j for j, a in enumerate(actual) if subset_mismatch(e, a) is None] for e in expected]
    owner: dict[int, int] = {}

    def place(i: int, seen: set[int]) -> bool:
        for j in fits[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(expected)):
        if not place(i, set()):
            return None
    return {i: j for j, i in owner.items()}


def N_(key: str) -> str:
    """Mark a message key for the platform's catalogue (see ``ictjudge.texts``)."""
    return key


def said(ok: bool, key: str, **params: Any) -> dict[str, Any]:
    """An item's result: a message key and its parameters, which the platform translates, and
    the same in English (``detail``). A parameter may itself be ``said(...)``'s message."""
    english = {k: v["detail"] if isinstance(v, dict) else v for k, v in params.items()}
    message = {k: {"key": v["key"], "params": v["params"]} if isinstance(v, dict) else v
               for k, v in params.items()}  # fmt: skip
    return {"ok": ok, "detail": key % english, "key": key, "params": message}


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


# -- the lab --------------------------------------------------------------------------------------


class Lab:
    def __init__(self, job: dict[str, Any]) -> None:
        self.job = job
        self.devices: list[dict[str, Any]] = job["devices"]
        self.routers = [d for d in self.devices if d["kind"] == "router"]
        self.hosts = [d for d in self.devices if d["kind"] != "router"]
        self.daemons: dict[tuple[str, str], subprocess.Popen[bytes]] = {}
        self.listeners = Listeners()
        self.timings: dict[str, float] = {}
        self.pool = ThreadPoolExecutor(max_workers=8)
        self.deadline = time.monotonic() + float(job.get("deadline_s", 50))

    # 1. topology
    def build(self) -> None:
        names = [d["name"] for d in self.devices]
        code, out = run(["ip", "-batch", "-"], stdin="".join(f"netns add {n}\n" for n in names))
        if code != 0:
            raise RuntimeError(f"netns: {out}")
        code, out = run(["mount", "-o", "remount,rw", "/proc/sys"])
        if code != 0:
            raise RuntimeError(f"remount /proc/sys: {out}")
        try:
            for device in self.devices:
                router = device["kind"] == "router"
                write_sysctls(
                    device["name"],
                    {
                        "net.ipv4.ip_forward": "1" if router else "0",
                        "net.ipv4.conf.all.rp_filter": "0",
                        "net.ipv4.conf.default.rp_filter": "0",
                        # answers to probes must not depend on how fast they were sent
                        "net.ipv4.icmp_ratelimit": "0",
                        "net.ipv4.icmp_msgs_per_sec": "100000",
                    },
                )
        finally:
            run(["mount", "-o", "remount,ro", "/proc/sys"])
        links = "".join(
            f"link add {ai} netns {a} type veth peer name {bi} netns {b}\n"
            for a, ai, b, bi in self.job["links"]
        )
        if links:
            code, out = run(["ip", "-batch", "-"], stdin=links)
            if code != 0:
                raise RuntimeError(f"links: {out}")
        ends: dict[str, list[str]] = {}
        for a, ai, b, bi in self.job["links"]:
            ends.setdefault(a, []).append(ai)
            ends.setdefault(b, []).append(bi)
        for device in self.devices:
            name = device["name"]
            lines = ["link set lo up", *(f"link set {i} up" for i in ends.get(name, []))]
            if device["kind"] != "router":
                lines.append(f"addr add {device['address']} dev {device['interface']}")
                if device.get("gateway"):
                    lines.append(f"route add default via {device['gateway']}")
            code, out = run(["ip", "-n", name, "-batch", "-"], stdin="\n".join(lines) + "\n")
            if code != 0:
                raise RuntimeError(f"{name}: {out}")
        for host in self.hosts:
            for proto, port in host.get("services", []):
                self.listeners.add(host["name"], proto, int(port))

    # 2. syntax
    def dry_run(self) -> dict[str, dict[str, Any]]:
        """``vtysh --dryrun`` and ``nft --check`` on every router's texts."""
        os.makedirs(f"{WORK}/config", exist_ok=True)
        jobs = {}
        for router in self.routers:
            name = router["name"]
            path = f"{WORK}/config/{name}.conf"
            with open(path, "w") as handle:
                handle.write(router["config"])
            jobs[(name, "conf")] = self.pool.submit(run, ["vtysh", "--dryrun", "-f", path], 20)
            if router.get("nft") is not None:
                nft = f"{WORK}/config/{name}.nft"
                with open(nft, "w") as handle:
                    handle.write(router["nft"])
                command = ["ip", "netns", "exec", name, "nft", "--check", "-f", nft]
                jobs[(name, "nft")] = self.pool.submit(run, command, 20)
        out: dict[str, dict[str, Any]] = {}
        for (name, kind), future in jobs.items():
            code, text = future.result()
            out.setdefault(name, {})[kind] = {"code": code, "output": text[:20000]}
        return out

    # 3. daemons
    def start_daemons(self) -> None:
        for router in self.routers:
            for directory in (f"{STATE}/{router['name']}", f"/etc/frr/{router['name']}"):
                os.makedirs(directory, exist_ok=True)
                os.chown(directory, _uid("frr"), _gid("frr"))
            with open(f"/etc/frr/{router['name']}/vtysh.conf", "w") as handle:
                handle.write("")
        for router in self.routers:
            self._spawn(router["name"], "zebra")
        self._await_sockets([(r["name"], "zebra") for r in self.routers], "zserv.api")
        rest = [(r["name"], d) for r in self.routers for d in r["daemons"] if d != "zebra"]
        for name, daemon in rest:
            self._spawn(name, daemon)
        self._await_sockets([(r["name"], "zebra") for r in self.routers] + rest, None)

    def _spawn(self, name: str, daemon: str) -> None:
        args = ["ip", "netns", "exec", name, f"{FRR}/{daemon}", "-N", name, "-F", "traditional"]
        args += ["-P", "0", "-f", "/dev/null", "-i", f"{STATE}/{name}/{daemon}.pid"]
        args += ["--limit-fds", str(FD_LIMIT)]
        self.daemons[(name, daemon)] = subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def _await_sockets(self, daemons: list[tuple[str, str]], socket_name: str | None) -> None:
        deadline = time.monotonic() + 15
        waiting = list(daemons)
        while waiting and time.monotonic() < deadline:
            still = []
            for name, daemon in waiting:
                path = f"{STATE}/{name}/{socket_name or daemon + '.vty'}"
                if not os.path.exists(path) and self.daemons[(name, daemon)].poll() is None:
                    still.append((name, daemon))
            waiting = still
            if waiting:
                time.sleep(0.01)

    def crashes(self) -> list[dict[str, Any]]:
        """The daemons that are no longer running, with their exit status (negative: signal)."""
        return [
            {"device": name, "daemon": daemon, "code": process.poll()}
            for (name, daemon), process in self.daemons.items()
            if process.poll() is not None
        ]

    # 4. apply
    def apply(self) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for router in self.routers:
            if router.get("nft") is not None:
                nft = f"{WORK}/config/{router['name']}.nft"
                code, text = run(["ip", "netns", "exec", router["name"], "nft", "-f", nft], 20)
                out.setdefault(router["name"], {})["nft"] = {"code": code, "output": text[:20000]}
        jobs = {
            r["name"]: self.pool.submit(
                run, ["vtysh", "-N", r["name"], "-f", f"{WORK}/config/{r['name']}.conf"], 30
            )
            for r in self.routers
        }
        for name, future in jobs.items():
            code, text = future.result()
            out.setdefault(name, {})["conf"] = {"code": code, "output": text[:20000]}
        return out

    # queries
    def show(self, node: str, command: str, daemon: str | None = None) -> Any:
        """A ``show … json`` command's decoded output, or None."""
        args = ["vtysh", "-N", node]
        if daemon:
            args += ["-d", daemon]
        _code, out = run([*args, "-c", command], timeout=10, errors=False)
        try:
            return json.loads(out) if out.strip() else None
        except ValueError:
            return None

    def running(self, node: str, daemon: str) -> bool:
        process = self.daemons.get((node, daemon))
        return process is not None and process.poll() is None

    def fingerprint(self) -> tuple[str, bool]:
        """The routers' routes and neighbour states (what changes while a lab converges), and
        whether a neighbour is half-way through forming an adjacency (it will change soon)."""

        def one(router: dict[str, Any]) -> tuple[Any, bool]:
            name = router["name"]
            routes = self.show(name, "show ip route json", "zebra") or {}
            table = sorted(
                (prefix, e.get("protocol"), bool(e.get("selected")), _hops(e))
                for prefix, entries in routes.items()
                if isinstance(entries, list)
                for e in entries
                if isinstance(e, dict)
            )
            ospf: list[Any] = []
            if self.running(name, "ospfd"):
                data = self.show(name, "show ip ospf neighbor json", "ospfd") or {}
                for neighbour, entries in sorted((data.get("neighbors") or {}).items()):
                    for e in entries if isinstance(entries, list) else []:
                        ospf.append((neighbour, str(e.get("nbrState", ""))))
            bgp: list[Any] = []
            if self.running(name, "bgpd"):
                data = self.show(name, "show bgp ipv4 unicast summary json", "bgpd") or {}
                for peer, info in sorted((data.get("peers") or {}).items()):
                    bgp.append((peer, info.get("state"), info.get("pfxRcd"), info.get("pfxSnt")))
            moving = any(state.split("/")[0] in OSPF_MOVING for _n, state in ospf) or any(
                state in BGP_MOVING for _p, state, *_ in bgp
            )
            return [name, table, ospf, bgp], moving

        results = list(self.pool.map(one, self.routers))
        return json.dumps([r[0] for r in results]), any(r[1] for r in results)

    # 5 and 6. items
    def evaluate(self, check: dict[str, Any], final: bool) -> dict[str, Any]:
        kind = check["kind"]
        try:
            evaluate: Callable[[dict[str, Any], bool], dict[str, Any]] = getattr(self, f"_{kind}")
            return evaluate(check, final)
        except Exception as exc:  # the item fails with the reason; the lab goes on
            return said(False, N_("could not be checked: %(error)s"), error=str(exc))

    def _ping(self, check: dict[str, Any], final: bool) -> dict[str, Any]:
        count = 3 if final else 1
        got = ping(check["from"], check["to"], check.get("source"), count, 1.0 if final else 0.4)
        reachable = check.get("expect", "reachable") == "reachable"
        who: Any = check["from"]
        if check.get("source"):
            who = said(
                True, N_("%(node)s (from %(source)s)"), node=check["from"], source=check["source"]
            )
        to = check["to"]
        if got == count:
            key = N_("%(who)s reaches %(to)s (%(got)s of %(count)s replies)")
            return said(reachable, key, who=who, to=to, got=got, count=count)
        if got == 0:
            key = N_("%(who)s gets no reply from %(to)s (0 of %(count)s)")
            return said(not reachable, key, who=who, to=to, count=count)
        key = N_("%(who)s → %(to)s: only %(got)s of %(count)s replies (unstable)")
        return said(False, key, who=who, to=to, got=got, count=count)

    def _reach(self, check: dict[str, Any], final: bool) -> dict[str, Any]:
        count = 3 if final else 1
        pairs = check["pairs"]
        answers = list(
            self.pool.map(lambda p: ping(p[0], p[1], None, count, 1.0 if final else 0.4), pairs)
        )
        wrong = []
        for (source, target, expect), got in zip(pairs, answers, strict=True):
            if got not in (0, count):
                wrong.append(f"{source} → {target}: {got} of {count} replies")
            elif (got == count) != expect:
                wrong.append(f"{source} → {target}: " + ("reachable" if got else "unreachable"))
        if wrong:
            key = N_("%(wrong)s of %(pairs)s pairs wrong: %(which)s")
            return said(False, key, wrong=len(wrong), pairs=len(pairs), which="; ".join(wrong[:8]))
        return said(True, N_("all %(pairs)s pairs as expected"), pairs=len(pairs))

    def _port(self, check: dict[str, Any], final: bool) -> dict[str, Any]:
        attempts = int(check.get("attempts", 3)) if final else 1
        states = [r["state"] for r in self._attempts(check, check.get("source"), attempts, final)]
        label = said(
            True,
            N_("%(proto)s %(to)s:%(port)s from %(source)s"),
            proto=check["proto"].upper(), to=check["to"], port=check["port"], source=check["from"],
        )  # fmt: skip
        opened = states.count("open")
        if 0 < opened < attempts:
            key = N_("%(label)s: inconsistent (%(opened)s of %(attempts)s connected)")
            return said(False, key, label=label, opened=opened, attempts=attempts)
        if check["expect"] == "open":
            if opened == attempts:
                return said(True, N_("%(label)s: open"), label=label)
            return said(False, N_("%(label)s: %(states)s"), label=label, states=_states(states))
        if opened:
            return said(False, N_("%(label)s: open, expected blocked"), label=label)
        if check.get("path_check", True) and final:
            got = ping(check["from"], check["to"], check.get("source"), 3, 1.0)
            if got != 3:
                key = N_(
                    "%(label)s: %(states)s, but %(to)s does not answer ping either (%(got)s of "
                    "3), so the block cannot be told apart from a missing route"
                )
                return said(
                    False, key, label=label, states=_states(states), to=check["to"], got=got
                )
        return said(
            True, N_("%(label)s: blocked (%(states)s)"), label=label, states=_states(states)
        )

    @staticmethod
    def _attempts(
        check: dict[str, Any], source: str | None, count: int, final: bool
    ) -> list[dict[str, Any]]:
        """``count`` independent connection attempts, started 150 ms apart, each with its own
        socket and timeout (a dropped packet costs one timeout, not one per attempt)."""
        port = int(check["port"])
        wait = 0.7 if final else 0.25
        results: list[dict[str, Any]] = [{} for _ in range(count)]

        def attempt(index: int) -> None:
            time.sleep(0.15 * index)
            results[index] = connect(check["from"], check["proto"], check["to"], port, source, wait)

        threads = [threading.Thread(target=attempt, args=(i,), daemon=True) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return results

    def _nat(self, check: dict[str, Any], final: bool) -> dict[str, Any]:
        seen = []
        for result in self._attempts(check, None, 3 if final else 1, final):
            if result["state"] != "open" or "seen" not in result:
                server = f"{check['to']}:{check['port']}"
                key = N_("%(node)s cannot reach the server at %(server)s (%(state)s)")
                return said(False, key, node=check["from"], server=server, state=result["state"])
            seen.append(result["seen"])
        wanted = ipaddress.ip_network(check["source"], strict=False)
        bad = [s for s in seen if ipaddress.ip_address(s) not in wanted]
        if bad:
            key = N_("the server at %(to)s saw %(seen)s, expected %(source)s")
            return said(False, key, to=check["to"], seen=bad[0], source=check["source"])
        return said(True, N_("the server at %(to)s saw %(seen)s"), to=check["to"], seen=seen[0])

    def _route(self, check: dict[str, Any], final: bool) -> dict[str, Any]:
        node, prefix = check["node"], check["prefix"]
        table = self.show(node, f"show ip route {prefix} longer-prefixes json", "zebra") or {}
        entries = [e for e in table.get(prefix, []) if isinstance(e, dict)]
        selected = [e for e in entries if e.get("selected")]
        protocol, nexthop, interface = (
            check.get("protocol"),
            check.get("nexthop"),
            check.get("interface"),
        )
        if not check.get("present", True):
            candidates = entries if protocol else selected
            hits = [e for e in candidates if not protocol or e.get("protocol") == protocol]
            if hits:
                key = N_("%(node)s has a route to %(prefix)s (%(protocol)s), expected none")
                return said(False, key, node=node, prefix=prefix, protocol=hits[0].get("protocol"))
            if protocol:
                key = N_("%(node)s has no %(protocol)s route to %(prefix)s")
                return said(True, key, node=node, protocol=protocol, prefix=prefix)
            return said(True, N_("%(node)s has no route to %(prefix)s"), node=node, prefix=prefix)
        if not selected:
            return said(False, N_("%(node)s has no route to %(prefix)s"), node=node, prefix=prefix)
        best = selected[0]
        if protocol and best.get("protocol") != protocol:
            key = N_("%(node)s learns %(prefix)s by %(protocol)s, expected %(want)s")
            learnt = str(best.get("protocol"))
            return said(False, key, node=node, prefix=prefix, protocol=learnt, want=protocol)
        hops = [
            h for h in best.get("nexthops", []) if isinstance(h, dict) and h.get("active", True)
        ]
        ips = [h.get("ip") for h in hops if h.get("ip")]
        names = [h.get("interfaceName") for h in hops if h.get("interfaceName")]
        if nexthop and nexthop not in ips:
            via = ", ".join(ips) or "-"
            key = N_("%(node)s reaches %(prefix)s via %(via)s, not %(want)s")
            return said(False, key, node=node, prefix=prefix, via=via, want=nexthop)
        if interface and interface not in names:
            out = ", ".join(names) or "?"
            key = N_("%(node)s reaches %(prefix)s out of %(out)s, not %(want)s")
            return said(False, key, node=node, prefix=prefix, out=out, want=interface)
        learnt = str(best.get("protocol"))
        if ips:
            key = N_("%(node)s reaches %(prefix)s by %(protocol)s via %(via)s")
            return said(True, key, node=node, prefix=prefix, protocol=learnt, via=", ".join(ips))
        key = N_("%(node)s reaches %(prefix)s by %(protocol)s")
        return said(True, key, node=node, prefix=prefix, protocol=learnt)

    def _neighbor(self, check: dict[str, Any], final: bool) -> dict[str, Any]:
        node, peer, wanted = check["node"], check["neighbor"], check["state"]
        if check["protocol"] == "ospf":
            data = self.show(node, "show ip ospf neighbor json", "ospfd") or {}
            entries = (data.get("neighbors") or {}).get(peer) or []
            states = [str(e.get("nbrState", "")) for e in entries if isinstance(e, dict)]
            ok = any(s.split("/")[0].lower() == wanted.lower() for s in states)
            if not states:
                key = N_("%(node)s: OSPF neighbour %(peer)s is not a neighbour")
                return said(ok, key, node=node, peer=peer)
            key = N_("%(node)s: OSPF neighbour %(peer)s is %(state)s")
            return said(ok, key, node=node, peer=peer, state=", ".join(states))
        data = self.show(node, "show bgp ipv4 unicast summary json", "bgpd") or {}
        info = (data.get("peers") or {}).get(peer)
        if not isinstance(info, dict):
            return said(
                False, N_("%(node)s: %(peer)s is not a BGP neighbour"), node=node, peer=peer
            )
        state = str(info.get("state", "?"))
        ok = state.lower() == wanted.lower()
        if state == "Established":
            key = N_(
                "%(node)s: BGP neighbour %(peer)s is %(state)s, %(prefixes)s prefixes received"
            )
            prefixes = info.get("pfxRcd", 0)
            return said(ok, key, node=node, peer=peer, state=state, prefixes=prefixes)
        key = N_("%(node)s: BGP neighbour %(peer)s is %(state)s")
        return said(ok, key, node=node, peer=peer, state=state)

    def _command(self, check: dict[str, Any], final: bool) -> dict[str, Any]:
        data = self.show(check["node"], check["command"])
        node, command = check["node"], check["command"]
        if data is None:
            return said(
                False, N_("%(node)s: `%(command)s` gave no JSON"), node=node, command=command
            )
        problem = subset_mismatch(check["expect"], data)
        if problem:
            return said(False, N_("%(node)s: %(problem)s"), node=node, problem=problem)
        return said(True, N_("%(node)s: `%(command)s` as expected"), node=node, command=command)

    def converge(self) -> dict[str, Any]:
        """Poll until the positive items hold and the state has been quiet for a moment, or
        the state has stopped changing, or the deadline passes."""
        settings = self.job.get("converge", {})
        started = time.monotonic()
        deadline = min(started + float(settings.get("timeout_s", 12)), self.deadline - 8)
        settle = float(settings.get("settle_s", 3))
        quiet = float(settings.get("quiet_s", 0.6))
        positives = [c for c in self.job["checks"] if c.get("poll")]
        state_checks = [c for c in positives if c["kind"] in ("route", "neighbor", "command")]
        probe_checks = [c for c in positives if c not in state_checks]
        last, changed = "", started
        changes: list[int] = []  # when the routers' state changed (ms), for timing reports
        while True:
            current, moving = self.fingerprint()
            now = time.monotonic()
            if current != last:
                last, changed = current, now
                changes.append(round((now - started) * 1000))
            ok = all(r["ok"] for r in self.pool.map(self._poll, state_checks))
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
        return list(self.pool.map(lambda c: self.evaluate(c, True), self.job["checks"]))


def _hops(entry: dict[str, Any]) -> tuple[str, ...]:
    hops = entry.get("nexthops") or []
    return tuple(sorted(str(h.get("ip", h.get("interfaceName"))) for h in hops))


def _states(states: list[str]) -> str:
    counts = {s: states.count(s) for s in dict.fromkeys(states)}
    return ", ".join(f"{state} ×{n}" if n > 1 else state for state, n in counts.items())


def _uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid


def _gid(name: str) -> int:
    import grp

    return grp.getgrnam(name).gr_gid


def main() -> None:
    job = json.loads(sys.stdin.read())
    lab = Lab(job)
    out: dict[str, Any] = {"timings": lab.timings}
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        lab.timings[f"{name}_ms"] = (now - clock) * 1000
        clock = now

    born = time.monotonic()
    try:
        with open("/etc/frr/vtysh.conf", "w") as handle:
            handle.write("")
        lab.build()
        lap("topology")
        out["dryrun"] = lab.dry_run()
        lap("check")
        bad = any(part["code"] != 0 for parts in out["dryrun"].values() for part in parts.values())
        if not bad:
            lab.start_daemons()
            lap("daemons")
            out["apply"] = lab.apply()
            lap("apply")
            out["converge"] = lab.converge()
            lap("convergence")
            out["items"] = lab.check_all()
            lap("checks")
            out["crashes"] = lab.crashes()
    except Exception:  # the lab itself could not be built: the judge's failure, not the student's
        out = {"error": traceback.format_exc(limit=4)[-3000:]}
    lab.timings["driver_ms"] = (time.monotonic() - born) * 1000
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    for process in lab.daemons.values():
        with contextlib.suppress(OSError):
            process.kill()
    os._exit(0)


if __name__ == "__main__":
    main()
