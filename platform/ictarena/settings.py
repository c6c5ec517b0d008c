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
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    Field,
    IPvAnyNetwork,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PREFIX = "ARENA_"


class Mode(StrEnum):
    EMBEDDED = "embedded"
    PRODUCTION = "production"


class LogFormat(StrEnum):
    JSON = "json"
    CONSOLE = "console"


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
    timezone: str = Field(
        "Asia/Shanghai",
        description="IANA time zone of the platform's calendar: the leaderboards' weeks and months",
    )
    session_days: int = Field(14, ge=1, le=365)
    secure_cookies: bool | None = Field(
        None,
        description="Secure cookies and HSTS; unset: on in production (behind TLS), off embedded",
    )
    submission_max_kb: int = Field(256, ge=1, le=10240)
    submissions_per_minute: int = Field(10, ge=1, le=1000)
    runs_per_minute: int = Field(
        10, ge=1, le=1000, description="runs of a program on one's own input, per user"
    )
    run_input_max_kb: int = Field(64, ge=1, le=1024, description="largest custom input, KiB")
    run_timeout_s: int = Field(
        120, ge=10, le=1800, description="how long a page waits for a run's result"
    )
    judge_concurrency: int = Field(
        default_factory=lambda: min(os.cpu_count() or 1, 64),
        ge=1,
        le=64,
        description="judgings at once per process; one per core (at most 64) unless set",
    )
    judge_cpu_shares: int | None = Field(
        None,
        ge=2,
        le=262_144,
        description=(
            "CPU weight of the judge's containers (Docker's --cpu-shares; others weigh 1024):"
            " 256 keeps pages fast where judging shares the web's machine; unset: 1024"
        ),
    )
    judge_pool_size: int = Field(
        2,
        ge=0,
        le=32,
        description="warm sandboxes kept ready per sandbox shape (limits); 0 turns the pool off",
    )
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

    # Observability: logs, metrics, shutdown ---------------------------------------------------
    log_format: LogFormat | None = Field(
        None, description="'json' or 'console'; unset: JSON in production, console embedded"
    )
    metrics_token: SecretStr | None = Field(
        None, description="bearer token /metrics asks for; unset: served to loopback only"
    )
    metrics_host: str = Field(
        "127.0.0.1", description="workers: address of their /metrics and /readyz server"
    )
    metrics_port: int | None = Field(
        None, ge=1, le=65535, description="workers: port of that server; unset: no server"
    )
    judge_drain_s: float = Field(
        8.0, ge=0, le=3600,
        description="judge workers, on SIGTERM: seconds to finish judgings before requeueing",
    )  # fmt: skip

    # Throttling: failed logins, wrong invite codes ------------------------------------------
    login_max_failures: int = Field(
        5, ge=1, le=100, description="failed logins per (account, address) before the backoff"
    )
    login_backoff_s: int = Field(
        30, ge=1, le=3600, description="first wait after those failures; doubles with each"
    )
    login_backoff_max_s: int = Field(
        900, ge=1, le=86400, description="the longest wait the backoff imposes"
    )
    login_window_s: int = Field(
        3600, ge=60, le=86400, description="failures are counted over this window"
    )
    login_account_ceiling: int = Field(
        50, ge=1, le=100000, description="failures per account in the window before slowing"
    )
    login_slow_s: int = Field(
        2, ge=0, le=60, description="over the ceiling: spacing of attempts from failed addresses"
    )
    login_slow_max_wait_s: int = Field(
        60, ge=0, le=3600, description="over the ceiling: the longest an attempt is held"
    )
    login_address_cap: int = Field(
        300, ge=1, le=100000, description="failed logins per address, all accounts, per window"
    )
    invite_max_failures: int = Field(
        20, ge=1, le=1000, description="wrong invite codes per address before the backoff"
    )

    # HTTP hardening: request body limits, HSTS, trusted proxies ------------------------------
    login_body_max_kb: int = Field(
        64, ge=1, le=1024, description="largest request body /login and /register accept (KiB)"
    )
    form_body_max_kb: int = Field(
        1024, ge=16, le=65536, description="largest body of any other form or API request (KiB)"
    )
    upload_body_max_mb: int = Field(
        64, ge=1, le=4096, description="largest task package upload, admins only (MiB)"
    )
    hsts_max_age_s: int = Field(
        31536000, ge=0, le=63072000, description="HSTS max-age sent when secure cookies are on"
    )
    trusted_proxies: Annotated[list[IPvAnyNetwork], NoDecode] = Field(
        default_factory=list,
        description="addresses or CIDRs whose X-Forwarded-For is believed (comma-separated)",
    )

    # Live pages: Server-Sent Events streams and the event fan-out ----------------------------
    sse_streams_per_user: int = Field(
        8, ge=1, le=10000, description="live streams one user may hold open (one per tab)"
    )
    sse_streams_per_process: int = Field(
        2000, ge=1, le=100000, description="live streams one web process holds open at most"
    )
    sse_channels_max: int = Field(
        16, ge=1, le=256, description="channels one live stream may follow"
    )
    sse_poll_s: float = Field(
        1.0, ge=0.05, le=60, description="the fan-out reads the event log this often unwoken"
    )

    # Accounts: password policy, one-time passwords ------------------------------------------
    password_min_length: int = Field(
        10, ge=8, le=128, description="shortest password accepted anywhere"
    )
    password_min_strength: int = Field(
        2, ge=0, le=4, description="lowest zxcvbn score (0-4) a password must reach"
    )
    one_time_password_hours: int = Field(
        24, ge=1, le=720, description="hours an admin-issued one-time password stays valid"
    )

    # Quizzes: attempts per UTC day ----------------------------------------------------------
    quiz_attempts_per_day: int = Field(
        3, ge=1, le=100, description="graded attempts a student has at one quiz per UTC day"
    )

    # Task packages: how much one package may unpack to ---------------------------------------
    package_max_files: int = Field(
        20_000, ge=100, le=1_000_000,
        description="files and folders in one package or archive (each link followed counts)",
    )  # fmt: skip
    package_max_mb: int = Field(
        512, ge=1, le=65536, description="bytes one package or archive may hold unpacked (MiB)"
    )
    package_max_links: int = Field(
        1_000, ge=0, le=100_000, description="symbolic links in one package or archive"
    )

    @field_validator("form_body_max_kb")
    @classmethod
    def _room_for_a_submission(cls, value: int, info: ValidationInfo) -> int:
        # A form percent-encodes each byte of a submission as up to three.
        submission_kb = info.data.get("submission_max_kb")
        if isinstance(submission_kb, int) and value < 3 * submission_kb:
            raise ValueError(
                f"must be at least 3 × ARENA_SUBMISSION_MAX_KB ({3 * submission_kb}), "
                "so that a submission of the largest size fits in a form"
            )
        return value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (an IANA name, e.g. Asia/Shanghai)"
            ) from None
        return value

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
    def logs(self) -> LogFormat:
        """How log lines are written: the setting, or else JSON lines in production (for a log
        collector) and readable lines in embedded mode."""
        if self.log_format is not None:
            return self.log_format
        return LogFormat.JSON if self.mode is Mode.PRODUCTION else LogFormat.CONSOLE

    @property
    def cookies_secure(self) -> bool:
        """Whether cookies carry ``Secure`` (and pages send HSTS): the setting, or else on in
        production, which is served behind a TLS proxy, and off in embedded mode (plain http)."""
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.mode is Mode.PRODUCTION

    @property
    def zone(self) -> ZoneInfo:
        """The platform's time zone (``timezone``)."""
        return ZoneInfo(self.timezone)

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
