"""Running a program on the student's own input: who may, on which data, and what is sent.

A run is the task page's "Run" button: the program in the editor, compiled and run once in the
judge's sandbox on an input the student typed, with the task's own limits. It is not a
submission: nothing is stored but a tick of the user's rate limit (``run.user``, counted and
committed before the run, so that a burst of requests cannot start more runs than the limit),
nothing is judged or scored, no board moves.

The same checks as submitting decide who may run: on a practice task, the task must be visible
to the user and unlocked (:func:`~ictarena.intake.eligibility.visible_task`); on a contest
task, the contest's entitlement at the server's clock (a participant while their time in the
round runs), on the round's pinned dataset. The language must be one the task accepts and the
judge runs, the source within the task's size limit, the input UTF-8 text within
``run_input_max_kb``. Every refusal is an ``InvalidInput`` naming its field, ``Throttled``, or
what the visibility and entitlement checks raise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import User
from ictarena.accounts.throttle import take_run_slot
from ictarena.catalog.models import Dataset, Task
from ictarena.catalog.tasktypes.registry import kind
from ictarena.contests.access import entitlement
from ictarena.db import utcnow
from ictarena.errors import InvalidInput
from ictarena.intake.eligibility import visible_task
from ictarena.submissions.services import normalise_newlines
from ictjudge.custom import RunJob


@dataclass(frozen=True)
class RunRules:
    """This site's limits on runs (from the settings)."""

    max_input_bytes: int
    max_source_bytes: int
    per_minute: int
    languages: tuple[str, ...]


def check_input(text: str, max_bytes: int) -> str:
    """The custom input as the program reads it: newlines as LF (a browser sends CRLF), at
    most ``max_bytes`` bytes of UTF-8; an empty input is allowed (a program may read none)."""
    text = normalise_newlines(text)
    if len(text.encode("utf-8")) > max_bytes:
        raise InvalidInput("run_input_too_large", field="input", max_kb=max_bytes // 1024)
    return text


def check_program(
    dataset: Dataset, language: str | None, files: Mapping[str, str | bytes], rules: RunRules
) -> tuple[str, dict[str, str]]:
    """The language and the source files, checked as a submission's are."""
    allowed = dataset.manifest.get("languages") or list(rules.languages)
    if not language or language not in allowed or language not in rules.languages:
        raise InvalidInput("language_not_allowed", field="language", language=str(language))
    code_kb = int(dataset.manifest.get("limits", {}).get("code_kb", rules.max_source_bytes // 1024))
    limit = min(rules.max_source_bytes, code_kb * 1024)
    texts: dict[str, str] = {}
    for name, content in files.items():
        try:
            text = content.decode("utf-8") if isinstance(content, bytes) else content
        except UnicodeDecodeError:
            raise InvalidInput("submission_not_text", field="source", name=name) from None
        texts[name] = normalise_newlines(text)
    if not any(text.strip() for text in texts.values()):
        raise InvalidInput("run_source_empty", field="source")
    if sum(len(text.encode("utf-8")) for text in texts.values()) > limit:
        raise InvalidInput("run_source_too_large", field="source", max_kb=limit // 1024)
    return language, texts


async def _order(
    session: AsyncSession,
    user: User,
    task: Task,
    dataset_id: int | None,
    language: str | None,
    files: Mapping[str, str | bytes],
    stdin: str,
    rules: RunRules,
) -> RunJob:
    if kind(task.type).answers != "source":
        raise InvalidInput("run_not_code", field="task")
    dataset = await session.get(Dataset, dataset_id) if dataset_id is not None else None
    if dataset is None:
        raise InvalidInput("task_not_ready", field="task")
    text = check_input(stdin, rules.max_input_bytes)
    language, texts = check_program(dataset, language, files, rules)
    await take_run_slot(session, user.id, rules.per_minute, utcnow())  # last: refusals are free
    await session.commit()
    return RunJob.new(dataset.content_hash, task.type, language, texts, text)


async def practice_run(
    session: AsyncSession,
    user: User,
    task_id: int,
    language: str | None,
    files: Mapping[str, str | bytes],
    stdin: str,
    rules: RunRules,
) -> RunJob:
    """The run of ``user``'s program on a practice task's live dataset; commits the rate
    limit's tick."""
    task = await visible_task(session, user, task_id)
    return await _order(session, user, task, task.live_dataset_id, language, files, stdin, rules)


async def contest_run(
    session: AsyncSession,
    user: User,
    contest_id: int,
    round_id: int,
    task_id: int,
    language: str | None,
    files: Mapping[str, str | bytes],
    stdin: str,
    rules: RunRules,
) -> RunJob:
    """The run of a participant's program on a contest task's pinned dataset, while their
    time in the round runs (the entitlement check at the server's clock); commits the rate
    limit's tick."""
    grant = await entitlement(session, user, contest_id, round_id, task_id, utcnow())
    task = await session.get(Task, task_id)
    assert task is not None  # the round task's foreign key
    dataset_id = grant.round_task.dataset_id
    return await _order(session, user, task, dataset_id, language, files, stdin, rules)
