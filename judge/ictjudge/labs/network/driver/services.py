"""The TCP and UDP services on hosts that the lab's items connect to."""

from __future__ import annotations

import contextlib
import socket
import threading

from .process import in_netns

MARK = "ICTARENA-SEEN"


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
