"""What a lab reads from one running device to answer VRP ``display`` commands.

The lab driver runs each read in the device's namespace after the assessment (the argv lists
of :data:`READS`, unchanged) and hands the outputs back verbatim; rendering them in VRP's
layouts is pure and happens outside the lab container, so the lab image never carries the
renderers. A read that failed or does not apply to the device (no routing daemon on a switch)
is the empty string.
"""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Live:
    """One device's live state, each field as its tool printed it."""

    routes: str = ""  # FRR: show ip route json
    ospf_peers: str = ""  # FRR: show ip ospf neighbor json
    addresses: str = ""  # ip -j address show
    links: str = ""  # ip -j -s link show (bridge membership in "master")
    ruleset: str = ""  # nft -j list ruleset
    sessions: str = ""  # the connection-tracking table (NAT sessions)


# Each field's read, as the driver runs it in the device's network namespace; FRR reads go
# through the device's vtysh (the driver adds the pathspace).
READS: dict[str, list[str]] = {
    "routes": ["vtysh", "-c", "show ip route json"],
    "ospf_peers": ["vtysh", "-c", "show ip ospf neighbor json"],
    "addresses": ["ip", "-j", "address", "show"],
    "links": ["ip", "-j", "-s", "link", "show"],
    "ruleset": ["nft", "-j", "list", "ruleset"],
    "sessions": ["cat", "/proc/net/nf_conntrack"],
}

# The reads that the assessment's own traffic changes (packet counters, NAT sessions): the driver
# takes them after the items; the others it takes while the items run.
AFTER_ITEMS: tuple[str, ...] = ("links", "sessions")


def live(outputs: dict[str, str]) -> Live:
    """A :class:`Live` from the driver's outputs by field name (unknown names are ignored)."""
    names = {f.name for f in fields(Live)}
    return Live(**{k: v for k, v in outputs.items() if k in names})
