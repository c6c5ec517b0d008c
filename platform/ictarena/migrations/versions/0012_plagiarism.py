"""plagiarism review: the reports' and pairs' tables, the exclusions' log, entries.excluded

Revision ID: 0012_plagiarism
Revises: 0011_ratings
Create Date: 2026-12-06 03:28:40
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ictarena.db import UTCDateTime

revision: str = "0012_plagiarism"
down_revision: str | None = "0011_ratings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "entry_exclusions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("excluded", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.Column("done_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_entry_exclusions_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["done_by"],
            ["users.id"],
            name=op.f("fk_entry_exclusions_done_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name=op.f("fk_entry_exclusions_entry_id_entries"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entry_exclusions")),
    )
    with op.batch_alter_table("entry_exclusions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_entry_exclusions_contest_id"), ["contest_id"], unique=False
        )

    op.create_table(
        "plagiarism_reports",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.Column("compared", sa.Integer(), nullable=False),
        sa.Column("submissions", sa.JSON(), nullable=False),
        sa.Column("computed_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_plagiarism_reports_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_plagiarism_reports_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_plagiarism_reports_task_id_tasks")
        ),
        sa.PrimaryKeyConstraint("round_id", "task_id", name=op.f("pk_plagiarism_reports")),
    )
    with op.batch_alter_table("plagiarism_reports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plagiarism_reports_contest_id"), ["contest_id"], unique=False
        )

    op.create_table(
        "plagiarism_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("entry_a", sa.Integer(), nullable=False),
        sa.Column("entry_b", sa.Integer(), nullable=False),
        sa.Column("submission_a", sa.Integer(), nullable=False),
        sa.Column("submission_b", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reviewed_by", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_plagiarism_pairs_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_a"],
            ["entries.id"],
            name=op.f("fk_plagiarism_pairs_entry_a_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_b"],
            ["entries.id"],
            name=op.f("fk_plagiarism_pairs_entry_b_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by"],
            ["users.id"],
            name=op.f("fk_plagiarism_pairs_reviewed_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_plagiarism_pairs_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submission_a"],
            ["submissions.id"],
            name=op.f("fk_plagiarism_pairs_submission_a_submissions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submission_b"],
            ["submissions.id"],
            name=op.f("fk_plagiarism_pairs_submission_b_submissions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_plagiarism_pairs_task_id_tasks")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plagiarism_pairs")),
        sa.UniqueConstraint(
            "round_id",
            "task_id",
            "entry_a",
            "entry_b",
            name=op.f("uq_plagiarism_pairs_round_id_task_id_entry_a_entry_b"),
        ),
    )
    with op.batch_alter_table("plagiarism_pairs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plagiarism_pairs_contest_id"), ["contest_id"], unique=False
        )

    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("excluded", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_column("excluded")

    with op.batch_alter_table("plagiarism_pairs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plagiarism_pairs_contest_id"))

    op.drop_table("plagiarism_pairs")
    with op.batch_alter_table("plagiarism_reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plagiarism_reports_contest_id"))

    op.drop_table("plagiarism_reports")
    with op.batch_alter_table("entry_exclusions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entry_exclusions_contest_id"))

    op.drop_table("entry_exclusions")
