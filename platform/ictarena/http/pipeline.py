"""The one path from a submit request to queued work: intake, commit, then dispatch."""

from __future__ import annotations

from collections.abc import Mapping

from ictarena.catalog.models import Task
from ictarena.http.context import Ctx
from ictarena.submissions import services
from ictarena.submissions.dispatch import dispatch_ready
from ictarena.submissions.instant import INSTANT_TYPES, grade_instantly
from ictarena.submissions.models import Submission


def intake_rules(ctx: Ctx) -> services.IntakeRules:
    settings = ctx.state.settings
    return services.IntakeRules(
        max_bytes=settings.submission_max_kb * 1024,
        per_minute=settings.submissions_per_minute,
        languages=tuple(ctx.state.languages),
        quiz_attempts_per_day=settings.quiz_attempts_per_day,
    )


async def accept_submission(
    ctx: Ctx, task_id: int, language: str | None, files: Mapping[str, str | bytes]
) -> Submission:
    assert ctx.user is not None
    submission, judging = await services.submit(
        ctx.db, ctx.user, task_id, language, files, intake_rules(ctx), ip=ctx.client_ip
    )
    task = await ctx.db.get(Task, submission.task_id)
    assert task is not None
    if task.type in INSTANT_TYPES:
        await grade_instantly(ctx.db, judging)
        await ctx.db.commit()
        await ctx.state.notifier.notify()
        return submission
    await ctx.db.commit()
    await dispatch_ready(
        ctx.db, ctx.state.queue, [submission.user_id], ctx.state.settings.judge_cap_per_user
    )
    await ctx.state.notifier.notify()
    return submission
