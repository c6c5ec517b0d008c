"""Who may see and submit to a task: the one place that enforces the locks.

Hidden tasks are for coaches and admins (``NotFound``, as if they did not exist). A student may
open and submit to a visible task when its tier is at most the one they hold in its track and
its module's prerequisites are done, unless a coach waived them for that tier
(:mod:`ictarena.progression.locks` states the rule); otherwise :class:`ictarena.errors.Locked`
carries what unlocks it, so the page can show the title, the tier and the way in, not the
statement. Coaches and admins are never locked out.

Every intake path asks here: the web form and the JSON API through
:func:`ictarena.intake.service.accept` (which also covers instant grading of quizzes), and
rejudgings through :func:`still_allowed`, which leaves out submissions whose authors may no
longer submit. Contests have their own access path (:mod:`ictarena.intake.contest`): a
participant's contest submissions are judged under the contest's rules, whatever practice's
locks and visibility say, so a rejudging lets them through while the participation stands.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role, User
from ictarena.catalog.models import Task
from ictarena.contests.models import Participation, Round, RoundTask
from ictarena.errors import Locked
from ictarena.progression import path
from ictarena.progression.locks import Lock, module_lock, module_lock_view
from ictarena.submissions.services import open_task


async def task_lock(session: AsyncSession, user: User, task: Task) -> Lock | None:
    """What keeps ``user`` out of ``task``, or None when they may open it (always None for
    coaches and admins)."""
    if user.role is not Role.STUDENT:
        return None
    catalogue, standing = await module_lock_view(session, user.id, task.module_id)
    return module_lock(catalogue, standing, task.module_id)


async def visible_task(session: AsyncSession, user: User, task_id: int) -> Task:
    """The task, if ``user`` may see and submit to it. ``NotFound`` when it does not exist or
    is hidden from them; ``Locked`` (with the lock) when they have not unlocked it."""
    task = await open_task(session, user, task_id)
    lock = await task_lock(session, user, task)
    if lock is not None:
        raise Locked(lock.message, lock, task=task.slug)
    return task


async def still_allowed(
    session: AsyncSession, keys: Collection[tuple[int, ...]]
) -> set[tuple[int, ...]]:
    """Of ``(user id, task id)`` pairs (practice submissions) and ``(user id, task id,
    participation id)`` triples (contest submissions), those whose user may still submit:
    in practice, coaches' and admins' always, students' when the task is visible and unlocked
    for them; in a contest, while the user holds that participation and the contest has the
    task in a round. A fixed number of queries whatever the number of keys (a rejudging's
    scope)."""
    pairs = {(k[0], k[1]) for k in keys if len(k) == 2}
    entered = await _entered(session, {k for k in keys if len(k) == 3})
    if not pairs:
        return set(entered)
    user_ids = {u for u, _t in pairs}
    task_ids = {t for _u, t in pairs}
    roles: dict[int, Role] = {
        int(uid): role
        for uid, role in await session.execute(
            select(User.id, User.role).where(User.id.in_(user_ids))
        )
    }
    tasks = {
        t.id: t for t in (await session.scalars(select(Task).where(Task.id.in_(task_ids)))).all()
    }
    students = [u for u in user_ids if roles.get(u) is Role.STUDENT]
    catalogue = await path.load_catalogue(session)
    standings = await path.standings(session, students)
    done: dict[int, set[int]] = defaultdict(set)
    for uid in students:
        done[uid] = path.done_modules(catalogue, standings[uid])
    allowed: set[tuple[int, ...]] = set(entered)
    for user_id, task_id in pairs:
        task = tasks.get(task_id)
        if task is None:
            continue
        if roles.get(user_id) in (Role.COACH, Role.ADMIN):
            allowed.add((user_id, task_id))
        elif roles.get(user_id) is Role.STUDENT and task.visible:
            standing = standings[user_id]
            if module_lock(catalogue, standing, task.module_id, done[user_id]) is None:
                allowed.add((user_id, task_id))
    return allowed


async def _entered(
    session: AsyncSession, triples: Collection[tuple[int, ...]]
) -> set[tuple[int, ...]]:
    """Of ``(user id, task id, participation id)``, those whose participation is the user's
    and whose contest has the task in one of its rounds."""
    if not triples:
        return set()
    rows = await session.execute(
        select(Participation.id, Participation.user_id, RoundTask.task_id)
        .join(Round, Round.contest_id == Participation.contest_id)
        .join(RoundTask, RoundTask.round_id == Round.id)
        .where(Participation.id.in_({k[2] for k in triples}))
    )
    held = {(int(user), int(task), int(place)) for place, user, task in rows}
    return {k for k in triples if k in held}
