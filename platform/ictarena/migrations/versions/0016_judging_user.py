"""a judging's user (its submission's, copied), and the fair queue's two partial indexes on it

Revision ID: 0016_judging_user
Revises: 0015_ccs_api
Create Date: 2026-12-07 15:40:00

The claim of a student's next judge jobs counted their judgings in flight through a join with
the submissions, so its cost grew with the student's history and with the whole queue. With the
user on the judging and two indexes that hold only unfinished judgings, it reads a handful of
index entries whatever the history.

The column is added NOT NULL with a default of 0 only while the existing judgings are filled
in from their submissions. PostgreSQL then drops the default; SQLite keeps it, since removing
it would rebuild the table, and rebuilding a table that others reference with ON DELETE CASCADE
deletes their rows (the platform always names the user: ``ictarena.submissions.models``).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_judging_user"
down_revision: str | None = "0015_ccs_api"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

IN_FLIGHT = "enqueued_at IS NOT NULL AND status IN ('queued', 'judging')"
WAITING = "enqueued_at IS NULL AND status = 'queued'"


def upgrade() -> None:
    op.add_column(
        "judgings", sa.Column("user_id", sa.Integer(), nullable=False, server_default="0")
    )
    op.execute(
        "UPDATE judgings SET user_id = (SELECT submissions.user_id FROM submissions"
        " WHERE submissions.id = judgings.submission_id)"
    )
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("judgings", "user_id", server_default=None)
    for name, columns, where in (
        ("ix_judgings_in_flight", ["user_id"], IN_FLIGHT),
        ("ix_judgings_waiting", ["user_id", "id"], WAITING),
    ):
        op.create_index(
            name,
            "judgings",
            columns,
            postgresql_where=sa.text(where),
            sqlite_where=sa.text(where),
        )


def downgrade() -> None:
    op.drop_index("ix_judgings_waiting", table_name="judgings")
    op.drop_index("ix_judgings_in_flight", table_name="judgings")
    # ALTER TABLE, not a batch operation: on SQLite a batch rebuilds the table (see above)
    op.execute("ALTER TABLE judgings DROP COLUMN user_id")
