"""What a student submitted to a network lab: one configuration per editable router or switch
(``<device>.conf``, in the lab's dialect) and, where the lab asks for one, a ruleset
(``<device>.nft``).

A file left out means the device keeps the configuration the editor started from. Size limits
and the dialect's line checks run here, before any container starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ictjudge.labs.network.dialect import LineProblem
from ictjudge.labs.network.dialects import DIALECTS
from ictjudge.labs.network.nftables import check as check_ruleset
from ictjudge.labs.network.spec import NetworkLab

MAX_FILE_BYTES = 64 * 1024
MAX_LINES = 2000


@dataclass(frozen=True)
class FileProblem:
    """A problem located in one submitted file."""

    file: str
    problem: LineProblem

    def __str__(self) -> str:
        return (
            f"{self.file} {self.problem}" if self.problem.line else f"{self.file}: {self.problem}"
        )


@dataclass
class Submission:
    configs: dict[str, str] = field(default_factory=dict)  # every router and switch
    rulesets: dict[str, str | None] = field(default_factory=dict)  # routers with a ruleset
    problems: list[FileProblem] = field(default_factory=list)


def conf_file(device: str) -> str:
    return f"{device}.conf"


def nft_file(device: str) -> str:
    return f"{device}.nft"


def expected_files(lab: NetworkLab) -> list[str]:
    names: list[str] = []
    for name in lab.editable:
        names.append(conf_file(name))
        if lab.devices[name].nftables:
            names.append(nft_file(name))
    return names


def collect(lab: NetworkLab, files: dict[str, str]) -> Submission:
    """The texts every router runs, with every problem found without running anything."""
    out = Submission()
    known = expected_files(lab)
    for name in sorted(set(files) - set(known)):
        message = f"this lab takes {', '.join(known)}, not this file"
        out.problems.append(FileProblem(name, LineProblem(0, message)))
    dialect = DIALECTS[lab.dialect]
    for name, device in lab.devices.items():
        if not device.configured:
            continue
        config = files.get(conf_file(name), device.config) if device.editable else device.config
        ruleset = files.get(nft_file(name), device.nft) if device.nftables else device.nft
        out.configs[name] = config
        out.rulesets[name] = ruleset if ruleset.strip() else None
        if not device.editable:
            continue
        for file, text, check in (
            (conf_file(name), config, dialect.check),
            (nft_file(name), ruleset, check_ruleset),
        ):
            if file == nft_file(name) and not device.nftables:
                continue
            size = _size_problem(text)
            found = [LineProblem(0, size)] if size else check(text)
            out.problems.extend(FileProblem(file, problem) for problem in found)
    return out


def _size_problem(text: str) -> str | None:
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        return f"{size / 1024:.0f} KiB; a file may hold at most {MAX_FILE_BYTES // 1024} KiB"
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        return f"{lines} lines; a file may hold at most {MAX_LINES}"
    return None
