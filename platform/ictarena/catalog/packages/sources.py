"""Finding and reading packages: a task folder, a Kattis folder, a ``.zip``/``.kpp`` of either,
a problem set (``set.yaml``), or a folder of any of these.

:func:`read_paths` reads everything into memory and validates it; nothing is written. The result
lists every package and set read, and every located error and warning.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ictarena.catalog.packages.archive import unpack_zip
from ictarena.catalog.packages.errors import PackageError, Problems
from ictarena.catalog.packages.files import children, find
from ictarena.catalog.packages.kattis import PROBLEM_FILE, KattisOptions, read_kattis
from ictarena.catalog.packages.native import SET_FILE, TASK_FILE, read_native, read_set
from ictarena.catalog.packages.package import Package
from ictarena.catalog.packages.schema import SetSpec
from ictarena.catalog.packages.trackfile import TRACK_FILE, TrackFile, read_track
from ictarena.catalog.packages.tree import PackageLimits

ARCHIVE_SUFFIXES = (".zip", ".kpp")
DOCUMENT_SUFFIXES = (".md", ".txt", ".rst")
MAX_DEPTH = 4


@dataclass
class Catalogue:
    """Packages, sets and the sets' track files read from some paths, with every problem
    found. ``set_labels`` names the folder each set was read from (for messages)."""

    packages: list[Package] = field(default_factory=list)
    sets: list[SetSpec] = field(default_factory=list)
    tracks: list[TrackFile] = field(default_factory=list)
    set_labels: dict[str, str] = field(default_factory=dict)
    errors: list[PackageError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _enclosing_set(directory: Path) -> tuple[Path | None, SetSpec | None, list[PackageError]]:
    for parent in list(directory.resolve().parents)[:MAX_DEPTH]:
        if (parent / SET_FILE).is_file():
            problems = Problems(parent.name)
            return parent, read_set(parent, problems), problems.errors
    return None, None, []


class _Walker:
    def __init__(self, options: KattisOptions, catalogue: Catalogue, limits: PackageLimits) -> None:
        self.options = options
        self.catalogue = catalogue
        self.limits = limits

    def task(self, directory: Path, set_spec: SetSpec | None, label: str) -> None:
        problems = Problems(label)
        package = read_native(directory, set_spec, problems, self.limits)
        self._record(package, problems, label)

    def kattis(self, directory: Path, label: str) -> None:
        problems = Problems(label)
        package = read_kattis(directory, self.options, problems, self.limits)
        self._record(package, problems, label)

    def _record(self, package: Package | None, problems: Problems, label: str) -> None:
        self.catalogue.errors.extend(problems.errors)
        if package is not None:
            self.catalogue.warnings.extend(f"{label}: {w}" for w in package.warnings)
            if not problems:
                self.catalogue.packages.append(package)

    def track_file(self, directory: Path, set_spec: SetSpec, label: str) -> None:
        """The set's ``track.yaml``, when it has one (once per track)."""
        problems = Problems(label)
        spec = read_track(directory, set_spec, problems)
        self.catalogue.errors.extend(problems.errors)
        if spec is None:
            return
        other = next((t for t in self.catalogue.tracks if t.spec.id == spec.id), None)
        if other is None:
            self.catalogue.tracks.append(TrackFile(spec, f"{label}/{TRACK_FILE}"))
        elif other.spec != spec:
            self.catalogue.errors.append(
                PackageError(
                    f"{label}/{TRACK_FILE}",
                    "id",
                    f"track {spec.id!r} is also defined, differently, by {other.label}",
                )
            )

    def problem_set(self, directory: Path, label: str) -> None:
        problems = Problems(label)
        set_spec = read_set(directory, problems)
        self.catalogue.errors.extend(problems.errors)
        if set_spec is None:
            return
        self.catalogue.sets.append(set_spec)
        self.catalogue.set_labels.setdefault(set_spec.id, label)
        self.track_file(directory, set_spec, label)
        found = self._tasks_below(directory, set_spec, label, 0)
        if not found:
            self.catalogue.warnings.append(f"{label}: a set without tasks")

    def _tasks_below(self, directory: Path, set_spec: SetSpec, label: str, depth: int) -> int:
        count = 0
        for child in children(directory):
            if not child.is_dir() or child.is_symlink():
                continue
            if (child / TASK_FILE).is_file():
                self.task(child, set_spec, f"{label}/{child.name}")
                count += 1
            elif find(child, PROBLEM_FILE) is not None:
                self.kattis(child, f"{label}/{child.name}")
                count += 1
            elif depth < MAX_DEPTH:
                count += self._tasks_below(child, set_spec, f"{label}/{child.name}", depth + 1)
        return count

    def path(self, path: Path, label: str, depth: int = 0) -> None:
        if path.is_file() and path.suffix.lower() in ARCHIVE_SUFFIXES:
            with tempfile.TemporaryDirectory(prefix="arena-package-") as temp:
                try:
                    root = unpack_zip(path, Path(temp), self.limits)
                except (ValueError, OSError) as exc:
                    self.catalogue.errors.append(PackageError(label, "", str(exc)))
                    return
                if root.name != Path(temp).name:
                    self.path(root, label, depth)
                else:
                    # files at the archive's top level: name the package after the archive,
                    # in a folder of its own (the archive may hold a folder of that name too)
                    holder = Path(tempfile.mkdtemp(prefix=".named-", dir=temp))
                    named = holder / path.stem.lower()
                    named.mkdir()
                    for entry in children(root):
                        if entry != holder:
                            entry.rename(named / entry.name)
                    timelimit = root / ".timelimit"
                    if timelimit.exists():
                        timelimit.rename(named / ".timelimit")
                    self.path(named, label, depth)
            return
        if not path.is_dir():
            if depth == 0 and path.is_file() and path.suffix.lower() in DOCUMENT_SUFFIXES:
                # a shell glob such as problem_sets/* names the README beside the sets
                self.catalogue.warnings.append(f"{label}: skipped (a document, not a package)")
                return
            self.catalogue.errors.append(
                PackageError(label, "", "not a package folder, .zip or .kpp file")
            )
            return
        if (path / SET_FILE).is_file():
            self.problem_set(path, label)
        elif (path / TASK_FILE).is_file():
            set_dir, set_spec, errors = _enclosing_set(path)
            self.catalogue.errors.extend(errors)
            if set_dir is not None and set_spec is not None and set_spec not in self.catalogue.sets:
                self.catalogue.sets.append(set_spec)
                self.catalogue.set_labels.setdefault(set_spec.id, set_dir.name)
                self.track_file(set_dir, set_spec, set_dir.name)
            self.task(path, set_spec, label)
        elif find(path, PROBLEM_FILE) is not None:
            self.kattis(path, label)
        elif depth < 2:
            entries = [
                c for c in children(path) if c.is_dir() or c.suffix.lower() in ARCHIVE_SUFFIXES
            ]
            before = len(self.catalogue.packages) + len(self.catalogue.errors)
            for entry in entries:
                self.path(entry, f"{label}/{entry.name}", depth + 1)
            if len(self.catalogue.packages) + len(self.catalogue.errors) == before:
                self.catalogue.errors.append(
                    PackageError(label, "", f"no {TASK_FILE}, {SET_FILE} or {PROBLEM_FILE} found")
                )


def read_paths(
    paths: list[Path], options: KattisOptions | None = None, limits: PackageLimits | None = None
) -> Catalogue:
    """Read and validate every package under ``paths``; also checks that task ids are unique.
    ``limits`` bound each package (and archive) read; the defaults are the settings' defaults."""
    catalogue = Catalogue()
    walker = _Walker(options or KattisOptions(), catalogue, limits or PackageLimits())
    for path in paths:
        walker.path(path, path.name or str(path))
    seen: dict[str, str] = {}
    for package in catalogue.packages:
        if package.slug in seen:
            catalogue.errors.append(
                PackageError(
                    f"{package.label}/task.yaml" if package.format == "native" else package.label,
                    "id",
                    f"duplicate task id {package.slug!r} (also in {seen[package.slug]})",
                )
            )
        else:
            seen[package.slug] = package.label
    _check_modules(catalogue)
    return catalogue


def _check_modules(catalogue: Catalogue) -> None:
    """Module references and prerequisites that can be checked without the database."""
    declared = {m.id: m for s in catalogue.sets for m in s.modules}
    for package in catalogue.packages:
        module = package.spec.module
        if isinstance(module, str):
            spec = declared.get(module)
            if spec is None:
                catalogue.warnings.append(
                    f"{package.label}: module {module!r} is not declared in a set.yaml here; "
                    "it must already exist in the platform"
                )
            elif package.spec.tier is not None and package.spec.tier != spec.tier:
                catalogue.errors.append(
                    PackageError(
                        f"{package.label}/task.yaml",
                        "tier",
                        f"module {module!r} is in tier {spec.tier}",
                    )
                )
    for set_spec in catalogue.sets:
        ids = {m.id for m in set_spec.modules}
        graph = {m.id: list(m.prerequisites) for m in set_spec.modules}
        for number, module_spec in enumerate(set_spec.modules):
            for prerequisite in module_spec.prerequisites:
                if prerequisite not in ids and prerequisite not in declared:
                    catalogue.warnings.append(
                        f"{set_spec.id}/set.yaml: modules.{number}.prerequisites: "
                        f"{prerequisite!r} is not declared here; it must already exist"
                    )
        cycle = find_cycle(graph)
        if cycle:
            catalogue.errors.append(
                PackageError(
                    f"{set_spec.id}/set.yaml",
                    "modules",
                    "prerequisites form a cycle: " + " → ".join(cycle),
                )
            )


def find_cycle(graph: dict[str, list[str]]) -> list[str] | None:
    """A cycle in a prerequisite graph (node → prerequisites), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if state.get(nxt) is None:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in graph:
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None
