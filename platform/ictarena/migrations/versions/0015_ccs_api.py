"""a cohort's public name, shown by the public contest API (none: the cohort is not shown)

Revision ID: 0015_ccs_api
Revises: 0014_editorials
Create Date: 2026-12-06 03:39:49
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_ccs_api"
down_revision: str | None = "0014_editorials"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("public_name", sa.String(length=120), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("cohorts", schema=None) as batch_op:
        batch_op.drop_column("public_name")
