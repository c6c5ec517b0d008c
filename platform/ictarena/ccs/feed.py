"""The event feed (2023-06): every object of the contest as an event at the moment the reader
learned of it, in that order, each with a token that a client hands back (``since_token``) to
resume after it.

An event's token is its place in time: ``<epoch ms>-<kind>-<id>`` (the kind orders the events
of one millisecond: the contest before its problems, a submission before its judgement). The
feed is rebuilt from the contest's rows, not kept: a token therefore stays valid across
restarts and processes, and "after this token" is a comparison. When an object changes with
no moment of its own (a team renamed), a stream that already sent it sends it again under a
fresh token (:class:`Follower`); a client resuming from an older token gets the objects as
they are now. The jury's feed and the public one are separate views of the same rows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ictarena.ccs import objects, sight
from ictarena.ccs.kinds import judgement_types, languages
from ictarena.ccs.snapshot import Snapshot
from ictarena.ccs.times import epoch_ms

KINDS = (
    "contest",
    "judgement-types",
    "languages",
    "problems",
    "organizations",
    "teams",
    "accounts",
    "state",
    "clarifications",
    "submissions",
    "judgements",
    "runs",
    "awards",
)
RANK = {kind: index for index, kind in enumerate(KINDS)}
TOKEN = re.compile(r"^(\d{1,15})-(\d{2})-([A-Za-z0-9_.-]{0,64})$")


class BadToken(ValueError):
    """A ``since_token`` this feed never gave."""


@dataclass(frozen=True, order=True)
class Key:
    ms: int
    rank: int
    id_len: int
    id: str

    @property
    def token(self) -> str:
        return f"{self.ms}-{self.rank:02d}-{self.id}"


def key(at: datetime, kind: str, id_: str | None) -> Key:
    name = id_ or ""
    return Key(epoch_ms(at), RANK[kind], len(name), name)


def parse_token(token: str, snap: Snapshot) -> Key:
    """The key of a token; :class:`BadToken` for one this feed cannot have given (malformed,
    an unknown kind, or later than now)."""
    found = TOKEN.match(token)
    if found is None or int(found[2]) >= len(KINDS):
        raise BadToken(token)
    parsed = Key(int(found[1]), int(found[2]), len(found[3]), found[3])
    if parsed.ms > epoch_ms(snap.now):
        raise BadToken(token)
    return parsed


@dataclass(frozen=True)
class Event:
    key: Key
    type: str
    id: str | None
    data: Any

    def line(self) -> dict[str, Any]:
        return {"type": self.type, "id": self.id, "data": self.data, "token": self.key.token}


def _at(snap: Snapshot, at: datetime) -> datetime:
    """Nothing of a contest is learned before the contest was created."""
    return max(at, snap.contest.created_at)


def events(snap: Snapshot, jury: bool) -> list[Event]:
    """The reader's whole feed up to the snapshot's now, in order."""
    created = snap.contest.created_at
    found: list[Event] = []

    def add(at: datetime, kind: str, id_: str | None, data: Any) -> None:
        at = _at(snap, at)
        if at <= snap.now:
            found.append(Event(key(at, kind, id_), kind, id_, data))

    contest = objects.contest(snap)
    add(created, "contest", None, contest)
    for item in judgement_types():
        add(created, "judgement-types", item["id"], item)
    for item in languages():
        add(created, "languages", item["id"], item)
    for item in objects.problems(snap):
        add(created, "problems", item["id"], item)
    for item in objects.organizations(snap, jury):
        add(created, "organizations", item["id"], item)
    entries = {e.id: e for e in snap.entries}
    for item in objects.teams(snap, jury):
        add(entries[int(item["id"])].created_at, "teams", item["id"], item)
    if jury:
        registered = {f"p{m.participation.id}": m.participation.registered_at for m in snap.members}
        for item in objects.accounts(snap):
            add(registered.get(item["id"], created), "accounts", item["id"], item)
    milestones = [created] + [
        m
        for m in (sight.start(snap), sight.freeze(snap), sight.end(snap), sight.thaw(snap))
        if m is not None
    ]
    for moment in sorted(set(milestones)):
        add(moment, "state", None, objects.state(snap, max(moment, created)))
    for item in objects.clarifications(snap, jury):
        source = next(c for c in snap.clarifications if str(c.id) == item["id"].split("-")[0])
        at = source.answered_at if item["id"].endswith("-r") else source.created_at
        add(at or source.created_at, "clarifications", item["id"], item)
    for one in objects.listed(snap):
        add(
            one.submission.created_at,
            "submissions",
            str(one.submission.id),
            objects.submission(snap, one, jury),
        )
        seen = sight.judgement_seen_at(snap, one, jury)
        judged = objects.judgement(snap, one)
        if seen is None or judged is None:
            continue
        add(seen, "judgements", judged["id"], judged)
        if jury:  # the test-by-test outcomes are the jury's
            for run in objects.runs_of(snap, one):
                add(seen, "runs", run["id"], run)
    if sight.end(snap) <= snap.now:
        thawed = sight.thaw(snap)
        at = max(sight.end(snap), thawed) if thawed is not None else sight.end(snap)
        for item in objects.awards_of(snap, jury):
            add(at, "awards", item["id"], item)
    found.sort(key=lambda e: e.key)
    return found


def after(found: Iterable[Event], since: Key | None) -> list[Event]:
    return [e for e in found if since is None or e.key > since]


Ident = tuple[str, str | None]


def _ident(event: Event) -> Ident:
    """What an event is about: its object, or for the state each milestone's own event."""
    return (event.type, event.key.token) if event.type == "state" else (event.type, event.id)


class Follower:
    """A stream's memory of what it has sent of each object. Each rebuild of the feed sends
    what is new (by object, not by time: a judging recorded a moment after the previous
    rebuild read the rows may carry an earlier time) and what changed, again under a fresh
    token; an object that went away is sent as ``data: null``. Resumed from a token, the
    events up to it count as sent."""

    def __init__(self, since: Key | None) -> None:
        self.since = since
        self.sent: dict[Ident, Any] | None = None

    def next(self, found: list[Event], now: datetime) -> list[Event]:
        if self.sent is None:
            first = after(found, self.since)
            fresh = {id(e) for e in first}
            self.sent = {_ident(e): e.data for e in found if id(e) not in fresh}
            for event in first:
                self.sent[_ident(event)] = event.data
            return first
        stamp = epoch_ms(now)
        current = {_ident(e): e for e in found}
        out: list[Event] = []
        for ident, event in current.items():
            if ident not in self.sent:
                out.append(event)
            elif self.sent[ident] != event.data:
                moved = max(event.key, Key(stamp, event.key.rank, event.key.id_len, event.key.id))
                out.append(Event(moved, event.type, event.id, event.data))
        for kind, id_ in [k for k in self.sent if k not in current and k[0] != "state"]:
            name = id_ or ""
            out.append(Event(Key(stamp, RANK[kind], len(name), name), kind, id_, None))
            del self.sent[(kind, id_)]
        for event in out:
            if event.data is not None:
                self.sent[_ident(event)] = event.data
        out.sort(key=lambda e: e.key)
        return out
