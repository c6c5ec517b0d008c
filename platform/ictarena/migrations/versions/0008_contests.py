"""contests: rounds with windows and scoring rules, entries and teams, sittings, papers, the
scoreboard cache

Revision ID: 0008_contests
Revises: 0007_theory_into_tracks
Create Date: 2026-12-05 21:36:34

The contest tables of the initial schema were never reachable (no page, command or API created
a contest), so they are reshaped in place: a contest gets a track, a kind, its eligibility
(cohorts, a jury, open registration), teams and a freeze/reveal state; a round its scoring
rule, weight and window type; a round's task its pinned dataset; a participation its entry.
Both directions refuse, with a message, to run over a database that holds contests, rather
than guess what they meant.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import ictarena.db

revision: str = "0008_contests"
down_revision: str | None = "0007_theory_into_tracks"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _refuse_if_contests(direction: str) -> None:
    count = op.get_bind().execute(sa.text("SELECT count(*) FROM contests")).scalar()
    if count:
        raise RuntimeError(
            f"migration 0008_contests ({direction}): the database holds {count} contest(s); "
            "this migration reshapes the contest tables and will not guess how to carry them "
            "over. Export and delete them first."
        )


def upgrade() -> None:
    _refuse_if_contests("upgrade")
    op.create_table(
        "contest_cohorts",
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cohort_id"],
            ["cohorts.id"],
            name=op.f("fk_contest_cohorts_cohort_id_cohorts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_contest_cohorts_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contest_id", "cohort_id", name=op.f("pk_contest_cohorts")),
    )
    op.create_table(
        "contest_jury",
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_contest_jury_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_contest_jury_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contest_id", "user_id", name=op.f("pk_contest_jury")),
    )
    with op.batch_alter_table("contest_jury", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contest_jury_user_id"), ["user_id"], unique=False)

    op.create_table(
        "entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("team", sa.Boolean(), nullable=False),
        sa.Column("invite_code", sa.String(length=32), nullable=True),
        sa.Column("extra_minutes", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", ictarena.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_entries_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by"],
            ["users.id"],
            name=op.f("fk_entries_created_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entries")),
        sa.UniqueConstraint("invite_code", name=op.f("uq_entries_invite_code")),
    )
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_entries_contest_id"), ["contest_id"], unique=False)

    op.create_table(
        "sittings",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("started_at", ictarena.db.UTCDateTime(), nullable=True),
        sa.Column("started_by", sa.Integer(), nullable=True),
        sa.Column("excused", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name=op.f("fk_sittings_entry_id_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_sittings_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["started_by"],
            ["users.id"],
            name=op.f("fk_sittings_started_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("round_id", "entry_id", "member_id", name=op.f("pk_sittings")),
    )
    with op.batch_alter_table("sittings", schema=None) as batch_op:
        batch_op.create_index("ix_sittings_entry", ["entry_id"], unique=False)

    op.create_table(
        "papers",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("participation_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("seed", sa.String(length=64), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("drawn_at", ictarena.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participation_id"],
            ["participations.id"],
            name=op.f("fk_papers_participation_id_participations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_papers_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["task_id"], ["tasks.id"], name=op.f("fk_papers_task_id_tasks")),
        sa.PrimaryKeyConstraint("round_id", "participation_id", name=op.f("pk_papers")),
    )
    op.create_table(
        "score_cells",
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("pending", sa.Integer(), nullable=False),
        sa.Column("solved", sa.Boolean(), nullable=False),
        sa.Column("solved_s", sa.Integer(), nullable=True),
        sa.Column("penalty", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("score_s", sa.Integer(), nullable=True),
        sa.Column("public_tries", sa.Integer(), nullable=False),
        sa.Column("public_pending", sa.Integer(), nullable=False),
        sa.Column("public_solved", sa.Boolean(), nullable=False),
        sa.Column("public_solved_s", sa.Integer(), nullable=True),
        sa.Column("public_penalty", sa.Integer(), nullable=False),
        sa.Column("public_score", sa.Float(), nullable=False),
        sa.Column("public_score_s", sa.Integer(), nullable=True),
        sa.Column("first", sa.Boolean(), nullable=False),
        sa.Column("revealed", sa.Boolean(), nullable=False),
        sa.Column("updated_at", ictarena.db.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_score_cells_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["entries.id"],
            name=op.f("fk_score_cells_entry_id_entries"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["rounds.id"],
            name=op.f("fk_score_cells_round_id_rounds"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["task_id"], ["tasks.id"], name=op.f("fk_score_cells_task_id_tasks")
        ),
        sa.PrimaryKeyConstraint(
            "round_id", "task_id", "entry_id", "member_id", name=op.f("pk_score_cells")
        ),
    )
    with op.batch_alter_table("score_cells", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_score_cells_contest_id"), ["contest_id"], unique=False)

    with op.batch_alter_table("contests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("kind", sa.String(length=16), nullable=False))
        batch_op.add_column(sa.Column("track_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("open_registration", sa.Boolean(), nullable=False))
        batch_op.add_column(sa.Column("team_size", sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column("hidden_tasks", sa.Boolean(), nullable=False))
        batch_op.add_column(sa.Column("published_at", ictarena.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("revealed_at", ictarena.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("scale", sa.Float(), nullable=False))
        batch_op.add_column(sa.Column("pass_score", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("board_version", sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column("updated_at", ictarena.db.UTCDateTime(), nullable=False))
        batch_op.drop_constraint(batch_op.f("fk_contests_cohort_id_cohorts"), type_="foreignkey")
        batch_op.create_foreign_key(
            batch_op.f("fk_contests_track_id_tracks"),
            "tracks",
            ["track_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.drop_column("ends_at")
        batch_op.drop_column("duration_min")
        batch_op.drop_column("cohort_id")
        batch_op.drop_column("scoring_rule")
        batch_op.drop_column("freeze_at")
        batch_op.drop_column("starts_at")
        batch_op.drop_column("windowed")

    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_id", sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column("listed", sa.Boolean(), nullable=False))
        batch_op.add_column(sa.Column("registered_at", ictarena.db.UTCDateTime(), nullable=False))
        batch_op.create_index(batch_op.f("ix_participations_entry_id"), ["entry_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_participations_entry_id_entries"),
            "entries",
            ["entry_id"],
            ["id"],
            ondelete="CASCADE",
        )
        batch_op.drop_column("started_at")
        batch_op.drop_column("finished_at")

    with op.batch_alter_table("round_tasks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dataset_id", sa.Integer(), nullable=False))
        batch_op.create_foreign_key(
            batch_op.f("fk_round_tasks_dataset_id_datasets"), "datasets", ["dataset_id"], ["id"]
        )

    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.add_column(sa.Column("scoring", sa.String(length=16), nullable=False))
        batch_op.add_column(sa.Column("mode", sa.String(length=16), nullable=False))
        batch_op.add_column(sa.Column("weight", sa.Float(), nullable=False))
        batch_op.add_column(sa.Column("window", sa.String(length=16), nullable=False))
        batch_op.add_column(sa.Column("freeze_min", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("penalty_min", sa.Integer(), nullable=False))
        batch_op.add_column(sa.Column("blueprint", sa.JSON(), nullable=True))
        batch_op.alter_column("starts_at", existing_type=ictarena.db.UTCDateTime(), nullable=False)
        batch_op.alter_column("ends_at", existing_type=ictarena.db.UTCDateTime(), nullable=False)

    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("entry_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_submissions_entry_id"), ["entry_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_submissions_entry_id_entries"), "entries", ["entry_id"], ["id"]
        )


def downgrade() -> None:
    _refuse_if_contests("downgrade")
    with op.batch_alter_table("submissions", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_submissions_entry_id_entries"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_submissions_entry_id"))
        batch_op.drop_column("entry_id")

    with op.batch_alter_table("rounds", schema=None) as batch_op:
        batch_op.alter_column("ends_at", existing_type=ictarena.db.UTCDateTime(), nullable=True)
        batch_op.alter_column("starts_at", existing_type=ictarena.db.UTCDateTime(), nullable=True)
        batch_op.drop_column("blueprint")
        batch_op.drop_column("penalty_min")
        batch_op.drop_column("freeze_min")
        batch_op.drop_column("window")
        batch_op.drop_column("weight")
        batch_op.drop_column("mode")
        batch_op.drop_column("scoring")

    with op.batch_alter_table("round_tasks", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_round_tasks_dataset_id_datasets"), type_="foreignkey"
        )
        batch_op.drop_column("dataset_id")

    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("finished_at", ictarena.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("started_at", ictarena.db.UTCDateTime(), nullable=True))
        batch_op.drop_constraint(
            batch_op.f("fk_participations_entry_id_entries"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_participations_entry_id"))
        batch_op.drop_column("registered_at")
        batch_op.drop_column("listed")
        batch_op.drop_column("entry_id")

    with op.batch_alter_table("contests", schema=None) as batch_op:
        batch_op.add_column(sa.Column("windowed", sa.BOOLEAN(), nullable=False))
        batch_op.add_column(sa.Column("starts_at", ictarena.db.UTCDateTime(), nullable=False))
        batch_op.add_column(sa.Column("freeze_at", ictarena.db.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("scoring_rule", sa.VARCHAR(length=16), nullable=False))
        batch_op.add_column(sa.Column("cohort_id", sa.INTEGER(), nullable=True))
        batch_op.add_column(sa.Column("duration_min", sa.INTEGER(), nullable=True))
        batch_op.add_column(sa.Column("ends_at", ictarena.db.UTCDateTime(), nullable=False))
        batch_op.drop_constraint(batch_op.f("fk_contests_track_id_tracks"), type_="foreignkey")
        batch_op.create_foreign_key(
            batch_op.f("fk_contests_cohort_id_cohorts"), "cohorts", ["cohort_id"], ["id"]
        )
        batch_op.drop_column("updated_at")
        batch_op.drop_column("board_version")
        batch_op.drop_column("pass_score")
        batch_op.drop_column("scale")
        batch_op.drop_column("revealed_at")
        batch_op.drop_column("published_at")
        batch_op.drop_column("hidden_tasks")
        batch_op.drop_column("team_size")
        batch_op.drop_column("open_registration")
        batch_op.drop_column("track_id")
        batch_op.drop_column("kind")

    with op.batch_alter_table("score_cells", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_score_cells_contest_id"))

    op.drop_table("score_cells")
    op.drop_table("papers")
    with op.batch_alter_table("sittings", schema=None) as batch_op:
        batch_op.drop_index("ix_sittings_entry")

    op.drop_table("sittings")
    with op.batch_alter_table("entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_entries_contest_id"))

    op.drop_table("entries")
    with op.batch_alter_table("contest_jury", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contest_jury_user_id"))

    op.drop_table("contest_jury")
    op.drop_table("contest_cohorts")
