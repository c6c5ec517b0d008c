"""The command line: migrations, the first admin, clear errors instead of tracebacks."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ictarena.cli.main import app

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ARENA_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ARENA_DATABASE_URL", raising=False)
    monkeypatch.delenv("ARENA_MODE", raising=False)
    return tmp_path


def test_the_first_admin_is_created_from_the_command_line(env: Path) -> None:
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    created = runner.invoke(
        app, ["user", "create", "chief", "--role", "admin", "--password", "long-enough-1"]
    )
    assert created.exit_code == 0, created.output
    assert "Created admin 'chief'" in created.output
    again = runner.invoke(app, ["user", "create", "Chief", "--password", "long-enough-1"])
    assert again.exit_code == 1
    assert "username" in again.output and "already taken" in again.output
    assert "Traceback" not in again.output


def test_a_weak_password_is_refused_with_the_reason(env: Path) -> None:
    runner.invoke(app, ["db", "upgrade"])
    result = runner.invoke(app, ["user", "create", "someone", "--password", "short"])
    assert result.exit_code == 1
    assert "password" in result.output and "at least 10" in result.output


def test_invalid_settings_name_the_setting(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARENA_PORT", "not-a-port")
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 2
    assert "ARENA_PORT" in result.output and "Traceback" not in result.output


def test_workers_refuse_to_start_in_embedded_mode(env: Path) -> None:
    result = runner.invoke(app, ["worker"])
    assert result.exit_code == 1
    assert "production mode" in result.output


def test_ratings_are_recomputed_from_the_command_line(env: Path) -> None:
    """On an empty history the replay writes nothing, and says so (the replay itself is
    tested in tests/arena/contests/test_rating_history.py)."""
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    done = runner.invoke(app, ["ratings", "recompute"])
    assert done.exit_code == 0, done.output
    assert "Ratings recomputed: 0 rating changes" in done.output
