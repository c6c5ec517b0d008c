"""Reading and checking packages: valid ones normalise to the judge's dataset; broken ones give
located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.storage import content, digest
from ictjudge.dataset import Dataset as JudgeDataset
from tests.arena.catalog.builders import code_task, problem_set, write, zip_dir


def _errors(path: Path) -> list[str]:
    return [str(e) for e in read_paths([path]).errors]


def test_a_problem_set_reads_into_normalised_packages(tmp_path: Path) -> None:
    catalogue = read_paths([problem_set(tmp_path)])
    assert catalogue.errors == []
    assert [s.id for s in catalogue.sets] == ["demo"]
    by_slug = {p.slug: p for p in catalogue.packages}
    assert set(by_slug) == {"aplusb", "quiz-demo"}
    code = by_slug["aplusb"]
    dataset = JudgeDataset.model_validate(code.manifest)
    assert [t.name for t in dataset.all_tests()] == ["sample/01", "secret/01", "secret/02"]
    assert dataset.root.groups[0].counts is False
    assert code.files["tests/secret/02.ans"] == b"99\n"
    assert {r.path: r.expectation.shown() for r in code.references} == {
        "accepted/sol.cpp": ["AC"],
        "accepted/sol.py": ["AC"],
        "time_limit_exceeded/spin.py": ["TLE"],
        "wrong_answer/minus.py": ["WA"],
    }
    assert "### Sample Input 1" in code.statements["en"]
    assert "样例输入 1" in code.statements["zh"]
    assert by_slug["quiz-demo"].max_score == 3


def test_identical_packages_hash_identically_and_crlf_is_normalised(tmp_path: Path) -> None:
    first = read_paths([code_task(tmp_path / "a")]).packages[0]
    second = read_paths(
        [code_task(tmp_path / "b", **{"data/secret/01.in": b"\xef\xbb\xbf5 7\r\n"})]
    ).packages[0]
    assert second.files["tests/secret/01.in"] == b"5 7\n"
    assert digest(content(first)) == digest(content(second))
    changed = read_paths([code_task(tmp_path / "c", **{"data/secret/01.ans": "13\n"})])
    assert digest(content(changed.packages[0])) != digest(content(first))


def test_a_zip_reads_like_its_folder(tmp_path: Path) -> None:
    folder = code_task(tmp_path)
    archive = zip_dir(folder, tmp_path / "aplusb.zip")
    zipped = read_paths([archive]).packages[0]
    plain = read_paths([folder]).packages[0]
    assert digest(content(zipped)) == digest(content(plain))


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        pytest.param(
            {"task.yaml": "id: aplusb\ntype: code\n"},
            "aplusb/task.yaml:1: title: Field required",
            id="missing-field",
        ),
        pytest.param(
            {"task.yaml": "id: aplusb\ntitle: [unclosed\n"},
            "aplusb/task.yaml:3:1:",
            id="bad-yaml",
        ),
        pytest.param(
            {"data/secret/03.in": "1 1\n"},
            "aplusb/data/secret/03.in: missing data/secret/03.ans",
            id="missing-ans",
        ),
        pytest.param(
            {
                "task.yaml": "id: aplusb\ntype: code\ntitle: {en: A, zh: B}\nmodule: m\n"
                "competencies: [logical_reasoning]\nlimits:\n  time_s: 0\n"
            },
            "aplusb/task.yaml:7: limits.time_s: Input should be greater than 0",
            id="bad-limit",
        ),
        pytest.param(
            {
                "task.yaml": "id: aplusb\ntype: code\ntitle: {en: A, zh: B}\nmodule: m\n"
                "competencies: [typing]\n"
            },
            "aplusb/task.yaml:5: competencies.0: Input should be",
            id="unknown-competency",
        ),
        pytest.param(
            {"statement/en.md": "See ![net](assets/net.png)\n"},
            "aplusb/statement/en.md:1: image assets/net.png is not in statement/assets",
            id="missing-image",
        ),
        pytest.param(
            {"solutions/maybe/x.py": "print(1)\n"},
            "aplusb/solutions/maybe: unknown folder",
            id="unknown-solution-folder",
        ),
    ],
)
def test_broken_packages_give_located_errors(
    tmp_path: Path, files: dict[str, str], expected: str
) -> None:
    errors = _errors(code_task(tmp_path, **files))
    assert any(e.startswith(expected) for e in errors), errors


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    code_task(tmp_path / "one")
    code_task(tmp_path / "two")
    errors = _errors(tmp_path)
    assert any("duplicate task id 'aplusb'" in e for e in errors), errors


def test_prerequisite_cycles_are_refused(tmp_path: Path) -> None:
    write(
        tmp_path / "cyc",
        {
            "set.yaml": "id: cyc\ntitle: {en: C, zh: C}\ntrack: programming\nmodules:\n"
            "  - {id: m-a, title: {en: A, zh: A}, tier: associate, prerequisites: [m-b]}\n"
            "  - {id: m-b, title: {en: B, zh: B}, tier: associate, prerequisites: [m-a]}\n",
        },
    )
    errors = _errors(tmp_path / "cyc")
    assert any("prerequisites form a cycle: m-a → m-b → m-a" in e for e in errors), errors


def test_scored_task_with_groups(tmp_path: Path) -> None:
    task = code_task(
        tmp_path,
        **{
            "task.yaml": "id: scored\ntype: code\ntitle: {en: S, zh: S}\ntrack: programming\n"
            "module: demo-basics\n"
            "competencies: [logical_reasoning]\nscoring:\n  type: scoring\n  groups:\n"
            "    small: {points: 30}\n    large: {points: 70, aggregation: sum}\n",
        },
    )
    for name in ("01.in", "01.ans", "02.in", "02.ans"):
        (task / "data/secret" / name).unlink()
    write(task, {"data/secret/small/1.in": "1 1\n", "data/secret/small/1.ans": "2\n",
                 "data/secret/large/1.in": "2 2\n", "data/secret/large/1.ans": "4\n",
                 "data/secret/large/2.in": "3 3\n", "data/secret/large/2.ans": "6\n"})  # fmt: skip
    catalogue = read_paths([task])
    assert catalogue.errors == []
    package = catalogue.packages[0]
    assert package.max_score == 100
    dataset = JudgeDataset.model_validate(package.manifest)
    secret = dataset.root.groups[1]
    assert [(g.name, g.max_score, g.aggregation) for g in secret.groups] == [
        ("secret/large", 70, "sum"),
        ("secret/small", 30, "pass-fail"),
    ]
    accepted = [r for r in package.references if r.path.startswith("accepted/")]
    assert all(r.expectation.score == 100 for r in accepted)


SQL_TASK = """\
id: top-customers
type: sql
title: {en: Top customers, zh: 消费最多的客户}
track: opengauss
module: gauss-queries
competencies: [product_proficiency]
lab:
  schema: lab/schema.sql
  referenc: lab/reference.sql
"""


def test_lab_sections_are_validated_by_the_labs_models(tmp_path: Path) -> None:
    root = write(
        tmp_path / "top-customers",
        {
            "task.yaml": SQL_TASK,
            "statement/en.md": "List them.\n",
            "statement/zh.md": "列出他们。\n",
            "lab/schema.sql": "CREATE TABLE c (id int);\n",
        },
    )
    errors = [str(e) for e in read_paths([root]).errors]
    assert "top-customers/task.yaml:9: lab.referenc: unknown field (check its spelling)" in errors
    (root / "task.yaml").write_text(SQL_TASK.replace("referenc:", "reference:"))
    errors = [str(e) for e in read_paths([root]).errors]
    assert (
        "top-customers/task.yaml: lab.reference: names lab/reference.sql, "
        "which is not in the package"
    ) in errors
    write(root, {"lab/reference.sql": "SELECT id FROM c;\n"})
    errors = [str(e) for e in read_paths([root]).errors]
    assert errors == [
        "top-customers/solutions/accepted: a reference solution that scores full marks is required"
    ]
    write(root, {"solutions/accepted/answer.sql": "SELECT id FROM c;\n"})
    catalogue = read_paths([root])
    assert catalogue.errors == []
    [reference] = catalogue.packages[0].references
    assert (reference.path, reference.language) == ("accepted/answer.sql", "sql")
    assert catalogue.packages[0].files["lab/schema.sql"].startswith(b"CREATE")
    assert catalogue.packages[0].manifest["task_type"] == "sql"


def test_a_link_that_leaves_the_package_is_refused(tmp_path: Path) -> None:
    """A test file linked to a host file must not be read into the dataset."""
    secret = tmp_path / "host-secret.txt"
    secret.write_text("root:x:0:0\n")
    root = code_task(tmp_path / "pkgs", "leaky")
    (root / "data" / "secret" / "02.ans").unlink()
    (root / "data" / "secret" / "02.ans").symlink_to(secret)
    errors = [str(e) for e in read_paths([root]).errors]
    assert "leaky/data/secret/02.ans: a symbolic link that leaves the package" in " ".join(errors)
