"""Configuration dialects: what a student writes, checked and turned into what FRR applies.

A :class:`Dialect` has two steps, both pure:

- :meth:`Dialect.check` refuses lines that must never reach a router (shell escapes, exec-mode
  commands, anything that reads or writes files), each with its line number;
- :meth:`Dialect.translate` produces the FRR configuration the lab applies, with the judge's
  timer defaults placed *before* the student's own settings (so the student's win), and a map
  from every produced line back to the student's line (for FRR's own error messages).

Two dialects implement it: FRR's own language (:class:`FrrDialect`, here) and Huawei VRP
(:class:`ictjudge.labs.network.vrp.dialect.VrpDialect`); :mod:`.dialects` names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import ClassVar, Protocol


@dataclass(frozen=True)
class LineProblem:
    """Something wrong with one line of a submitted file (line 0: the file as a whole), and the
    column where it starts when the dialect knows it (0: the line as a whole)."""

    line: int
    message: str
    text: str = ""
    column: int = 0

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        if self.line and self.column:
            where = f"line {self.line}, column {self.column}: "
        quoted = f" ({self.text.strip()[:80]})" if self.text.strip() else ""
        return f"{where}{self.message}{quoted}"


@dataclass(frozen=True)
class Defaults:
    """What the judge adds to every router's configuration."""

    interfaces: tuple[str, ...] = ()  # linked, point to point
    shared: tuple[str, ...] = ()  # linked to a switch: a segment that may hold more routers
    fast_timers: bool = True
    ebgp_requires_policy: bool = True
    hostname: str = ""


@dataclass(frozen=True)
class Translation:
    """FRR configuration text and, per line, the student's line it came from (0: the judge's)."""

    text: str
    origin: tuple[int, ...]
    daemons: tuple[str, ...] = field(default=("zebra", "staticd"))
    ruleset: str = ""  # nftables text the dialect made (VRP's ACLs and NAT); "" for none

    def source_line(self, line: int) -> int:
        """The student's line behind line ``line`` (1-based) of :attr:`text`."""
        return self.origin[line - 1] if 0 < line <= len(self.origin) else 0


class Dialect(Protocol):
    """A configuration language a student may write a router's configuration in."""

    name: str
    syntax: str  # the editor mode on the task page
    title: str  # in the editor's title: "r1 — FRR configuration"

    def check(self, text: str) -> list[LineProblem]:
        """Lines refused before anything runs, in line order."""
        ...

    def translate(self, text: str, defaults: Defaults) -> Translation:
        """The FRR configuration to apply (only called when :meth:`check` found nothing)."""
        ...


OSPF_FAST = (
    " timers throttle spf 0 0 0",
    " timers lsa min-arrival 0",
    " timers throttle lsa all 0",
)
BGP_FAST = (
    " timers bgp 1 3",
    " coalesce-time 0",  # update groups send at once instead of after a second
)
INTERFACE_FAST = (
    " ip ospf network point-to-point",
    " ip ospf hello-interval 1",
    " ip ospf dead-interval 3",
    " ip ospf retransmit-interval 1",  # a lost database description costs 1 s, not 5
)

_SHELL = "shell access is not part of a lab"
_EXEC = "is an exec-mode command; a configuration file holds configuration commands only"
_FILES = "read or write files on the router, which a graded lab does not allow"

REFUSED: dict[str, str] = {
    **dict.fromkeys(("start-shell", "run", "shell", "system"), _SHELL),
    **dict.fromkeys(
        (
            "do",
            "show",
            "clear",
            "ping",
            "traceroute",
            "mtrace",
            "ssh",
            "telnet",
            "terminal",
            "configure",
            "list",
            "find",
            "echo",
            "watchfrr",
            "quit",
            "disable",
            "sharp",
            "mpls",
        ),
        _EXEC,
    ),
    "write": "saving is not part of a lab: the judge applies your file as it is",
    "copy": "saving is not part of a lab: the judge applies your file as it is",
    "log": "logging is set by the judge (log files are not part of a lab)",
    "dump": f"BGP dumps {_FILES}",
    "include": f"includes {_FILES}",
    "banner": "banners are not part of a lab",
    "agentx": "SNMP is not available in these labs",
    "debug": "debug output is not available in graded labs",
    "password": "passwords are not used: the lab has no remote access",
    "enable": "passwords are not used: the lab has no remote access",
    "line": "vty lines are not available: the lab has no remote access",
    "username": "the lab has no user accounts",
    "vrf": "VRFs are not available in these labs",
    "segment-routing": "segment routing is not available in these labs",
    "bfd": "BFD is not available in these labs",
    "pbr-map": "policy-based routing is not available in these labs",
    "nexthop-group": "nexthop groups are not available in these labs",
    "module": "modules cannot be loaded in a lab",
}
ALLOWED_PREFIXES = frozenset({"end", "ip", "ipv6", "no", "exit", "interface", "router"})
ROUTERS = ("ospf", "rip", "bgp")
MAX_LINE = 500


class FrrDialect:
    """FRRouting's own configuration language (``vtysh``), applied as the student wrote it."""

    name = "frr"
    syntax = "frr"
    title = "FRR"

    _router: ClassVar[re.Pattern[str]] = re.compile(r"^\s*router\s+(\S+)")
    _neighbor: ClassVar[re.Pattern[str]] = re.compile(
        r"^\s*neighbor\s+(\S+)\s+(?:interface\s+)?(?:remote-as\s+\S+|peer-group)\s*$"
    )
    _interface: ClassVar[re.Pattern[str]] = re.compile(r"^\s*interface\s+(\S+)")
    _hello: ClassVar[re.Pattern[str]] = re.compile(r"^\s*ip\s+ospf\s+hello-interval\s+(\d+)\s*$")

    def check(self, text: str) -> list[LineProblem]:
        problems: list[LineProblem] = []
        lines = text.splitlines()
        last = max((n for n, line in enumerate(lines, 1) if _command(line)), default=0)
        for number, line in enumerate(lines, start=1):
            problem = self._line_problem(line, number == last)
            if problem:
                problems.append(LineProblem(number, problem, line))
        return problems

    def _line_problem(self, line: str, is_last: bool) -> str | None:
        if len(line) > MAX_LINE:
            return f"longer than {MAX_LINE} characters"
        if any((ord(c) < 32 and c != "\t") or ord(c) == 127 for c in line):
            return "contains a control character"
        words = _command(line)
        if not words:
            return None
        if "vrf" in words:
            return REFUSED["vrf"]
        if words[0] == "no" and len(words) > 1:
            words = words[1:]
        head = words[0]
        refused = _refused_keyword(head)
        if refused:
            message = REFUSED[refused]
            name = f"`{head}`" if refused == head else f"`{head}` (short for `{refused}`)"
            if message is _EXEC:
                return f"{name} {message}"
            return message if refused == head else f"{name}: {message}"
        for word in words:
            if word.startswith(("/", "~", "./")) or "../" in word or word.startswith("file:"):
                return "refers to a file path: files are not part of a lab configuration"
        if len(head) == 1:
            return f"`{head}`: one-letter abbreviations are not accepted; write the command out"
        if head == "end" and not is_last:
            return "`end` leaves configuration mode: it may only be the last command"
        if head == "frr" and (len(words) < 2 or words[1] != "version"):
            return "the judge runs FRR with its traditional defaults (`frr defaults` is fixed)"
        if head == "router" and (len(words) < 2 or words[1] not in ROUTERS):
            kind = words[1] if len(words) > 1 else ""
            return f"`router {kind}`: only OSPF, RIP and BGP run in these labs"
        return None

    def translate(self, text: str, defaults: Defaults) -> Translation:
        student = text.splitlines()
        out = Output()
        daemons = self.daemons(student)
        if defaults.hostname:
            out.emit(f"hostname {defaults.hostname}", 0)
        fast = defaults.fast_timers
        if fast and "bgpd" in daemons:
            # bgpd otherwise waits 5 s after a route-map change before it uses the route-map
            out.emit("bgp route-map delay-timer 0", 0)
        if fast and "ospfd" in daemons:
            for interface in defaults.interfaces:
                out.emit(f"interface {interface}", 0)
                out.extend(INTERFACE_FAST, 0)
                out.emit("exit", 0)
        dead_set = _dead_interval_interfaces(student)
        seen: set[str] = set()
        interface, bgp, end = "", 0, 0
        for number, line in enumerate(student, start=1):
            words = _command(line)
            if words == ["end"]:
                end = number  # emitted last, after the judge's closing lines
                continue
            out.emit(line, number)
            if not words:
                continue
            if match := self._interface.match(line):
                interface = match.group(1)
            router = self._router.match(line)
            if router:
                interface = ""
                bgp = number if router.group(1) == "bgp" else 0
            key = " ".join(words)
            if router and key not in seen:
                seen.add(key)
                if router.group(1) == "ospf" and fast:
                    out.extend(OSPF_FAST, number)
                elif router.group(1) == "bgp":
                    if fast:
                        out.extend(BGP_FAST, number)
                    if not defaults.ebgp_requires_policy:
                        out.emit(" no bgp ebgp-requires-policy", number)
            elif bgp and fast and (neighbor := self._neighbor.match(line)):
                peer = neighbor.group(1)
                if f"neighbor {peer}" not in seen:
                    seen.add(f"neighbor {peer}")
                    out.emit(f" neighbor {peer} timers connect 1", number)
                    out.emit(f" neighbor {peer} advertisement-interval 0", number)
            elif fast and interface and interface not in dead_set:
                hello = self._hello.match(line)
                if hello:  # the dead interval follows the hello, as on real gear
                    out.emit(f" ip ospf dead-interval {4 * int(hello.group(1))}", number)
        if end:
            out.emit("end", end)
        return Translation(out.text(), tuple(out.origin), daemons)

    @staticmethod
    def daemons(lines: list[str]) -> tuple[str, ...]:
        """The FRR daemons a router with this configuration runs."""
        heads = [_command(line)[:2] for line in lines]
        out = ["zebra", "staticd"]
        if any(h in (["router", "ospf"], ["ip", "ospf"]) for h in heads):
            out.append("ospfd")
        out += [f"{name}d" for name in ("rip", "bgp") if ["router", name] in heads]
        return tuple(out)


class Output:
    """Lines of a translation, each with the student's line it came from (0: the judge's)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.origin: list[int] = []

    def emit(self, line: str, source: int) -> None:
        self.lines.append(line)
        self.origin.append(source)

    def extend(self, lines: tuple[str, ...], source: int) -> None:
        for line in lines:
            self.emit(line, source)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _refused_keyword(word: str) -> str | None:
    """The refused keyword ``word`` is, or abbreviates (FRR accepts unambiguous prefixes)."""
    word = word.lower()
    if word in REFUSED:
        return word
    if len(word) < 2 or word in ALLOWED_PREFIXES:
        return None
    return next((keyword for keyword in REFUSED if keyword.startswith(word)), None)


def _command(line: str) -> list[str]:
    """The words of a configuration line; none for blank lines and comments."""
    stripped = line.strip()
    if not stripped or stripped.startswith(("!", "#")):
        return []
    return stripped.split()


def _dead_interval_interfaces(lines: list[str]) -> set[str]:
    """Interfaces whose dead interval the student sets."""
    out: set[str] = set()
    interface = ""
    for line in lines:
        words = _command(line)
        if words[:1] == ["interface"] and len(words) > 1:
            interface = words[1]
        elif words[:1] == ["router"]:
            interface = ""
        elif interface and words[:3] == ["ip", "ospf", "dead-interval"]:
            out.add(interface)
    return out


_VTYSH_LINE = re.compile(r"^line (\d+): (.*)$")
_FAILURE = re.compile(r"^Failure to communicate\[\d+\] to (\S+), line:")
_UNKNOWN = re.compile(r"^% (Unknown command|Command incomplete|Ambiguous command)\[(\d+)\]")
ENABLE_NODE = "3"  # vtysh's node number of exec mode, in its error messages
NOISE = ("% Can't open configuration file",)


def vtysh_problems(output: str, translation: Translation, student: str) -> list[LineProblem]:
    """FRR's complaints about a configuration (``vtysh --dryrun -f`` or ``vtysh -f``), each at
    the student's line. A daemon's own message comes on the lines before vtysh's ``line N:``."""
    lines = student.splitlines()
    out: list[LineProblem] = []
    said: list[str] = []
    seen: set[int] = set()
    for raw in output.splitlines():
        text = raw.strip()
        if not text or text.startswith(NOISE):
            continue
        match = _VTYSH_LINE.match(text)
        if match is None:
            said.append(text.lstrip("% "))
            continue
        body = match.group(2).strip()
        if failure := _FAILURE.match(body):
            # the daemon's reason is its last message; earlier ones belong to other commands
            message = said.pop() if said else f"{failure.group(1)} rejected this command"
        elif unknown := _UNKNOWN.match(body):
            message = unknown.group(1).lower()
            if unknown.group(2) == ENABLE_NODE:
                message += " (outside configuration mode: one `exit` too many above?)"
        else:
            message = body.lstrip("% ")
        out.extend(LineProblem(0, text) for text in said)
        said = []
        number = translation.source_line(int(match.group(1)))
        if number in seen:
            continue  # a line the judge added after the student's line: one message is enough
        seen.add(number)
        source = lines[number - 1] if 0 < number <= len(lines) else ""
        out.append(LineProblem(number, message, source))
    out.extend(LineProblem(0, text) for text in said)
    return sorted(out, key=lambda problem: problem.line)
