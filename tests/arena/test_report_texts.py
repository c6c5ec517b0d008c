"""Reports speak the reader's language, and the submission page words what happened: a
program that did not compile ran no test, tests skipped after a failure are said to be
skipped, and counts take the right plural."""

from __future__ import annotations

import re
from types import SimpleNamespace

import httpx

from ictarena import i18n
from ictarena.accounts.models import Role
from ictarena.db import Database
from ictarena.http.judgetexts import judge_message, localise_runs, note, notes
from ictarena.workers.queue import InProcessQueue
from ictarena.workers.sandbox_grader import normalise, normalise_lab
from ictjudge.checkers import Flags, compare
from ictjudge.labs.network.driver import reachability, routing
from ictjudge.labs.network.outcome import found
from ictjudge.labs.report import ItemResult, LabReport
from ictjudge.texts import N_, Text
from ictjudge.texts import note as judge_note
from ictjudge.wire import CompileResult, GroupResult, Report, TestRun, Verdict
from tests.arena.helpers import UserFactory, log_in
from tests.arena.pages import Site, judged

Client = tuple[httpx.AsyncClient, InProcessQueue]
NEIGHBOURS = Text(
    en="r1 and r2 are full OSPF neighbours", zh="r1 与 r2 建立 Full 状态的 OSPF 邻居关系"
)


def _in(locale: str, function, *args):  # type: ignore[no-untyped-def]
    token = i18n.current_locale.set(locale)
    try:
        return function(*args)
    finally:
        i18n.current_locale.reset(token)


def test_a_judge_note_is_translated_with_its_parameters() -> None:
    ok, said = compare(b"1 2\n3\n", b"1 2\n4\n", Flags.parse([]))
    assert not ok and said is not None
    raw = said.model_dump(mode="json")
    assert _in("en", note, raw) == "Wrong answer on line 2: token 3 is '4', expected '3'."
    assert _in("zh_Hans", note, raw) == "第 2 行答案错误：第 3 个词为 '4'，期望 '3'。"


def test_notes_nest_and_list_texts_in_the_readers_language() -> None:
    where = judge_note(N_("Statement %(number)s (line %(line)s)"), number=2, line=5)
    failed = judge_note(N_("%(where)s failed: %(detail)s"), where=where, detail="ERROR: x")
    blocked = judge_note(N_("This counts only once these pass: %(items)s."), items=[NEIGHBOURS])
    raw = [failed.model_dump(mode="json"), blocked.model_dump(mode="json")]
    assert _in("zh_Hans", notes, raw) == (
        "第 2 条语句（第 5 行）执行失败：ERROR: x "
        "只有在以下检查项通过后，本项才计分：“r1 与 r2 建立 Full 状态的 OSPF 邻居关系”。"
    )
    assert _in("en", notes, raw) == (
        "Statement 2 (line 5) failed: ERROR: x "
        "This counts only once these pass: “r1 and r2 are full OSPF neighbours”."
    )
    assert failed.english() == "Statement 2 (line 5) failed: ERROR: x"


def test_item_titles_and_feedback_follow_the_locale_and_old_reports_still_show() -> None:
    report = LabReport.from_items(
        [
            ItemResult(
                title=NEIGHBOURS,
                passed=False,
                points=10,
                score=0,
                notes=[judge_note(N_("Not checked: the lab ran out of time."))],
            )
        ],
        [judge_note(N_("FRR's warnings:"))],
    )
    normal = normalise_lab(report)
    assert normal.runs[0]["name"] == "r1 and r2 are full OSPF neighbours"  # stored in English
    assert normal.runs[0]["message"] == "Not checked: the lab ran out of time."
    zh = _in("zh_Hans", localise_runs, normal.runs, [True], normal.raw)
    assert zh[0]["name"] == NEIGHBOURS.zh and zh[0]["message"] == "未检查：实验运行超时。"
    assert _in("zh_Hans", judge_message, normal.raw) == "FRR 的警告："
    hidden = _in("zh_Hans", localise_runs, normal.runs, [False], normal.raw)
    assert hidden[0]["message"] == normal.runs[0]["message"]  # a hidden run is not filled in
    old = {"items": [{"name": "reach", "passed": False, "feedback": "r1 reaches r2"}],
           "message": "FRR refused some lines"}  # fmt: skip
    runs = [{"name": "reach", "message": "r1 reaches r2"}]
    assert _in("zh_Hans", localise_runs, runs, [True], old) == runs
    assert _in("zh_Hans", judge_message, old) == "FRR refused some lines"


def _page_text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


async def test_the_submission_page_words_compile_errors_skipped_tests_and_counts(
    client: Client, site: Site, committed_db: Database
) -> None:
    http, _queue = client
    student = await UserFactory(committed_db.sessionmaker())(Role.STUDENT)
    failed = normalise(
        Report(verdict=Verdict.CE, compile=CompileResult(ok=False, message="main.cpp:1: error"))
    )
    stopped = normalise(
        Report(
            verdict=Verdict.WA,
            compile=CompileResult(ok=True),
            runs=[TestRun(name="secret/01", group="secret", verdict=Verdict.WA)],
            groups=[
                GroupResult(name="secret", verdict=Verdict.WA, score=0, max_score=None, skipped=4)
            ],
        )
    )
    one = normalise(
        Report(
            verdict=Verdict.WA,
            runs=[TestRun(name="secret/01", group="secret", verdict=Verdict.WA)],
            groups=[GroupResult(name="secret", verdict=Verdict.WA, score=0, max_score=None,
                                skipped=1)],
        )
    )  # fmt: skip
    ce = await judged(committed_db, student.id, site.code, {"main": "x"}, failed, "cpp")
    wa = await judged(committed_db, student.id, site.code, {"main": "x"}, stopped, "cpp")
    single = await judged(committed_db, student.id, site.code, {"main": "x"}, one, "cpp")
    await log_in(http, student.username)
    page = _page_text((await http.get(f"/submissions/{ce}")).text)
    assert "Results appear here" not in page
    assert "No test was run: the program did not compile." in page
    page = _page_text((await http.get(f"/submissions/{wa}")).text)
    assert "Skipped : 4 tests were not run: judging stops at the first failure." in page
    page = _page_text((await http.get(f"/submissions/{single}")).text)
    assert "Skipped : 1 test was not run: judging stops at the first failure." in page
    progress = _page_text((await http.get("/progress")).text)
    assert "1 day with practice" in progress and "1 days" not in progress
    assert "3 submissions in the last 20 weeks" in progress
    assert "3 submissions on 1 day;" in progress


def test_the_network_lab_findings_are_message_keys_the_platform_translates() -> None:
    table = {"10.0.0.0/24": [{"selected": True, "protocol": "ospf",
                              "nexthops": [{"ip": "10.1.12.1", "active": True}]}]}  # fmt: skip
    lab = SimpleNamespace(
        show=lambda node, command, daemon=None: table,
        attempts=lambda check, source, count, final: [{"state": "open"}] * count,
    )
    wanted = {"node": "r1", "prefix": "10.0.0.0/24", "protocol": "static"}
    route = routing.route(lab, wanted, True)
    assert route["detail"] == "r1 learns 10.0.0.0/24 by ospf, expected static"  # as before
    port = {"proto": "tcp", "to": "192.168.2.10", "port": 80, "from": "pc1", "expect": "open"}
    opened = reachability.port(lab, port, True)
    assert opened["ok"] and opened["detail"] == "TCP 192.168.2.10:80 from pc1: open"
    for result, chinese in (
        (route, "r1 通过 ospf 学到 10.0.0.0/24，期望通过 static 学到"),
        (opened, "从 pc1 到 192.168.2.10:80 的 TCP：开放"),
    ):
        raw = found(result).model_dump(mode="json")
        assert _in("zh_Hans", note, raw) == chinese
        assert _in("en", note, raw) == result["detail"]
    old = found({"ok": False, "detail": "r1 has no route to 10.0.0.0/24"})  # an older image
    assert _in("zh_Hans", note, old.model_dump(mode="json")) == "r1 has no route to 10.0.0.0/24"
