"""score cells remember the board version that last changed them

Revision ID: 0009_score_cell_versions
Revises: 0008_contests
Create Date: 2026-12-05 22:05:00

A board kept in a server process catches up by reading only the cells changed since the version
it holds (``version > seen``), instead of every cell of the contest on every change.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_score_cell_versions"
down_revision: str | None = "0008_contests"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("score_cells", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
        batch_op.create_index(
            "ix_score_cells_contest_version", ["contest_id", "version"], unique=False
        )
    with op.batch_alter_table("score_cells", schema=None) as batch_op:
        batch_op.alter_column("version", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("score_cells", schema=None) as batch_op:
        batch_op.drop_index("ix_score_cells_contest_version")
        batch_op.drop_column("version")
