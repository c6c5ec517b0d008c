"""Accounts: one-time passwords that must be changed and expire.

Revision ID: 0003_accounts
Revises: 0002_throttle
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ictarena.db

revision: str = "0003_accounts"
down_revision: str | None = "0002_throttle"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("password_expires_at", ictarena.db.UTCDateTime(), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("password_expires_at")
        batch_op.drop_column("must_change_password")
