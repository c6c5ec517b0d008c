"""The submission page: verdict, per-test or per-item results, the compiler's and the judge's
messages, subtasks, the quiz review — and what is never shown: hidden test data, and anyone
else's submissions (a coach sees only the students of their own cohorts)."""

from __future__ import annotations

import httpx
import pytest

from ictarena.accounts.models import Role, User
from ictarena.db import Database
from ictarena.submissions.reports import NormalReport
from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import UserFactory, csrf_of, log_in
from tests.arena.pages import Site, judged

Client = tuple[httpx.AsyncClient, InProcessQueue]
WRONG = NormalReport(
    "WA",
    0.0,
    100.0,
    [
        {
            "name": "sample/01",
            "verdict": "AC",
            "cpu_ms": 3.0,
            "memory_kb": 2048,
            "message": "",
            "visible": True,
        },
        {
            "name": "secret/small/01",
            "verdict": "WA",
            "cpu_ms": 4.0,
            "memory_kb": 2048,
            "message": "line 2: expected 10.0.0.255, got SECRET-ANSWER",
            "visible": False,
        },
    ],
    {
        "compile": {"ok": True, "message": "main.cpp:3: warning: unused variable 'x'"},
        "groups": [
            {"name": "sample", "verdict": "AC", "score": 0, "max_score": None, "counts": False},
            {"name": "secret/small", "verdict": "WA", "score": 0, "max_score": 30},
        ],
    },
)


async def test_results_compiler_message_and_subtasks_but_no_hidden_test_data(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    student = await users()
    sid = await judged(committed_db, student.id, site.code, {"main": "int main(){}"}, WRONG, "cpp")
    await log_in(http, student.username)
    page = (await http.get(f"/submissions/{sid}")).text
    assert 'id="verdict">WA<' in page and "Wrong answer" in page
    assert "Compiler warnings" in page and "unused variable" in page
    assert "secret/small" in page and "0 / 30" in page  # the subtask, scored
    assert "sample/01" in page
    assert "SECRET-ANSWER" not in page and "secret/small/01" not in page  # hidden test: #2
    assert "<td>#2</td>" in page
    assert "int main(){}" in page  # the source
    assert "/static/live.js" not in page  # final: nothing to follow


@pytest.mark.usefixtures("stand_in_labs")
async def test_a_configuration_tasks_items_and_judge_message(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    student = await users()
    report = NormalReport(
        "PA",
        40.0,
        100.0,
        [
            {
                "name": "neighbours",
                "verdict": "AC",
                "score": 40.0,
                "max_score": 40.0,
                "message": "",
                "visible": True,
            },
            {
                "name": "reach",
                "verdict": "WA",
                "score": 0.0,
                "max_score": 60.0,
                "message": "r1 cannot reach 3.3.3.3",
                "visible": True,
            },
        ],
        {"message": "r2.conf:4: 'ospf cost' is outside the supported subset"},
    )
    files = {"r1.conf": "router ospf", "r2.conf": "router ospf\n ospf cost 5"}
    sid = await judged(committed_db, student.id, site.network, files, report)
    await log_in(http, student.username)
    page = (await http.get(f"/submissions/{sid}")).text
    assert "Message from the judge" in page and "outside the supported subset" in page
    assert "neighbours" in page and "40 / 40" in page and "r1 cannot reach 3.3.3.3" in page
    assert "r1.conf" in page and "r2.conf" in page


async def test_a_quiz_result_reviews_every_question(
    client: Client, users: UserFactory, site: Site
) -> None:
    http, _queue = client
    student = await users()
    await log_in(http, student.username)
    token = await csrf_of(http, "/tasks/net-basics")
    for _ in range(3):  # the expected answers show after the day's last attempt
        sent = await http.post(
            f"/tasks/{site.quiz.id}/submit",
            data={"answer:mask": "255.255.0.0", "answer:ospf": "a", "answer:udp": "true",
                  "csrf_token": token},
        )  # fmt: skip
    assert sent.status_code == 303
    page = (await http.get(sent.headers["location"])).text
    assert "Your answers" in page and "255.255.0.0" in page
    assert "Expected" in page and "255.255.255.0" in page and "24 one bits." in page
    assert "<strong>link-state</strong>" in page  # the chosen option, by its text
    chinese = (await http.get(sent.headers["location"], headers={"Accept-Language": "zh"})).text
    student_zh = chinese.replace(" ", "")
    assert "24个1。" in student_zh and "链路状态协议" in chinese


async def test_a_coach_sees_their_students_source_and_no_one_elses(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    own_coach, other_coach = await users(Role.COACH), await users(Role.COACH)
    mine, theirs = await users.cohort(own_coach), await users.cohort(other_coach, "Class B")
    student = await users()
    async with committed_db.session() as session:
        from ictarena.accounts.services import join_cohort

        user = await session.get(User, student.id)
        assert user is not None
        await join_cohort(session, user, mine.invite_code)
        await session.commit()
    sid = await judged(committed_db, student.id, site.code, {"main": "// mine"}, WRONG, "cpp")
    await log_in(http, other_coach.username)
    assert theirs.id != mine.id
    assert (await http.get(f"/submissions/{sid}")).status_code == 404
    assert (await http.get(f"/api/submissions/{sid}")).status_code == 404
    assert (await http.get(f"/coach/students/{student.id}/submissions")).status_code == 404
    http.cookies.clear()
    await log_in(http, own_coach.username)
    listing = (await http.get(f"/coach/students/{student.id}/submissions")).text
    assert f'href="/submissions/{sid}"' in listing
    page = (await http.get(f"/submissions/{sid}")).text
    assert "// mine" in page and student.username in page
    another = await users()
    http.cookies.clear()
    await log_in(http, another.username)
    assert (await http.get(f"/submissions/{sid}")).status_code == 404


async def test_my_submissions_filters_by_task_verdict_and_language(
    client: Client, users: UserFactory, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    student = await users()
    accepted = NormalReport("AC", 100.0, 100.0, [], {})
    first = await judged(committed_db, student.id, site.code, {"main": "a"}, WRONG, "cpp")
    second = await judged(committed_db, student.id, site.code, {"main": "b"}, accepted, "python3")
    await log_in(http, student.username)
    everything = (await http.get("/submissions")).text
    assert f'href="/submissions/{first}"' in everything
    assert f'href="/submissions/{second}"' in everything
    only_ac = (await http.get("/submissions?verdict=AC")).text
    assert f'href="/submissions/{second}"' in only_ac
    assert f'href="/submissions/{first}"' not in only_ac
    only_cpp = (await http.get("/submissions?language=cpp&task=aplusb")).text
    assert f'href="/submissions/{first}"' in only_cpp
    assert f'href="/submissions/{second}"' not in only_cpp
    assert "Clear filters" in only_cpp
    nothing = (await http.get("/submissions?task=no-such-task")).text
    assert "No submission matches these filters." in nothing
