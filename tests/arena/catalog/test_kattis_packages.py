"""Kattis packages shaped like the public ones (problemtools examples, BAPCtools test problems,
DOMjudge's): each case here was imported wrongly or refused wrongly before, and is read right
now. Nothing here runs a submission; see test_kattis_verify.py for that."""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from ictarena.catalog.packages.kattis import KattisOptions
from ictarena.catalog.packages.package import Package
from ictarena.catalog.packages.sources import Catalogue, read_paths
from ictjudge.dataset import Dataset as JudgeDataset
from ictjudge.dataset import TestGroup
from tests.arena.catalog.builders import PY_AC, PY_WA, write

OPTIONS = KattisOptions(track="programming", tier="associate", module="kattis-test")


def package(root: Path, **files: str | bytes) -> Path:
    """A small legacy pass-fail package, with ``files`` added or replaced."""
    base: dict[str, str | bytes] = {
        "problem.yaml": "name: A plus B\nsource: Test Contest\nlicense: cc by-sa\n",
        "problem_statement/problem.en.tex": "\\problemname{A plus B}\nAdd $a$ and $b$.\n",
        "data/sample/1.in": "1 2\n",
        "data/sample/1.ans": "3\n",
        "data/secret/1.in": "5 7\n",
        "data/secret/1.ans": "12\n",
        "submissions/accepted/sol.py": PY_AC,
    }
    base.update(files)
    return write(root / "aplusb", base)


def read(root: Path) -> Catalogue:
    return read_paths([root], OPTIONS)


def only(root: Path) -> Package:
    catalogue = read(root)
    assert catalogue.errors == [], [str(e) for e in catalogue.errors]
    return catalogue.packages[0]


def errors(root: Path) -> list[str]:
    return [str(e) for e in read(root).errors]


def dataset(pkg: Package) -> JudgeDataset:
    return JudgeDataset.model_validate(pkg.manifest)


def group(pkg: Package, name: str) -> TestGroup:
    def walk(g: TestGroup) -> TestGroup | None:
        if g.name == name:
            return g
        return next((found for sub in g.groups if (found := walk(sub))), None)

    found = walk(dataset(pkg).root)
    assert found is not None, name
    return found


# problem.yaml ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("problem_yaml", "message"),
    [
        ("source: Kattis\ntype: pvp\nvalidation: custom\n", "'pvp' problems are not supported"),
        ("validation: custom interactive\n", "validation: interactive problems are not supported"),
        ("validation: interactive\n", "interactive problems are not supported"),
        ("problem_format_version: 2025-09\nname: X\nuuid: u\ntype: [scoring, interactive]\n",
         "type: interactive problems"),
        ("problem_format_version: 2025-09\nname: X\nuuid: u\ntype: submit-answer\n",
         "submit-answer problems"),
        ("name: X\nlimits:\n\ttime_multiplier: 5\n", "problem.yaml:3:1"),
    ],
    ids=["pvp", "custom-interactive", "domjudge-interactive", "type-list", "submit-answer", "tab"],
)  # fmt: skip
def test_problem_types_the_judge_cannot_run_are_refused_by_name(
    tmp_path: Path, problem_yaml: str, message: str
) -> None:
    root = package(tmp_path, **{"problem.yaml": problem_yaml})
    found = errors(root)
    assert any(message in e for e in found), found


def test_yaml_quirks_are_read_not_refused(tmp_path: Path) -> None:
    quirky = (
        "\ufeff# BAPCtools writes empty keys\nname:\n  de: Hallo\n  en: Hello\nsource:\n"
        "source_url:\nlicense:\nrights_owner:\nlimits:\nvalidation: default\n"
        "validator_flags: [float_tolerance, '1e-6']\nsome_new_key: 3\n"
    )
    pkg = only(package(tmp_path, **{"problem.yaml": quirky}))
    assert pkg.spec.title.en == "Hello"
    assert dataset(pkg).checker.flags == ("float_tolerance", "1e-6")
    assert any("unknown key 'some_new_key'" in w for w in pkg.warnings)


def test_an_empty_problem_yaml_takes_the_name_from_the_statement(tmp_path: Path) -> None:
    pkg = only(package(tmp_path, **{"problem.yaml": ""}))
    assert pkg.spec.title.en == "A plus B"


def test_unknown_licenses_and_limits_are_warnings_and_huge_limits_are_clamped(
    tmp_path: Path,
) -> None:
    yaml = "name: X\nlicense: gpl\nlimits:\n  memory: 8192\n  validation_passes: 2\n  wibble: 1\n"
    pkg = only(package(tmp_path, **{"problem.yaml": yaml}))
    assert dataset(pkg).limits.memory_mb == 4096
    assert any("license 'gpl'" in w for w in pkg.warnings)
    assert any("limits.wibble" in w for w in pkg.warnings)
    assert any("limits.memory: 8192" in w for w in pkg.warnings)


def test_a_bad_default_validator_flag_is_located(tmp_path: Path) -> None:
    root = package(
        tmp_path, **{"data/secret/testdata.yaml": "output_validator_flags: float_tolerance\n"}
    )
    found = errors(root)
    assert "aplusb/data/secret: output_validator_flags: float_tolerance needs a value" in found


# time limits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "note"),
    [
        ({".timelimit": "2.5\n"}, "2.5 s, stated in .timelimit"),
        ({"domjudge-problem.ini": "probid='A'\ntimelimit='3'\ncolor='#FFFFFF'\n"},
         "3 s, stated in domjudge-problem.ini"),
        ({"problem.yaml": "problem_format_version: 2023-07-draft\nname: X\nuuid: u\n"
                          "limits:\n  time_limit: 2.0\n"}, "2 s, stated in problem.yaml"),
    ],
    ids=["dotfile", "domjudge-ini", "limits-time-limit"],
)  # fmt: skip
def test_stated_time_limits(tmp_path: Path, files: dict[str, str], note: str) -> None:
    root = package(tmp_path)
    write(root, files)
    assert only(root).time_limit_note == note


def test_inference_plans_follow_each_version(tmp_path: Path) -> None:
    legacy = only(package(tmp_path / "a", **{"problem.yaml": "limits:\n  time_safety_margin: 4\n"}))
    assert legacy.time_limit_plan is not None
    assert (legacy.time_limit_plan.multiplier, legacy.time_limit_plan.safety_margin) == (5, 4)
    new = only(
        package(
            tmp_path / "b",
            **{
                "problem.yaml": "problem_format_version: 2025-09\nname: X\nuuid: u\nlimits:\n"
                "  time_resolution: 0.5\n  time_multipliers: {time_limit_to_tle: 3}\n"
            },
        )
    )
    assert new.time_limit_plan is not None
    assert (new.time_limit_plan.convention, new.time_limit_plan.resolution) == ("2025-09", 0.5)
    assert (new.time_limit_plan.multiplier, new.time_limit_plan.safety_margin) == (2.0, 3.0)


# statements -------------------------------------------------------------------------------


def test_markdown_math_samples_and_images_are_placed(tmp_path: Path) -> None:
    root = package(
        tmp_path,
        **{
            "problem.yaml": "problem_format_version: 2025-09\nname: {en: Echo}\nuuid: u\n"
            "constants: {MAXN: 100}\n",
            "statement/problem.en.md": "Between \\(1\\) and \\({{MAXN}}\\).\n\n{{nextsample}}\n\n"
            '![cave](./cave.jpg) <img src="cave.jpg">\n\n## Output\n\n{{remainingsamples}}\n',
            "statement/cave.jpg": b"\xff\xd8\xff",
            "data/sample/2.in": "3 4\n",
            "data/sample/2.ans": "7\n",
        },
    )
    (root / "problem_statement").rename(root / "unused")
    pkg = only(root)
    text = pkg.statements["en"]
    assert "Between $1$ and $100$." in text
    assert "![cave](assets/cave.jpg)" in text and '<img src="assets/cave.jpg">' in text
    assert text.index("Sample Input 1") < text.index("## Output") < text.index("Sample Input 2")
    assert "{{" not in text
    assert pkg.assets == {"assets/cave.jpg": b"\xff\xd8\xff"}


def test_latex_statements_include_files_tables_and_images(tmp_path: Path) -> None:
    tex = (
        "\\problemname{Sum of $x^2$}\n%% plainproblemname: Sum of squares\n"
        "\\input{intro}\n\\begin{Input}\nOne line.\n\\end{Input}\n"
        "\\begin{tabular}{|l|r|}\\hline Group & Points \\\\ \\hline 1 & 20 \\\\ \\end{tabular}\n"
        "\\illustration{0.3}{cave}{A cave}\n"
        "\\begin{enumerate}\\item one\\item two\\end{enumerate}\n"
    )
    root = package(
        tmp_path,
        **{
            "problem.yaml": "source: X\n",
            "problem_statement/problem.en.tex": tex,
            "problem_statement/intro.tex": "You love \\emph{caves}.\n",
            "problem_statement/cave.png": b"\x89PNG",
        },
    )
    pkg = only(root)
    text = pkg.statements["en"]
    assert pkg.spec.title.en == "Sum of squares"
    assert "You love *caves*." in text and "## Input" in text
    # with pandoc or without it: a table, the captioned figure, a numbered list
    assert re.search(r"\|\s*Group\s*\|\s*Points\s*\|", text)
    assert re.search(r"\|\s*1\s*\|\s*20\s*\|", text)
    assert "![A cave](assets/cave.png)" in text
    assert re.search(r"1\.\s+one", text) and re.search(r"\d\.\s+two", text)


def test_legacy_packages_prefer_problem_statement_and_new_ones_statement(tmp_path: Path) -> None:
    files = {
        "statement/problem.en.md": "New text.\n",
        "problem_statement/problem.en.tex": "\\problemname{Old}\nOld text.\n",
    }
    legacy = only(package(tmp_path / "a", **files))
    assert "Old text." in legacy.statements["en"]
    new_yaml = "problem_format_version: 2025-09\nname: New\nuuid: u\n"
    new = only(package(tmp_path / "b", **files, **{"problem.yaml": new_yaml}))
    assert "New text." in new.statements["en"]


def test_pdf_only_or_missing_statements_are_warned_about_not_refused(tmp_path: Path) -> None:
    pdf = package(tmp_path / "a", **{"problem_statement/problem.en.pdf": b"%PDF-1.4\n"})
    (pdf / "problem_statement/problem.en.tex").unlink()
    pkg = only(pdf)
    assert "Sample Input 1" in pkg.statements["en"]
    assert any("PDF statement is not shown" in w for w in pkg.warnings)
    bare = package(tmp_path / "b")
    for path in (bare / "problem_statement").iterdir():
        path.unlink()
    (bare / "problem_statement").rmdir()
    pkg = only(bare)
    assert any("no statement/ or problem_statement/" in w for w in pkg.warnings)


def test_samples_show_their_statement_versions(tmp_path: Path) -> None:
    root = package(
        tmp_path, **{"data/sample/1.in.statement": "1 2 (shown)\n", "data/sample/1.out": "3 out\n"}
    )
    pkg = only(root)
    text = pkg.statements["en"]
    assert "1 2 (shown)" in text and "3 out" in text
    assert pkg.files["tests/sample/1.in"] == b"1 2\n"  # what runs is still the .in file


# test data --------------------------------------------------------------------------------


def test_extra_files_are_ignored_and_orphan_answers_only_warned(tmp_path: Path) -> None:
    root = package(tmp_path)
    write(
        root,
        {
            "data/secret/1.desc": "why",
            "data/secret/1.hint": "how",
            "data/secret/1.png": b"\x89PNG",
            "data/secret/2.ans": "lonely\n",
            "data/invalid_input/bad.in": "x\n",
        },
    )
    pkg = only(root)
    assert [t.name for t in dataset(pkg).all_tests()] == ["sample/1", "secret/1"]
    assert any("2.ans has no matching .in" in w for w in pkg.warnings)
    assert not any("invalid_input" in w for w in pkg.warnings)


def test_a_custom_validator_needs_no_answer_files(tmp_path: Path) -> None:
    root = package(
        tmp_path,
        **{
            "problem.yaml": "validation: custom\n",
            "output_validators/check/check.py": "import sys\nsys.exit(42)\n",
        },
    )
    (root / "data/sample/1.ans").unlink()
    (root / "data/secret/1.ans").unlink()
    pkg = only(root)
    assert [t.answer for t in dataset(pkg).all_tests()] == [None, None]
    assert pkg.files["checker/check.py"].startswith(b"import sys")


def test_a_validator_folder_without_custom_validation_is_not_used(tmp_path: Path) -> None:
    pkg = only(package(tmp_path, **{"output_validators/v/v.py": "import sys\nsys.exit(42)\n"}))
    assert dataset(pkg).checker.kind == "default"
    assert any("is not used" in w for w in pkg.warnings)


def test_test_case_arguments_replace_the_groups(tmp_path: Path) -> None:
    root = package(tmp_path)
    write(
        root,
        {
            "data/secret/testdata.yaml": "output_validator_flags: float_tolerance 1e-3\n",
            "data/secret/1.yaml": "output_validator_args: [float_tolerance, '1e-9']\n",
        },
    )
    pkg = only(root)
    secret = group(pkg, "secret")
    assert secret.validator_flags == ("float_tolerance", "1e-3")
    assert secret.tests[0].validator_flags == ("float_tolerance", "1e-9")


# symbolic links -----------------------------------------------------------------------------


def test_links_inside_the_package_are_followed(tmp_path: Path) -> None:
    root = package(tmp_path)
    os.symlink("../sample/1.in", root / "data/secret/2.in")
    os.symlink("../sample/1.ans", root / "data/secret/2.ans")
    write(root, {"output_validators/v/check.cpp": '#include "validate.h"\nint main(){return 42;}\n',
                 "include/validate.h": "#pragma once\n",
                 "problem.yaml": "validation: custom\n"})  # fmt: skip
    os.symlink("../../include/validate.h", root / "output_validators/v/validate.h")
    pkg = only(root)
    assert pkg.files["tests/secret/2.in"] == b"1 2\n"
    assert pkg.files["checker/validate.h"] == b"#pragma once\n"


def test_links_that_leave_the_package_are_refused(tmp_path: Path) -> None:
    outside = write(tmp_path / "elsewhere", {"validation.h": "// secret\n", "x.in": "1 1\n"})
    root = package(tmp_path)
    os.symlink(outside / "x.in", root / "data/secret/3.in")
    write(root, {"data/secret/3.ans": "2\n"})
    found = errors(root)
    assert (
        "aplusb/data/secret/3.in: a symbolic link that leaves the package (or points nowhere)"
        in found
    )


def _zip(path: Path, members: dict[str, bytes], links: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        for name, target in links.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o120777 << 16
            zf.writestr(info, target)
    return path


def test_archives_keep_links_to_their_own_files_and_refuse_others(tmp_path: Path) -> None:
    members = {
        "hello/problem.yaml": b"name: Hello\n",
        "hello/problem_statement/problem.en.md": b"Say hello.\n",
        "hello/data/sample/1.in": b"",
        "hello/data/sample/1.ans": b"Hello World!\n",
        "hello/submissions/accepted/a.py": b"print('Hello World!')\n",
    }
    good = _zip(tmp_path / "good.kpp", members,
                {"hello/data/secret/1.in": "../sample/1.in",
                 "hello/data/secret/1.ans": "../sample/1.ans"})  # fmt: skip
    catalogue = read_paths([good], OPTIONS)
    assert catalogue.errors == []
    assert catalogue.packages[0].files["tests/secret/1.ans"] == b"Hello World!\n"
    bad = _zip(tmp_path / "bad.zip", members, {"hello/data/secret/1.in": "../../../../etc/passwd"})
    found = [str(e) for e in read_paths([bad], OPTIONS).errors]
    assert found == ["bad.zip: symbolic link 'hello/data/secret/1.in' leaves the package"]


# submissions ---------------------------------------------------------------------------------


def test_unknown_submission_folders_are_skipped_with_a_warning(tmp_path: Path) -> None:
    pkg = only(package(tmp_path, **{"submissions/slow_accepted/slow.py": PY_AC}))
    assert [r.path for r in pkg.references] == ["accepted/sol.py"]
    assert any("submissions/slow_accepted: not a folder of expected verdicts" in w
               for w in pkg.warnings)  # fmt: skip


def test_folders_declared_in_submissions_yaml_are_judged_by_their_rules(tmp_path: Path) -> None:
    root = package(tmp_path)
    write(
        root,
        {
            ".timelimit": "1\n",
            "submissions/mixed/any.py": PY_WA,
            "submissions/expansion/ac.py": PY_AC,
            "submissions/expansion/ac.cpp": "int main(){}\n",
            "submissions/expansion/ac.c": "int main(){}\n",
            "submissions/submissions.yaml": "mixed:\n  permitted: [AC, WA, TLE, RTE]\n"
            "expansion/ac.{py,cpp}:\n  permitted: [AC]\n"
            "accepted:\n  permitted: [AC, WA]\n  required: [WA]\n"
            "'*/sol.py':\n  score: 3\n",
        },
    )
    by_path = {r.path: r.expectation for r in only(root).references}
    assert by_path["mixed/any.py"].permitted == ("AC", "WA", "TLE", "RE")
    assert by_path["expansion/ac.py"].permitted == ("AC",)
    assert by_path["expansion/ac.cpp"].permitted == ("AC",)
    assert by_path["expansion/ac.c"].permitted is None
    accepted = by_path["accepted/sol.py"]
    assert (accepted.permitted, accepted.required, accepted.final) == (("AC", "WA"), ("WA",), None)
    assert accepted.score == 3.0


def test_glob_stars_stay_within_a_segment_and_rules_add_up(tmp_path: Path) -> None:
    root = package(tmp_path)
    write(
        root,
        {
            "submissions/wrong_answer/nested/main.py": PY_WA,
            "submissions/wrong_answer/wa.py": PY_WA,
            "submissions/submissions.yaml": "'*/main.py':\n  required: [TLE]\n"
            "wrong_answer/*:\n  permitted: [WA, TLE]\n"
            "wrong_answer/wa.py:\n  sample: {permitted: [AC]}\n  message: too big\n",
        },
    )
    pkg = only(root)
    by_path = {r.path: r for r in pkg.references}
    nested = by_path["wrong_answer/nested"]
    assert nested.language == "pypy3" and set(nested.files) == {"main.py"}  # ICPC's Python
    assert nested.expectation.required == ("WA",)  # '*/main.py' does not reach into the folder
    assert nested.expectation.permitted == ("WA",)  # the folder's (AC, WA) ∩ (WA, TLE)
    assert any("rules for test groups (sample) are not checked" in w for w in pkg.warnings)


def test_domjudge_expected_results_lines_name_the_verdicts(tmp_path: Path) -> None:
    source = "/*\n * @EXPECTED_RESULTS@: CORRECT, NO-OUTPUT\n */\nint main(){return 0;}\n"
    pkg = only(package(tmp_path, **{"submissions/accepted/expected.c": source}))
    (ref,) = [r for r in pkg.references if r.path == "accepted/expected.c"]
    assert ref.expectation.final == ("AC", "WA") and ref.expectation.permitted is None


@pytest.mark.parametrize(
    ("files", "language", "skipped"),
    [
        ({"test-hello.c": b"int main(){}", "random-extra-file": b"\x00\x01"}, "c", None),
        ({"hello.java": b"public class hello{}", "message.java": b"class message{}"}, "java", None),
        ({"a.cc": b"", "b.c": b""}, "cpp", None),  # a tie: C++ has Kattis's higher priority
        ({"a.c": b"", "b.c": b"", "c.cc": b""}, "c", None),  # two C files outvote one C++
        ({"old.py": b"#!/usr/bin/env python2\nprint 1\n"}, None, "Python 2"),
        ({"old.py": b"n = int(raw_input())\nprint n * 2\n"}, None, "Python 2"),  # by its syntax
        ({"broken.py": b"print(1 +\n"}, "python3", None),  # a Python 3 syntax error
        ({"main.py": b"print(1)\n", "helper.py": b"#!/usr/bin/python2\n"}, "python3", None),
        ({"different.pl": b":- initialization(main)."}, None, "Prolog (.pl)"),
        ({"upper.C": b"int main(){}"}, "cpp", None),
        ({"sol.py3": b"print(1)"}, "python3", None),
    ],
    ids=["c-with-junk", "java-two-files", "tie", "majority", "python2", "python2-syntax",
         "python3-syntax-error", "python-helper-shebang", "prolog", "dot-C", "py3"],
)  # fmt: skip
def test_submission_languages_are_decided_as_kattis_does(
    tmp_path: Path, files: dict[str, bytes], language: str | None, skipped: str | None
) -> None:
    from ictarena.catalog.packages.solutions import language_of

    found, name = language_of(files)
    assert found == language
    if skipped:
        assert name == skipped


# scoring ---------------------------------------------------------------------------------


LEGACY_SCORING = {
    "problem.yaml": "problem_format_version: 2023-07-draft\ntype: scoring\nname: Odd Echo\n"
    "credits: Johan Sannemo\n",
    "data/secret/testdata.yaml": "on_reject: continue\nrange: 0 100\n"
    "grader_flags: first_error accept_if_any_accepted\n",
    "data/secret/subtask1/testdata.yaml": "on_reject: break\naccept_score: 1\nrange: 0 1\n"
    "grader_flags: min\ninput_validator_flags: nFive=1\n",
    "data/secret/subtask1/1.in": "1\n",
    "data/secret/subtask1/1.ans": "1\n",
    "data/secret/subtask2/testdata.yaml": "accept_score: 50\nrange: 0 50\ngrader_flags: min\n",
    "data/secret/subtask2/1.in": "2\n",
    "data/secret/subtask2/1.ans": "2\n",
    "data/secret/subtask2/2.in": "3\n",
    "data/secret/subtask2/2.ans": "3\n",
}


def test_legacy_group_settings_keep_the_kattis_grader_semantics(tmp_path: Path) -> None:
    root = package(tmp_path)
    (root / "data/secret/1.in").unlink()
    (root / "data/secret/1.ans").unlink()
    pkg = only(write(root, LEGACY_SCORING))
    secret, sub1, sub2 = (
        group(pkg, "secret"),
        group(pkg, "secret/subtask1"),
        group(pkg, "secret/subtask2"),
    )
    assert (secret.verdict_mode, secret.accept_if_any, secret.on_reject) == (
        "first_error",
        True,
        "continue",
    )
    assert (sub1.aggregation, sub1.max_score, sub1.on_reject) == ("min", 1, "break")
    # subtask2 inherits on_reject and the grader's verdict mode from secret, key by key
    assert (sub2.aggregation, sub2.accept_score, sub2.max_score, sub2.on_reject) == (
        "min",
        50,
        50,
        "continue",
    )
    # range 0 100 bounds, it does not give; the sample's default accept_score (1) counts as
    # problemtools counts it, unless the root's grader ignores the samples
    assert (secret.max_score, pkg.max_score) == (51, 52)
    assert pkg.spec.author == "Johan Sannemo"
    assert not any("unknown key" in w for w in pkg.warnings)  # fmt: skip
    data = pkg.manifest["root"]
    assert (data["verdict_mode"], data["on_reject"], data["ignore_sample"]) == (
        "worst_error", "break", False,
    )  # fmt: skip
    write(root, {"data/testdata.yaml": "on_reject: continue\ngrader_flags: ignore_sample\n"})
    ignoring = only(root)
    assert ignoring.max_score == 51 and ignoring.manifest["root"]["ignore_sample"]


def test_2025_groups_share_the_secret_points_and_require_passes(tmp_path: Path) -> None:
    root = package(
        tmp_path,
        **{
            "problem.yaml": "problem_format_version: 2025-09\ntype: scoring\nname: X\nuuid: u\n",
            "data/secret/test_group.yaml": "max_score: 60\n",
            "data/secret/a/test_group.yaml": "max_score: 20\nscore_aggregation: sum\n",
            "data/secret/a/1.in": "1\n", "data/secret/a/1.ans": "1\n",
            "data/secret/a/2.in": "2\n", "data/secret/a/2.ans": "2\n",
            "data/secret/b/test_group.yaml":
                "score_aggregation: min\nrequire_pass: [sample, secret/a]\n",
            "data/secret/b/1.in": "3\n", "data/secret/b/1.ans": "3\n",
        },
    )  # fmt: skip
    (root / "data/secret/1.in").unlink()
    (root / "data/secret/1.ans").unlink()
    pkg = only(root)
    a, b = group(pkg, "secret/a"), group(pkg, "secret/b")
    assert (a.max_score, a.accept_score, a.aggregation) == (20, 10, "sum")
    assert (b.max_score, b.accept_score, b.aggregation) == (40, 40, "min")
    assert b.require_pass == ("sample", "secret/a")
    assert pkg.max_score == 60
    assert any("share the remaining 40 points" in w for w in pkg.warnings)


def test_legacy_custom_scores_are_bounded_by_the_range(tmp_path: Path) -> None:
    root = package(
        tmp_path,
        **{
            "problem.yaml": "type: scoring\nvalidation: custom score\n",
            "output_validators/v/v.py":
                "import sys\nopen(sys.argv[3] + '/score.txt', 'w').write('7')\nsys.exit(42)\n",
            "data/secret/testdata.yaml": "range: 0 10\ngrader_flags: max\n",
        },
    )  # fmt: skip
    pkg = only(root)
    secret = group(pkg, "secret")
    assert (secret.aggregation, secret.max_score, secret.score_range) == ("max", 10, (0, 10))


LATEX = r"""\problemname{Sum of $x^2$}
\illustration{0.3}{cave}{A cave}
Compute \[ \sum a_i^2 \] --- quickly, ``please''.
\begin{Input}
One line with $n$ ($1 \le n \le 10^5$).
\end{Input}
\begin{tabular}{|c|c|}\hline Group & Points \\ \hline $1$ & 20 \\ \hline\end{tabular}
\nextsample
\begin{verbatim}
 raw {x} \y
\end{verbatim}
\begin{align*} a &= b \\ c &= d \end{align*}
"""


def test_the_latex_fallback_converts_readably() -> None:
    from ictarena.catalog.packages.latex import plain_markdown

    text, name = plain_markdown(LATEX, images={"assets/cave.jpg"})
    assert name == "Sum of $x^2$"
    assert text.startswith("![A cave](assets/cave.jpg)")
    assert "Compute $$ \\sum a_i^2 $$ — quickly, “please”." in text
    assert "## Input\n\nOne line with $n$ ($1 \\le n \\le 10^5$)." in text
    assert "| Group | Points |\n|-|-|\n| $1$ | 20 |" in text
    assert "{{nextsample}}" in text and "```\n raw {x} \\y\n```" in text
    assert "$$\\begin{aligned}a &= b \\\\ c &= d\\end{aligned}$$" in text


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_conversion_keeps_sections_tables_figures_and_sample_markers() -> None:
    from ictarena.catalog.packages.latex import to_markdown

    text, name = to_markdown(LATEX, images={"assets/cave.jpg"})
    assert name == "Sum of $x^2$"
    assert "![A cave](assets/cave.jpg)" in text
    assert "## Input" in text and "{#" not in text
    assert re.search(r"\|\s*\$1\$\s*\|\s*20\s*\|", text)
    assert "{{nextsample}}" in text and "—" in text


def test_2025_credits_and_sources_given_as_maps_and_lists(tmp_path: Path) -> None:
    yaml = (
        "problem_format_version: 2025-09\nname: X\nuuid: 8ee7605a-26db-897d-15c8-b72d4e1bfcbb\n"
        "credits:\n  authors:\n  - Authy McAuth <authy@mcauth.example>\n  - name: Tess Ter\n"
        "    orcid: 0000-0001-7414-8743\n  testers: [T]\n"
        "source:\n  - name: NWERC 2024\n    url: https://2024.nwerc.example/contest\n"
        "  - SWERC 2024\nlicense: cc by\nrights_owner: ICPC\nkeywords: [graph, dijkstra]\n"
        "embargo_until: 2024-01-01\n"
    )
    pkg = only(package(tmp_path, **{"problem.yaml": yaml}))
    assert pkg.spec.author == "Authy McAuth <authy@mcauth.example>, Tess Ter"
    assert pkg.spec.source == "NWERC 2024, SWERC 2024"
    assert pkg.spec.tags == ["graph", "dijkstra"] and pkg.spec.license == "cc by"
    assert pkg.warnings == []
