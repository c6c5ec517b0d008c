"""Reading Kattis problem packages (legacy and 2025-09) into the platform's normal form.

Handles ``problem.yaml`` (unknown keys are warned about, not refused); statements (Markdown
with its math and sample markers, LaTeX converted, PDF-only statements noted); ``data/sample``
and ``data/secret`` with nested groups and their ``testdata.yaml``/``test_group.yaml`` settings;
``output_validators/`` or ``output_validator/``; ``.timelimit`` and ``domjudge-problem.ini``;
``submissions/`` (with ``submissions.yaml``) as reference solutions; 2025-09 ``constants``.
Symbolic links are followed inside the package and refused when they leave it. Interactive,
multi-pass, submit-answer and other problem types the judge cannot run are refused.

Scoring follows the package's own conventions. Legacy packages (``testdata.yaml`` with
``grader_flags``, ``accept_score``, ``range``) are graded as the legacy Kattis default grader
does: settings are inherited key by key from the enclosing group, and a submission that the
``secret`` group does not accept scores nothing. 2025-09 packages (``test_group.yaml`` with
``max_score``, ``score_aggregation``, ``require_pass``) follow that specification.
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from ictarena.catalog.models import Competency
from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import (
    children,
    find,
    inside,
    load_yaml,
    test_data,
    text,
    validate,
    walk_files,
)
from ictarena.catalog.packages.latex import to_markdown
from ictarena.catalog.packages.native import IMAGE_SUFFIXES, MAX_ASSET_BYTES
from ictarena.catalog.packages.package import Package, TimeLimitPlan
from ictarena.catalog.packages.schema import TaskSpec
from ictarena.catalog.packages.solutions import read_solutions
from ictarena.catalog.packages.tree import PackageLimits, scan
from ictjudge.dataset import Checker, Limits, Testcase, TestGroup
from ictjudge.dataset import Dataset as JudgeDataset
from ictjudge.scoring import aggregate

PROBLEM_FILE = "problem.yaml"
ZH_CODES = ("zh", "zh-hans", "zh-cn", "zh_cn", "zh-hans-cn", "zh_hans", "zh-tw", "zh-hant")
LICENSES = ("unknown", "public domain", "cc0", "cc by", "cc by-sa", "educational", "permission")
PROBLEM_KEYS = frozenset({
    "problem_format_version", "type", "name", "uuid", "version", "author", "credits", "source",
    "source_url", "license", "rights_owner", "embargo_until", "limits", "keywords", "languages",
    "allow_file_writing", "constants", "validation", "validator_flags", "grading",
})  # fmt: skip
LIMIT_KEYS = frozenset({
    "time_multiplier", "time_safety_margin", "time_multipliers", "time_limit", "time_resolution",
    "memory", "output", "code", "compilation_time", "compilation_memory", "validation_time",
    "validation_memory", "validation_output", "validation_passes",
})  # fmt: skip
GROUP_KEYS = frozenset({
    "on_reject", "grading", "grader_flags", "accept_score", "reject_score", "range",
    "input_validator_flags", "output_validator_flags", "max_score", "score_aggregation",
    "static_validation_score", "require_pass", "args", "input_validator_args",
    "static_validator_args", "output_validator_args", "input_visualizer_args",
    "output_visualizer_args", "full_feedback", "description", "hint",
})  # fmt: skip
LEGACY_SCORING_KEYS = frozenset({"grader_flags", "accept_score", "reject_score", "range"})
NEW_SCORING_KEYS = frozenset({"max_score", "score_aggregation", "require_pass"})
UNSUPPORTED_TYPES = ("interactive", "multi-pass", "multipass", "submit-answer")
VALIDATION_DIRS = ("invalid_input", "invalid_output", "valid_output", "invalid_answer")
SAMPLE_FILES = re.compile(r"\{\{\s*(nextsample|remainingsamples)\s*\}\}")
MAX_LIMIT = {"memory": 4096, "output": 1024, "code": 10240}


@dataclass(frozen=True)
class KattisOptions:
    """What a Kattis package does not say: where it goes in the catalogue."""

    track: str = "programming"
    tier: Literal["associate", "professional", "expert"] = "associate"
    module: str = "kattis"
    module_title: str | None = None
    competencies: tuple[str, ...] = (Competency.LOGICAL_REASONING.value,)
    difficulty: int = 2
    time_limit_s: float | None = None
    slug: str | None = None


class _Yaml(BaseModel):
    model_config = ConfigDict(extra="allow", populate_by_name=True)


class TimeMultipliers(_Yaml):
    ac_to_time_limit: float = Field(2.0, ge=1)
    time_limit_to_tle: float = Field(1.5, ge=1)


class KattisLimits(_Yaml):
    """``limits`` of either version (legacy multipliers and 2025-09 ones are both read)."""

    time_multiplier: float | None = Field(None, gt=0)
    time_safety_margin: float | None = Field(None, gt=0)
    time_multipliers: TimeMultipliers | None = None
    time_limit: float | None = Field(None, gt=0)
    time_resolution: float = Field(1.0, gt=0)
    memory: int = Field(2048, ge=16)
    output: int = Field(8, ge=1)
    code: int = Field(128, ge=1)
    compilation_time: float | None = Field(None, gt=0)
    compilation_memory: int | None = Field(None, ge=64)
    validation_time: float | None = Field(None, gt=0)


class ProblemYaml(_Yaml):
    """The ``problem.yaml`` fields the importer uses (unknown ones are warned about)."""

    problem_format_version: str | None = None
    type: str | list[str] | None = None
    name: str | dict[str, str | None] | None = None
    uuid: str | None = None
    author: str | None = None
    credits: str | dict[str, Any] | None = None
    source: str | dict[str, Any] | list[Any] | None = None
    license: str | None = None
    keywords: str | list[str] | None = None
    validation: str | None = None
    validator_flags: str | list[str] | None = None
    limits: dict[str, Any] | None = None
    grading: dict[str, Any] | None = None
    constants: dict[str, Any] | None = None


@dataclass
class _Config:
    """A test group's settings in effect (after inheritance)."""

    values: dict[str, Any] = field(default_factory=dict)  # inherited key by key
    own: dict[str, Any] = field(default_factory=dict)  # this group's file only


def _name(value: str | dict[str, str | None] | None, fallback: str) -> tuple[str, str]:
    if isinstance(value, dict):
        named = {str(k).lower(): str(v) for k, v in value.items() if v}
        en = named.get("en") or next(iter(named.values()), fallback)
        zh = next((named[c] for c in ZH_CODES if c in named), en)
        return en, zh
    return (value or fallback), (value or fallback)


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    return (slug or "problem")[:64].rstrip("-").ljust(2, "0")


def _flags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list | tuple):
        return tuple(str(v) for v in value)
    if isinstance(value, dict):  # legacy {name: validator, flags: "..."}
        return _flags(value.get("flags"))
    return tuple(str(value).split())


def _words(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [w for item in value for w in str(item).split()]
    return str(value).split()


def _is_new(version: str | None) -> bool:
    if version is None:
        return False
    version = str(version).strip().lower()
    return version == "draft" or bool(re.fullmatch(r"\d{4}-\d{2}(-draft)?", version))


def _constant(values: dict[str, str], match: re.Match[str]) -> str:
    return values.get(match.group(1), match.group(0))


def _constants(raw: dict[str, Any] | None) -> dict[str, str]:
    """2025-09 ``constants``: ``{{name}}`` → value (a map's ``value``; ``{{KEY_name}}`` for its
    other keys, as BAPCtools writes them)."""
    out: dict[str, str] = {}
    for name, value in (raw or {}).items():
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "value":
                    out[str(name)] = str(item)
                else:
                    out[f"{key}_{name}"] = str(item)
        elif value is not None:
            out[str(name)] = str(value)
    return out


def _substitute(source: str, values: dict[str, str]) -> str:
    if not values:
        return source
    return re.sub(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", lambda m: _constant(values, m), source)


class _Reader:
    def __init__(self, root: Path, options: KattisOptions, problems: Problems) -> None:
        self.root = root
        self.options = options
        self.problems = problems
        self.warnings: list[str] = []
        self.files: dict[str, bytes] = {}
        self.new = False
        self.scoring = False
        self.custom = False
        self.custom_score = False
        self.legacy_grading = True
        self.constants: dict[str, str] = {}
        self.samples: list[tuple[bytes, bytes]] = []
        self.grading: dict[str, Any] | None = None

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def label(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read(self, path: Path) -> bytes | None:
        """The bytes of a package file; None (after recording why) for a link out of the
        package."""
        if not inside(path, self.root):
            self.problems.add(self.label(path), "", "a symbolic link that leaves the package")
            return None
        return path.read_bytes()

    def read_text(self, path: Path) -> str | None:
        data = self.read(path)
        if data is None:
            return None
        try:
            return text(data)
        except UnicodeDecodeError as exc:
            self.problems.add(self.label(path), "", f"not UTF-8 text (byte {exc.start})")
            return None

    # problem.yaml ------------------------------------------------------------------------

    def problem(self) -> ProblemYaml | None:
        path = find(self.root, PROBLEM_FILE)
        if path is None:
            self.problems.add(PROBLEM_FILE, "", "missing")
            return None
        data, node = load_yaml(path, PROBLEM_FILE, self.problems)
        if data is None and node is None and self.problems:
            return None
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.problems.add(PROBLEM_FILE, "", "must be a mapping of settings")
            return None
        for key in sorted(set(map(str, data)) - PROBLEM_KEYS):
            self.warn(f"{PROBLEM_FILE}: unknown key {key!r} (ignored)")
        if data.get("problem_format_version") is not None:
            data = {**data, "problem_format_version": str(data["problem_format_version"])}
        return validate(ProblemYaml, data, PROBLEM_FILE, self.problems, node)

    def refuse_unsupported(self, meta: ProblemYaml) -> bool:
        types = _words(meta.type)
        validation = _words(meta.validation)
        for kind in UNSUPPORTED_TYPES:
            where = "type" if kind in types else "validation" if kind in validation else None
            if where is not None:
                name = "multi-pass" if kind == "multipass" else kind
                self.problems.add(
                    PROBLEM_FILE,
                    where,
                    f"{name} problems are not supported: the judge runs batch problems only",
                )
                return True
        unknown = [t for t in types if t not in ("pass-fail", "scoring")]
        if unknown:
            self.problems.add(
                PROBLEM_FILE,
                "type",
                f"{unknown[0]!r} problems are not supported: the judge runs pass-fail and "
                "scoring problems",
            )
            return True
        odd = [w for w in validation if w not in ("default", "custom", "score")]
        if odd:
            self.warn(f"{PROBLEM_FILE}: validation: {' '.join(odd)!r} not understood (ignored)")
        self.custom_score = "score" in validation
        self.scoring = "scoring" in types or self.custom_score
        if meta.license is not None and meta.license.strip().lower() not in LICENSES:
            self.warn(f"{PROBLEM_FILE}: license {meta.license!r} is not one Kattis defines")
        return False

    def limits(self, meta: ProblemYaml) -> KattisLimits | None:
        raw = dict(meta.limits or {})
        for key in sorted(set(map(str, raw)) - LIMIT_KEYS):
            self.warn(f"{PROBLEM_FILE}: limits.{key}: unknown limit (ignored)")
        for key, most in MAX_LIMIT.items():
            value = raw.get(key)
            if isinstance(value, int | float) and value > most:
                self.warn(
                    f"{PROBLEM_FILE}: limits.{key}: {value:g} is more than the judge allows; "
                    f"using {most}"
                )
                raw[key] = most
        if isinstance(raw.get("time_multiplier"), dict) and "time_multipliers" not in raw:
            raw["time_multipliers"] = raw.pop("time_multiplier")  # an early draft's spelling
        return validate(KattisLimits, raw, PROBLEM_FILE, self.problems, prefix=("limits",))

    # statements --------------------------------------------------------------------------

    def statements(self, title: str) -> tuple[dict[str, str], dict[str, bytes], str | None]:
        """(statements, images, the name a LaTeX statement declares)."""
        order = (
            ("statement", "problem_statement") if self.new else ("problem_statement", "statement")
        )
        directory = next(
            (d for d in (find(self.root, n) for n in order) if d is not None and d.is_dir()), None
        )
        assets: dict[str, bytes] = {}
        if directory is None:
            pdf = find(self.root, "problem.pdf")
            self.warn(
                "no statement/ or problem_statement/ folder: the statement shows the samples only"
                + (" (problem.pdf is not shown)" if pdf is not None else "")
            )
            return {"en": "", "zh": ""}, assets, None
        candidates: dict[str, list[Path]] = {}
        for path in walk_files(directory, self.root):
            relative = path.relative_to(directory).as_posix()
            match = re.fullmatch(r"problem(?:\.([A-Za-z_-]+))?\.(md|tex|pdf)", relative, re.I)
            if match:
                lang = (match.group(1) or "en").lower()
                key = "zh" if lang in ZH_CODES else lang
                candidates.setdefault(key, []).append(path)
            elif path.suffix.lower() in IMAGE_SUFFIXES:
                if path.stat().st_size > MAX_ASSET_BYTES:
                    self.warn(f"{self.label(path)}: larger than 2 MiB; not shown")
                    continue
                data = self.read(path)
                if data is not None:
                    assets[f"assets/{relative}"] = data
        found: dict[str, str] = {}
        name: str | None = None
        for lang in sorted(candidates, key=lambda k: (k != "en", k != "zh", k)):
            rank = {".md": 0, ".tex": 1, ".pdf": 2}
            paths = sorted(candidates[lang], key=lambda p: rank[p.suffix.lower()])
            chosen = paths[0]
            if chosen.suffix.lower() == ".pdf":
                found[lang] = ""
                self.warn(
                    f"{self.label(chosen)}: a PDF statement is not shown; only the samples are"
                )
                continue
            source = self.read_text(chosen)
            if source is None:
                continue
            if chosen.suffix.lower() == ".tex":
                folder = chosen.parent

                def include(ref: str, base: Path = folder) -> str | None:
                    return self._include(base, ref)

                body, declared = to_markdown(
                    source,
                    include=include,
                    constants=self.constants,
                    images=set(assets),
                )
                name = name or declared
            else:
                body = self._markdown(_substitute(source, self.constants))
            found[lang] = body
        for ref in sorted({m for body in found.values() for m in _image_refs(body)}):
            if ref not in assets:
                self.warn(f"{directory.name}: the statement shows {ref[7:]}, which is missing")
        if not found:
            self.warn(f"{directory.name}: no problem.<lang>.md, .tex or .pdf statement")
            return {"en": "", "zh": ""}, assets, name
        en = found.get("en") or next(iter(found.values()))
        return {"en": en, "zh": found.get("zh", en)}, assets, name

    def _include(self, base: Path, ref: str) -> str | None:
        """The text of a LaTeX ``\\input``/``\\include`` beside the statement."""
        for name in (ref, f"{ref}.tex"):
            path = base / name
            if path.is_file() and inside(path, self.root):
                return self.read_text(path)
        self.warn(f"{self.label(base)}: \\input{{{ref}}} names no file in the statement folder")
        return None

    @staticmethod
    def _markdown(source: str) -> str:
        """A Markdown statement with its math and images in the platform's form."""
        source = re.sub(r"\\\((.+?)\\\)", lambda m: f"${m.group(1).strip()}$", source, flags=re.S)
        source = re.sub(r"\\\[(.+?)\\\]", lambda m: f"$${m.group(1)}$$", source, flags=re.S)
        source = re.sub(
            r"(!\[[^\]]*\]\()\s*(?:\./)?(?!assets/|https?:|data:)", r"\1assets/", source
        )
        return re.sub(
            r"""(<img\b[^>]*\bsrc=["'])(?:\./)?(?!assets/|https?:|data:)""", r"\1assets/", source
        )

    # test data ---------------------------------------------------------------------------

    def _config(self, directory: Path, parent: _Config | None) -> _Config:
        legacy = find(directory, "testdata.yaml")
        new = find(directory, "test_group.yaml")
        inherited = dict(parent.values) if parent else {}
        for key in NEW_SCORING_KEYS | {"static_validation_score"}:
            inherited.pop(key, None)  # 2025-09: these belong to one group only
        path = new or legacy
        if legacy is not None and new is not None:
            self.warn(
                f"{self.label(directory)}: both testdata.yaml and test_group.yaml; using the latter"
            )
        if path is None:
            return _Config(inherited, {})
        raw = self.read(path)
        if raw is None:
            return _Config(inherited, {})
        label = self.label(path)
        try:
            source = _substitute(text(raw), self.constants)
        except UnicodeDecodeError as exc:
            self.problems.add(label, "", f"not UTF-8 text (byte {exc.start})")
            return _Config(inherited, {})
        try:
            data = yaml.safe_load(source)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
            self.problems.add(
                f"{label}{where}", "", f"invalid YAML: {getattr(exc, 'problem', exc)}"
            )
            return _Config(inherited, {})
        if data is None:
            return _Config(inherited, {})
        if not isinstance(data, dict):
            self.problems.add(label, "", "must be a mapping of settings")
            return _Config(inherited, {})
        own = {str(k): v for k, v in data.items()}
        for key in sorted(set(own) - GROUP_KEYS):
            self.warn(f"{label}: unknown key {key!r} (ignored)")
        if "args" in own or "static_validation_score" in own:
            self.warn(f"{label}: submission arguments and static validation are not supported")
        if own.get("grading") == "custom":
            self.warn(f"{label}: custom graders are not supported; the default grader is used")
        if "output_validator_args" in own and "output_validator_flags" not in own:
            own["output_validator_flags"] = own["output_validator_args"]
        return _Config({**inherited, **own}, own)

    def _scan_grading(self, data: Path) -> None:
        """Legacy grading unless the package's group settings use only 2025-09 scoring keys
        (a 2023-07 draft package may still use testdata.yaml the legacy way)."""
        legacy_keys = new_keys = False
        for path in walk_files(data, self.root):
            if path.name not in ("testdata.yaml", "test_group.yaml"):
                continue
            try:
                loaded = yaml.safe_load(text(path.read_bytes()))
            except (yaml.YAMLError, UnicodeDecodeError):
                continue
            if isinstance(loaded, dict):
                legacy_keys |= bool(LEGACY_SCORING_KEYS & set(map(str, loaded)))
                new_keys |= bool(NEW_SCORING_KEYS & set(map(str, loaded)))
        self.legacy_grading = (not self.new and not new_keys) or (legacy_keys and not new_keys)

    def _case_flags(self, directory: Path, stem: str, name: str) -> tuple[str, ...]:
        case_yaml = find(directory, f"{stem}.yaml")
        if case_yaml is None:
            return ()
        data, _ = load_yaml(case_yaml, f"data/{name}.yaml", self.problems)
        if not isinstance(data, dict):
            return ()
        if "args" in data:
            self.warn(f"data/{name}.yaml: submission arguments are not supported (ignored)")
        return _flags(data.get("output_validator_args", data.get("output_validator_flags")))

    def _cases(self, directory: Path, name: str, sample: bool) -> list[Testcase]:
        entries = [p for p in children(directory) if p.is_file()]
        inputs = {p.name[:-3]: p for p in entries if p.name.endswith(".in")}
        answers = {p.name[:-4]: p for p in entries if p.name.endswith(".ans")}
        tests = []
        for stem in sorted(inputs):
            test_name = f"{name}/{stem}"
            answer = answers.get(stem)
            if answer is None and not self.custom:
                self.problems.add(f"data/{test_name}.in", "", f"missing data/{test_name}.ans")
                continue
            given = self.read(inputs[stem])
            expected = self.read(answer) if answer is not None else b""
            if given is None or expected is None:
                continue
            self.files[f"tests/{test_name}.in"] = test_data(given)
            if answer is not None:
                self.files[f"tests/{test_name}.ans"] = test_data(expected)
            if (directory / f"{stem}.files").is_dir():
                self.warn(f"data/{test_name}.files: input files are not supported; ignored")
            tests.append(
                Testcase(
                    name=test_name,
                    input=f"tests/{test_name}.in",
                    answer=f"tests/{test_name}.ans" if answer is not None else None,
                    validator_flags=self._case_flags(directory, stem, test_name),
                )
            )
            if sample:
                self._sample(directory, stem, test_data(given), test_data(expected))
        for stem in sorted(set(answers) - set(inputs)):
            self.warn(f"data/{name}/{stem}.ans has no matching .in file (ignored)")
        return tests

    def _sample(self, directory: Path, stem: str, given: bytes, expected: bytes) -> None:
        """A sample as the statement shows it (``.in.statement``, ``.ans.statement``, ``.out``
        take precedence, as in 2025-09)."""
        shown_in, shown_out = given, expected
        for suffix in (".in.statement",):
            path = find(directory, stem + suffix)
            if path is not None and (data := self.read(path)) is not None:
                shown_in = test_data(data)
        for suffix in (".ans.statement", ".out"):
            path = find(directory, stem + suffix)
            if path is not None and (data := self.read(path)) is not None:
                shown_out = test_data(data)
                break
        self.samples.append((shown_in, shown_out))

    def group(self, directory: Path, name: str, parent: _Config | None, top: str) -> TestGroup:
        config = self._config(directory, parent)
        tests = self._cases(directory, name, top == "sample")
        subgroups = [
            self.group(sub, f"{name}/{sub.name}", config, top)
            for sub in children(directory)
            if sub.is_dir()
            and not sub.name.endswith(".files")
            and (not sub.is_symlink() or inside(sub, self.root))
        ]
        values = config.values
        flags = _flags(values.get("output_validator_flags"))
        if self.custom is False and flags:
            self._check_flags(flags, self.label(directory))
        on_reject = str(values.get("on_reject", "break"))
        if on_reject not in ("break", "continue"):
            self.problems.add(self.label(directory), "on_reject", "must be break or continue")
            on_reject = "break"
        if not self.scoring or top == "sample":
            return TestGroup(
                name=name,
                tests=tuple(tests),
                groups=tuple(subgroups),
                on_reject="continue" if top == "sample" else on_reject,
                validator_flags=flags,
                counts=top != "sample",
            )
        if self.legacy_grading:
            return self._legacy_group(directory, name, config, tests, subgroups, flags, on_reject)
        return self._new_group(directory, name, config, tests, subgroups, flags)

    def _legacy_group(
        self,
        directory: Path,
        name: str,
        config: _Config,
        tests: list[Testcase],
        subgroups: list[TestGroup],
        flags: tuple[str, ...],
        on_reject: str,
    ) -> TestGroup:
        values = config.values
        label = self.label(directory)
        try:
            accept = float(values.get("accept_score", 1.0))
            reject = float(values.get("reject_score", 0.0))
            _low, high = (float(x) for x in str(values.get("range", "-inf +inf")).split())
        except (TypeError, ValueError):
            self.problems.add(
                label, "range", "accept_score, reject_score and range must be numbers"
            )
            accept, reject, _low, high = 1.0, 0.0, -math.inf, math.inf
        aggregation = "sum"
        mode: Literal["worst_error", "first_error", "always_accept"] = "worst_error"
        any_accepted = False
        for flag in _words(values.get("grader_flags")):
            if flag in ("sum", "min", "max", "avg"):
                aggregation = flag
            elif flag in ("worst_error", "no_errors"):
                mode = "worst_error"
            elif flag in ("first_error", "always_accept"):
                mode = flag  # type: ignore[assignment]
            elif flag == "accept_if_any_accepted":
                any_accepted = True
            elif flag != "ignore_sample":  # samples never count here
                self.warn(f"{label}: grader flag {flag!r} not understood (ignored)")
        parts = [accept for _ in tests] + [g.max_score or 0.0 for g in subgroups]
        computed = aggregate(aggregation, parts)
        if self.custom_score and math.isfinite(high):
            top = high  # the validator's scores are bounded by the range, not accept_score
        else:
            top = min(high, computed) if math.isfinite(high) else computed
        return TestGroup(
            name=name,
            tests=tuple(tests),
            groups=tuple(subgroups),
            aggregation=aggregation,
            max_score=max(0.0, top),
            accept_score=accept,
            reject_score=reject,
            on_reject=on_reject,
            validator_flags=flags,
            verdict_mode=mode,
            accept_if_any=any_accepted,
        )

    def _new_group(
        self,
        directory: Path,
        name: str,
        config: _Config,
        tests: list[Testcase],
        subgroups: list[TestGroup],
        flags: tuple[str, ...],
    ) -> TestGroup:
        own = config.own
        label = self.label(directory)
        is_secret = name == "secret"
        aggregation = str(own.get("score_aggregation", "sum" if is_secret else "pass-fail"))
        if aggregation not in ("pass-fail", "sum", "min"):
            self.problems.add(label, "score_aggregation", "must be pass-fail, sum or min")
            aggregation = "sum"
        raw_max = own.get("max_score", 100 if is_secret else "unbounded")
        max_score: float | None = None
        if str(raw_max) != "unbounded":
            try:
                max_score = float(raw_max)
            except (TypeError, ValueError):
                self.problems.add(label, "max_score", "must be a number or unbounded")
        if max_score is not None and subgroups:
            subgroups = self._share(subgroups, max_score, label)
        accept = 1.0
        if max_score is not None and tests:
            accept = max_score / len(tests) if aggregation == "sum" else max_score
        require = tuple(_words(own.get("require_pass")))
        return TestGroup(
            name=name,
            tests=tuple(tests),
            groups=tuple(subgroups),
            aggregation=aggregation,
            max_score=max_score,
            accept_score=accept,
            reject_score=0.0,
            on_reject="break" if aggregation == "pass-fail" else "continue",
            validator_flags=flags,
            require_pass=require,
        )

    def _share(self, groups: list[TestGroup], total: float, label: str) -> list[TestGroup]:
        """Groups without ``max_score`` share what their siblings leave of ``total`` (2025-09
        requires every group under a bounded ``secret`` to state one)."""
        fixed = sum(g.max_score for g in groups if g.max_score is not None)
        free = [g for g in groups if g.max_score is None]
        if not free:
            return groups
        each = max(0.0, total - fixed) / len(free)
        self.warn(f"{label}: groups without max_score share the remaining {total - fixed:g} points")
        shared = []
        for g in groups:
            if g.max_score is not None:
                shared.append(g)
                continue
            tests = len(g.tests)
            accept = (each / tests if g.aggregation == "sum" else each) if tests else g.accept_score
            shared.append(g.model_copy(update={"max_score": each, "accept_score": accept}))
        return shared

    def _check_flags(self, flags: tuple[str, ...], where: str) -> None:
        from ictjudge.checkers import Flags

        try:
            Flags.parse(flags)
        except ValueError as exc:
            self.problems.add(where, "output_validator_flags", str(exc))

    def test_tree(self) -> TestGroup:
        data = find(self.root, "data")
        if data is None or not data.is_dir():
            self.problems.add("data", "", "missing: no test data")
            return TestGroup(name="data")
        self._scan_grading(data)
        base = self._config(data, None)
        if self.legacy_grading and isinstance(self.grading, dict):
            for key in ("accept_score", "reject_score", "range"):
                if key in self.grading and key not in base.values:
                    base.values[key] = self.grading[key]
        groups = []
        sample_dir = find(data, "sample")
        if sample_dir is not None and sample_dir.is_dir():
            groups.append(self.group(sample_dir, "sample", base, "sample"))
        secret_dir = find(data, "secret")
        if secret_dir is None or not secret_dir.is_dir():
            self.problems.add("data/secret", "", "missing: the hidden tests")
        else:
            secret = self.group(secret_dir, "secret", base, "secret")
            if not secret.tests and not secret.groups:
                self.problems.add("data/secret", "", "no tests (*.in files)")
            groups.append(secret)
        for other in children(data):
            if other.is_dir() and other.name.lower() not in ("sample", "secret", *VALIDATION_DIRS):
                self.warn(f"data/{other.name}: only data/sample and data/secret are judged")
        return TestGroup(
            name="data",
            groups=tuple(groups),
            aggregation="sum",
            on_reject="continue" if self.scoring else "break",
        )

    # validators --------------------------------------------------------------------------

    def validator(self, meta: ProblemYaml) -> bool:
        """Copy the output validator's sources into ``checker/``; True when one is used."""
        new_dir = find(self.root, "output_validator")
        old_dir = find(self.root, "output_validators")
        validation = _words(meta.validation)
        wants_custom = "custom" in validation or (
            new_dir is not None and (self.new or not validation)
        )
        if not wants_custom:
            if old_dir is not None or new_dir is not None:
                self.warn(
                    f"{PROBLEM_FILE}: validation is 'default', so the output validator in the "
                    "package is not used"
                )
            return False
        source: Path | None = None
        if new_dir is not None and new_dir.is_dir():
            source = new_dir
        elif old_dir is not None and old_dir.is_dir():
            programs = children(old_dir)
            dirs = [p for p in programs if p.is_dir()]
            files = [p for p in programs if p.is_file()]
            if dirs and not files:
                source = dirs[0]
                if len(dirs) > 1:
                    self.warn(f"output_validators: several validators; using {dirs[0].name}")
            else:
                source = old_dir
        if source is None:
            self.problems.add(
                PROBLEM_FILE, "validation", "custom validation, but no output_validators/"
            )
            return False
        sources = list(walk_files(source, self.root))
        if not sources:
            self.problems.add(self.label(source), "", "no validator sources")
            return False
        for path in sources:
            data = self.read(path)
            if data is None:
                continue
            name = path.relative_to(source).as_posix()
            if self.constants and path.suffix.lower() in (".c", ".cc", ".cpp", ".h", ".hpp", ".py"):
                with contextlib.suppress(UnicodeDecodeError):
                    data = _substitute(data.decode("utf-8"), self.constants).encode()
            self.files[f"checker/{name}"] = data
        return True

    # time limit --------------------------------------------------------------------------

    def stated_time_limit(self, limits: KattisLimits) -> tuple[float | None, str | None]:
        if self.options.time_limit_s is not None:
            return self.options.time_limit_s, "given on the command line"
        if limits.time_limit is not None:
            return self._bounded(limits.time_limit, "limits.time_limit"), "stated in problem.yaml"
        dotfile = self.root / ".timelimit"
        if dotfile.is_file():
            raw = self.read_text(dotfile) or ""
            try:
                value = float(raw.strip())
            except ValueError:
                self.problems.add(".timelimit", "", "must hold a number of seconds")
                return None, None
            if value <= 0:
                self.problems.add(".timelimit", "", "must be more than 0 seconds")
                return None, None
            return self._bounded(value, ".timelimit"), "stated in .timelimit"
        ini = find(self.root, "domjudge-problem.ini")
        if ini is not None:
            source = self.read_text(ini) or ""
            match = re.search(r"^\s*timelimit\s*=\s*['\"]?([0-9.]+)", source, re.M)
            if match:
                try:
                    value = float(match.group(1))
                except ValueError:
                    value = 0.0
                if value > 0:
                    return self._bounded(
                        value, "domjudge-problem.ini"
                    ), "stated in domjudge-problem.ini"
        return None, None

    def _bounded(self, seconds: float, where: str) -> float:
        if seconds > 60:
            self.warn(f"{where}: {seconds:g} s is more than the judge allows; using 60 s")
            return 60.0
        return seconds

    def ini_name(self) -> str | None:
        ini = find(self.root, "domjudge-problem.ini")
        if ini is None:
            return None
        match = re.search(r"^\s*name\s*=\s*['\"]?([^'\"\n]+)", self.read_text(ini) or "", re.M)
        return match.group(1).strip() if match else None


def _image_refs(markdown: str) -> list[str]:
    return re.findall(r"""(?:\]\(\s*|src=["'])(assets/[^)"'\s]+)""", markdown)


def _sample_block(number: int, given: bytes, expected: bytes, lang: str) -> str:
    heads = (
        (f"样例输入 {number}", f"样例输出 {number}")
        if lang == "zh"
        else (f"Sample Input {number}", f"Sample Output {number}")
    )
    return "\n".join(
        f"### {head}\n\n```\n{data.decode('utf-8', 'replace').rstrip()}\n```\n"
        for head, data in zip(heads, (given, expected), strict=True)
    )


def _with_samples(statement: str, samples: list[tuple[bytes, bytes]], lang: str) -> str:
    """The statement with its samples: at ``{{nextsample}}``/``{{remainingsamples}}`` (2025-09
    Markdown; LaTeX's commands become these), and those not placed yet at the end."""
    queue = list(enumerate(samples, start=1))

    def block(items: list[tuple[int, tuple[bytes, bytes]]]) -> str:
        rendered = "\n".join(_sample_block(n, g, e, lang) for n, (g, e) in items)
        return "\n\n" + rendered + "\n\n" if items else ""

    def place(match: re.Match[str]) -> str:
        if match.group(1) == "nextsample":
            return block([queue.pop(0)]) if queue else ""
        taken = list(queue)
        queue.clear()
        return block(taken)

    statement = SAMPLE_FILES.sub(place, statement)
    if queue:
        statement = statement.rstrip() + block(queue)
    return re.sub(r"\n{3,}", "\n\n", statement).strip() + "\n"


def read_kattis(
    root: Path, options: KattisOptions, problems: Problems, bounds: PackageLimits | None = None
) -> Package | None:
    """Read the Kattis package in ``root`` into a :class:`Package`; nothing is read from a
    package whose links or size are refused."""
    if not scan(root, bounds or PackageLimits(), problems):
        return None
    reader = _Reader(root, options, problems)
    meta = reader.problem()
    if meta is None or reader.refuse_unsupported(meta):
        return None
    reader.new = _is_new(meta.problem_format_version)
    if (
        meta.problem_format_version
        and not reader.new
        and meta.problem_format_version not in ("legacy", "legacy-icpc")
    ):
        reader.warn(
            f"{PROBLEM_FILE}: problem_format_version {meta.problem_format_version!r} "
            "is unknown; read as legacy"
        )
    reader.constants = _constants(meta.constants)
    reader.grading = meta.grading
    if meta.grading and str(meta.grading.get("objective", "max")) == "min":
        reader.warn(f"{PROBLEM_FILE}: grading.objective min is not supported; higher scores win")
    limits = reader.limits(meta)
    if limits is None:
        return None
    reader.custom = reader.validator(meta)
    flags = _flags(meta.validator_flags)
    if flags and not reader.custom:
        reader._check_flags(flags, PROBLEM_FILE)
    tree = reader.test_tree()
    title_en, title_zh = _name(meta.name, "")
    statements, assets, declared = reader.statements(title_en)
    if not title_en:
        title_en = title_zh = declared or reader.ini_name() or root.name
    time_s, note = reader.stated_time_limit(limits)
    plan = None
    if time_s is None:
        if reader.new:
            multipliers = limits.time_multipliers or TimeMultipliers()
            plan = TimeLimitPlan(
                multipliers.ac_to_time_limit,
                multipliers.time_limit_to_tle,
                "2025-09",
                resolution=limits.time_resolution,
            )
        else:
            multiplier = limits.time_multiplier
            margin = limits.time_safety_margin
            if limits.time_multipliers is not None:  # a draft-era package
                multiplier = multiplier or limits.time_multipliers.ac_to_time_limit
                margin = margin or limits.time_multipliers.time_limit_to_tle
            plan = TimeLimitPlan(multiplier or 5.0, margin or 2.0, "legacy")
    checker = (
        Checker(kind="custom", flags=flags, path="checker")
        if reader.custom
        else Checker(flags=flags)
    )
    dataset = JudgeDataset(
        scoring="scoring" if reader.scoring else "pass-fail",
        limits=Limits(
            time_s=time_s or 10.0,
            memory_mb=limits.memory,
            output_mb=limits.output,
            code_kb=limits.code,
            compile_time_s=min(300.0, limits.compilation_time or 30.0),
            compile_memory_mb=min(8192, max(1024, limits.compilation_memory or 1024)),
        ),
        checker=checker,
        root=tree,
    )
    keywords = (
        _words(meta.keywords) if isinstance(meta.keywords, str) else list(meta.keywords or [])
    )
    author = meta.author
    if author is None and meta.credits is not None:
        credits = meta.credits
        if isinstance(credits, str):
            author = credits
        else:
            people = credits.get("authors")
            people = people if isinstance(people, list) else [people] if people else []
            author = (
                ", ".join(str(p.get("name", "")) if isinstance(p, dict) else str(p) for p in people)
                or None
            )
    source = meta.source
    if isinstance(source, dict):
        source = source.get("name") or source.get("url")
    elif isinstance(source, list):
        source = ", ".join(str(s.get("name", s) if isinstance(s, dict) else s) for s in source)
    spec_data: dict[str, Any] = {
        "id": options.slug or _slug(root.name),
        "type": "code",
        "title": {"en": title_en[:200], "zh": title_zh[:200]},
        "track": options.track,
        "tier": options.tier,
        "module": {
            "id": options.module,
            "title": {
                "en": options.module_title or options.module,
                "zh": options.module_title or options.module,
            },
            "tier": options.tier,
        },
        "competencies": list(options.competencies),
        "difficulty": options.difficulty,
        "tags": [str(k)[:40] for k in keywords if str(k).strip()][:20],
        "author": str(author)[:200] if author else None,
        "source": str(source)[:200] if source else None,
        "license": meta.license[:100] if meta.license else None,
    }
    spec = validate(TaskSpec, spec_data, "import options", problems)
    if spec is None:
        return None
    overrides: dict[str, Any] = {}
    submissions = find(root, "submissions")
    if submissions is not None:
        listing = find(submissions, "submissions.yaml")
        if listing is not None:
            data, _ = load_yaml(listing, "submissions/submissions.yaml", problems)
            if isinstance(data, dict):
                overrides = data
            elif data is not None:
                problems.add("submissions/submissions.yaml", "", "must map globs to rules")
    references = (
        read_solutions(
            submissions,
            "submissions",
            problems,
            overrides,
            warnings=reader.warnings,
            convention="2025-09" if reader.new else "legacy",
            within=root,
        )
        if submissions
        else []
    )
    if reader.constants:
        references = [_with_constants(r, reader.constants) for r in references]
    if not any(r.time_limit_role == "lower" and not r.skipped for r in references):
        message = "no accepted submission the judge can run"
        if plan is not None:
            problems.add("submissions/accepted", "", f"{message}: cannot infer the time limit")
        else:
            reader.warn(f"submissions: {message}")
    for lang in ("en", "zh"):
        statements[lang] = _with_samples(statements[lang], reader.samples, lang)
    from ictjudge.scoring import max_score

    if reader.new:
        margin = (limits.time_multipliers or TimeMultipliers()).time_limit_to_tle
    else:
        margin = limits.time_safety_margin or (
            limits.time_multipliers.time_limit_to_tle if limits.time_multipliers else 2.0
        )
    return Package(
        label=root.name,
        spec=spec,
        set_spec=None,
        statements=statements,
        assets=assets,
        manifest=dataset.model_dump(mode="json"),
        files=reader.files,
        references=references,
        max_score=max_score(tree) if reader.scoring else 100.0,
        time_limit_note=f"{time_s:g} s, {note}" if time_s is not None else None,
        time_limit_plan=plan,
        warnings=reader.warnings,
        format="kattis",
        time_margin=margin,
    )


def _with_constants(reference: Any, values: dict[str, str]) -> Any:
    """A submission with 2025-09 ``{{constants}}`` replaced in its text files."""
    from dataclasses import replace

    files: dict[str, bytes] = {}
    for name, data in reference.files.items():
        try:
            files[name] = _substitute(data.decode("utf-8"), values).encode()
        except UnicodeDecodeError:
            files[name] = data
    return replace(reference, files=files)
