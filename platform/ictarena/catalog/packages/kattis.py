"""Reading Kattis problem packages (legacy and 2025-09) into the platform's normal form.

Handles ``problem.yaml``; statements (Markdown as is, LaTeX converted); ``data/sample`` and
``data/secret`` with nested groups whose ``testdata.yaml`` (legacy: the closest ancestor's file
applies) or ``test_group.yaml`` (2025-09) settings are inherited; ``output_validators/`` or
``output_validator/``; ``.timelimit``; and ``submissions/`` (with ``submissions.yaml``) as
reference solutions. Interactive, multi-pass and submit-answer problems are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ictarena.catalog.models import Competency
from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import (
    children,
    find,
    load_yaml,
    read_text,
    test_data,
    validate,
    walk_files,
)
from ictarena.catalog.packages.latex import to_markdown
from ictarena.catalog.packages.native import IMAGE_SUFFIXES, MAX_ASSET_BYTES, append_samples
from ictarena.catalog.packages.package import Package, TimeLimitPlan
from ictarena.catalog.packages.schema import TaskSpec
from ictarena.catalog.packages.solutions import read_solutions
from ictjudge.dataset import Checker, Limits, Testcase, TestGroup
from ictjudge.dataset import Dataset as JudgeDataset

PROBLEM_FILE = "problem.yaml"
NEW_VERSIONS = ("2023-07-draft", "2023-07", "2025-09", "2025-09-draft", "draft")
ZH_CODES = ("zh", "zh-hans", "zh-cn", "zh_cn", "zh-hans-cn", "zh_hans")


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


class LegacyLimits(_Yaml):
    time_multiplier: float = Field(5.0, gt=0)
    time_safety_margin: float = Field(2.0, gt=0)
    memory: int = Field(2048, ge=16, le=4096)
    output: int = Field(8, ge=1, le=1024)
    code: int = Field(128, ge=1, le=10240)
    time_limit: float | None = Field(None, gt=0, le=60)


class TimeMultipliers(_Yaml):
    ac_to_time_limit: float = Field(2.0, gt=0)
    time_limit_to_tle: float = Field(1.5, gt=0)


class NewLimits(_Yaml):
    time_limit: float | None = Field(None, gt=0, le=60)
    time_multipliers: TimeMultipliers = TimeMultipliers()
    memory: int = Field(2048, ge=16, le=4096)
    output: int = Field(8, ge=1, le=1024)
    code: int = Field(128, ge=1, le=10240)


class ProblemYaml(_Yaml):
    """The ``problem.yaml`` fields the importer uses (others are allowed and ignored)."""

    problem_format_version: str | None = None
    type: str | list[str] = "pass-fail"
    name: str | dict[str, str] | None = None
    uuid: str | None = None
    author: str | None = None
    credits: str | dict[str, Any] | None = None
    source: str | dict[str, Any] | list[Any] | None = None
    license: str | None = None
    keywords: str | list[str] | None = None
    validation: str = "default"
    validator_flags: str | None = None
    limits: dict[str, Any] = Field(default_factory=dict)


@dataclass
class _Settings:
    """Test group settings in effect (after inheritance)."""

    aggregation: Literal["pass-fail", "sum", "min"] = "sum"
    on_reject: Literal["break", "continue"] = "break"
    accept_score: float = 1.0
    reject_score: float = 0.0
    max_score: float | None = None
    flags: tuple[str, ...] = ()
    explicit: set[str] = field(default_factory=set)


def _name(value: str | dict[str, str] | None, fallback: str) -> tuple[str, str]:
    if isinstance(value, dict):
        lowered = {k.lower(): v for k, v in value.items()}
        en = lowered.get("en") or next(iter(value.values()), fallback)
        zh = next((lowered[c] for c in ZH_CODES if c in lowered), en)
        return str(en), str(zh)
    return (value or fallback), (value or fallback)


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    return (slug or "problem")[:64].rstrip("-").ljust(2, "0")


def _flags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return tuple(str(value).split())


class _Reader:
    def __init__(self, root: Path, options: KattisOptions, problems: Problems) -> None:
        self.root = root
        self.options = options
        self.problems = problems
        self.files: dict[str, bytes] = {}
        self.new = False
        self.scoring = False
        self.custom = False
        self.samples: list[tuple[bytes, bytes]] = []

    # problem.yaml ------------------------------------------------------------------------

    def problem(self) -> ProblemYaml | None:
        path = find(self.root, PROBLEM_FILE)
        if path is None:
            self.problems.add(PROBLEM_FILE, "", "missing")
            return None
        data, node = load_yaml(path, PROBLEM_FILE, self.problems)
        if data is None and node is None:
            return None
        if data is None:
            data = {}
        if not isinstance(data, dict):
            self.problems.add(PROBLEM_FILE, "", "must be a mapping of settings")
            return None
        return validate(ProblemYaml, data, PROBLEM_FILE, self.problems, node)

    def refuse_unsupported(self, meta: ProblemYaml) -> bool:
        types = [meta.type] if isinstance(meta.type, str) else list(meta.type)
        words = {w for t in types for w in str(t).split()}
        words |= set(meta.validation.split())
        for kind in ("interactive", "multi-pass", "submit-answer"):
            if kind in words:
                where = "type" if kind in " ".join(map(str, types)) else "validation"
                self.problems.add(
                    PROBLEM_FILE,
                    where,
                    f"{kind} problems are not supported: the judge runs batch problems only",
                )
                return True
        self.scoring = "scoring" in words
        return False

    # statements --------------------------------------------------------------------------

    def statements(self, title: str) -> tuple[dict[str, str], dict[str, bytes], str | None]:
        directory = find(self.root, "statement") or find(self.root, "problem_statement")
        found: dict[str, str] = {}
        assets: dict[str, bytes] = {}
        name: str | None = None
        if directory is None or not directory.is_dir():
            self.problems.add("statement", "", "missing: no statement/ or problem_statement/")
            return {"en": "", "zh": ""}, assets, None
        candidates: dict[str, list[Path]] = {}
        for path in children(directory):
            match = re.fullmatch(r"problem(?:\.([A-Za-z_-]+))?\.(md|tex)", path.name, re.I)
            if match and path.is_file():
                lang = (match.group(1) or "en").lower()
                key = "zh" if lang in ZH_CODES else lang
                candidates.setdefault(key, []).append(path)
            elif (
                path.is_file()
                and path.suffix.lower() in IMAGE_SUFFIXES
                and path.stat().st_size <= MAX_ASSET_BYTES
            ):
                assets[f"assets/{path.name}"] = path.read_bytes()
        for lang in ("en", "zh"):
            paths = sorted(candidates.get(lang, []), key=lambda p: p.suffix.lower() != ".md")
            if not paths:
                continue
            label = f"{directory.name}/{paths[0].name}"
            try:
                source = read_text(paths[0])
            except UnicodeDecodeError as exc:
                self.problems.add(label, "", f"not UTF-8 text (byte {exc.start})")
                continue
            if paths[0].suffix.lower() == ".tex":
                text, declared = to_markdown(source)
                name = name or declared
            else:
                text = re.sub(r"(!\[[^\]]*\]\()(?!assets/|https?:|data:)", r"\1assets/", source)
            found[lang] = text
        if not found:
            self.problems.add(directory.name, "", "no problem.<lang>.md or .tex statement")
            return {"en": "", "zh": ""}, assets, name
        en = found.get("en") or next(iter(found.values()))
        return {"en": en, "zh": found.get("zh", en)}, assets, name

    # test data ---------------------------------------------------------------------------

    def _group_settings(self, directory: Path, inherited: _Settings, top: str) -> _Settings:
        """The settings in ``directory``: legacy ``testdata.yaml`` replaces the inherited file;
        2025-09 ``test_group.yaml`` sets this group (validator args are inherited)."""
        label = (directory.relative_to(self.root)).as_posix()
        legacy = find(directory, "testdata.yaml")
        new = find(directory, "test_group.yaml")
        path = new or legacy
        defaults = _Settings(
            aggregation="sum"
            if (top == "secret" and directory.name == "secret") or not self.new
            else "pass-fail",
            flags=inherited.flags,
            on_reject=inherited.on_reject if not self.new else "break",
        )
        if not self.new:
            defaults = _Settings(**{**inherited.__dict__, "explicit": set()})
        if path is None:
            return defaults
        data, _node = load_yaml(path, f"{label}/{path.name}", self.problems)
        if not isinstance(data, dict):
            if data is not None:
                self.problems.add(f"{label}/{path.name}", "", "must be a mapping of settings")
            return defaults
        out = defaults if self.new else _Settings(flags=inherited.flags)
        out.explicit = set(map(str, data))
        file = f"{label}/{path.name}"
        try:
            if "on_reject" in data:
                if data["on_reject"] not in ("break", "continue"):
                    raise ValueError("on_reject: must be break or continue")
                out.on_reject = data["on_reject"]
            if "accept_score" in data:
                out.accept_score = float(data["accept_score"])
            if "reject_score" in data:
                out.reject_score = float(data["reject_score"])
            if "range" in data:
                low_high = str(data["range"]).split()
                out.max_score = float(low_high[-1])
            if "max_score" in data and str(data["max_score"]) != "unbounded":
                out.max_score = float(data["max_score"])
            flags = data.get("output_validator_flags", data.get("output_validator_args"))
            if flags is not None:
                out.flags = _flags(flags)
            grader = str(data.get("grader_flags", ""))
            if "min" in grader.split():
                out.aggregation = "min"
            aggregation = data.get("score_aggregation")
            if aggregation is not None:
                if aggregation not in ("pass-fail", "sum", "min"):
                    raise ValueError("score_aggregation: must be pass-fail, sum or min")
                out.aggregation = aggregation
            if "require_pass" in data:
                self.problems_warn(f"{file}: require_pass is not enforced")
        except (TypeError, ValueError) as exc:
            self.problems.add(file, "", str(exc))
        return out

    def problems_warn(self, message: str) -> None:
        self.warnings.append(message)

    warnings: list[str]

    def _cases(self, directory: Path, name: str, settings: _Settings) -> list[Testcase]:
        entries = [p for p in children(directory) if p.is_file()]
        inputs = {p.name[: -len(p.suffix)]: p for p in entries if p.suffix.lower() == ".in"}
        answers = {p.name[: -len(p.suffix)]: p for p in entries if p.suffix.lower() == ".ans"}
        tests = []
        for stem in sorted(inputs):
            test_name = f"{name}/{stem}"
            answer = answers.get(stem)
            if answer is None and not self.custom:
                self.problems.add(f"data/{test_name}.in", "", f"missing data/{test_name}.ans")
                continue
            self.files[f"tests/{test_name}.in"] = test_data(inputs[stem].read_bytes())
            if answer is not None:
                self.files[f"tests/{test_name}.ans"] = test_data(answer.read_bytes())
            flags: tuple[str, ...] = ()
            case_yaml = find(directory, f"{stem}.yaml")
            if case_yaml is not None:
                data, _ = load_yaml(case_yaml, f"data/{test_name}.yaml", self.problems)
                if isinstance(data, dict) and "output_validator_args" in data:
                    flags = _flags(data["output_validator_args"])
            if (directory / f"{stem}.files").is_dir():
                self.problems_warn(
                    f"data/{test_name}.files: input files are not supported; ignored"
                )
            tests.append(
                Testcase(
                    name=test_name,
                    input=f"tests/{test_name}.in",
                    answer=f"tests/{test_name}.ans" if answer is not None else None,
                    validator_flags=flags,
                )
            )
            if name.startswith("sample") and answer is not None:
                self.samples.append(
                    (self.files[f"tests/{test_name}.in"], self.files[f"tests/{test_name}.ans"])
                )
        for stem in sorted(set(answers) - set(inputs)):
            self.problems.add(f"data/{name}/{stem}.ans", "", "has no matching .in file")
        return tests

    def group(self, directory: Path, name: str, inherited: _Settings, top: str) -> TestGroup:
        settings = self._group_settings(directory, inherited, top)
        tests = self._cases(directory, name, settings)
        subgroups = [
            self.group(sub, f"{name}/{sub.name}", settings, top)
            for sub in children(directory)
            if sub.is_dir() and not sub.name.endswith(".files")
        ]
        if not self.scoring:
            return TestGroup(
                name=name,
                tests=tuple(tests),
                groups=tuple(subgroups),
                on_reject="break",
                validator_flags=settings.flags,
                counts=top != "sample",
            )
        accept = settings.accept_score
        max_score = settings.max_score
        if (
            self.new
            and settings.aggregation == "sum"
            and max_score is not None
            and tests
            and not subgroups
        ):
            accept = max_score / len(tests)
        if self.new and subgroups and max_score is not None:
            subgroups = self._share(subgroups, max_score)
        return TestGroup(
            name=name,
            tests=tuple(tests),
            groups=tuple(subgroups),
            aggregation=settings.aggregation,
            max_score=max_score,
            accept_score=accept,
            reject_score=settings.reject_score,
            on_reject=settings.on_reject
            if not self.new
            else ("break" if settings.aggregation == "pass-fail" else "continue"),
            counts=top != "sample",
            validator_flags=settings.flags,
        )

    @staticmethod
    def _share(groups: list[TestGroup], total: float) -> list[TestGroup]:
        """2025-09: groups without ``max_score`` share what their siblings leave of ``total``."""
        fixed = sum(g.max_score for g in groups if g.max_score is not None)
        free = [g for g in groups if g.max_score is None]
        if not free:
            return groups
        each = max(0.0, total - fixed) / len(free)
        return [
            g if g.max_score is not None else g.model_copy(update={"max_score": each})
            for g in groups
        ]

    def test_tree(self, flags: tuple[str, ...]) -> TestGroup:
        data = find(self.root, "data")
        if data is None or not data.is_dir():
            self.problems.add("data", "", "missing: no test data")
            return TestGroup(name="data")
        base = self._group_settings(data, _Settings(flags=flags), "data")
        groups = []
        sample_dir = find(data, "sample")
        if sample_dir is not None and sample_dir.is_dir():
            sample = self.group(sample_dir, "sample", base, "sample")
            groups.append(sample.model_copy(update={"counts": False, "on_reject": "continue"}))
        secret_dir = find(data, "secret")
        if secret_dir is None or not secret_dir.is_dir():
            self.problems.add("data/secret", "", "missing: the hidden tests")
        else:
            settings = base
            if self.new and self.scoring and base.max_score is None:
                settings = _Settings(**{**base.__dict__, "max_score": 100.0})
            secret = self.group(secret_dir, "secret", settings, "secret")
            if not secret.tests and not secret.groups:
                self.problems.add("data/secret", "", "no tests (*.in files)")
            groups.append(secret)
        for other in children(data):
            if other.is_dir() and other.name.lower() not in ("sample", "secret"):
                self.problems_warn(f"data/{other.name}: only data/sample and data/secret are used")
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
        wants_custom = "custom" in meta.validation.split() or new_dir is not None
        if not wants_custom:
            return False
        source: Path | None = None
        if new_dir is not None and new_dir.is_dir():
            source = new_dir
        elif old_dir is not None and old_dir.is_dir():
            programs = children(old_dir)
            dirs = [p for p in programs if p.is_dir()]
            source = dirs[0] if dirs else old_dir
            if len(dirs) > 1:
                self.problems_warn(f"output_validators: several validators; using {dirs[0].name}")
        if source is None:
            self.problems.add(
                PROBLEM_FILE, "validation", "custom validation, but no output_validators/"
            )
            return False
        sources = [p for p in walk_files(source)]
        if not sources:
            self.problems.add(source.relative_to(self.root).as_posix(), "", "no validator sources")
            return False
        for path in sources:
            self.files[f"checker/{path.relative_to(source).as_posix()}"] = path.read_bytes()
        return True

    # time limit --------------------------------------------------------------------------

    def stated_time_limit(
        self, limits: LegacyLimits | NewLimits
    ) -> tuple[float | None, str | None]:
        if self.options.time_limit_s is not None:
            return self.options.time_limit_s, "given on the command line"
        if limits.time_limit is not None:
            return limits.time_limit, "stated in problem.yaml"
        dotfile = self.root / ".timelimit"
        if dotfile.is_file():
            try:
                value = float(read_text(dotfile).strip())
            except ValueError:
                self.problems.add(".timelimit", "", "must hold a number of seconds")
                return None, None
            if not 0 < value <= 60:
                self.problems.add(".timelimit", "", "must be between 0 and 60 seconds")
                return None, None
            return value, "stated in .timelimit"
        ini = find(self.root, "domjudge-problem.ini")
        if ini is not None:
            match = re.search(r"^\s*timelimit\s*=\s*['\"]?([0-9.]+)", read_text(ini), re.M)
            if match:
                return float(match.group(1)), "stated in domjudge-problem.ini"
        return None, None


def read_kattis(root: Path, options: KattisOptions, problems: Problems) -> Package | None:
    """Read the Kattis package in ``root`` into a :class:`Package`."""
    reader = _Reader(root, options, problems)
    reader.warnings = []
    meta = reader.problem()
    if meta is None or reader.refuse_unsupported(meta):
        return None
    reader.new = (meta.problem_format_version or "legacy") in NEW_VERSIONS
    limits_model: type[LegacyLimits] | type[NewLimits] = NewLimits if reader.new else LegacyLimits
    limits = validate(limits_model, meta.limits, PROBLEM_FILE, problems, prefix=("limits",))
    if limits is None:
        return None
    reader.custom = reader.validator(meta)
    flags = _flags(meta.validator_flags)
    tree = reader.test_tree(flags if not reader.custom else ())
    title_en, title_zh = _name(meta.name, root.name)
    statements, assets, declared = reader.statements(title_en)
    if meta.name is None and declared:
        title_en = title_zh = declared
    time_s, note = reader.stated_time_limit(limits)
    plan = None
    if time_s is None:
        if isinstance(limits, NewLimits):
            plan = TimeLimitPlan(
                limits.time_multipliers.ac_to_time_limit,
                limits.time_multipliers.time_limit_to_tle,
                "2025-09",
            )
        else:
            plan = TimeLimitPlan(limits.time_multiplier, limits.time_safety_margin, "legacy")
    checker = (
        Checker(kind="custom", flags=flags, path="checker")
        if reader.custom
        else Checker(flags=flags)
    )
    if not reader.custom and flags:
        from ictjudge.checkers import Flags

        try:
            Flags.parse(flags)
        except ValueError as exc:
            problems.add(PROBLEM_FILE, "validator_flags", str(exc))
    dataset = JudgeDataset(
        scoring="scoring" if reader.scoring else "pass-fail",
        limits=Limits(
            time_s=time_s or 10.0,
            memory_mb=limits.memory,
            output_mb=limits.output,
            code_kb=limits.code,
        ),
        checker=checker,
        root=tree,
    )
    keywords = (
        meta.keywords.split() if isinstance(meta.keywords, str) else list(meta.keywords or [])
    )
    author = meta.author
    if author is None and meta.credits is not None:
        credits = meta.credits
        author = credits if isinstance(credits, str) else str(credits.get("authors", "")) or None
    source = meta.source
    if isinstance(source, dict):
        source = source.get("name") or source.get("url")
    elif isinstance(source, list):
        source = ", ".join(str(s.get("name", s) if isinstance(s, dict) else s) for s in source)
    spec_data: dict[str, Any] = {
        "id": options.slug or _slug(root.name),
        "type": "code",
        "title": {"en": title_en, "zh": title_zh},
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
        "tags": [k[:40] for k in keywords if k.strip()][:20],
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
    references = (
        read_solutions(submissions, "submissions", problems, overrides) if submissions else []
    )
    if not any(r.path.startswith("accepted/") for r in references):
        problems.add("submissions/accepted", "", "no accepted submission")
    for lang in ("en", "zh"):
        statements[lang] = append_samples(statements[lang], reader.samples, lang)
    from ictjudge.scoring import max_score

    package = Package(
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
    )
    return package
