"""virtual participation in ended contests and submissions to contest tasks outside the contest

Revision ID: 0013_virtual
Revises: 0012_plagiarism
Create Date: 2026-12-06 03:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ictarena.db import UTCDateTime

revision: str = "0013_virtual"
down_revision: str | None = "0012_plagiarism"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "virtual_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_virtual_runs_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_virtual_runs_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_virtual_runs")),
        sa.UniqueConstraint(
            "contest_id", "user_id", name=op.f("uq_virtual_runs_contest_id_user_id")
        ),
    )
    with op.batch_alter_table("virtual_runs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_virtual_runs_contest_id"), ["contest_id"])
        batch_op.create_index(batch_op.f("ix_virtual_runs_user_id"), ["user_id"])

    op.create_table(
        "contest_practice",
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_contest_practice_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_contest_practice_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["virtual_runs.id"],
            name=op.f("fk_contest_practice_run_id_virtual_runs"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_contest_practice_submission_id_submissions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("submission_id", name=op.f("pk_contest_practice")),
    )
    with op.batch_alter_table("contest_practice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contest_practice_contest_id"), ["contest_id"])
        batch_op.create_index(batch_op.f("ix_contest_practice_run_id"), ["run_id"])


def downgrade() -> None:
    with op.batch_alter_table("contest_practice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contest_practice_run_id"))
        batch_op.drop_index(batch_op.f("ix_contest_practice_contest_id"))
    op.drop_table("contest_practice")
    with op.batch_alter_table("virtual_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_virtual_runs_user_id"))
        batch_op.drop_index(batch_op.f("ix_virtual_runs_contest_id"))
    op.drop_table("virtual_runs")
