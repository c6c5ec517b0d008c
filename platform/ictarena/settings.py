"""Typed settings, read once at start-up from ``ARENA_*`` variables and an optional TOML file.

``ARENA_CONFIG`` names the TOML file (keys are the field names without the prefix). The
environment wins over the file. An invalid value fails with :class:`SettingsError`, whose message
names the setting (``ARENA_PORT: ...``).
"""

from __future__ import annotations

import os
import secrets
from enum import StrEnum
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PREFIX = "ARENA_"


class Mode(StrEnum):
    EMBEDDED = "embedded"
    PRODUCTION = "production"


class SettingsError(Exception):
    """A setting is missing or invalid; the message names it."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix=PREFIX, extra="forbid", frozen=True)

    mode: Mode = Mode.EMBEDDED
    data_dir: Path = Field(Path("var"), description="SQLite file, task data, judge cache, secrets")
    database_url: str | None = Field(
        None, description="SQLAlchemy URL; embedded default is a SQLite file in data_dir"
    )
    redis_url: str = "redis://127.0.0.1:6379/0"
    secret_key: SecretStr | None = Field(
        None, description="signs cookies; embedded mode generates one in data_dir when unset"
    )
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    base_url: str | None = None
    docker_url: str | None = Field(None, description="Docker engine URL; default from DOCKER_HOST")
    default_locale: str = "en"
    session_days: int = Field(14, ge=1, le=365)
    secure_cookies: bool = False
    login_max_failures: int = Field(5, ge=1, le=100)
    login_window_s: int = Field(900, ge=10)
    submission_max_kb: int = Field(256, ge=1, le=10240)
    submissions_per_minute: int = Field(10, ge=1, le=1000)
    judge_concurrency: int = Field(1, ge=1, le=64)
    judge_max_attempts: int = Field(3, ge=1, le=20)
    stuck_after_s: int = Field(900, ge=10, description="re-enqueue judgings running this long")
    judge_cap_per_user: int = Field(2, ge=1, le=100, description="a student's jobs in the queue")
    judge_token: SecretStr | None = Field(
        None, description="shared secret judge hosts use to fetch task data (production)"
    )
    platform_url: str | None = Field(
        None, description="judge hosts: where the web app serves task data by hash"
    )
    judge_cache_dir: Path | None = Field(None, description="judge hosts: task data cache")
    worker_name: str | None = None
    grader: str = Field(
        "docker",
        description="'docker' (the sandboxed judge) or 'module:factory' returning a Grader",
    )
    problem_sets_dir: Path = Path("problem_sets")
    log_level: str = "info"

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in ("en", "zh_Hans"):
            raise ValueError("must be 'en' or 'zh_Hans'")
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value.startswith("postgresql://") or value.startswith("postgres://"):
            return "postgresql+asyncpg://" + value.split("://", 1)[1]
        if value.startswith("sqlite://"):
            return "sqlite+aiosqlite://" + value.split("://", 1)[1]
        if not value.startswith(("postgresql+asyncpg://", "sqlite+aiosqlite://")):
            raise ValueError("must be a postgresql:// or sqlite:// URL")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        config_file = os.environ.get(PREFIX + "CONFIG")
        if config_file:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(config_file)))
        return tuple(sources)

    # Derived values -------------------------------------------------------------------------

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'arena.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.db_url.startswith("sqlite")

    @property
    def tasks_dir(self) -> Path:
        """Content-addressed task data (datasets), shared with judge hosts by hash."""
        return self.data_dir / "datasets"

    @property
    def dataset_cache_dir(self) -> Path:
        return self.judge_cache_dir or self.data_dir / "judge-cache"

    @property
    def public_url(self) -> str:
        return self.base_url or f"http://{self.host}:{self.port}"

    def signing_key(self) -> str:
        """The cookie-signing secret; created once under data_dir in embedded mode."""
        if self.secret_key is not None:
            return self.secret_key.get_secret_value()
        if self.mode is Mode.PRODUCTION:
            raise SettingsError("ARENA_SECRET_KEY: required in production mode")
        path = self.data_dir / "secret_key"
        if not path.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_urlsafe(48))
        return path.read_text().strip()


def load_settings(**overrides: Any) -> Settings:
    """Read and validate settings; raise :class:`SettingsError` naming the bad setting."""
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = ".".join(str(part) for part in error["loc"]) or "settings"
            name = PREFIX + field.upper()
            problems.append(f"{name}: {error['msg']} (got {error.get('input')!r})")
        raise SettingsError("; ".join(problems)) from None
    if settings.mode is Mode.PRODUCTION and settings.is_sqlite and settings.database_url is None:
        raise SettingsError("ARENA_DATABASE_URL: required in production mode (a PostgreSQL URL)")
    return settings
