"""Settings are validated once and name the bad setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from ictarena.settings import LogFormat, Mode, SettingsError, load_settings


def test_embedded_mode_is_the_default_and_uses_a_sqlite_file(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    assert settings.mode is Mode.EMBEDDED
    assert settings.db_url == f"sqlite+aiosqlite:///{(tmp_path / 'arena.db').resolve()}"


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        pytest.param("ARENA_PORT", "eighty", "ARENA_PORT", id="port-not-a-number"),
        pytest.param("ARENA_PORT", "70000", "ARENA_PORT", id="port-out-of-range"),
        pytest.param("ARENA_MODE", "cluster", "ARENA_MODE", id="unknown-mode"),
        pytest.param(
            "ARENA_DATABASE_URL", "mysql://x/y", "ARENA_DATABASE_URL", id="unsupported-db"
        ),
        pytest.param("ARENA_DEFAULT_LOCALE", "fr", "ARENA_DEFAULT_LOCALE", id="unknown-locale"),
        pytest.param("ARENA_LOG_FORMAT", "xml", "ARENA_LOG_FORMAT", id="unknown-log-format"),
        pytest.param("ARENA_METRICS_PORT", "0", "ARENA_METRICS_PORT", id="metrics-port-zero"),
        pytest.param("ARENA_JUDGE_DRAIN_S", "-1", "ARENA_JUDGE_DRAIN_S", id="negative-drain"),
    ],
)
def test_an_invalid_value_names_the_setting(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, named: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError, match=named):
        load_settings()


@pytest.mark.parametrize(("cores", "judgings"), [(None, 1), (2, 2), (64, 64), (128, 64)])
def test_a_judge_judges_one_submission_per_core_at_most_64(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, cores: int | None, judgings: int
) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert load_settings(data_dir=tmp_path).judge_concurrency == judgings


def test_production_needs_a_database_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARENA_MODE", "production")
    with pytest.raises(SettingsError, match="ARENA_DATABASE_URL"):
        load_settings()


def test_postgres_urls_get_the_asyncpg_driver(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARENA_DATABASE_URL", "postgresql://u@h/db")
    assert load_settings().db_url == "postgresql+asyncpg://u@h/db"


def test_a_toml_file_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "arena.toml"
    config.write_text('port = 9000\nhost = "0.0.0.0"\n')
    monkeypatch.setenv("ARENA_CONFIG", str(config))
    monkeypatch.setenv("ARENA_HOST", "127.0.0.2")
    settings = load_settings()
    assert (settings.port, settings.host) == (9000, "127.0.0.2")


def test_a_bad_value_in_the_file_is_named_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "arena.toml"
    config.write_text('port = "x"\n')
    monkeypatch.setenv("ARENA_CONFIG", str(config))
    with pytest.raises(SettingsError, match="ARENA_PORT"):
        load_settings()


def test_embedded_secret_is_created_once_with_private_permissions(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    key = settings.signing_key()
    assert key == settings.signing_key()
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_logs_are_json_in_production_and_readable_embedded_unless_set(tmp_path: Path) -> None:
    production = {"mode": "production", "database_url": "postgresql://h/db", "secret_key": "k"}
    assert load_settings(data_dir=tmp_path).logs is LogFormat.CONSOLE
    assert load_settings(data_dir=tmp_path, **production).logs is LogFormat.JSON
    chosen = load_settings(data_dir=tmp_path, log_format="console", **production)
    assert chosen.logs is LogFormat.CONSOLE
