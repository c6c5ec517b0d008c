"""An exam's question bank and blueprint: the package format, located errors for bad files,
blueprints adding up to exactly 1000, and grading a paper without giving its key away."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from ictarena.catalog.bank import (
    TOTAL,
    Blueprint,
    bank_of,
    blueprint_problems,
    checked_blueprint,
    default_blueprint,
    grade_exam,
    thin_sections,
)
from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.verify import verify
from ictarena.catalog.quiz import QuizSpec
from ictarena.catalog.tasktypes import registry
from ictarena.contests.papers import draw, paper_manifest
from tests.arena.contests.exam_bank import (
    BLUEPRINT,
    QUESTIONS,
    blueprint,
    manifest,
    pool,
    question,
    write_package,
)

BUNDLED = Path(__file__).resolve().parents[3] / "problem_sets" / "datacom"
SYLLABUS = {
    "network-basics",
    "ip-addressing",
    "vrp-basics",
    "ethernet-switching",
    "routing",
    "link-aggregation-intervlan",
    "network-services",
    "wlan",
    "wan-management",
    "sdn-automation",
    "troubleshooting",
}


def errors(root: Path) -> list[str]:
    return [str(e) for e in read_paths([root]).errors]


def line(root: Path, name: str, text: str) -> int:
    """The line of ``questions/<name>.yaml`` (of the package under ``root``) holding ``text``."""
    lines = (root / "exam-mini" / "questions" / f"{name}.yaml").read_text().splitlines()
    return next(number for number, content in enumerate(lines, 1) if text in content)


# The format -----------------------------------------------------------------------------------


def test_a_bank_package_reads_into_a_manifest_with_its_blueprint(tmp_path: Path) -> None:
    catalogue = read_paths([write_package(tmp_path)])
    assert [str(e) for e in catalogue.errors] == []
    (package,) = catalogue.packages
    assert package.spec.type == "exam" and package.max_score == TOTAL
    assert registry.kind("exam").instant and registry.kind("exam").answers == "quiz"
    bank = bank_of(package.manifest)
    assert len(bank.questions) == 20
    assert {q.topic for q in bank.questions} == {"routing", "switching"}
    assert default_blueprint(package.manifest).total == TOTAL
    assert package.warnings == []  # every pool holds two papers' worth


async def test_verifying_a_bank_checks_its_answer_key(tmp_path: Path) -> None:
    (package,) = read_paths([write_package(tmp_path)]).packages
    results = await verify(package)
    assert [(r.path, r.outcome) for r in results] == [("(answer key)", "ok")]


def test_competency_and_topic_are_optional_in_a_quiz_and_left_out_when_absent() -> None:
    plain = {"id": "q", "kind": "true_false", "text": {"en": "T", "zh": "真"}, "answer": True}
    quiz = QuizSpec.model_validate({"questions": [plain]})
    assert quiz.model_dump(mode="json")["questions"][0].keys() == {
        "id", "kind", "points", "text", "explanation", "answer"
    }  # fmt: skip
    tagged = QuizSpec.model_validate(
        {"questions": [{**plain, "competency": "logical_reasoning", "topic": "ip-addressing"}]}
    )
    dumped = tagged.model_dump(mode="json")["questions"][0]
    assert (dumped["competency"], dumped["topic"]) == ("logical_reasoning", "ip-addressing")
    with pytest.raises(ValidationError):
        QuizSpec.model_validate({"questions": [{**plain, "competency": "guessing"}]})
    with pytest.raises(ValidationError):
        QuizSpec.model_validate({"questions": [{**plain, "topic": "Not A Slug"}]})


# Bad files: located errors -----------------------------------------------------------------


def test_a_bank_question_without_competency_or_topic_is_located(tmp_path: Path) -> None:
    bare = question("bare-1", "routing")
    del bare["competency"], bare["topic"]
    questions = {"routing": [*pool("routing", 10), bare], "switching": QUESTIONS["switching"]}
    root = write_package(tmp_path, questions)
    at = line(root, "routing", "id: bare-1")
    assert errors(root) == [
        f"exams/exam-mini/questions/routing.yaml:{at}: questions.10.competency: "
        "required in an exam's bank",
        f"exams/exam-mini/questions/routing.yaml:{at}: questions.10.topic: "
        "required in an exam's bank",
    ]


def test_a_malformed_question_is_located_by_file_line_and_field(tmp_path: Path) -> None:
    broken = {**question("odd-1", "routing"), "competency": "telepathy"}
    questions = {"routing": [*pool("routing", 10), broken], "switching": QUESTIONS["switching"]}
    root = write_package(tmp_path, questions)
    (found,) = errors(root)
    at = line(root, "routing", "competency: telepathy")
    assert found.startswith(
        f"exams/exam-mini/questions/routing.yaml:{at}: questions.10.competency:"
    )


def test_a_question_id_in_two_files_is_located_at_the_second(tmp_path: Path) -> None:
    twin = question("routing-01", "switching", "product_proficiency")
    questions = {"routing": QUESTIONS["routing"], "switching": [*QUESTIONS["switching"], twin]}
    root = write_package(tmp_path, questions)
    at = line(root, "switching", "id: routing-01")
    assert errors(root) == [
        f"exams/exam-mini/questions/switching.yaml:{at}: questions.10.id: "
        "routing-01 is also in questions/routing.yaml"
    ]


def test_yaml_syntax_errors_are_located(tmp_path: Path) -> None:
    root = write_package(tmp_path, raw={"questions/extra.yaml": "questions:\n  - id: [oops\n"})
    (found,) = errors(root)
    assert found.startswith("exams/exam-mini/questions/extra.yaml:3:1:")


TWO_TOPICS = """\
sections:
  - {topic: routing, count: 5, points: 100}
  - {topic: %s, count: %d, points: %d}
"""


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        pytest.param(
            TWO_TOPICS % ("switching", 5, 96),
            "blueprint.yaml:2: sections: the sections add up to 980 points "
            "(count × points); a blueprint adds up to exactly 1000",
            id="not-1000",
        ),
        pytest.param(
            "sections:\n  - {topic: routing, count: 5, points: 100}\n"
            "  - {competency: protocol_comprehension, count: 5, points: 100}\n",
            "blueprint.yaml:3: sections.1: overlaps section 1 (routing): "
            "a question could be drawn by both",
            id="overlap",
        ),
        pytest.param(
            "sections:\n  - {topic: routing, count: 11, points: 50}\n"
            "  - {topic: switching, count: 9, points: 50}\n",
            "blueprint.yaml:2: sections.0.count: draws 11 questions of routing, "
            "but the bank has 10",
            id="pool-too-small",
        ),
        pytest.param(
            TWO_TOPICS % ("wlan", 5, 100),
            "blueprint.yaml:3: sections.1.count: draws 5 questions of wlan, but the bank has 0",
            id="topic-without-questions",
        ),
        pytest.param(
            "sections:\n  - {count: 10, points: 100}\n",
            "blueprint.yaml:2: sections.0: a section names a topic, a competency or both",
            id="names-nothing",
        ),
        pytest.param(
            "sections:\n  - topic: routing\n    count: 10\n    points: 100\n    weight: 2\n",
            "blueprint.yaml:5: sections.0.weight: unknown field (check its spelling)",
            id="unknown-field",
        ),
        pytest.param(
            "sections:\n  - {topic: routing, count: -1, points: 100}\n",
            "blueprint.yaml:2: sections.0.count: Input should be greater than or equal to 1",
            id="negative-count",
        ),
        pytest.param(
            "sections: [\n",
            "blueprint.yaml:2:1: while parsing a flow node expected the node content, "
            "but found '<stream end>'",
            id="yaml-syntax",
        ),
    ],
)
def test_a_bad_blueprint_gets_a_located_error(
    tmp_path: Path, plan: dict[str, Any] | str, expected: str
) -> None:
    assert errors(write_package(tmp_path, plan=plan)) == [f"exams/exam-mini/{expected}"]


def test_a_bank_without_blueprint_or_questions_is_refused(tmp_path: Path) -> None:
    root = write_package(tmp_path)
    (root / "exam-mini" / "blueprint.yaml").unlink()
    for path in (root / "exam-mini" / "questions").iterdir():
        path.unlink()
    assert errors(root) == [
        "exams/exam-mini/questions: an exam's bank needs questions/*.yaml files",
        "exams/exam-mini/blueprint.yaml: missing: an exam needs its default blueprint",
    ]


def test_a_pool_too_small_for_two_papers_is_a_warning(tmp_path: Path) -> None:
    questions = {"routing": pool("routing", 7), "switching": QUESTIONS["switching"]}
    catalogue = read_paths([write_package(tmp_path, questions)])
    assert catalogue.errors == []
    assert catalogue.packages[0].warnings == [
        "section 1 (routing): 7 questions for 5 a paper; two papers will share some"
    ]


def test_a_round_blueprint_is_checked_the_same_way() -> None:
    assert checked_blueprint(BLUEPRINT).total == TOTAL
    with pytest.raises(ValueError, match="add up to 900 points"):
        checked_blueprint(blueprint(("routing", 5, 100), ("switching", 4, 100)))
    plan = Blueprint.model_validate(blueprint(("routing", 5, 100), ("routing", 5, 100)))
    assert [loc for loc, _ in blueprint_problems(plan)] == [("sections", 1)]


# Grading ---------------------------------------------------------------------------------------


class _Paper:
    def __init__(self, questions: list[dict[str, Any]]) -> None:
        self.seed = "s"
        self.questions = questions


def test_a_paper_is_graded_out_of_1000_with_a_breakdown_and_no_key() -> None:
    exam = manifest()
    paper = _Paper(draw(bank_of(exam), default_blueprint(exam), "seed-1"))
    graded_manifest = paper_manifest(exam, paper)
    ids = [item["id"] for item in paper.questions]
    routing = [i for i in ids if i.startswith("routing")]
    # every routing question right, one switching question right, one wrong, the rest blank
    switching = [i for i in ids if i.startswith("switching")]
    answers = {**{i: "b" for i in routing}, switching[0]: "b", switching[1]: "c"}
    report = grade_exam(graded_manifest, {"answers.json": json.dumps(answers)})
    assert (report["verdict"], report["score"], report["max_score"]) == ("PA", 600.0, 1000.0)
    by_competency = {p["name"]: (p["score"], p["max_score"], p["count"])
                     for p in report["breakdown"]["competency"]}  # fmt: skip
    assert by_competency == {
        "product_proficiency": (100.0, 500.0, 5),
        "protocol_comprehension": (500.0, 500.0, 5),
    }
    by_topic = {p["name"]: p["score"] for p in report["breakdown"]["topic"]}
    assert by_topic == {"routing": 500.0, "switching": 100.0}
    assert [r["name"] for r in report["runs"]] == ["product_proficiency", "protocol_comprehension"]
    text = json.dumps(report)
    assert '"b"' not in text and "Because" not in text and "routing-" not in text  # no key


def test_a_submission_without_a_paper_scores_nothing() -> None:
    report = grade_exam(manifest(), {"answers.json": json.dumps({"routing-01": "b"})})
    assert (report["verdict"], report["score"], report["max_score"]) == ("WA", 0.0, TOTAL)


# The bundled bank --------------------------------------------------------------------------


def test_the_bundled_hcia_bank_holds_two_different_mocks() -> None:
    catalogue = read_paths([BUNDLED])
    assert [str(e) for e in catalogue.errors] == []
    (package,) = [p for p in catalogue.packages if p.slug == "exam-hcia-datacom"]
    bank = bank_of(package.manifest)
    plan = default_blueprint(package.manifest)
    assert len(bank.questions) >= 120
    assert {q.topic for q in bank.questions} == SYLLABUS
    assert all(q.text.en.strip() and q.text.zh.strip() for q in bank.questions)
    assert plan.total == TOTAL and thin_sections(plan, bank.questions) == []
    first = draw(bank, plan, "first")
    second = draw(bank, plan, "second", seen={item["id"] for item in first})
    assert not {i["id"] for i in first} & {i["id"] for i in second}
    assert Counter(q.topic for q in bank.questions if q.id in {i["id"] for i in first}) == {
        s.topic: s.count for s in plan.sections
    }


HARMONYOS = BUNDLED.parent / "harmonyos"
HARMONYOS_TIERS = {
    "harmony-fundamentals": {"architecture", "arkts", "arkui", "packaging"},
    "harmony-stage-and-state": {"state-management", "stage-model", "permissions", "distributed"},
}


def test_the_bundled_harmonyos_bank_holds_two_different_mocks_and_feeds_the_quizzes() -> None:
    """The HarmonyOS bank draws two papers with no question in common, and each tier's quiz
    holds exactly the bank's questions of its topics (quizzes.py wrote them, and is re-run
    after a change to the bank)."""
    catalogue = read_paths([HARMONYOS])
    assert [str(e) for e in catalogue.errors] == []
    packages = {p.slug: p for p in catalogue.packages}
    bank = bank_of(packages["exam-harmonyos"].manifest)
    plan = default_blueprint(packages["exam-harmonyos"].manifest)
    assert len(bank.questions) >= 40
    assert all(q.text.en.strip() and q.text.zh.strip() for q in bank.questions)
    assert all(q.explanation and q.explanation.zh.strip() for q in bank.questions)
    assert {q.kind for q in bank.questions} >= {"single", "multiple", "true_false"}
    assert plan.total == TOTAL and thin_sections(plan, bank.questions) == []
    first = draw(bank, plan, "first")
    second = draw(bank, plan, "second", seen={item["id"] for item in first})
    assert not {i["id"] for i in first} & {i["id"] for i in second}
    by_id = {q.id: q.model_dump(mode="json") for q in bank.questions}
    for slug, topics in HARMONYOS_TIERS.items():
        quiz = QuizSpec.model_validate(packages[slug].manifest["quiz"])
        expected = sorted(i for i, q in by_id.items() if q["topic"] in topics)
        assert sorted(q.id for q in quiz.questions) == expected, slug
        for asked in quiz.questions:
            shown = asked.model_dump(mode="json")
            assert {k: v for k, v in shown.items() if k != "points"} == {
                k: v for k, v in by_id[asked.id].items() if k != "points"
            }, asked.id
