"""A Kattis package's ``problem.yaml`` (legacy and 2025-09): the problem's type, name, limits
and credits, and the task spec the catalogue files it under."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ictarena.catalog.packages.files import find, load_yaml, validate
from ictarena.catalog.packages.kattis.context import Context, words
from ictarena.catalog.packages.schema import TaskSpec

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
UNSUPPORTED_TYPES = ("interactive", "multi-pass", "multipass", "submit-answer")
MAX_LIMIT = {"memory": 4096, "output": 1024, "code": 10240}


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


def titles(value: str | dict[str, str | None] | None, fallback: str) -> tuple[str, str]:
    """The English and Chinese names (either stands in for the other)."""
    if isinstance(value, dict):
        named = {str(k).lower(): str(v) for k, v in value.items() if v}
        en = named.get("en") or next(iter(named.values()), fallback)
        zh = next((named[c] for c in ZH_CODES if c in named), en)
        return en, zh
    return (value or fallback), (value or fallback)


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    return (slug or "problem")[:64].rstrip("-").ljust(2, "0")


def is_new(version: str | None) -> bool:
    """Whether ``problem_format_version`` names the 2025-09 format (or a draft of it)."""
    if version is None:
        return False
    version = str(version).strip().lower()
    return version == "draft" or bool(re.fullmatch(r"\d{4}-\d{2}(-draft)?", version))


def read_problem(ctx: Context) -> ProblemYaml | None:
    path = find(ctx.root, PROBLEM_FILE)
    if path is None:
        ctx.problems.add(PROBLEM_FILE, "", "missing")
        return None
    data, node = load_yaml(path, PROBLEM_FILE, ctx.problems)
    if data is None and node is None and ctx.problems:
        return None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        ctx.problems.add(PROBLEM_FILE, "", "must be a mapping of settings")
        return None
    for key in sorted(set(map(str, data)) - PROBLEM_KEYS):
        ctx.warn(f"{PROBLEM_FILE}: unknown key {key!r} (ignored)")
    if data.get("problem_format_version") is not None:
        data = {**data, "problem_format_version": str(data["problem_format_version"])}
    return validate(ProblemYaml, data, PROBLEM_FILE, ctx.problems, node)


def refuse_unsupported(ctx: Context, meta: ProblemYaml) -> bool:
    """True (after recording why) for a problem type the judge cannot run; otherwise note
    whether the problem is scored."""
    types = words(meta.type)
    validation = words(meta.validation)
    for kind in UNSUPPORTED_TYPES:
        where = "type" if kind in types else "validation" if kind in validation else None
        if where is not None:
            name = "multi-pass" if kind == "multipass" else kind
            ctx.problems.add(
                PROBLEM_FILE,
                where,
                f"{name} problems are not supported: the judge runs batch problems only",
            )
            return True
    unknown = [t for t in types if t not in ("pass-fail", "scoring")]
    if unknown:
        ctx.problems.add(
            PROBLEM_FILE,
            "type",
            f"{unknown[0]!r} problems are not supported: the judge runs pass-fail and "
            "scoring problems",
        )
        return True
    odd = [w for w in validation if w not in ("default", "custom", "score")]
    if odd:
        ctx.warn(f"{PROBLEM_FILE}: validation: {' '.join(odd)!r} not understood (ignored)")
    ctx.custom_score = "score" in validation
    ctx.scoring = "scoring" in types or ctx.custom_score
    if meta.license is not None and meta.license.strip().lower() not in LICENSES:
        ctx.warn(f"{PROBLEM_FILE}: license {meta.license!r} is not one Kattis defines")
    return False


def warn_unknown_version(ctx: Context, meta: ProblemYaml) -> None:
    version = meta.problem_format_version
    if version and not ctx.new and version not in ("legacy", "legacy-icpc"):
        ctx.warn(f"{PROBLEM_FILE}: problem_format_version {version!r} is unknown; read as legacy")


def read_limits(ctx: Context, meta: ProblemYaml) -> KattisLimits | None:
    raw = dict(meta.limits or {})
    for key in sorted(set(map(str, raw)) - LIMIT_KEYS):
        ctx.warn(f"{PROBLEM_FILE}: limits.{key}: unknown limit (ignored)")
    for key, most in MAX_LIMIT.items():
        value = raw.get(key)
        if isinstance(value, int | float) and value > most:
            ctx.warn(
                f"{PROBLEM_FILE}: limits.{key}: {value:g} is more than the judge allows; "
                f"using {most}"
            )
            raw[key] = most
    if isinstance(raw.get("time_multiplier"), dict) and "time_multipliers" not in raw:
        raw["time_multipliers"] = raw.pop("time_multiplier")  # an early draft's spelling
    return validate(KattisLimits, raw, PROBLEM_FILE, ctx.problems, prefix=("limits",))


def ini_name(ctx: Context) -> str | None:
    """The name ``domjudge-problem.ini`` gives."""
    ini = find(ctx.root, "domjudge-problem.ini")
    if ini is None:
        return None
    match = re.search(r"^\s*name\s*=\s*['\"]?([^'\"\n]+)", ctx.read_text(ini) or "", re.M)
    return match.group(1).strip() if match else None


def _author(meta: ProblemYaml) -> str | None:
    if meta.author is not None or meta.credits is None:
        return meta.author
    if isinstance(meta.credits, str):
        return meta.credits
    people = meta.credits.get("authors")
    people = people if isinstance(people, list) else [people] if people else []
    return (
        ", ".join(str(p.get("name", "")) if isinstance(p, dict) else str(p) for p in people) or None
    )


def _source(meta: ProblemYaml) -> Any:
    source = meta.source
    if isinstance(source, dict):
        return source.get("name") or source.get("url")
    if isinstance(source, list):
        return ", ".join(str(s.get("name", s) if isinstance(s, dict) else s) for s in source)
    return source


def task_spec(ctx: Context, meta: ProblemYaml, title_en: str, title_zh: str) -> TaskSpec | None:
    """The task's spec: its names and credits from ``problem.yaml``, its place from the
    options."""
    options = ctx.options
    keywords = words(meta.keywords) if isinstance(meta.keywords, str) else list(meta.keywords or [])
    author = _author(meta)
    source = _source(meta)
    spec_data: dict[str, Any] = {
        "id": options.slug or _slug(ctx.root.name),
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
    return validate(TaskSpec, spec_data, "import options", ctx.problems)
