"""The ``lab`` section of a service task: the LAN, its hosts and their scripts, the files every
host sees under ``/lab``, and the checks, evaluated in order on the live system.

Each check has exactly one kind, given by the key that names it (``http``, ``tcp``, ``run``,
``vip``, ``mqtt``, ``stream``, ``replay``), and may change the lab first (``before``: a list of
actions, each a one-key map). References (a host, a network, a file under ``/lab``) are
checked here and reported at the field that holds them, e.g.
``lab.checks.2.http.from: unknown host 'x'``.
"""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv4Interface, IPv4Network
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ictjudge.labs.linux.spec import _regex
from ictjudge.labs.network.spec import _Errors
from ictjudge.texts import Text

HOST_NAME = r"^[a-z][a-z0-9-]{0,14}$"
NETWORK_NAME = r"^[a-z][a-z0-9-]{0,11}$"
FILE_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"
CHECK_ID = r"^[a-z0-9][a-z0-9_-]*$"
ENV_NAME = r"^[A-Z_][A-Z0-9_]*$"
LAB_DIR = "/lab/"
KINDS = ("http", "tcp", "run", "vip", "mqtt", "stream", "replay")
ACTIONS = ("stop", "start", "restart", "link", "run", "wait_s")
DEFAULT_NETWORKS = {"lan": IPv4Network("10.0.0.0/24")}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class _OnKey(_Model):
    """A model with an ``on`` field: YAML 1.1 (PyYAML's ``safe_load``) reads an unquoted
    ``on:`` key as the boolean True, which stands for "on" here."""

    @model_validator(mode="before")
    @classmethod
    def _yaml_on(cls, data: Any) -> Any:
        if isinstance(data, dict) and True in data and "on" not in data:
            return {("on" if key is True else key): value for key, value in data.items()}
        return data


class Host(_Model):
    """One Linux host on the LAN: its addresses, its hidden setup and the student's answer."""

    address: list[IPv4Interface] = Field(
        min_length=1, max_length=4, description="an address with its prefix, or a list of them"
    )
    gateway: IPv4Address | None = None
    label: Text | None = Field(None, description="the host's role, shown in the picture")
    answer: Literal["shell", "python"] | None = Field(
        None,
        description="shell: the student submits <host>.sh, run as root; python: <host>.py, "
        "started as an unprivileged user once every script has run",
    )
    starter: str | None = Field(None, description="lab/...: the editor's starting text")
    setup: str | None = Field(None, description="lab/...: hidden setup, run as root first")
    env: dict[str, str] = Field(default_factory=dict, max_length=32)

    @field_validator("address", mode="before")
    @classmethod
    def _one_or_more(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("starter", "setup")
    @classmethod
    def _package_path(cls, value: str | None) -> str | None:
        if value is not None and (not value.startswith("lab/") or ".." in value.split("/")):
            raise ValueError("a file of the task's package: lab/<name>")
        return value

    @field_validator("env")
    @classmethod
    def _env_names(cls, value: dict[str, str]) -> dict[str, str]:
        for name in value:
            if re.match(ENV_NAME, name) is None:
                raise ValueError(f"{name!r} is not an environment variable name ([A-Z_][A-Z0-9_]*)")
        return value


class Auth(_Model):
    user: str = Field(min_length=1)
    password: str


class HttpCheck(_Model):
    """Requests from a host and the replies they must get (``repeat``: one per connection)."""

    from_: str = Field(alias="from")
    url: str
    host: str | None = Field(None, description="the Host header (default: from the URL)")
    method: Literal["GET", "HEAD", "POST", "PUT", "DELETE"] = "GET"
    status: int | list[int] | None = Field(200, description="a status code, or a list of them")
    data: str | None = Field(None, description="the request's body (PUT, POST)")
    data_file: str | None = Field(None, description="/lab/<file>: the request's body")
    timeout_s: float = Field(2.0, gt=0, le=10, description="each request's time limit")
    cookies: str | None = Field(
        None,
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="a named cookie jar, kept for the whole lab run (across checks, repeats)",
    )
    bodies_regex: list[str] | None = Field(
        None, description="with repeat: reply i matches the i-th regular expression"
    )
    body: str | None = Field(None, description="the whole body (trailing spaces ignored)")
    body_contains: str | list[str] | None = None
    body_not_contains: str | list[str] | None = None
    body_regex: str | None = None
    headers: dict[str, str] = Field(
        default_factory=dict, description="header name -> a regular expression its value matches"
    )
    headers_absent: list[str] = Field(default_factory=list)
    follow: bool = False
    ca: str | None = Field(None, description="/lab/<file>: verify TLS with this CA")
    sni: str | None = None
    auth: Auth | None = None
    repeat: int = Field(1, ge=1, le=50)
    distinct_bodies: int | None = Field(None, ge=1, le=50)
    all: bool = Field(True, description="every reply must match (false: at least one)")

    _check_regex = field_validator("body_regex")(_regex)

    @field_validator("headers")
    @classmethod
    def _header_patterns(cls, value: dict[str, str]) -> dict[str, str]:
        for pattern in value.values():
            _regex(pattern)
        return {name.lower(): pattern for name, pattern in value.items()}

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("an http or https URL with a host, e.g. http://10.0.0.10/")
        try:
            parts.port  # noqa: B018 — raises on a bad port
        except ValueError as exc:
            raise ValueError(f"bad port: {exc}") from None
        return value

    @field_validator("status")
    @classmethod
    def _statuses(cls, value: int | list[int] | None) -> int | list[int] | None:
        codes = [value] if isinstance(value, int) else value or []
        if any(not 100 <= code <= 599 for code in codes):
            raise ValueError("an HTTP status code is between 100 and 599")
        return value

    @field_validator("bodies_regex")
    @classmethod
    def _patterns(cls, value: list[str] | None) -> list[str] | None:
        for pattern in value or []:
            _regex(pattern)
        return value

    @model_validator(mode="after")
    def _distinct(self) -> HttpCheck:
        if self.distinct_bodies is not None and self.distinct_bodies > self.repeat:
            raise ValueError("distinct_bodies cannot exceed repeat")
        if self.bodies_regex is not None and len(self.bodies_regex) != self.repeat:
            raise ValueError("bodies_regex needs one regular expression per request (repeat)")
        if self.data is not None and self.data_file is not None:
            raise ValueError("give data or data_file, not both")
        return self


class TcpCheck(_Model):
    from_: str = Field(alias="from")
    to: str = Field(description="an address or a host's name")
    port: int = Field(ge=1, le=65535)
    open: bool = True


class RunCheck(_OnKey):
    """A trusted command (``/bin/sh -c``) run in a host's namespaces within 5 s, and what it
    must print and return."""

    on: str
    command: str = Field(min_length=1)
    exit: int | Literal["any"] = 0
    stdout: str | None = None
    stdout_contains: str | list[str] | None = None
    stdout_not_contains: str | list[str] | None = None
    stdout_regex: str | None = None

    _check_regex = field_validator("stdout_regex")(_regex)


class VipCheck(_OnKey):
    address: IPv4Address
    on: str

    @field_validator("address", mode="before")
    @classmethod
    def _without_prefix(cls, value: Any) -> Any:
        return value.split("/")[0] if isinstance(value, str) else value


class Tls(_Model):
    ca: str = Field(description="/lab/<file>: the CA that signed the broker's certificate")


class Publish(_Model):
    topic: str = Field(min_length=1)
    payload: str = ""
    qos: Literal[0, 1, 2] = 0
    retain: bool = False


def _host_port(value: str | None) -> str | None:
    if value is not None and re.match(r"^[A-Za-z0-9.-]+(:\d{1,5})?$", value) is None:
        raise ValueError("host:port, e.g. 10.0.0.5:1883")
    return value


class Observe(_Model):
    """The second client of a publication check (default: the publisher's broker, account and
    topic)."""

    user: str | None = None
    password: str | None = None
    topic: str | None = None
    client_id: str | None = None
    broker: str | None = Field(None, description="host:port, when not the publisher's broker")
    tls: Tls | None = None

    _check_broker = field_validator("broker")(_host_port)


class Subscribe(_Model):
    topic: str = Field(min_length=1)
    qos: Literal[0, 1, 2] = 0


class Broker(_Model):
    """Where an MQTT client connects and as whom."""

    from_: str = Field(alias="from")
    broker: str = Field(description="host:port (an address or a host's name; port 1883)")
    tls: Tls | None = None
    user: str | None = None
    password: str | None = None
    client_id: str | None = None

    _check_broker = field_validator("broker")(_host_port)


MqttExpect = Literal[
    "connected", "refused", "delivered", "dropped", "granted", "denied", "received", "nothing"
]
EXPECTS_BY_SHAPE: dict[str, tuple[str, ...]] = {
    "connect": ("connected", "refused"),
    "publish": ("delivered", "dropped"),
    "subscribe": ("granted", "denied", "received", "nothing"),
}


class MqttCheck(Broker):
    """One MQTT exchange: a connection, a publish seen by an observer, or a subscription."""

    expect: MqttExpect
    publish: Publish | None = None
    observe: Observe | None = None
    subscribe: Subscribe | None = None
    message: str | None = Field(
        None, description="received: a regular expression the payload matches"
    )
    retained: bool | None = None
    qos: Literal[0, 1, 2] | None = None
    wait_s: float = Field(1.5, gt=0, le=15)

    _check_regex = field_validator("message")(_regex)

    @property
    def shape(self) -> str:
        if self.subscribe is not None:
            return "subscribe"
        return "publish" if self.publish is not None else "connect"

    @model_validator(mode="after")
    def _consistent(self) -> MqttCheck:
        allowed = EXPECTS_BY_SHAPE[self.shape]
        if self.expect not in allowed:
            raise ValueError(
                f"with {self.shape}, expect is one of {', '.join(allowed)} (got {self.expect})"
            )
        if self.observe is not None and (self.publish is None or self.subscribe is not None):
            raise ValueError("observe goes with publish (and no subscribe)")
        if self.expect != "received" and (
            self.message is not None or self.retained is not None or self.qos is not None
        ):
            raise ValueError("message, retained and qos go with expect: received")
        return self


class StreamCheck(Broker):
    """A device's telemetry: what a subscriber sees on ``topic`` for ``duration_s``."""

    topic: str = Field(min_length=1)
    duration_s: float = Field(gt=0, le=20)
    min_messages: int | None = Field(None, ge=0)
    max_messages: int | None = Field(None, ge=0)
    interval_s: tuple[float, float] | None = None
    json_: dict[str, str] | None = Field(
        None,
        alias="json",
        description="field -> a type (string, number, int or integer, bool or boolean, object, "
        "array) or a regular expression its value matches (a string without its quotes, "
        "anything else as JSON text)",
    )
    increasing: list[str] = Field(
        default_factory=list, description="fields whose numbers strictly increase"
    )
    qos: Literal[0, 1, 2] = 0


class ReplayCheck(Broker):
    """A sensor trace published, and what arrives on ``collect`` compared with the expected."""

    trace: str = Field(description="/lab/<file>: one {topic, payload, delay_s} a line")
    collect: str = Field(min_length=1)
    expect: str = Field(description="/lab/<file>: one {topic, payload} a line")
    wait_s: float = Field(2.0, gt=0, le=15)


class Action(_Model):
    """One change to the lab before a check (a one-key map; ``up`` goes with ``link``)."""

    stop: str | None = None
    start: str | None = None
    restart: str | None = None
    link: str | None = None
    up: bool = False
    run: RunAction | None = None
    wait_s: float | None = Field(None, gt=0, le=30)

    @property
    def kind(self) -> str:
        return next(k for k in ACTIONS if getattr(self, k) is not None)

    @property
    def host(self) -> str | None:
        if self.run is not None:
            return self.run.on
        value = getattr(self, self.kind)
        return value if isinstance(value, str) else None

    @model_validator(mode="after")
    def _one_kind(self) -> Action:
        given = [k for k in ACTIONS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(ACTIONS)} (got {len(given)})")
        if "up" in self.model_fields_set and self.link is None:
            raise ValueError("up goes with link")
        return self


class RunAction(_OnKey):
    on: str
    command: str = Field(min_length=1)


class Check(_Model):
    """One assessment item: the actions before it, what it checks, and how the report shows it."""

    id: str = Field(pattern=CHECK_ID, max_length=64)
    title: Text = Field(description="the item's name in the report, {en, zh}")
    points: float = Field(gt=0)
    feedback: Text | None = Field(None, description="shown when the item fails, {en, zh}")
    before: list[Action] = Field(default_factory=list, max_length=10)
    within_s: float = Field(0, ge=0, le=30, description="retry until it passes, this long")
    http: HttpCheck | None = None
    tcp: TcpCheck | None = None
    run: RunCheck | None = None
    vip: VipCheck | None = None
    mqtt: MqttCheck | None = None
    stream: StreamCheck | None = None
    replay: ReplayCheck | None = None

    @property
    def kind(self) -> str:
        return next(k for k in KINDS if getattr(self, k) is not None)

    @property
    def body(self) -> BaseModel:
        body: BaseModel = getattr(self, self.kind)
        return body

    @property
    def name(self) -> str:
        return self.title.en

    @model_validator(mode="after")
    def _one_kind(self) -> Check:
        given = [k for k in KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(KINDS)} (got {len(given)})")
        return self


class ServiceLab(_Model):
    """``type: service``: hosts on a LAN, the files they share, and the checks in order."""

    time_s: float = Field(10, gt=0, le=60, description="each host's scripts must end within this")
    networks: dict[str, IPv4Network] = Field(
        default_factory=lambda: dict(DEFAULT_NETWORKS), min_length=1, max_length=4
    )
    hosts: dict[str, Host] = Field(min_length=1, max_length=8)
    files: dict[str, str] = Field(
        default_factory=dict, max_length=16, description="/lab/<name> -> lab/<file>"
    )
    checks: list[Check] = Field(min_length=1, max_length=40)

    @property
    def answered(self) -> list[str]:
        """The hosts the student writes a script for, in the map's order."""
        return [name for name, host in self.hosts.items() if host.answer is not None]

    def network_of(self, address: IPv4Interface) -> str | None:
        return next((n for n, net in self.networks.items() if address.ip in net), None)

    def address_of(self, host: str) -> str:
        return str(self.hosts[host].address[0].ip)

    @model_validator(mode="after")
    def _references(self) -> ServiceLab:
        errors = _Errors()
        for name in self.networks:
            if re.match(NETWORK_NAME, name) is None:
                errors.add(("networks", name), "a network name is [a-z][a-z0-9-], at most 12 long")
        seen: dict[IPv4Address, str] = {}
        for name, host in self.hosts.items():
            if re.match(HOST_NAME, name) is None:
                errors.add(("hosts", name), "a host name is [a-z][a-z0-9-], at most 15 long")
            if name in self.networks:
                errors.add(("hosts", name), "a host cannot have a network's name")
            for index, address in enumerate(host.address):
                where = ("hosts", name, "address", index)
                if self.network_of(address) is None:
                    errors.add(where, f"{address} is on none of the lab's networks")
                elif address.network != self.networks[self.network_of(address) or ""]:
                    errors.add(where, f"{address}: the prefix differs from its network's")
                if address.ip in seen:
                    errors.add(where, f"{address.ip} is {seen[address.ip]}'s address already")
                seen[address.ip] = name
            nets = [self.network_of(a) for a in host.address]
            if len(set(nets)) != len(nets):
                errors.add(("hosts", name, "address"), "one address per network")
            if host.gateway is not None and not any(
                host.gateway in a.network for a in host.address
            ):
                errors.add(("hosts", name, "gateway"), "not on any of the host's networks")
            if host.starter is not None and host.answer is None:
                errors.add(("hosts", name, "starter"), "a starter goes with answer")
        if not self.answered:
            errors.add(("hosts",), "no host has an answer: give one answer: shell or python")
        for name, path in self.files.items():
            if re.match(FILE_NAME, name) is None:
                errors.add(("files", name), "a file name is [A-Za-z0-9._-], at most 64 long")
            if not path.startswith("lab/") or ".." in path.split("/"):
                errors.add(("files", name), "a file of the task's package: lab/<name>")
        ids: set[str] = set()
        for index, check in enumerate(self.checks):
            if check.id in ids:
                errors.add(("checks", index, "id"), f"duplicate check id {check.id!r}")
            ids.add(check.id)
            self._check_references(check, ("checks", index), errors)
        errors.raise_if_any()
        return self

    def _check_references(
        self, check: Check, where: tuple[str | int, ...], errors: _Errors
    ) -> None:
        for number, action in enumerate(check.before):
            host = action.host
            if host is not None and host not in self.hosts:
                field = "run" if action.run is not None else action.kind
                errors.add((*where, "before", number, field), f"unknown host {host!r}")
        body = check.body
        for field in ("from_", "on"):
            host = getattr(body, field, None)
            if host is not None and host not in self.hosts:
                name = "from" if field == "from_" else field
                errors.add((*where, check.kind, name), f"unknown host {host!r}")
        for field in ("ca", "trace", "expect"):
            value = getattr(body, field, None)
            if field == "expect" and not isinstance(body, ReplayCheck):
                continue
            if isinstance(value, str):
                self._lab_file(value, (*where, check.kind, field), errors)
        tls = getattr(body, "tls", None)
        if isinstance(tls, Tls):
            self._lab_file(tls.ca, (*where, check.kind, "tls", "ca"), errors)
        if isinstance(body, HttpCheck) and body.data_file is not None:
            self._lab_file(body.data_file, (*where, "http", "data_file"), errors)
        observe = getattr(body, "observe", None)
        if isinstance(observe, Observe) and observe.tls is not None:
            self._lab_file(observe.tls.ca, (*where, check.kind, "observe", "tls", "ca"), errors)

    def _lab_file(self, path: str, where: tuple[str | int, ...], errors: _Errors) -> None:
        if not path.startswith(LAB_DIR) or path[len(LAB_DIR) :] not in self.files:
            known = ", ".join(LAB_DIR + name for name in self.files) or "none"
            errors.add(where, f"{path!r} is not one of the lab's files ({known})")


Action.model_rebuild()
