"""Reading native task packages (``task.yaml``) and problem sets (``set.yaml``).

The format is documented in ``problem_sets/README.md``. Every problem found is recorded with
its location in a :class:`~ictarena.catalog.packages.errors.Problems`; a reader returns None
when the package cannot be used.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.files import (
    children,
    find,
    inside,
    load_yaml,
    read_text,
    test_data,
    validate,
    walk_files,
)
from ictarena.catalog.packages.package import Package, Reference
from ictarena.catalog.packages.schema import Scoring, SetSpec, TaskSpec
from ictarena.catalog.packages.solutions import read_solutions
from ictarena.catalog.packages.tree import LEAVES, PackageLimits, named_path, scan
from ictarena.catalog.tasktypes.registry import kind
from ictjudge.dataset import Checker, Limits, Testcase, TestGroup
from ictjudge.dataset import Dataset as JudgeDataset

TASK_FILE = "task.yaml"
SET_FILE = "set.yaml"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
MAX_ASSET_BYTES = 2 << 20
_ASSET_REF = re.compile(r"""(?:\]\(\s*|src=["'])(assets/[^)"'\s]+)""")


def append_samples(statement: str, samples: list[tuple[bytes, bytes]], lang: str) -> str:
    """The statement followed by its sample tests as code blocks."""
    if not samples:
        return statement
    parts = [statement.rstrip(), ""]
    for number, (given, expected) in enumerate(samples, start=1):
        head_in, head_out = (
            (f"样例输入 {number}", f"样例输出 {number}")
            if lang == "zh"
            else (f"Sample Input {number}", f"Sample Output {number}")
        )
        for head, data in ((head_in, given), (head_out, expected)):
            parts.append(f"### {head}\n\n```\n{data.decode('utf-8', 'replace').rstrip()}\n```\n")
    return "\n".join(parts)


def read_set(root: Path, problems: Problems) -> SetSpec | None:
    """The problem set declared by ``root/set.yaml``."""
    if not inside(root / SET_FILE, root):
        problems.add(SET_FILE, "", LEAVES)
        return None
    data, node = load_yaml(root / SET_FILE, SET_FILE, problems)
    if data is None and node is None:
        return None
    return validate(SetSpec, data, SET_FILE, problems, node)


def _statements(
    root: Path, spec: TaskSpec, problems: Problems
) -> tuple[dict[str, str], dict[str, bytes]]:
    statements: dict[str, str] = {}
    optional = not kind(spec.type).statement_required
    for lang, relative in (("en", spec.statement.en), ("zh", spec.statement.zh)):
        path = root / relative
        if not path.is_file():
            if not optional:
                problems.add(relative, "", f"missing: the {lang} statement")
            statements[lang] = ""
            continue
        try:
            statements[lang] = read_text(path)
        except UnicodeDecodeError as exc:
            problems.add(relative, "", f"not UTF-8 text (byte {exc.start})")
            statements[lang] = ""
    assets: dict[str, bytes] = {}
    asset_dir = root / Path(spec.statement.en).parent / "assets"
    for path in walk_files(asset_dir):
        relative = "assets/" + path.relative_to(asset_dir).as_posix()
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            problems.add(f"statement/{relative}", "", "only images belong in statement assets")
        elif path.stat().st_size > MAX_ASSET_BYTES:
            problems.add(f"statement/{relative}", "", "images must be at most 2 MiB")
        else:
            assets[relative] = path.read_bytes()
    for lang, relative in (("en", spec.statement.en), ("zh", spec.statement.zh)):
        for number, line in enumerate(statements[lang].splitlines(), start=1):
            for ref in _ASSET_REF.findall(line):
                if ref not in assets:
                    problems.add(
                        f"{relative}:{number}", "", f"image {ref} is not in statement/assets"
                    )
    return statements, assets


def _editorials(
    root: Path, spec: TaskSpec, assets: dict[str, bytes], problems: Problems
) -> dict[str, str]:
    """The editorial in both languages, or none: one language alone is refused, as a
    statement's would be. It may show the statement's images."""
    named = (("en", spec.editorial.en), ("zh", spec.editorial.zh))
    present = [(lang, relative) for lang, relative in named if (root / relative).is_file()]
    if not present:
        return {}
    if len(present) == 1:
        [(lang, _relative)] = present
        other, missing = next((o, r) for o, r in named if o != lang)
        problems.add(missing, "", f"missing: the {other} editorial (the {lang} one is there)")
        return {}
    editorials: dict[str, str] = {}
    for lang, relative in present:
        try:
            editorials[lang] = read_text(root / relative)
        except UnicodeDecodeError as exc:
            problems.add(relative, "", f"not UTF-8 text (byte {exc.start})")
            continue
        if not editorials[lang].strip():
            problems.add(relative, "", f"the {lang} editorial is empty")
        for number, line in enumerate(editorials[lang].splitlines(), start=1):
            for ref in _ASSET_REF.findall(line):
                if ref not in assets:
                    problems.add(
                        f"{relative}:{number}", "", f"image {ref} is not in statement/assets"
                    )
    return editorials if len(editorials) == 2 else {}


def _cases(
    directory: Path, name: str, problems: Problems, files: dict[str, bytes]
) -> list[Testcase]:
    """The ``*.in``/``*.ans`` pairs directly in ``directory`` (test names ``name/<stem>``)."""
    tests: list[Testcase] = []
    entries = [p for p in children(directory) if p.is_file()]
    stems_in = {p.name[: -len(p.suffix)]: p for p in entries if p.suffix.lower() == ".in"}
    stems_ans = {p.name[: -len(p.suffix)]: p for p in entries if p.suffix.lower() == ".ans"}
    for stem in sorted(set(stems_ans) - set(stems_in)):
        problems.add(f"data/{name}/{stems_ans[stem].name}", "", "has no matching .in file")
    for stem in sorted(stems_in):
        if stem not in stems_ans:
            problems.add(
                f"data/{name}/{stems_in[stem].name}", "", f"missing data/{name}/{stem}.ans"
            )
            continue
        test_name = f"{name}/{stem}"
        files[f"tests/{test_name}.in"] = test_data(stems_in[stem].read_bytes())
        files[f"tests/{test_name}.ans"] = test_data(stems_ans[stem].read_bytes())
        tests.append(
            Testcase(name=test_name, input=f"tests/{test_name}.in", answer=f"tests/{test_name}.ans")
        )
    return tests


def _nested(
    directory: Path, name: str, problems: Problems, files: dict[str, bytes]
) -> list[TestGroup]:
    """Sub-folders of ``directory`` as pass-fail groups (pass-fail tasks)."""
    groups = []
    for sub in children(directory):
        if sub.is_dir():
            groups.append(
                TestGroup(
                    name=f"{name}/{sub.name}",
                    tests=tuple(_cases(sub, f"{name}/{sub.name}", problems, files)),
                    groups=tuple(_nested(sub, f"{name}/{sub.name}", problems, files)),
                )
            )
    return groups


def _test_tree(
    root: Path, scoring: Scoring, problems: Problems, files: dict[str, bytes]
) -> TestGroup:
    data = root / "data"
    sample = TestGroup(
        name="sample",
        tests=tuple(_cases(data / "sample", "sample", problems, files)),
        counts=False,
        on_reject="continue",
    )
    secret_dir = data / "secret"
    if not secret_dir.is_dir():
        problems.add("data/secret", "", "missing: the hidden tests")
    direct = _cases(secret_dir, "secret", problems, files)
    folders = [p for p in children(secret_dir) if p.is_dir()]
    if scoring.type == "pass-fail":
        secret = TestGroup(
            name="secret",
            tests=tuple(direct),
            groups=tuple(_nested(secret_dir, "secret", problems, files)),
        )
        if not secret.tests and not secret.groups:
            problems.add("data/secret", "", "no tests (*.in with *.ans)")
        return TestGroup(name="data", groups=(sample, secret))
    if not scoring.groups:
        if folders:
            problems.add("data/secret", "", "sub-folders need 'scoring.groups' in task.yaml")
        count = max(1, len(direct))
        points = scoring.points or 100.0
        secret = TestGroup(
            name="secret",
            tests=tuple(direct),
            aggregation="sum",
            accept_score=points / count,
            max_score=points,
            on_reject="continue",
        )
        if not direct:
            problems.add("data/secret", "", "no tests (*.in with *.ans)")
        return TestGroup(
            name="data", groups=(sample, secret), aggregation="sum", on_reject="continue"
        )
    if direct:
        problems.add("data/secret", "", "with scoring groups, every test belongs in a group folder")
    names = {p.name for p in folders}
    for missing in sorted(set(scoring.groups) - names):
        problems.add("task.yaml", f"scoring.groups.{missing}", f"no folder data/secret/{missing}")
    for extra in sorted(names - set(scoring.groups)):
        problems.add(f"data/secret/{extra}", "", "a test folder without points in scoring.groups")
    groups = []
    for folder in folders:
        rule = scoring.groups.get(folder.name)
        if rule is None:
            continue
        tests = _cases(folder, f"secret/{folder.name}", problems, files)
        if not tests:
            problems.add(f"data/secret/{folder.name}", "", "no tests (*.in with *.ans)")
        groups.append(
            TestGroup(
                name=f"secret/{folder.name}",
                tests=tuple(tests),
                aggregation=rule.aggregation,
                max_score=rule.points,
                accept_score=rule.points / max(1, len(tests))
                if rule.aggregation == "sum"
                else rule.points,
                on_reject="break" if rule.aggregation == "pass-fail" else "continue",
                validator_flags=tuple(rule.validator_flags),
            )
        )
    secret = TestGroup(name="secret", groups=tuple(groups), aggregation="sum", on_reject="continue")
    return TestGroup(name="data", groups=(sample, secret), aggregation="sum", on_reject="continue")


def read_code(root: Path, spec: TaskSpec, problems: Problems, package: Package, node: Any) -> None:
    """A code task: its test data tree, checker, limits and reference solutions."""
    scoring = spec.scoring or Scoring()
    files: dict[str, bytes] = {}
    tree = _test_tree(root, scoring, problems, files)
    checker_spec = spec.checker
    checker = Checker()
    if checker_spec is not None and checker_spec.type == "custom":
        assert checker_spec.path is not None
        source = root / checker_spec.path
        sources = list(walk_files(source)) if source.is_dir() else []
        if not sources:
            problems.add("task.yaml", "checker.path", f"no checker sources in {checker_spec.path}/")
        for path in sources:
            files[f"checker/{path.relative_to(source).as_posix()}"] = path.read_bytes()
        checker = Checker(
            kind="custom",
            flags=tuple(checker_spec.flags),
            path="checker",
            language=checker_spec.language,
        )
    elif checker_spec is not None:
        checker = Checker(flags=tuple(checker_spec.flags))
    limits = spec.limits
    dataset = JudgeDataset(
        scoring=scoring.type,
        limits=Limits(
            time_s=limits.time_s,
            memory_mb=limits.memory_mb,
            output_mb=limits.output_mb,
            code_kb=limits.code_kb,
        )
        if limits
        else Limits(),
        checker=checker,
        root=tree,
        languages=tuple(spec.languages) if spec.languages is not None else None,
        python=spec.python,
        cpp=spec.cpp,
    )
    for field in ("python", "cpp"):
        chosen = getattr(spec, field)
        if chosen and spec.languages is not None and chosen not in spec.languages:
            problems.add(
                TASK_FILE,
                field,
                f"{chosen} is not in the task's languages ({', '.join(spec.languages)})",
            )
    package.manifest = dataset.model_dump(mode="json")
    package.files = files
    package.time_limit_note = "stated in task.yaml" if limits else "default (1 s)"
    if scoring.type == "scoring":
        from ictjudge.scoring import max_score

        package.max_score = max_score(tree)
    else:
        package.max_score = 100.0
    package.references = reference_solutions(root, spec, problems, package.max_score)
    samples = [(files[t.input], files[t.answer]) for t in tree.groups[0].tests if t.answer]
    for lang in ("en", "zh"):
        package.statements[lang] = append_samples(package.statements[lang], samples, lang)
    if not any(r.path.startswith("accepted/") for r in package.references):
        problems.add("solutions/accepted", "", "at least one accepted solution is required")


def reference_solutions(
    root: Path, spec: TaskSpec, problems: Problems, max_score: float, lab_type: str | None = None
) -> list[Reference]:
    """The solutions under ``solutions/`` with what each should get."""
    overrides: dict[str, Any] = {}
    settings = find(root / "solutions", "solutions.yaml")
    if settings is not None:
        data, _node = load_yaml(settings, "solutions/solutions.yaml", problems)
        if isinstance(data, dict):
            overrides = data
        elif data is not None:
            problems.add("solutions/solutions.yaml", "", "must map solution paths to settings")
    references = read_solutions(
        root / "solutions",
        "solutions",
        problems,
        overrides,
        None if lab_type else spec.languages,
        lab_type=lab_type,
        python=spec.python,
        cpp=spec.cpp,
    )
    if lab_type is not None or (spec.scoring is not None and spec.scoring.type == "scoring"):
        from dataclasses import replace

        references = [
            replace(r, expectation=replace(r.expectation, score=max_score))
            if r.path.startswith("accepted/") and r.expectation.score is None
            else r
            for r in references
        ]
    return references


def read_native(
    root: Path, set_spec: SetSpec | None, problems: Problems, limits: PackageLimits | None = None
) -> Package | None:
    """Read and normalise the native package in ``root``; nothing is read from a package whose
    links or size are refused, or whose ``task.yaml`` names a path outside it."""
    if not scan(root, limits or PackageLimits(), problems):
        return None
    data, node = load_yaml(root / TASK_FILE, TASK_FILE, problems)
    if data is None and node is None:
        return None
    if isinstance(data, dict) and set_spec is not None:
        data = {"track": set_spec.track, **data}
    spec = validate(TaskSpec, data, TASK_FILE, problems, node)
    if spec is None:
        return None
    if set_spec is not None and spec.track != set_spec.track:
        problems.add(TASK_FILE, "track", f"the set's track is {set_spec.track}")
    if spec.track is None:
        problems.add(TASK_FILE, "track", "missing (no set.yaml names it)")
    if not _named_paths_inside(root, spec, problems):
        return None
    statements, assets = _statements(root, spec, problems)
    package = Package(
        label=root.name,
        spec=spec,
        set_spec=set_spec,
        statements=statements,
        assets=assets,
        editorials=_editorials(root, spec, assets, problems),
    )
    own = kind(spec.type)
    if own.section_model is not None and own.required is not None:
        section = spec.section(own.required)
        prefix = (own.required,)
        if validate(own.section_model, section, TASK_FILE, problems, node, prefix=prefix) is None:
            return None
    own.read(root, spec, problems, package, node)
    return package


def _named_paths(spec: TaskSpec) -> list[tuple[str, str]]:
    """Every (field, path) of ``task.yaml`` that names a file or folder of the package."""
    named = [("statement.en", spec.statement.en), ("statement.zh", spec.statement.zh)]
    named += [("editorial.en", spec.editorial.en), ("editorial.zh", spec.editorial.zh)]
    if spec.checker is not None and spec.checker.path is not None:
        named.append(("checker.path", spec.checker.path))
    if isinstance(spec.lab, dict):
        from ictjudge.labs import lab_files

        named += [(field, path) for path, field in lab_files(spec.type, spec.lab).items()]
    return named


def _named_paths_inside(root: Path, spec: TaskSpec, problems: Problems) -> bool:
    """Whether every path ``task.yaml`` names stays inside the package, links followed (each
    one that does not is recorded)."""
    before = len(problems.errors)
    for field, path in _named_paths(spec):
        named_path(root, path, TASK_FILE, field, problems)
    return len(problems.errors) == before
