"""A contest staged for the plagiarism review's pages, confirmations and browser journey: a
lab round running now with the site's code task as A; team Red (Ann and Bob) and Cat alone
hand in the same program (Cat's renamed), Dan alone a different one. The coach who made the
contest is its jury."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from ictarena.accounts.models import Role, User
from ictarena.contests.models import (
    Contest,
    Entry,
    Participation,
    PlagiarismPair,
    Round,
    RoundKind,
    RoundTask,
    Scoring,
)
from ictarena.db import Database, utcnow
from ictarena.submissions.models import Submission

SLUG = "copy-check"
REVIEW = f"/contests/{SLUG}/admin/plagiarism"

PROGRAM = """#include <iostream>
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
RENAMED = PROGRAM.replace("values", "arr").replace("total", "acc") + "// all mine\n"
DIFFERENT = """import sys

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


@dataclass
class Cast:
    coach: User  # made the contest: its jury
    ann: User  # in Red
    bob: User  # in Red
    cat: User  # alone, copied Red's program
    dan: User  # alone, wrote another
    contest_id: int
    red: int  # entry ids
    solo_cat: int
    solo_dan: int


async def stage_review(db: Database, users: Any, code_task: Any, cat_name: str = "Cat") -> Cast:
    """The contest and its submissions, committed (``cat_name``: Cat's entry's name)."""
    coach = await users(Role.COACH)
    ann, bob, cat, dan = [await users() for _ in range(4)]
    now = utcnow()
    async with db.transaction() as session:
        contest = Contest(slug=SLUG, title="Copy check", created_by=coach.id, team_size=2)
        session.add(contest)
        await session.flush()
        lab = Round(
            contest_id=contest.id,
            position=1,
            name="Lab",
            kind=RoundKind.LAB,
            scoring=Scoring.ICPC,
            weight=100.0,
            starts_at=now - timedelta(minutes=30),
            ends_at=now + timedelta(hours=2),
        )
        session.add(lab)
        await session.flush()
        session.add(
            RoundTask(
                round_id=lab.id,
                task_id=code_task.id,
                dataset_id=code_task.live_dataset_id,
                label="A",
            )
        )
        red = Entry(contest_id=contest.id, name="Red", team=True)
        alone = Entry(contest_id=contest.id, name=cat_name)
        other = Entry(contest_id=contest.id, name="Dan")
        session.add_all([red, alone, other])
        await session.flush()
        handed = (
            (ann, red, "int main() { return 0; }\n"),
            (bob, red, PROGRAM),
            (cat, alone, RENAMED),
            (dan, other, DIFFERENT),
        )
        for user, entry, text in handed:
            place = await session.scalar(
                select(Participation).where(
                    Participation.contest_id == contest.id, Participation.user_id == user.id
                )
            )
            if place is None:
                place = Participation(contest_id=contest.id, user_id=user.id, entry_id=entry.id)
                session.add(place)
                await session.flush()
            python = text is DIFFERENT
            session.add(
                Submission(
                    user_id=user.id,
                    task_id=code_task.id,
                    files={"main.py" if python else "main.cpp": text},
                    language="python3" if python else "cpp",
                    participation_id=place.id,
                    entry_id=entry.id,
                    round_id=lab.id,
                    created_at=now - timedelta(minutes=10),
                )
            )
            await session.flush()
    return Cast(coach, ann, bob, cat, dan, contest.id, red.id, alone.id, other.id)


async def copied_pair(db: Database, cast: Cast) -> int:
    """The stored pair of Red and Cat (the review page must have been read once)."""
    async with db.session() as session:
        found = await session.scalar(
            select(PlagiarismPair.id).where(
                PlagiarismPair.contest_id == cast.contest_id,
                PlagiarismPair.entry_a == cast.red,
                PlagiarismPair.entry_b == cast.solo_cat,
            )
        )
    assert found is not None
    return int(found)
