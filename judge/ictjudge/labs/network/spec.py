"""Models of the ``lab`` section of network tasks: the topology, what the student configures,
and the assessment items.

Names become Linux names inside the lab container: a device is a network namespace and an FRR
pathspace, an interface is one end of a veth pair (Linux allows at most 15 characters). Errors
about references (a link to an unknown device, an item on a host that has no such service) are
reported at the field that holds them, e.g. ``lab.links.2.b: unknown device 'r9'``.
"""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from ictjudge.labs.network.vrp.intents import Intent
from ictjudge.texts import Text

DEVICE_NAME = r"^[a-z][a-z0-9-]{0,14}$"
INTERFACE_NAME = r"^[A-Za-z][A-Za-z0-9_.-]{0,14}$"
CHECK_ID = r"^[a-z0-9][a-z0-9_-]*$"
VRP_PORT = r"^ge[0-9]{1,2}-[0-9]{1,2}-[0-9]{1,2}$"

Protocol = Literal["tcp", "udp"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Service(_Model):
    """A listener on a host: it answers every connection with the source address it saw."""

    proto: Protocol = "tcp"
    port: int = Field(ge=1, le=65535)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):  # "tcp/80"
            proto, _, port = value.partition("/")
            if not port or not port.isdigit():
                raise ValueError("a service is written proto/port, e.g. tcp/80 or udp/53")
            return {"proto": proto.strip().lower(), "port": int(port)}
        return value

    def __str__(self) -> str:
        return f"{self.proto}/{self.port}"


class Device(_Model):
    """A router, a switch (VRP labs: one bridge per VLAN, :mod:`.vrp.bridge`), or a host
    (``host``/``server``: an address, a gateway and listeners)."""

    kind: Literal["router", "switch", "host", "server"] = "router"
    label: str = Field("", max_length=40, description="a role shown in the picture, e.g. ISP")
    editable: bool = Field(False, description="the student submits this router's configuration")
    config: str = Field(
        "", description="configuration in the lab's dialect applied at start; the editor's text"
    )
    nftables: bool = Field(False, description="the student also submits <device>.nft")
    nft: str = Field("", description="nftables ruleset applied at start; the editor's text")
    address: IPv4Interface | None = None
    gateway: IPv4Address | None = None
    services: list[Service] = Field(default_factory=list)

    @property
    def is_router(self) -> bool:
        return self.kind == "router"

    @property
    def configured(self) -> bool:
        """A router or a switch: it runs a configuration (hosts have fields instead)."""
        return self.kind in ("router", "switch")

    @model_validator(mode="after")
    def _kind_fields(self) -> Device:
        if self.configured:
            extra = [n for n in ("address", "gateway") if getattr(self, n) is not None]
            if self.services:
                extra.append("services")
            if extra:
                raise ValueError(
                    f"{', '.join(extra)}: only hosts have these (a {self.kind}'s addresses "
                    "are in its configuration)"
                )
            if self.nftables and not (self.editable and self.is_router):
                raise ValueError("nftables: only an editable router takes a submitted ruleset")
            return self
        if self.address is None:
            raise ValueError(f"a {self.kind} needs an address, e.g. 192.168.1.10/24")
        wrong = [n for n in ("editable", "nftables") if getattr(self, n)]
        wrong += [n for n in ("config", "nft") if getattr(self, n)]
        if wrong:
            raise ValueError(f"{', '.join(wrong)}: a {self.kind} is not configured in this lab")
        if self.gateway is not None and self.gateway not in self.address.network:
            raise ValueError(f"gateway {self.gateway} is outside {self.address.network}")
        return self


class Endpoint(_Model):
    device: str
    interface: str = Field(pattern=INTERFACE_NAME)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            device, sep, interface = value.partition(":")
            if not sep:
                raise ValueError("an end of a link is written device:interface, e.g. r1:ge0-0-0")
            return {"device": device.strip(), "interface": interface.strip()}
        return value

    @field_validator("interface")
    @classmethod
    def _not_loopback(cls, value: str) -> str:
        if value == "lo":
            raise ValueError("lo is the loopback, not a link")
        return value

    def __str__(self) -> str:
        return f"{self.device}:{self.interface}"


class Link(_Model):
    """A cable: ``[r1:ge0-0-0, r2:ge0-0-0]``, optionally with its subnet as a third element."""

    a: Endpoint
    b: Endpoint
    subnet: IPv4Network | None = Field(None, description="for the picture, and checked for hosts")

    @model_validator(mode="before")
    @classmethod
    def _from_list(cls, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            if len(value) not in (2, 3):
                raise ValueError("a link is [device:interface, device:interface, subnet?]")
            return dict(zip(("a", "b", "subnet"), value, strict=False))
        return value


class PingCheck(_Model):
    """Echo requests from a device (optionally from one of its addresses) to an address."""

    from_: str = Field(alias="from")
    to: IPv4Address
    source: IPv4Address | None = None
    expect: Literal["reachable", "unreachable"] = "reachable"


class ReachCheck(_Model):
    """A reachability matrix: every source pings every target; ``except`` lists the pairs that
    must give the opposite result."""

    from_: list[str] = Field(alias="from", min_length=1)
    to: list[IPv4Address] = Field(min_length=1)
    expect: Literal["reachable", "unreachable"] = "reachable"
    except_: list[tuple[str, IPv4Address]] = Field(default_factory=list, alias="except")


class PortCheck(_Model):
    """A TCP or UDP port from a device: ``open`` or ``blocked``, the same on every attempt.

    A block only counts when the destination still answers ping from the same source
    (``path_check``), so a missing route cannot pass for a working filter."""

    from_: str = Field(alias="from")
    to: IPv4Address
    port: int = Field(ge=1, le=65535)
    proto: Protocol = "tcp"
    expect: Literal["open", "blocked"] = "open"
    source: IPv4Address | None = None
    attempts: int = Field(3, ge=2, le=5)
    path_check: bool = True


class RouteCheck(_Model):
    """A route in a router's table (``show ip route json``): present or absent, with protocol,
    next hop and outgoing interface when given."""

    node: str
    prefix: IPv4Network
    present: bool = True
    protocol: Literal["connected", "static", "ospf", "rip", "bgp", "kernel"] | None = None
    nexthop: IPv4Address | None = None
    interface: str | None = Field(None, pattern=INTERFACE_NAME)


class NeighborCheck(_Model):
    """An OSPF neighbour (by router ID) or a BGP peer (by address) in a given state."""

    node: str
    protocol: Literal["ospf", "bgp"]
    neighbor: IPv4Address
    state: str | None = Field(None, description="default: Full (OSPF), Established (BGP)")

    @property
    def wanted(self) -> str:
        return self.state or ("Full" if self.protocol == "ospf" else "Established")


class NatCheck(_Model):
    """The source address a server saw: a host's listener reports it back."""

    from_: str = Field(alias="from")
    to: IPv4Address
    port: int = Field(ge=1, le=65535)
    proto: Protocol = "tcp"
    source: IPv4Network = Field(description="the address (or range) the server must see")


class CommandCheck(_Model):
    """A ``show … json`` command whose output must contain ``expect`` (subset match: order and
    extra keys ignored, ``null`` means the key must be absent, ``{$regex: …}`` matches text)."""

    node: str
    run: str = Field(pattern=r"^show\s[ -~]*\bjson$", max_length=200)
    expect: dict[str, Any] | list[Any]


KINDS = ("ping", "reach", "port", "route", "neighbor", "nat", "command", "intent")


class Check(_Model):
    """One assessment item: what is checked, its points, and feedback for the student."""

    id: str = Field(pattern=CHECK_ID, max_length=40)
    title: Text | None = Field(None, description="the item's name in the report, {en, zh}")
    points: float = Field(gt=0)
    feedback: Text | None = Field(None, description="shown when the item fails, {en, zh}")
    requires: list[str] = Field(
        default_factory=list,
        description="earlier items that must pass for this one to count (so that, e.g., a "
        "route's absence cannot score while the routers are not even talking)",
    )
    ping: PingCheck | None = None
    reach: ReachCheck | None = None
    port: PortCheck | None = None
    route: RouteCheck | None = None
    neighbor: NeighborCheck | None = None
    nat: NatCheck | None = None
    command: CommandCheck | None = None
    intent: Intent | None = Field(
        None,
        description="VRP labs: lines the device's configuration holds or lacks (vrp.intents), "
        "checked on the submitted text; students see only the title and the outcome",
    )

    @property
    def kind(self) -> str:
        return next(k for k in KINDS if getattr(self, k) is not None)

    @property
    def body(self) -> BaseModel:
        body: BaseModel = getattr(self, self.kind)
        return body

    @property
    def name(self) -> str:
        return self.title.en if self.title else self.id

    @field_validator("title", "feedback")
    @classmethod
    def _short(cls, value: Text | None, info: ValidationInfo) -> Text | None:
        limit = 120 if info.field_name == "title" else 500
        if value is not None and max(len(value.en), len(value.zh)) > limit:
            raise ValueError(f"at most {limit} characters in each language")
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> Check:
        given = [k for k in KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(KINDS)} (got {len(given)})")
        return self

    @model_validator(mode="before")
    @classmethod
    def _intent_title(cls, data: Any) -> Any:
        """An intent's title is its item's title, unless the item gives one."""
        intent = data.get("intent") if isinstance(data, dict) else None
        if isinstance(intent, dict) and data.get("title") is None and intent.get("title"):
            return {**data, "title": intent["title"]}
        return data


class NetworkLab(_Model):
    """``type: network``: devices, links, the assessment items, and the judge's settings."""

    dialect: Literal["frr", "vrp"] = Field(
        "frr", description="what the configurations are written in: FRR, or Huawei VRP"
    )
    devices: dict[str, Device] = Field(min_length=1, max_length=12)
    links: list[Link] = Field(default_factory=list, max_length=24)
    checks: list[Check] = Field(min_length=1, max_length=40)
    ebgp_requires_policy: bool = Field(
        True, description="FRR's RFC 8212 default; false adds `no bgp ebgp-requires-policy`"
    )
    fast_timers: bool = Field(
        True, description="OSPF point-to-point, hello 1/dead 3, no SPF/LSA throttling; BGP 1/3"
    )
    converge_s: float = Field(12, ge=2, le=30, description="the longest wait for convergence")
    settle_s: float = Field(
        3.5,
        ge=1,
        le=10,
        description="stop waiting once nothing changed this long (above OSPF's 3 s dead "
        "interval, so a broadcast link's wait for its designated router is not cut short)",
    )

    def interfaces(self, device: str, to_switch: bool | None = None) -> list[str]:
        """The interfaces of the device that are linked (its loopback ``lo`` is not); with
        ``to_switch``, only those whose other end is (or is not) a switch."""
        out: list[str] = []
        for link in self.links:
            for end, other in ((link.a, link.b), (link.b, link.a)):
                if end.device != device:
                    continue
                kind = self.devices[other.device].kind if other.device in self.devices else ""
                if to_switch is None or to_switch == (kind == "switch"):
                    out.append(end.interface)
        return out

    @property
    def editable(self) -> list[str]:
        return [name for name, device in self.devices.items() if device.editable]

    def host_interface(self, name: str) -> tuple[str, Link]:
        for link in self.links:
            for end in (link.a, link.b):
                if end.device == name:
                    return end.interface, link
        raise KeyError(name)

    @model_validator(mode="after")
    def _references(self) -> NetworkLab:
        errors = _Errors()
        for name in self.devices:
            if not _matches(DEVICE_NAME, name):
                errors.add(("devices", name), "a device name is [a-z][a-z0-9-], at most 15 long")
        if not self.editable:
            errors.add(("devices",), "no device is editable: mark what the student configures")
        used: dict[tuple[str, str], int] = {}
        for index, link in enumerate(self.links):
            for side, end in (("a", link.a), ("b", link.b)):
                where: tuple[str | int, ...] = ("links", index, side)
                if end.device not in self.devices:
                    errors.add(where, f"unknown device {end.device!r}")
                key = (end.device, end.interface)
                if key in used:
                    errors.add(where, f"{end} is already used by link {used[key]}")
                used[key] = index
            if link.a.device == link.b.device:
                errors.add(("links", index), "a link joins two different devices")
        self._dialect_references(errors)
        for name, device in self.devices.items():
            if device.configured:
                continue
            ends = [k for k in used if k[0] == name]
            if len(ends) != 1:
                errors.add(("devices", name), f"a {device.kind} has exactly one link ({len(ends)})")
                continue
            _iface, link = self.host_interface(name)
            assert device.address is not None
            if link.subnet is not None and device.address.ip not in link.subnet:
                errors.add(("devices", name, "address"), f"outside its link's {link.subnet}")
        served: set[tuple[IPv4Address, str, int]] = {
            (device.address.ip, service.proto, service.port)
            for device in self.devices.values()
            if device.address is not None
            for service in device.services
        }
        hosts = {d.address.ip for d in self.devices.values() if d.address is not None}
        seen: set[str] = set()
        for index, check in enumerate(self.checks):
            where = ("checks", index)
            if check.id in seen:
                errors.add((*where, "id"), f"duplicate item id {check.id!r}")
            for position, needed in enumerate(check.requires):
                if needed not in seen:
                    errors.add((*where, "requires", position), f"no earlier item {needed!r}")
            seen.add(check.id)
            self._check_references(check, (*where, check.kind), errors, served, hosts)
        errors.raise_if_any()
        return self

    def _dialect_references(self, errors: _Errors) -> None:
        """Switches only in VRP labs; a VRP device's configuration parses, its ACLs and NAT
        are in it (no ruleset of its own), and its cabled ports are GigabitEthernet ports."""
        from ictjudge.labs.network.vrp.parser import parse

        for name, device in self.devices.items():
            where = ("devices", name)
            if self.dialect == "frr":
                if device.kind == "switch":
                    errors.add((*where, "kind"), "switches are available in `dialect: vrp` labs")
                continue
            if not device.configured:
                continue
            if device.nftables or device.nft:
                errors.add(
                    (*where, "nftables"),
                    "a VRP device's ACLs and NAT are in its configuration, not a ruleset",
                )
            result = parse(device.config)
            if isinstance(result, list):
                for problem in result[:5]:
                    errors.add((*where, "config"), str(problem))
        for index, link in enumerate(self.links):
            for side, end in (("a", link.a), ("b", link.b)):
                known = self.devices.get(end.device)
                vrp = self.dialect == "vrp" and known is not None and known.configured
                if vrp and not _matches(VRP_PORT, end.interface):
                    errors.add(
                        ("links", index, side),
                        f"{end}: a VRP device's port is named like ge0-0-1 (GigabitEthernet0/0/1)",
                    )

    def _check_references(
        self,
        check: Check,
        where: tuple[str | int, ...],
        errors: _Errors,
        served: set[tuple[IPv4Address, str, int]],
        hosts: set[IPv4Address],
    ) -> None:
        body = check.body
        for field, router_only in (("node", True), ("from_", False)):
            names = getattr(body, field, None)
            if names is None:
                continue
            alias = "from" if field == "from_" else field
            for name in names if isinstance(names, list) else [names]:
                device = self.devices.get(name)
                if device is None:
                    errors.add((*where, alias), f"unknown device {name!r}")
                elif router_only and not device.configured:
                    errors.add(
                        (*where, alias),
                        f"{name} is a {device.kind}; this item reads a router or a switch",
                    )
        if isinstance(body, Intent):
            known = self.devices.get(body.device)
            if self.dialect != "vrp":
                errors.add(where, "intents read VRP configurations: `dialect: vrp` labs only")
            elif known is None:
                errors.add((*where, "device"), f"unknown device {body.device!r}")
            elif not known.configured:
                errors.add(
                    (*where, "device"),
                    f"{body.device} is a {known.kind}; an intent reads a router's or a switch's "
                    "configuration",
                )
        if isinstance(body, ReachCheck):
            for pair_index, (name, _target) in enumerate(body.except_):
                if name not in body.from_:
                    errors.add((*where, "except", pair_index), f"{name} is not in 'from'")
        if isinstance(body, (PortCheck, NatCheck)) and body.to in hosts:
            if (body.to, body.proto, body.port) not in served:
                errors.add(
                    (*where, "port"),
                    f"no host at {body.to} serves {body.proto}/{body.port}: add it to the "
                    "host's services, or a blocked port could pass because nothing listens",
                )
        elif isinstance(body, NatCheck):
            errors.add(
                (*where, "to"), f"{body.to} is not a host's address (a listener reports NAT)"
            )


class _Errors:
    """Validation errors gathered with their locations, raised together."""

    def __init__(self) -> None:
        self.details: list[InitErrorDetails] = []

    def add(self, loc: tuple[str | int, ...], message: str) -> None:
        error = PydanticCustomError("lab_reference", message)
        self.details.append(InitErrorDetails(type=error, loc=loc, input=None))

    def raise_if_any(self) -> None:
        if self.details:
            raise ValidationError.from_exception_data("NetworkLab", self.details)


def _matches(pattern: str, value: str) -> bool:
    return re.match(pattern, value) is not None
