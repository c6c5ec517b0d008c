"""Packet probes: frames injected on a veth pair (``eth0`` and its peer) with a raw socket, so
that they cross the firewall's input hook like traffic from another host, and the lab's answer
read back as accept, reject or drop."""

from __future__ import annotations

import socket
import struct
import subprocess
import time
from collections.abc import Iterator
from typing import Any

from .commands import environment

LAB_ADDRESS = "198.51.100.10"
PEER = "ictpeer"
ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4


class Wire:
    """A veth pair: ``eth0`` is the lab's interface (198.51.100.10/24); its peer is where
    probe packets are injected from any source address, as if from the network, so that they
    cross the firewall's input hook on eth0 like real traffic (loopback traffic would not)."""

    def __init__(self) -> None:
        for command in (
            ["ip", "link", "add", "eth0", "type", "veth", "peer", "name", PEER],
            ["ip", "link", "set", "eth0", "up"],
            ["ip", "link", "set", PEER, "up"],
            ["ip", "address", "add", f"{LAB_ADDRESS}/24", "dev", "eth0"],
        ):
            done = subprocess.run(
                command, capture_output=True, env=environment("root"), check=False
            )
            if done.returncode != 0:
                raise OSError(f"{' '.join(command)}: {done.stderr.decode().strip()}")
        self.lab_mac = self._mac("eth0")
        self.peer_mac = self._mac(PEER)
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.sock.bind((PEER, 0))
        self.sources: set[str] = set()
        self.port = 40000

    @staticmethod
    def _mac(name: str) -> bytes:
        with open(f"/sys/class/net/{name}/address") as handle:
            return bytes.fromhex(handle.read().strip().replace(":", ""))

    def route(self, source: str) -> None:
        """Replies to ``source`` leave through eth0 towards the peer."""
        if source in self.sources:
            return
        env = environment("root")
        for command in (
            ["ip", "route", "replace", f"{source}/32", "dev", "eth0"],
            ["ip", "neigh", "replace", source, "lladdr", self.peer_mac.hex(":"), "dev", "eth0"],
        ):
            subprocess.run(command, env=env, capture_output=True, check=True)
        self.sources.add(source)

    def send(self, source: str, proto: int, payload: bytes) -> None:
        ip = ip_header(source, LAB_ADDRESS, proto, len(payload))
        frame = self.lab_mac + self.peer_mac + struct.pack("!H", ETH_P_IP) + ip + payload
        self.sock.send(frame)

    def replies(self, source: str, until: float) -> Iterator[tuple[int | None, bytes | None]]:
        """IPv4 packets from the lab to ``source`` seen on the peer until ``until``, as
        (protocol, payload); (None, None) every 20 ms of silence."""
        while True:
            left = until - time.monotonic()
            if left <= 0:
                return
            self.sock.settimeout(min(left, 0.02))
            try:
                frame, address = self.sock.recvfrom(65535)
            except TimeoutError:
                yield None, None
                continue
            if address[2] == PACKET_OUTGOING or len(frame) < 34:
                continue
            if struct.unpack("!H", frame[12:14])[0] != ETH_P_IP:
                continue
            packet = frame[14:]
            header = (packet[0] & 0x0F) * 4
            if socket.inet_ntoa(packet[16:20]) != source:
                continue
            yield packet[9], packet[header:]


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total: int = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ip_header(source: str, destination: str, proto: int, length: int) -> bytes:
    fields = [0x45, 0, 20 + length, 0x1234, 0, 64, proto, 0]
    addresses = socket.inet_aton(source) + socket.inet_aton(destination)
    header = struct.pack("!BBHHHBBH", *fields) + addresses
    fields[7] = checksum(header)
    return struct.pack("!BBHHHBBH", *fields) + addresses


def transport(source: str, proto: int, body: bytes) -> bytes:
    """``body`` with its checksum filled in (TCP and UDP cover a pseudo-header)."""
    pseudo = socket.inet_aton(source) + socket.inet_aton(LAB_ADDRESS)
    pseudo += struct.pack("!BBH", 0, proto, len(body))
    offset = 16 if proto == 6 else 6
    value = checksum(pseudo + body)
    return body[:offset] + struct.pack("!H", value) + body[offset + 2 :]


def listener(proto: str, port: int) -> socket.socket:
    kind = socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM
    sock = socket.socket(socket.AF_INET, kind)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("0.0.0.0", port))
    if proto == "tcp":
        sock.listen(16)
    sock.setblocking(False)
    return sock


def knock(wire: Wire, probe: dict[str, Any], server: socket.socket | None) -> str:
    """One packet from ``probe['source']``: accept, drop or reject, as the firewall decided."""
    source, proto, port = probe["source"], probe["proto"], probe.get("port") or 0
    wire.route(source)
    wire.port += 1
    mine = wire.port
    if proto == "tcp":
        body = struct.pack("!HHIIBBHHH", mine, port, 1000, 0, 5 << 4, 0x02, 64240, 0, 0)
        wire.send(source, 6, transport(source, 6, body))
    elif proto == "udp":
        data = b"ict-probe"
        body = struct.pack("!HHHH", mine, port, 8 + len(data), 0) + data
        wire.send(source, 17, transport(source, 17, body))
    else:
        body = struct.pack("!BBHHH", 8, 0, 0, mine, 1) + b"ict-probe"
        body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
        wire.send(source, 1, body)
    until = time.monotonic() + probe.get("wait_s", 0.25)
    for number, payload in wire.replies(source, until):
        if proto == "udp" and server is not None:
            try:
                server.recvfrom(64)
                return "accept"
            except BlockingIOError:
                pass
        if number == 6 and proto == "tcp" and payload is not None and len(payload) >= 14:
            sport, dport = struct.unpack("!HH", payload[:4])
            flags = payload[13]
            if (sport, dport) == (port, mine):
                if flags & 0x12 == 0x12:
                    return "accept"
                if flags & 0x04:
                    return "reject"
        elif number == 1 and payload:
            if payload[0] == 0 and proto == "icmp":
                return "accept"
            if payload[0] == 3:
                return "reject"
    return "drop"


WIRE: list[Wire] = []  # made at the first packet probe, kept for the next


def packet_probe(probe: dict[str, Any]) -> dict[str, Any]:
    if not WIRE:
        WIRE.append(Wire())
    server = None
    if probe["proto"] in ("tcp", "udp"):
        server = listener(probe["proto"], probe["port"])
    try:
        return {"outcomes": [knock(WIRE[0], probe, server) for _ in range(probe.get("repeat", 2))]}
    finally:
        if server is not None:
            server.close()
