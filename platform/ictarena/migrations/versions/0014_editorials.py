"""editorials in two languages on datasets, and coaches' releases of them to cohorts

Revision ID: 0014_editorials
Revises: 0013_virtual
Create Date: 2026-12-06 03:31:15.226061
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from ictarena.db import UTCDateTime

revision: str = "0014_editorials"
down_revision: str | None = "0013_virtual"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "editorial_releases",
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("released_by", sa.Integer(), nullable=True),
        sa.Column("released_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_editorial_releases_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["released_by"],
            ["users.id"],
            name=op.f("fk_editorial_releases_released_by_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"],
            ["tasks.id"],
            name=op.f("fk_editorial_releases_task_id_tasks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("task_id", "cohort_id", name=op.f("pk_editorial_releases")),
    )
    with op.batch_alter_table("editorial_releases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_editorial_releases_cohort_id"), ["cohort_id"], unique=False
        )

    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.add_column(sa.Column("editorial_en", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("editorial_zh", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("datasets", schema=None) as batch_op:
        batch_op.drop_column("editorial_zh")
        batch_op.drop_column("editorial_en")

    with op.batch_alter_table("editorial_releases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_editorial_releases_cohort_id"))

    op.drop_table("editorial_releases")
