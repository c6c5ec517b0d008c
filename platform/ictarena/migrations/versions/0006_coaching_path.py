"""coaching path: tier criteria, module thresholds, waivers, notifications, leaderboards

Revision ID: 0006_coaching_path
Revises: 0005_quiz_attempts
Create Date: 2026-12-05 19:08:49.652837
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ictarena.db

revision: str = "0006_coaching_path"
down_revision: str | None = "0005_quiz_attempts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "board_totals",
        sa.Column("board", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("solved", sa.Integer(), nullable=False),
        sa.Column("last_solve_at", ictarena.db.UTCDateTime(), nullable=True),
        sa.Column("reached_at", ictarena.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_board_totals_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("board", "period", "user_id", name=op.f("pk_board_totals")),
    )
    with op.batch_alter_table("board_totals", schema=None) as batch_op:
        batch_op.create_index(
            "ix_board_totals_rank",
            ["board", "period", "points", "reached_at", "user_id"],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_board_totals_user_id"), ["user_id"], unique=False)

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("link", sa.String(length=255), nullable=False),
        sa.Column("created_at", ictarena.db.UTCDateTime(), nullable=False),
        sa.Column("read_at", ictarena.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_notifications_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index("ix_notifications_user_unread", ["user_id", "read_at"], unique=False)

    op.create_table(
        "prerequisite_waivers",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("tier_id", sa.Integer(), nullable=False),
        sa.Column("coach_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", ictarena.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["coach_id"], ["users.id"], name=op.f("fk_prerequisite_waivers_coach_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["tier_id"],
            ["tiers.id"],
            name=op.f("fk_prerequisite_waivers_tier_id_tiers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_prerequisite_waivers_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "tier_id", name=op.f("pk_prerequisite_waivers")),
    )
    op.create_table(
        "point_gains",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("earned_at", ictarena.db.UTCDateTime(), nullable=False),
        sa.Column("points", sa.Float(), nullable=False),
        sa.Column("solved", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_point_gains_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_point_gains_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_point_gains")),
    )
    with op.batch_alter_table("point_gains", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_point_gains_earned_at"), ["earned_at"], unique=False)
        batch_op.create_index("ix_point_gains_user_task", ["user_id", "task_id"], unique=False)

    op.create_table(
        "practice_counts",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("judged", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_practice_counts_task_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_practice_counts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "task_id", name=op.f("pk_practice_counts")),
    )
    with op.batch_alter_table("practice_counts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_counts_task_id"), ["task_id"], unique=False)

    op.create_table(
        "task_stats",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("attempted", sa.Integer(), nullable=False),
        sa.Column("solved", sa.Integer(), nullable=False),
        sa.Column("submissions", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_task_stats_task_id_tasks"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("task_id", name=op.f("pk_task_stats")),
    )
    with op.batch_alter_table("modules", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("done_percent", sa.Integer(), nullable=False, server_default="100")
        )

    with op.batch_alter_table("promotions", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("early", sa.Boolean(), nullable=False, server_default=sa.false())
        )

    with op.batch_alter_table("tiers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("criteria", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(
            sa.Column("criteria_shipped", sa.JSON(), nullable=False, server_default="{}")
        )
        batch_op.add_column(sa.Column("criteria_edited_by", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("criteria_edited_at", ictarena.db.UTCDateTime(), nullable=True)
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_tiers_criteria_edited_by_users"),
            "users",
            ["criteria_edited_by"],
            ["id"],
            ondelete="SET NULL",
        )

    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("board_name", sa.String(length=80), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("board_name")

    with op.batch_alter_table("tiers", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_tiers_criteria_edited_by_users"), type_="foreignkey"
        )
        batch_op.drop_column("criteria_edited_at")
        batch_op.drop_column("criteria_edited_by")
        batch_op.drop_column("criteria_shipped")
        batch_op.drop_column("criteria")

    with op.batch_alter_table("promotions", schema=None) as batch_op:
        batch_op.drop_column("early")

    with op.batch_alter_table("modules", schema=None) as batch_op:
        batch_op.drop_column("done_percent")

    op.drop_table("task_stats")
    with op.batch_alter_table("practice_counts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_counts_task_id"))

    op.drop_table("practice_counts")
    with op.batch_alter_table("point_gains", schema=None) as batch_op:
        batch_op.drop_index("ix_point_gains_user_task")
        batch_op.drop_index(batch_op.f("ix_point_gains_earned_at"))

    op.drop_table("point_gains")
    op.drop_table("prerequisite_waivers")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_notifications_user_unread")

    op.drop_table("notifications")
    with op.batch_alter_table("board_totals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_board_totals_user_id"))
        batch_op.drop_index("ix_board_totals_rank")

    op.drop_table("board_totals")
