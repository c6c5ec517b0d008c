"""An external scoreboard, as a resolver or a scoreboard client builds it from the event feed
alone: it keeps the latest version of each object (``data: null`` deletes one) and ranks the
teams by the ICPC rules the feed states (the contest's penalty time, the judgement types'
``solved`` and ``penalty``). Written from the Contest API's description, not from the
platform's code."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

RELTIME = re.compile(r"^(-?)(\d+):(\d\d):(\d\d)(?:\.(\d{3}))?$")


def millis(reltime: str) -> int:
    found = RELTIME.match(reltime)
    assert found, reltime
    sign, h, m, s, ms = found.groups()
    value = ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(ms or 0)
    return -value if sign else value


class Consumer:
    def __init__(self) -> None:
        self.contest: dict[str, Any] = {}
        self.state: dict[str, Any] = {}
        self.objects: dict[str, dict[str, dict[str, Any]]] = {}
        self.tokens: list[str] = []

    def apply(self, events: Iterable[dict[str, Any]]) -> None:
        for event in events:
            kind, data = event["type"], event["data"]
            if event.get("token") is not None:
                self.tokens.append(event["token"])
            if kind == "contest":
                self.contest = data
            elif kind == "state":
                self.state = data
            elif data is None:
                self.objects.get(kind, {}).pop(event["id"], None)
            else:
                self.objects.setdefault(kind, {})[data["id"]] = data

    def of(self, kind: str) -> dict[str, dict[str, Any]]:
        return self.objects.get(kind, {})

    def scoreboard_rows(self) -> list[dict[str, Any]]:
        assert self.contest["scoreboard_type"] == "pass-fail"
        penalty_time = self.contest["penalty_time"]
        types = self.of("judgement-types")
        problems = sorted(self.of("problems").values(), key=lambda p: p["ordinal"])
        verdict: dict[str, str | None] = {}
        for judgement in sorted(self.of("judgements").values(), key=lambda j: int(j["id"])):
            verdict[judgement["submission_id"]] = judgement.get("judgement_type_id")
        by_cell: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for sub in self.of("submissions").values():
            by_cell.setdefault((sub["team_id"], sub["problem_id"]), []).append(sub)
        rows = []
        for team in self.of("teams").values():
            cells, solved, total, last = [], 0, 0, 0
            for problem in problems:
                tries = sorted(
                    by_cell.get((team["id"], problem["id"]), []),
                    key=lambda s: (millis(s["contest_time"]), int(s["id"])),
                )
                judged = pending = 0
                cell: dict[str, Any] = {"problem_id": problem["id"], "solved": False}
                for sub in tries:
                    kind = verdict.get(sub["id"])
                    if kind is None:
                        pending += 1
                    elif types[kind]["solved"]:
                        judged += 1
                        at = millis(sub["contest_time"]) // 1000
                        cell |= {"solved": True, "time": at // 60}
                        solved += 1
                        total += at // 60 + (judged - 1) * penalty_time
                        last = max(last, at)
                        break
                    elif types[kind]["penalty"]:
                        judged += 1
                cell |= {"num_judged": judged, "num_pending": pending}
                cells.append(cell)
            rows.append(
                {
                    "team": team,
                    "key": (-solved, total, last),
                    "score": {"num_solved": solved, "total_time": total},
                    "problems": cells,
                }
            )
        rows.sort(key=lambda r: (r["key"], r["team"]["name"].casefold(), int(r["team"]["id"])))
        ranked = []
        for index, row in enumerate(rows):
            rank = index + 1
            if index and row["key"] == rows[index - 1]["key"]:
                rank = ranked[-1]["rank"]
            ranked.append(
                {
                    "rank": rank,
                    "team_id": row["team"]["id"],
                    "score": row["score"],
                    "problems": row["problems"],
                }
            )
        return ranked
