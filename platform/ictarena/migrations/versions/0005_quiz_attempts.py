"""quiz attempts per UTC day and the coaches' grants

Revision ID: 0005_quiz_attempts
Revises: 0003_accounts
Create Date: 2026-12-05 14:15:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ictarena.db

revision: str = "0005_quiz_attempts"
down_revision: str | None = "0003_accounts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "quiz_attempts",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.Column("granted", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_quiz_attempts_task_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_quiz_attempts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "task_id", "day", name=op.f("pk_quiz_attempts")),
    )
    op.create_table(
        "quiz_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("at", ictarena.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coach_id"],
            ["users.id"],
            name=op.f("fk_quiz_grants_coach_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["users.id"],
            name=op.f("fk_quiz_grants_student_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_quiz_grants_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_grants")),
    )
    with op.batch_alter_table("quiz_grants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quiz_grants_coach_id"), ["coach_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quiz_grants_student_id"), ["student_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("quiz_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quiz_grants_student_id"))
        batch_op.drop_index(batch_op.f("ix_quiz_grants_coach_id"))
    op.drop_table("quiz_grants")
    op.drop_table("quiz_attempts")
