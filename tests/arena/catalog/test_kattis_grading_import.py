"""Kattis group settings carried into the judge's manifest: the legacy default grader's keys
(problem.yaml's older grading keys too), the 2025-09 keys and their drafts' scoring map."""

from __future__ import annotations

from pathlib import Path

from ictjudge.dataset import Dataset
from ictjudge.scoring import final
from ictjudge.wire import TestRun, Verdict
from tests.arena.catalog.test_kattis_packages import dataset, errors, group, only, package


def test_a_legacy_pass_fail_package_is_graded_by_the_default_grader(tmp_path: Path) -> None:
    """problemtools grades pass-fail problems with the default grader too: with on_reject
    continue the verdict is the worst error, not the first."""
    files = {"data/testdata.yaml": "on_reject: continue\n",
             "data/secret/2.in": "1 1\n", "data/secret/2.ans": "2\n"}  # fmt: skip
    root = package(tmp_path, **files)
    tree = dataset(only(root))
    assert (tree.root.name, tree.root.verdict_mode, tree.root.on_reject) == (
        "data", "worst_error", "continue",
    )  # fmt: skip
    assert group(only(root), "secret").on_reject == "continue"  # inherited
    runs = {
        "sample/1": TestRun(name="sample/1", group="sample", verdict=Verdict.AC),
        "secret/1": TestRun(name="secret/1", group="secret", verdict=Verdict.WA),
        "secret/2": TestRun(name="secret/2", group="secret", verdict=Verdict.TLE),
    }
    assert final(tree, runs)[:2] == (Verdict.TLE, 0)


def test_problem_yaml_grading_keys_override_every_group(tmp_path: Path) -> None:
    root = package(
        tmp_path,
        **{
            "problem.yaml": "name: X\ntype: scoring\n"
            "grading: {on_reject: grade, accept_score: 2, range: 0 40}\n",
            "data/secret/testdata.yaml": "on_reject: break\naccept_score: 7\n",
        },
    )
    secret = group(only(root), "secret")
    assert (secret.on_reject, secret.accept_score, secret.score_range) == ("continue", 2, (0, 40))
    root = package(tmp_path / "b", **{"problem.yaml": "name: X\ntype: scoring\n"
                                      "grading: {on_reject: first_error}\n",
                                      "data/testdata.yaml": "on_reject: continue\n"})  # fmt: skip
    assert dataset(only(root)).root.on_reject == "break"
    root = package(tmp_path / "c", **{"problem.yaml": "name: X\ntype: scoring\n"
                                      "grading: {on_reject: sometimes}\n"})  # fmt: skip
    assert any("grading.on_reject" in e and "first_error, worst_error or grade" in e
               for e in errors(root))  # fmt: skip


def test_grader_flags_and_range_are_read_with_located_errors(tmp_path: Path) -> None:
    root = package(
        tmp_path,
        **{
            "problem.yaml": "name: X\ntype: scoring\n",
            "data/testdata.yaml": "on_reject: continue\ngrader_flags: ignore_sample\n",
            "data/secret/testdata.yaml": "grader_flags: min first_error max ignore_sample\n"
            "range: -inf 50\n",
        },
    )
    pkg = only(root)
    root_group, secret = dataset(pkg).root, group(pkg, "secret")
    assert root_group.ignore_sample
    # the last of conflicting modes wins; ignore_sample is for the root alone
    assert (secret.aggregation, secret.verdict_mode, secret.ignore_sample) == (
        "max", "first_error", False,
    )  # fmt: skip
    assert secret.score_range == (None, 50)
    assert any("'ignore_sample' is for data/ alone" in w for w in pkg.warnings)
    bad = package(tmp_path / "bad", **{"problem.yaml": "name: X\ntype: scoring\n",
                                       "data/secret/testdata.yaml": "range: 10 0\n"})  # fmt: skip
    assert any("data/secret" in e and "10 is more than 0" in e for e in errors(bad))
    bad = package(tmp_path / "bad2", **{"problem.yaml": "name: X\ntype: scoring\n",
                                        "data/secret/testdata.yaml": "range: 100\n"})  # fmt: skip
    assert any("data/secret" in e and "range" in e for e in errors(bad))


def _new(root: Path, secret_yaml: str, group_yaml: str) -> Path:
    path = package(
        root,
        **{
            "problem.yaml": "problem_format_version: 2025-09\ntype: scoring\nname: X\nuuid: u\n",
            "data/secret/test_group.yaml": secret_yaml,
            "data/secret/a/test_group.yaml": "max_score: 40\n",
            "data/secret/a/1.in": "1\n", "data/secret/a/1.ans": "1\n",
            "data/secret/b/test_group.yaml": group_yaml,
            "data/secret/b/1.in": "2\n", "data/secret/b/1.ans": "2\n",
            "data/secret/b/2.in": "3\n", "data/secret/b/2.ans": "3\n",
        },
    )  # fmt: skip
    (path / "data/secret/1.in").unlink()
    (path / "data/secret/1.ans").unlink()
    return path


def test_the_2025_drafts_scoring_map_reads_as_the_flat_keys(tmp_path: Path) -> None:
    draft = only(
        _new(tmp_path / "draft", "scoring: {score: 100}\n",
             "scoring: {score: 60, aggregation: sum, require_pass: secret/a}\n")
    )  # fmt: skip
    flat = only(
        _new(tmp_path / "flat", "max_score: 100\n",
             "max_score: 60\nscore_aggregation: sum\nrequire_pass: secret/a\n")
    )  # fmt: skip
    assert draft.manifest == flat.manifest
    b = group(draft, "secret/b")
    assert (b.max_score, b.accept_score, b.aggregation, b.require_pass) == (
        60, 30, "sum", ("secret/a",),
    )  # fmt: skip
    tree = Dataset.model_validate(draft.manifest)
    runs = {
        "sample/1": TestRun(name="sample/1", group="sample", verdict=Verdict.AC),
        "secret/a/1": TestRun(name="secret/a/1", group="secret/a", verdict=Verdict.WA),
        "secret/b/1": TestRun(name="secret/b/1", group="secret/b", verdict=Verdict.AC, score=30),
    }
    assert final(tree, runs)[:2] == (Verdict.WA, 0)  # b requires a: it scores nothing


def test_an_unknown_key_of_the_scoring_map_is_a_warning(tmp_path: Path) -> None:
    pkg = only(_new(tmp_path, "scoring: {score: 100, bonus: 3}\n", "max_score: 60\n"))
    assert any("unknown key 'scoring.bonus'" in w for w in pkg.warnings)


def test_legacy_folders_name_the_final_verdict_alone(tmp_path: Path) -> None:
    """problemtools checks a legacy submission's final verdict only: an accepted one may fail
    a test its grader forgives (accept_if_any_accepted), and in a scoring problem it may score
    below the maximum (a warning)."""
    root = package(
        tmp_path,
        **{
            "problem.yaml": "name: X\ntype: scoring\n",
            "submissions/accepted/a.py": "print(12)\n",
            "submissions/wrong_answer/w.py": "print(1)\n",
            "submissions/run_time_error/r.py": "raise SystemExit(3)\n",
            "submissions/time_limit_exceeded/t.py": "while True: pass\n",
            "submissions/wrong_answer/marked.c": "/*\n * @EXPECTED_RESULTS@: WRONG-ANSWER, "
            "TIMELIMIT\n */\n",
        },
    )
    refs = {r.path: r for r in only(root).references}
    assert refs["accepted/a.py"].expectation.final == ("AC", "PA")
    assert refs["accepted/a.py"].expectation.permitted is None
    assert refs["accepted/a.py"].time_limit_role == "lower"
    assert refs["wrong_answer/w.py"].expectation.final == ("WA",)
    assert refs["run_time_error/r.py"].expectation.final == ("RE", "MLE")
    assert refs["time_limit_exceeded/t.py"].expectation.final == ("TLE",)
    assert refs["time_limit_exceeded/t.py"].time_limit_role == "upper"
    assert refs["wrong_answer/marked.c"].expectation.final == ("WA", "TLE")  # its own line
    new = package(tmp_path / "new", **{
        "problem.yaml": "problem_format_version: 2025-09\nname: X\nuuid: u\n",
        "submissions/wrong_answer/w.py": "print(1)\n",
    })  # fmt: skip
    wrong = only(new).references[-1]
    assert (wrong.expectation.permitted, wrong.expectation.required) == (("AC", "WA"), ("WA",))
