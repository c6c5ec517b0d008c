"""The ``lab`` section of a Linux task: the lab's limits and hidden setup, and its checks.

Each check is one assessment item. Its kind is given by the key that names what it looks at:
``run`` (a command), ``http`` and ``tcp`` (a service on the loopback), ``packet`` (what the
firewall does with a packet from elsewhere), ``file`` (a path), ``user``, ``group`` and
``cron``. The first of those keys a check has decides its kind; the others are options of that
kind (a ``file`` check's ``group`` is the file's group, a ``cron`` check's ``user`` the user
the job runs as).
"""

from __future__ import annotations

import re
from ipaddress import IPv4Address
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from ictjudge.texts import Text

LAB_ADDRESS = "198.51.100.10"  # the lab's eth0 in packet checks
IDENT = r"^[a-z0-9][a-z0-9_-]*$"
NAME = r"^[a-z_][a-z0-9_.-]*\$?$"  # a user or group name as useradd accepts it
DEFAULT_CAPABILITIES = ("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID")
Capability = Literal[
    "AUDIT_WRITE", "NET_ADMIN", "NET_BIND_SERVICE", "NET_RAW", "SETFCAP", "SYS_CHROOT"
]  # fmt: skip
"""Capabilities a task may add to the default set; nothing that could reach the host
(SYS_ADMIN, SYS_PTRACE, DAC_READ_SEARCH, SYS_MODULE, ...) is on the list."""
ACL_ENTRY = re.compile(r"^(?:(user|group):([^:\s]*)|(mask|other):):([r-][w-][x-])$")
KINDS = ("run", "http", "tcp", "packet", "file", "cron", "user", "group")
PACKET_CAPABILITIES = ("NET_ADMIN", "NET_RAW")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _regex(value: str | None) -> str | None:
    if value is not None:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
    return value


def texts(value: str | list[str] | None) -> list[str]:
    """One text or several, as a list."""
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


class CheckBase(_Model):
    """What every check has: an id, its points, and how the report shows it."""

    id: str = Field(pattern=IDENT, max_length=64)
    points: float = Field(gt=0)
    title: Text | None = Field(None, description="the item's name in the report")
    feedback: Text | None = Field(None, description="shown to the student when it fails")

    @property
    def name(self) -> str:
        return self.title.en if self.title else self.id


class Service(_Model):
    """Options of checks that may start a service first (run, http, tcp)."""

    start: str | None = Field(
        None, description="a command started in the background first (as root), e.g. a daemon "
        "in the foreground; it is killed after the check"
    )  # fmt: skip
    wait_port: int | None = Field(
        None, ge=1, le=65535, description="wait until 127.0.0.1:PORT accepts connections"
    )
    timeout_s: float = Field(5.0, gt=0, le=30)


class RunCheck(CheckBase, Service):
    """A command (bash) and what it must print and return."""

    run: str = Field(min_length=1)
    as_: str | None = Field(None, alias="as", pattern=NAME, description="run as this user")
    exit: int | Literal["any"] = Field(0, description="the exit status required ('any': none)")
    stdout: str | None = Field(None, description="the whole output (trailing spaces ignored)")
    stdout_contains: str | list[str] | None = None
    stdout_not_contains: str | list[str] | None = None
    stdout_regex: str | None = None
    stdout_not_regex: str | None = None
    stderr_regex: str | None = None

    _check_regex = field_validator("stdout_regex", "stdout_not_regex", "stderr_regex")(_regex)


class HttpCheck(CheckBase, Service):
    """A GET on the loopback and the response it must get."""

    http: str = Field(description="a URL on the lab itself, e.g. http://127.0.0.1:8080/health")
    host: str | None = Field(None, description="the Host header (default: from the URL)")
    status: int | None = Field(200, ge=100, le=599)
    body: str | None = Field(None, description="the whole body (trailing spaces ignored)")
    body_contains: str | list[str] | None = None
    body_regex: str | None = None
    headers: dict[str, str] = Field(
        default_factory=dict, description="header name -> a regular expression its value matches"
    )

    _check_regex = field_validator("body_regex")(_regex)

    @field_validator("headers")
    @classmethod
    def _header_patterns(cls, value: dict[str, str]) -> dict[str, str]:
        for pattern in value.values():
            _regex(pattern)
        return {name.lower(): pattern for name, pattern in value.items()}

    @field_validator("http")
    @classmethod
    def _loopback(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost"):
            raise ValueError("an http check reaches the lab itself: http://127.0.0.1:PORT/PATH")
        try:
            parts.port  # noqa: B018 — raises on a bad port
        except ValueError as exc:
            raise ValueError(f"bad port: {exc}") from None
        return value

    @property
    def port(self) -> int:
        return urlsplit(self.http).port or 80

    @property
    def target(self) -> str:
        parts = urlsplit(self.http)
        return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class TcpCheck(CheckBase, Service):
    """A TCP connection to the loopback: open or closed, and what the service says."""

    tcp: int = Field(ge=1, le=65535, description="the port on 127.0.0.1")
    open: bool = True
    send: str | None = None
    expect_regex: str | None = Field(None, description="what the service must answer")

    _check_regex = field_validator("expect_regex")(_regex)


class PacketCheck(CheckBase):
    """A packet from another host arriving on the lab's ``eth0`` (198.51.100.10): what the
    firewall does with it. Sent ``repeat`` times; every time must give the expected outcome.
    The lab must declare NET_ADMIN and NET_RAW, and usually loads its rules in ``boot``."""

    packet: Literal["tcp", "udp", "icmp"]
    port: int | None = Field(None, ge=1, le=65535, description="destination port (tcp, udp)")
    from_: IPv4Address = Field(IPv4Address("203.0.113.7"), alias="from")
    expect: Literal["accept", "drop", "reject"]
    repeat: int = Field(2, ge=1, le=5)

    @model_validator(mode="after")
    def _port(self) -> PacketCheck:
        if (self.packet == "icmp") != (self.port is None):
            raise ValueError("tcp and udp packets need a port; icmp (echo request) has none")
        if self.from_.is_loopback or self.from_ == IPv4Address(LAB_ADDRESS):
            raise ValueError(f"'from' must be another host than the lab ({LAB_ADDRESS})")
        return self


class FileCheck(CheckBase):
    """A path: existence, type, mode, owner, ACL entries, content."""

    file: str = Field(pattern=r"^/", description="an absolute path")
    exists: bool = True
    type: Literal["file", "directory", "symlink"] | None = None
    follow: bool = Field(
        False, description="follow a symbolic link at the path (by default it is reported as one)"
    )
    mode: str | None = Field(None, description="the permission bits in octal, e.g. '2770'")
    owner: str | None = None
    group: str | None = None
    target: str | None = Field(None, description="a symbolic link's target")
    contains: str | list[str] | None = None
    not_contains: str | list[str] | None = None
    regex: str | None = Field(None, description="must match somewhere (multi-line mode)")
    equals: str | None = Field(None, description="the whole content (trailing spaces ignored)")
    acl: list[str] = Field(default_factory=list, description="entries like user:alice:r-x")
    default_acl: list[str] = Field(default_factory=list)
    acl_absent: list[str] = Field(
        default_factory=list, description="qualifiers without an entry, e.g. user:eve"
    )

    _check_regex = field_validator("regex")(_regex)

    @field_validator("mode", mode="before")
    @classmethod
    def _octal(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            raise ValueError("write a mode as a quoted octal string, e.g. '0750'")
        if isinstance(value, str) and not re.fullmatch(r"0?[0-7]{3,4}", value):
            raise ValueError(f"{value!r} is not an octal mode like '0750' or '2770'")
        return value

    @field_validator("acl", "default_acl")
    @classmethod
    def _entries(cls, value: list[str]) -> list[str]:
        for entry in value:
            if not ACL_ENTRY.match(entry):
                raise ValueError(
                    f"{entry!r} is not an ACL entry like 'user:alice:r-x', 'group::r--' "
                    "or 'mask::rwx'"
                )
        return value

    @field_validator("acl_absent")
    @classmethod
    def _qualifiers(cls, value: list[str]) -> list[str]:
        for entry in value:
            if not re.fullmatch(r"(user|group):[^:\s]+", entry):
                raise ValueError(f"{entry!r} is not a qualifier like 'user:eve' or 'group:guests'")
        return value

    @property
    def reads_content(self) -> bool:
        return bool(self.contains or self.not_contains or self.regex or self.equals is not None)

    @model_validator(mode="after")
    def _absent_means_nothing_else(self) -> FileCheck:
        if not self.exists:
            others = [
                name
                for name in ("type", "mode", "owner", "group", "target", "regex", "equals")
                if getattr(self, name) is not None
            ]
            if others or self.reads_content or self.acl or self.default_acl:
                raise ValueError("a file that must not exist has no other properties to check")
        if self.target is not None and self.type not in (None, "symlink"):
            raise ValueError("'target' is for symbolic links (type: symlink)")
        return self


class UserCheck(CheckBase):
    """An account in /etc/passwd, its groups and its password state."""

    user: str = Field(pattern=NAME)
    exists: bool = True
    uid: int | None = Field(None, ge=0)
    primary_group: str | None = None
    groups: list[str] = Field(default_factory=list, description="groups it must be in")
    not_groups: list[str] = Field(default_factory=list, description="groups it must not be in")
    shell: str | None = None
    home: str | None = None
    password: Literal["set", "locked", "empty", "none"] | None = Field(
        None, description="set, locked (usermod -L), empty, or none ('*' or '!')"
    )


class GroupCheck(CheckBase):
    """A group in /etc/group and its members (supplementary, or by primary group)."""

    group: str = Field(pattern=NAME)
    exists: bool = True
    gid: int | None = Field(None, ge=0)
    members: list[str] = Field(default_factory=list)
    not_members: list[str] = Field(default_factory=list)


class CronCheck(CheckBase):
    """A job cron would run: found in /etc/crontab, /etc/cron.d or a user's crontab, in a file
    cron does not ignore."""

    cron: str = Field(min_length=1, description="text the job's command contains")
    schedule: str | None = Field(
        None, description="five fields or @daily etc.; compared by the times they match"
    )
    user: str | None = Field(None, pattern=NAME, description="the user the job runs as")
    exists: bool = True

    @field_validator("schedule")
    @classmethod
    def _schedule(cls, value: str | None) -> str | None:
        if value is not None:
            from ictjudge.labs.linux.crontab import parse_schedule

            parse_schedule(value)  # raises ValueError with the reason
        return value


def _kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in KINDS:
            if key in value:
                return f"[{key}]"
    if isinstance(value, BaseModel):
        return next((f"[{key}]" for key in KINDS if key in type(value).model_fields), None)
    return None


Check = Annotated[
    Annotated[RunCheck, Tag("[run]")]
    | Annotated[HttpCheck, Tag("[http]")]
    | Annotated[TcpCheck, Tag("[tcp]")]
    | Annotated[PacketCheck, Tag("[packet]")]
    | Annotated[FileCheck, Tag("[file]")]
    | Annotated[CronCheck, Tag("[cron]")]
    | Annotated[UserCheck, Tag("[user]")]
    | Annotated[GroupCheck, Tag("[group]")],
    Discriminator(
        _kind,
        custom_error_type="check_kind",
        custom_error_message=f"a check needs one of: {', '.join(KINDS)}",
    ),
]


class LinuxLab(_Model):
    """``type: linux``: the student's shell script runs as root in the lab (after the hidden
    ``setup``); then the checks look at what it left, each one an assessment item."""

    image: str = Field(
        "linux-lab", pattern=r"^linux-[a-z0-9-]+$", description="an image recipe in infra/images"
    )
    setup: str | None = Field(None, description="hidden setup script, under lab/ (runs first)")
    boot: str | None = Field(
        None, description="commands the check system runs before the command checks, as a "
        "booting system would (e.g. nft -f /etc/nftables.conf)"
    )  # fmt: skip
    capabilities: list[Capability] = Field(
        default_factory=list, description="added to the default set, e.g. NET_ADMIN for nft"
    )
    time_s: float = Field(10, gt=0, le=120, description="wall-clock limit of the script")
    memory_mb: int = Field(
        512, ge=384, le=2048, description="each container's memory, its tmpfs contents included"
    )
    output_kb: int = Field(1024, ge=16, le=16384, description="how much the script may print")
    checks: list[Check] = Field(min_length=1)

    @field_validator("setup")
    @classmethod
    def _relative(cls, value: str | None) -> str | None:
        if value is not None and (value.startswith("/") or ".." in value.split("/")):
            raise ValueError("a path inside the package, e.g. lab/setup.sh")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> LinuxLab:
        seen: set[str] = set()
        for check in self.checks:
            if check.id in seen:
                raise ValueError(f"two checks have the id {check.id!r}")
            seen.add(check.id)
        packets = [c.id for c in self.checks if isinstance(c, PacketCheck)]
        lacking = [c for c in PACKET_CAPABILITIES if c not in self.capabilities]
        if packets and lacking:
            raise ValueError(
                f"packet checks ({', '.join(packets)}) need capabilities: {', '.join(lacking)}"
            )
        return self

    @property
    def added_capabilities(self) -> list[str]:
        return sorted(set(DEFAULT_CAPABILITIES) | set(self.capabilities))


AnyCheck = (
    RunCheck | HttpCheck | TcpCheck | PacketCheck | FileCheck | CronCheck | UserCheck | GroupCheck
)
