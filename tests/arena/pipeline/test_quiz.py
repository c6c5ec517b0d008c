"""Quiz submissions are graded at once, through the same submission and judging records."""

from __future__ import annotations

import httpx
from sqlalchemy import select

from ictarena.catalog.models import Dataset, Task
from ictarena.db import Database
from ictarena.submissions.models import Judging, Run, TaskResult
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pipeline.conftest import TaskFixture

QUIZ = {
    "questions": [
        {
            "id": "mask",
            "kind": "fill",
            "points": 2,
            "text": {"en": "Mask of /24?", "zh": "/24 的掩码？"},
            "accepted": ["255.255.255.0"],
        },
        {
            "id": "ospf",
            "kind": "single",
            "text": {"en": "OSPF is a", "zh": "OSPF 是"},
            "options": [
                {
                    "id": "a",
                    "text": {"en": "link-state protocol", "zh": "链路状态协议"},
                    "correct": True,
                },
                {"id": "b", "text": {"en": "distance-vector protocol", "zh": "距离矢量协议"}},
            ],
        },
        {
            "id": "udp",
            "kind": "true_false",
            "text": {"en": "UDP is connectionless.", "zh": "UDP 是无连接的。"},
            "answer": True,
        },
    ]
}


async def _make_quiz(db: Database, task: TaskFixture) -> int:
    async with db.session() as session:
        quiz = Task(
            slug="net-basics",
            type="quiz",
            module_id=task.task.module_id,
            title_en="Network basics",
            title_zh="网络基础",
        )
        session.add(quiz)
        await session.flush()
        dataset = Dataset(
            task_id=quiz.id,
            version=1,
            content_hash="q" * 64,
            max_score=4.0,
            manifest={"task_type": "quiz", "quiz": QUIZ},
        )
        session.add(dataset)
        await session.flush()
        quiz.live_dataset_id = dataset.id
        await session.commit()
        return quiz.id


async def test_a_quiz_form_is_graded_instantly(
    embedded_client: tuple[httpx.AsyncClient, InProcessQueue],
    students: UserFactory,
    code_task: TaskFixture,
    committed_db: Database,
) -> None:
    client, _queue = embedded_client
    quiz_id = await _make_quiz(committed_db, code_task)
    student = await students()
    await log_in(client, student.username)
    token = await csrf_of(client, "/student")
    response = await client.post(
        f"/tasks/{quiz_id}/submit",
        data={
            "answer:mask": " 255.255.255.0 ",
            "answer:ospf": "b",
            "answer:udp": "true",
            "csrf_token": token,
        },
    )
    assert response.status_code == 303
    state = (
        await client.get(response.headers["location"].replace("/submissions", "/api/submissions"))
    ).json()
    assert (state["status"], state["verdict"], state["score"], state["max_score"]) == (
        "done",
        "PA",
        3.0,
        4.0,
    )
    assert [run["verdict"] for run in state["runs"]] == ["AC", "WA", "AC"]
    async with committed_db.session() as session:
        judging = await session.scalar(select(Judging))
        assert judging is not None and judging.worker == "platform"
        assert len((await session.scalars(select(Run))).all()) == 3
        result = await session.get(TaskResult, (student.id, quiz_id))
        assert result is not None and result.best_score == 3.0
