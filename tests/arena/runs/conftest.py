"""The production pipeline's fixtures (real Redis, in-process arq workers) for runs."""

from tests.arena.pipeline.conftest import (  # noqa: F401  (fixtures)
    judge_queue,
    prod_settings,
    redis,
    workers,
)
