"""The plagiarism review in the domain, on SQLite and PostgreSQL: a copied program is found
above the threshold and a different one is not; two lab answers alike only in the lab's
starting configuration are not a pair; team-mates are never a pair; the jury's marks persist
across recomputations; excluding a flagged entry takes it off the standings and is logged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import delete, select

from ictarena.accounts.models import User
from ictarena.catalog.models import Dataset, Task
from ictarena.contests.models import (
    Contest,
    Entry,
    EntryExclusion,
    PairState,
    Participation,
    PlagiarismPair,
    PlagiarismReport,
    RoundTask,
)
from ictarena.contests.standings import View, scoreboard
from ictarena.db import Database
from ictarena.errors import InvalidInput
from ictarena.submissions import plagiarism
from ictarena.submissions.models import Submission
from ictarena.submissions.tokens import similarity
from tests.arena.contests.board_world import Stage, at, stage

NOW = at(500)
ROOT = Path(__file__).resolve().parents[3]
OSPF_LAB = yaml.safe_load((ROOT / "problem_sets/datacom/ospf-single-area/task.yaml").read_text())[
    "lab"
]

SUM = """#include <iostream>
#include <vector>
using namespace std;

int main() {
    int n;
    cin >> n;
    vector<long long> values(n);
    long long total = 0;
    for (int i = 0; i < n; i++) {
        cin >> values[i];
        if (values[i] > 0) total += values[i] * 2;
        else total -= values[i];
    }
    cout << total << endl;
    return 0;
}
"""
RENAMED = (
    SUM.replace("values", "arr").replace("total", "acc").replace("n;", "count;")
    + "// my own solution\n"
)
OTHER = """import sys

def main():
    data = sys.stdin.read().split()
    graph = {}
    for a, b in zip(data[1::2], data[2::2]):
        graph.setdefault(a, []).append(b)
    seen = set()
    stack = [data[0]]
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        stack.extend(graph.get(node, []))
    print(len(seen))

main()
"""


async def _entry(session: Any, st: Stage, name: str) -> tuple[Entry, Participation]:
    user = User(username=f"pl-{name}-{st.contest.id}", display_name=name.title(), password_hash="x")
    session.add(user)
    entry = Entry(contest_id=st.contest.id, name=name.title())
    session.add(entry)
    await session.flush()
    place = Participation(contest_id=st.contest.id, user_id=user.id, entry_id=entry.id)
    session.add(place)
    await session.flush()
    st.users[place.id] = user.id
    return entry, place


async def _submit(
    session: Any, st: Stage, place: Participation, task: Task, files: dict[str, str], lang: Any
) -> int:
    submission = Submission(
        user_id=st.users[place.id],
        task_id=task.id,
        files=files,
        language=lang,
        created_at=at(200),
        participation_id=place.id,
        entry_id=place.entry_id,
        round_id=st.lab.id,
    )
    session.add(submission)
    await session.flush()
    return submission.id


async def _report(db: Database, st: Stage, task: Task, threshold: float = 0.5) -> list[Any]:
    async with db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        tasks = await plagiarism.review_tasks(session, contest)
        chosen = plagiarism.task_of(tasks, f"{st.lab.id}:{task.id}")
        await plagiarism.refresh(session, contest, chosen, NOW)
        return await plagiarism.pairs(session, contest, chosen, threshold)


async def test_a_copied_program_is_found_and_a_different_one_is_not(any_db: Database) -> None:
    plagiarism.forget()
    async with any_db.transaction() as session:
        st = await stage(session)
    task = st.tasks[1]
    async with any_db.transaction() as session:
        _dan, dan_place = await _entry(session, st, "dan")
        _eve, eve_place = await _entry(session, st, "eve")
        await _submit(session, st, st.ann, task, {"main.cpp": "int main(){}"}, "cpp")
        await _submit(session, st, st.bob, task, {"main.cpp": SUM}, "cpp")  # the team's latest
        await _submit(session, st, st.cat, task, {"main.cpp": RENAMED}, "cpp")
        await _submit(session, st, dan_place, task, {"main.py": OTHER}, "python3")
        await _submit(session, st, eve_place, task, {"main.cpp": SUM}, "cpp")
    found = await _report(any_db, st, task)
    named = {frozenset((p.name_a, p.name_b)): p.similarity for p in found}
    team, solo = st.team.name, st.solo.name
    assert named.keys() == {
        frozenset((team, solo)),
        frozenset((team, "Eve")),
        frozenset((solo, "Eve")),
    }
    assert named[frozenset((team, "Eve"))] == pytest.approx(1.0)
    assert named[frozenset((team, solo))] > 0.8  # renamed variables and a comment
    assert [p.similarity for p in found] == sorted((p.similarity for p in found), reverse=True)
    everything = await _report(any_db, st, task, 0.0)  # every kept pair: at least the floor
    assert all("Dan" not in (p.name_a, p.name_b) for p in everything)
    assert {frozenset((p.name_a, p.name_b)) for p in everything} == named.keys()
    async with any_db.session() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        tasks = await plagiarism.review_tasks(session, contest)
        shown = await plagiarism.pair_view(session, contest, tasks, found[0].id)
    marked = "".join(text for text, copied in shown.left.pieces if copied)
    assert "cin >>" in marked
    assert "".join(text for text, _c in shown.left.pieces) in (SUM, RENAMED)


async def test_team_mates_are_one_entry_and_never_a_pair(any_db: Database) -> None:
    plagiarism.forget()
    async with any_db.transaction() as session:
        st = await stage(session)
    task = st.tasks[1]
    async with any_db.transaction() as session:
        await _submit(session, st, st.ann, task, {"main.cpp": SUM}, "cpp")
        await _submit(session, st, st.bob, task, {"main.cpp": SUM}, "cpp")
    assert await _report(any_db, st, task, 0.0) == []


async def _network_task(db: Database, st: Stage) -> Task:
    async with db.transaction() as session:
        task = Task(
            slug=f"pl-net-{st.contest.id}",
            type="network",
            module_id=st.tasks[1].module_id,
            title_en="OSPF",
            title_zh="OSPF",
        )
        session.add(task)
        await session.flush()
        dataset = Dataset(
            task_id=task.id,
            version=1,
            content_hash=f"pl{st.contest.id:062d}",
            manifest={"task_type": "network", "lab": OSPF_LAB},
        )
        session.add(dataset)
        await session.flush()
        task.live_dataset_id = dataset.id
        session.add(
            RoundTask(round_id=st.lab.id, task_id=task.id, dataset_id=dataset.id, label="N")
        )
    return task


def _devices(extra: dict[str, str]) -> dict[str, str]:
    """Each device's starting configuration, with ``extra`` added to some."""
    from ictjudge import labs

    return {
        f.name: f.initial + extra.get(f.name.removesuffix(".conf"), "")
        for f in labs.answer_files("network", OSPF_LAB)
    }


OSPF_ANSWER = {
    "r1": "router ospf\n ospf router-id 1.1.1.1\n network 10.0.12.0/24 area 0\n"
    " network 192.168.1.0/24 area 0\n passive-interface ge0-0-1\nexit\n",
    "r2": "router ospf\n ospf router-id 2.2.2.2\n network 10.0.12.0/24 area 0\n"
    " network 10.0.23.0/24 area 0\nexit\n",
}


async def test_lab_answers_alike_only_in_the_template_are_not_a_pair(any_db: Database) -> None:
    plagiarism.forget()
    async with any_db.transaction() as session:
        st = await stage(session)
    task = await _network_task(any_db, st)
    copied = {
        name: text.replace("10.0.12.0", "10.0.12.0 ").replace("router-id", "router-id")
        + "! copied\n"
        for name, text in OSPF_ANSWER.items()
    }
    other = {
        "r3": "ip route 0.0.0.0/0 10.0.23.2\n",
        "r1": "ip route 192.168.3.0/24 10.0.12.2\nip route 3.3.3.3/32 10.0.12.2\n",
    }
    async with any_db.transaction() as session:
        _dan, dan_place = await _entry(session, st, "dan")
        await _submit(session, st, st.ann, task, _devices(OSPF_ANSWER), None)
        await _submit(session, st, st.cat, task, _devices(copied), None)
        await _submit(session, st, dan_place, task, _devices(other), None)
    found = await _report(any_db, st, task, 0.0)
    named = {frozenset((p.name_a, p.name_b)): p.similarity for p in found}
    # Dan's answer shares the whole starting configuration with both, and nothing else: with
    # the template counted it would be a pair; without, it is none.
    whole = ("".join(_devices(other).values()), "".join(_devices(OSPF_ANSWER).values()))
    assert similarity(*whole, "frr") > 0.7
    assert named.keys() == {frozenset((st.team.name, st.solo.name))}
    assert named[frozenset((st.team.name, st.solo.name))] > 0.9


async def test_reviews_persist_and_exclusion_leaves_the_standings(any_db: Database) -> None:
    plagiarism.forget()
    async with any_db.transaction() as session:
        st = await stage(session)
    task = st.tasks[1]
    async with any_db.transaction() as session:
        await _submit(session, st, st.ann, task, {"main.cpp": SUM}, "cpp")
        await _submit(session, st, st.cat, task, {"main.cpp": RENAMED}, "cpp")
    [pair] = await _report(any_db, st, task)
    async with any_db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        jury = await session.get(User, st.admin.id)
        assert contest is not None and jury is not None
        with pytest.raises(InvalidInput) as refused:
            await plagiarism.set_excluded(session, jury, contest, st.solo.id, True, "copy", NOW)
        assert refused.value.message == "plagiarism_entry_not_flagged"
        with pytest.raises(InvalidInput) as refused:
            await plagiarism.review(session, jury, contest, pair.id, PairState.FLAGGED, " ", NOW)
        assert refused.value.message == "plagiarism_flag_needs_note"
    async with any_db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        jury = await session.get(User, st.admin.id)
        assert contest is not None and jury is not None
        await plagiarism.review(
            session, jury, contest, pair.id, PairState.FLAGGED, "same loop, renamed", NOW
        )
    # A new submission elsewhere recomputes the report; the flag and its note stay.
    async with any_db.transaction() as session:
        _dan, dan_place = await _entry(session, st, "dan")
        await _submit(session, st, dan_place, task, {"main.py": OTHER}, "python3")
    [again] = await _report(any_db, st, task)
    assert (again.id, again.state, again.note) == (pair.id, PairState.FLAGGED, "same loop, renamed")
    assert again.reviewer == "Admin " + st.admin.username.removeprefix("bwadmin")
    async with any_db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        before = await scoreboard(session, contest, View.JURY, None, NOW)
        assert st.solo.id in {line.entry_id for line in before.lines}
        jury = await session.get(User, st.admin.id)
        assert jury is not None
        await plagiarism.set_excluded(
            session, jury, contest, st.solo.id, True, "copied the team's program", NOW
        )
    async with any_db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        for view in (View.JURY, View.PUBLIC):
            after = await scoreboard(session, contest, view, None, NOW)
            assert st.solo.id not in {line.entry_id for line in after.lines}
            assert st.team.id in {line.entry_id for line in after.lines}
        log = await plagiarism.exclusions(session, contest)
        assert [(x.entry_id, x.excluded, x.reason) for x in log] == [
            (st.solo.id, True, "copied the team's program")
        ]
        assert log[0].done_by is not None
        jury = await session.get(User, st.admin.id)
        assert jury is not None
        await plagiarism.set_excluded(session, jury, contest, st.solo.id, False, "appeal", NOW)
    async with any_db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        assert contest is not None
        board = await scoreboard(session, contest, View.JURY, None, NOW)
        assert st.solo.id in {line.entry_id for line in board.lines}
        rows = list(await session.scalars(select(EntryExclusion).order_by(EntryExclusion.id)))
        assert [r.excluded for r in rows] == [True, False]
        stored = await session.get(PlagiarismPair, pair.id)
        assert stored is not None and stored.state is PairState.FLAGGED


async def test_a_newer_submission_is_compared_again_and_reopens_a_cleared_pair(
    any_db: Database,
) -> None:
    plagiarism.forget()
    async with any_db.transaction() as session:
        st = await stage(session)
    task = st.tasks[1]
    async with any_db.transaction() as session:
        _dan, dan_place = await _entry(session, st, "dan")
        await _submit(session, st, st.ann, task, {"main.cpp": SUM}, "cpp")
        await _submit(session, st, st.cat, task, {"main.cpp": RENAMED}, "cpp")
        await _submit(session, st, dan_place, task, {"main.py": OTHER}, "python3")
    [pair] = await _report(any_db, st, task)
    async with any_db.transaction() as session:
        contest = await session.get(Contest, st.contest.id)
        jury = await session.get(User, st.admin.id)
        assert contest is not None and jury is not None
        await plagiarism.review(session, jury, contest, pair.id, PairState.CLEARED, "", NOW)
    async with any_db.transaction() as session:  # Cat hands in the copy again, retouched
        await _submit(session, st, st.cat, task, {"main.cpp": RENAMED + "// v2\n"}, "cpp")
    [again] = await _report(any_db, st, task)
    assert again.id == pair.id and again.state is PairState.OPEN
    assert again.submission_b != pair.submission_b
    async with any_db.transaction() as session:  # Dan copies Ann's program too
        await _submit(session, st, dan_place, task, {"main.cpp": SUM}, "cpp")
    incremental = {
        (p.entry_a, p.entry_b, round(p.similarity, 6)) for p in await _report(any_db, st, task)
    }
    assert len(incremental) == 3
    async with any_db.transaction() as session:  # the same as a report computed whole
        await session.execute(delete(PlagiarismReport))
    plagiarism.forget()
    whole = {
        (p.entry_a, p.entry_b, round(p.similarity, 6)) for p in await _report(any_db, st, task)
    }
    assert whole == incremental
    async with any_db.transaction() as session:  # Cat writes a program of their own: no pair
        await _submit(
            session, st, st.cat, task, {"main.py": OTHER.replace("seen", "done")}, "python3"
        )
    names = {frozenset((p.name_a, p.name_b)) for p in await _report(any_db, st, task, 0.0)}
    assert names == {frozenset((st.team.name, "Dan"))}
