"""The topology: one network namespace per device, veth pairs created directly into them,
sysctls written per namespace (``/proc/sys`` is remounted read-write for that and read-only
again), a switch's bridges (the judge's plan: ``ip -batch`` lines run in its namespace), and on
hosts their address and default route."""

from __future__ import annotations

from typing import Any

from .process import run, write_sysctls

CONFIGURED = ("router", "switch")  # devices that run FRR; the others are hosts


def build(devices: list[dict[str, Any]], links: list[list[str]]) -> None:
    """Make every device's namespace and every link; no path between devices but the links."""
    names = [d["name"] for d in devices]
    code, out = run(["ip", "-batch", "-"], stdin="".join(f"netns add {n}\n" for n in names))
    if code != 0:
        raise RuntimeError(f"netns: {out}")
    code, out = run(["mount", "-o", "remount,rw", "/proc/sys"])
    if code != 0:
        raise RuntimeError(f"remount /proc/sys: {out}")
    try:
        for device in devices:
            router = device["kind"] in CONFIGURED
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
    pairs = "".join(
        f"link add {ai} netns {a} type veth peer name {bi} netns {b}\n" for a, ai, b, bi in links
    )
    if pairs:
        code, out = run(["ip", "-batch", "-"], stdin=pairs)
        if code != 0:
            raise RuntimeError(f"links: {out}")
    ends: dict[str, list[str]] = {}
    for a, ai, b, bi in links:
        ends.setdefault(a, []).append(ai)
        ends.setdefault(b, []).append(bi)
    for device in devices:
        name = device["name"]
        lines = ["link set lo up", *(f"link set {i} up" for i in ends.get(name, []))]
        lines += device.get("setup", [])  # a switch's bridges, as the judge planned them
        if device["kind"] not in CONFIGURED:
            lines.append(f"addr add {device['address']} dev {device['interface']}")
            if device.get("gateway"):
                lines.append(f"route add default via {device['gateway']}")
        code, out = run(["ip", "-n", name, "-batch", "-"], stdin="\n".join(lines) + "\n")
        if code != 0:
            raise RuntimeError(f"{name}: {out}")
