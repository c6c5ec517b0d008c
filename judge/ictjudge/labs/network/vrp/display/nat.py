"""``display nat session all``, from the connection-tracking table (``/proc/net/nf_conntrack``,
or ``conntrack -L``, which prints the same entries without the family columns).

A tracked connection is a NAT session when its reply does not simply mirror the original
direction: the reply's destination differs from the original source (source NAT: ``nat
outbound``) or the reply's source differs from the original destination (destination NAT:
``nat server``).
"""

from __future__ import annotations

from dataclasses import dataclass

PROTOCOLS = {"tcp": "TCP", "udp": "UDP", "icmp": "ICMP"}
NONE = "----"


@dataclass(frozen=True)
class Session:
    protocol: str  # tcp, udp, icmp
    number: int
    original: dict[str, str]
    reply: dict[str, str]

    @property
    def translated(self) -> bool:
        o, r = self.original, self.reply
        return o.get("src") != r.get("dst") or o.get("dst") != r.get("src")


def sessions(text: str) -> list[Session]:
    """The table's TCP, UDP and ICMP entries that NAT translated."""
    out: list[Session] = []
    for line in text.splitlines():
        words = line.split()
        if words and words[0] in ("ipv4", "ipv6"):
            if words[0] == "ipv6":
                continue
            words = words[2:]
        if len(words) < 2 or words[0] not in PROTOCOLS or not words[1].isdigit():
            continue
        original: dict[str, str] = {}
        reply: dict[str, str] = {}
        for word in words[2:]:
            key, equals, value = word.partition("=")
            if equals:
                (reply if key in original else original).setdefault(key, value)
        session = Session(words[0], int(words[1]), original, reply)
        if reply and session.translated:
            out.append(session)
    return out


def _entry(s: Session) -> list[str]:
    o, r = s.original, s.reply
    source = r.get("dst", NONE) if r.get("dst") != o.get("src") else NONE
    destination = r.get("src", NONE) if r.get("src") != o.get("dst") else NONE
    lines = [f"     Protocol          : {PROTOCOLS[s.protocol]}({s.number})"]
    if s.protocol == "icmp":
        lines += [
            f"     SrcAddr   Vpn     : {o.get('src', NONE)}",
            f"     DestAddr  Vpn     : {o.get('dst', NONE)}",
            f"     Type Code IcmpId  : {o.get('type', '0'):<4}{o.get('code', '0'):<4}"
            f"{o.get('id', '0')}",
            "     NAT-Info",
            f"       New SrcAddr     : {source}",
            f"       New DestAddr    : {destination}",
            f"       New IcmpId      : {r.get('id', NONE)}",
        ]
        return lines
    new_sport = r.get("dport", NONE) if source != NONE else NONE
    new_dport = r.get("sport", NONE) if destination != NONE else NONE
    return [
        *lines,
        f"     SrcAddr   Port Vpn : {o.get('src', NONE):<16}{o.get('sport', NONE)}",
        f"     DestAddr  Port Vpn : {o.get('dst', NONE):<16}{o.get('dport', NONE)}",
        "     NAT-Info",
        f"       New SrcAddr      : {source}",
        f"       New SrcPort      : {new_sport}",
        f"       New DestAddr     : {destination}",
        f"       New DestPort     : {new_dport}",
    ]


def display_nat_session_all(table: str) -> str:
    found = sessions(table)
    lines = ["  NAT Session Table Information:", ""]
    for s in found:
        lines += [*_entry(s), ""]
    lines.append(f"  Total : {len(found)}")
    return "\n".join(lines) + "\n"
