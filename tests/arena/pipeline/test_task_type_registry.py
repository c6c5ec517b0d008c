"""A task type added by registration alone: its own ``task.yaml`` section, package reader, judge
grader and page partials. A package of that type is imported, a student submits through the
form, the sandbox grader judges it with the registered grader, and the pages show the type's
own form and report; nothing else in the code knows the type."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import BaseModel, ConfigDict, Field

from ictarena.catalog.packages.errors import Problems
from ictarena.catalog.packages.importer import import_catalogue
from ictarena.catalog.packages.package import Package
from ictarena.catalog.packages.schema import TaskSpec
from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.tasktypes import registry
from ictarena.db import Database
from ictarena.http.app import create_app
from ictarena.settings import Settings
from ictarena.workers.queue import InProcessQueue
from ictarena.workers.sandbox_grader import SandboxGrader
from ictjudge import graders
from ictjudge.labs.report import ItemResult, LabReport
from tests.arena.helpers import UserFactory, csrf_of, log_in, strict_client
from tests.arena.pipeline.conftest import until

SET_YAML = """\
id: echo-set
title: {en: Echo set, zh: 回声}
track: programming
modules:
  - id: echo-basics
    title: {en: Echo basics, zh: 回声基础}
    tier: associate
"""
TASK_YAML = """\
id: say-it
type: echo
title: {en: Say it, zh: 说出来}
module: echo-basics
competencies: [logical_reasoning]
echo: {word: hello, points: %s}
"""

FORM = """\
<form method="post" action="/tasks/{{ task.id }}/submit" class="echo-form">
  <input type="hidden" name="csrf_token" value="{{ csrf_token }}">
  <label for="echo">Say the word</label>
  <textarea id="echo" name="file:word.txt"></textarea>
  <button type="submit">Say it</button>
</form>
"""
REPORT = """\
{% macro results(status, data, details, review, scored) %}
<section class="card echo-report" aria-label="Echo">
  {% for run in data.runs %}<p class="echo-run">{{ run.name }}: {{ run.verdict }}</p>{% endfor %}
</section>
{% endmacro %}
{% macro files(status) %}
<section class="card echo-said" aria-label="Said">{{ status.submission.files["word.txt"] }}
</section>
{% endmacro %}
"""


class EchoSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    word: str = Field(min_length=1)
    points: float = Field(gt=0)


def read_echo(root: Path, spec: TaskSpec, problems: Problems, package: Package, node: Any) -> None:
    section = EchoSection.model_validate(spec.section("echo"))
    package.manifest = {"format": 1, "task_type": "echo", "echo": section.model_dump()}
    package.max_score = section.points


async def grade_echo(request: graders.GradeRequest) -> LabReport:
    manifest = json.loads((request.dataset_dir / "dataset.json").read_text(encoding="utf-8"))
    echo = EchoSection.model_validate(manifest["echo"])
    said = request.files.get("word.txt", "").strip()
    item = ItemResult(
        name="the word",
        passed=said == echo.word,
        points=echo.points,
        score=echo.points if said == echo.word else 0.0,
        feedback="" if said == echo.word else f"you said {said!r}",
    )
    return LabReport.from_items([item])


@pytest.fixture
def echo_type(tmp_path: Path) -> Iterator[None]:
    templates = tmp_path / "echo-templates"
    (templates / "echo").mkdir(parents=True)
    (templates / "echo" / "form.html").write_text(FORM)
    (templates / "echo" / "report.html").write_text(REPORT)
    registry.register(
        registry.TaskKind(
            name="echo",
            label="Echo",
            read=read_echo,
            answers="files",
            form_template="echo/form.html",
            report_template="echo/report.html",
            sections=("echo",),
            required="echo",
            missing="an echo task needs an 'echo' section",
            section_model=EchoSection,
            templates=templates,
        )
    )
    graders.register("echo", graders.Grader(grade_echo))
    yield
    graders.unregister("echo")
    registry.unregister("echo")


def _package(root: Path, points: str) -> Path:
    (root / "say-it" / "statement").mkdir(parents=True)
    (root / "set.yaml").write_text(SET_YAML)
    (root / "say-it" / "task.yaml").write_text(TASK_YAML % points)
    (root / "say-it" / "statement" / "en.md").write_text("Say **hello**.\n")
    (root / "say-it" / "statement" / "zh.md").write_text("说 **hello**。\n")
    return root


class FakeDocker:
    """The engine the sandbox grader sweeps on first use; the echo grader needs none."""

    class containers:  # docker's attribute name
        @staticmethod
        def list(**_filters: Any) -> list[Any]:
            return []


@pytest.fixture
async def sandbox_client(
    settings: Settings, committed_db: Database
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        settings,
        database=committed_db,
        queue=InProcessQueue(),
        connect_docker_engine=False,
        grader=SandboxGrader(settings, FakeDocker()),
        sweep_every_s=None,
    )
    async with strict_client(app) as client:
        yield client


def test_the_section_is_checked_by_the_types_own_model(echo_type: None, tmp_path: Path) -> None:
    catalogue = read_paths([_package(tmp_path / "bad", "-1")])
    assert not catalogue.ok
    assert any("echo.points" in str(problem) for problem in catalogue.errors)


async def test_a_registered_type_is_imported_submitted_judged_and_shown(
    echo_type: None,
    tmp_path: Path,
    settings: Settings,
    committed_db: Database,
    students: UserFactory,
    sandbox_client: httpx.AsyncClient,
) -> None:
    async with committed_db.session() as session:
        catalogue = read_paths([_package(tmp_path / "set", "5")])
        assert catalogue.ok, catalogue.errors
        report = await import_catalogue(session, catalogue, settings.tasks_dir)
        await session.commit()
    assert [(c.slug, c.status) for c in report.changes] == [("say-it", "created")]

    client = sandbox_client
    await log_in(client, (await students()).username)
    page = (await client.get("/tasks/say-it")).text
    assert 'class="echo-form"' in page and 'name="file:word.txt"' in page
    assert '<span class="badge badge-type">Echo</span>' in page
    assert "/static/editor.js" in page  # the type keeps the default editor setting
    assert 'value="echo"' in (await client.get("/tasks")).text  # the list filter offers it

    task_id = int(page.split('action="/tasks/')[1].split("/submit")[0])
    token = await csrf_of(client, "/tasks/say-it")
    answered = await client.post(
        f"/tasks/{task_id}/submit", data={"file:word.txt": "hello\r\n", "csrf_token": token}
    )
    assert answered.status_code == 303, answered.text
    url = answered.headers["location"]

    async def judged() -> bool:
        state = (await client.get(url.replace("/submissions", "/api/submissions"))).json()
        return bool(state["status"] == "done")

    await until(judged, 20, "the echo submission to be judged")
    state = (await client.get(url.replace("/submissions", "/api/submissions"))).json()
    assert (state["verdict"], state["score"], state["max_score"]) == ("AC", 5.0, 5.0)
    shown = (await client.get(url)).text
    assert '<p class="echo-run">the word: AC</p>' in shown
    assert '<section class="card echo-said" aria-label="Said">hello\n\n</section>' in shown
