"""The client's address behind a reverse proxy.

``X-Forwarded-For`` is believed only when the peer is one of ``ARENA_TRUSTED_PROXIES``
(addresses or CIDRs, none by default): then the client is the right-most address in the header
that is not itself a trusted proxy. Anyone else's header is ignored, loopback included: on a
shared host any local process could otherwise claim any address and dodge the per-address
login throttle.
"""

from __future__ import annotations

from collections.abc import Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address
from typing import Any

Network = IPv4Network | IPv6Network


def _trusted(host: str, networks: Sequence[Network]) -> bool:
    try:
        address = ip_address(host.strip().strip("[]"))
    except ValueError:
        return False
    return any(address in network for network in networks)


def forwarded_client(peer: str, header: str, networks: Sequence[Network]) -> str:
    """The client address for a request from ``peer`` carrying ``X-Forwarded-For: header``."""
    if not networks or not _trusted(peer, networks):
        return peer
    hops = [hop.strip() for hop in header.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, networks):
            try:
                return str(ip_address(hop.strip("[]")))
            except ValueError:
                return peer  # garbage from a proxy we trust: keep the proxy's own address
    return hops[0] if hops else peer


class TrustedProxies:
    """Rewrite the ASGI ``client`` from ``X-Forwarded-For`` (and ``scheme`` from
    ``X-Forwarded-Proto``) when, and only when, the peer is a trusted proxy."""

    def __init__(self, app: Any, networks: Sequence[Network] = ()) -> None:
        self.app = app
        self.networks = list(networks)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in ("http", "websocket") and self.networks and scope.get("client"):
            peer, port = scope["client"]
            if _trusted(peer, self.networks):
                headers = dict(scope["headers"])
                forwarded = headers.get(b"x-forwarded-for", b"").decode("latin-1")
                scope = dict(scope)
                if forwarded:
                    scope["client"] = (forwarded_client(peer, forwarded, self.networks), port)
                proto = headers.get(b"x-forwarded-proto", b"").decode("latin-1").strip()
                if proto in ("http", "https"):
                    scope["scheme"] = proto
        await self.app(scope, receive, send)
