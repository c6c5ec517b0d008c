"""infra/prod.sh keeps an install's settings across upgrades: `up` run again with no settings in
the environment writes back what the first `up` was given (judge workers, the judge's cache,
addresses), and the environment still overrides. The stack's own settings agree with each
other: CPU weights that put the pages first, judge workers that share the cores rather than
each taking all of them, keep-alive timeouts that never race."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from starlette.applications import Starlette

from ictarena.http.server import KEEP_ALIVE_S, server
from ictarena.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]


def _prod(script: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``script`` run with infra/prod.sh's functions, in an environment of ``env`` only."""
    return subprocess.run(
        ["bash", "-c", f'source "{ROOT}/infra/prod.sh"; {script}'],
        env={"PATH": "/usr/bin:/bin", **env},
        check=False,
        capture_output=True,
        text=True,
    )


def _write_config_of(state: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return _prod(f'STATE="{state}"; write_config', HOME=str(state), **env)


def _write_config(state: Path, **env: str) -> dict[str, str]:
    result = _write_config_of(state, **env)
    assert result.returncode == 0, result.stderr
    lines = (state / "config.env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines)


def test_an_upgrade_keeps_the_settings_of_the_install(tmp_path: Path) -> None:
    first = _write_config(
        tmp_path,
        ARENA_JUDGE_WORKERS="3",
        ARENA_JUDGE_CACHE="/srv/judge-cache",
        ARENA_PROD_HTTPS="127.0.0.1:8443",
        ARENA_PROD_HOSTNAME="arena.college.example",
    )
    assert first["ARENA_JUDGE_WORKERS"] == "3"
    again = _write_config(tmp_path)
    assert again == first
    assert again["ARENA_BASE_URL"] == "https://arena.college.example:8443"
    changed = _write_config(tmp_path, ARENA_JUDGE_WORKERS="4")
    assert changed == first | {"ARENA_JUDGE_WORKERS": "4"}


def test_a_bad_address_is_refused_with_its_setting_named(tmp_path: Path) -> None:
    result = _write_config_of(tmp_path, ARENA_PROD_HTTPS="8443")
    assert result.returncode != 0
    assert "ARENA_PROD_HTTPS: expected ADDRESS:PORT, got '8443'" in result.stderr


@pytest.mark.parametrize(
    ("workers", "cores", "each"),
    [(1, 2, 2), (2, 2, 1), (3, 2, 1), (1, 16, 16), (2, 16, 8), (3, 16, 5), (4, 1, 1), (1, 128, 64)],
)
def test_the_judge_workers_of_a_host_share_its_cores(workers: int, cores: int, each: int) -> None:
    result = _prod(f"judge_concurrency {workers} {cores}")
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == each


def test_a_judge_concurrency_is_kept_only_when_given(tmp_path: Path) -> None:
    assert "ARENA_JUDGE_CONCURRENCY" not in _write_config(tmp_path, ARENA_JUDGE_WORKERS="2")
    assert _write_config(tmp_path, ARENA_JUDGE_CONCURRENCY="64")["ARENA_JUDGE_CONCURRENCY"] == "64"
    refused = _write_config_of(tmp_path, ARENA_JUDGE_CONCURRENCY="65")
    assert "ARENA_JUDGE_CONCURRENCY: expected a whole number from 1 to 64, got '65'" in (
        refused.stderr
    )
    given = _write_config(tmp_path, ARENA_JUDGE_CONCURRENCY="3")
    assert given["ARENA_JUDGE_CONCURRENCY"] == "3"
    assert _write_config(tmp_path) == given  # an upgrade keeps it
    # the stack's judge workers are told it (else the default from the cores: load_state)
    judge = _compose()["services"]["judge"]["environment"]
    assert judge["ARENA_JUDGE_CONCURRENCY"] == "${ARENA_JUDGE_CONCURRENCY:-1}"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ARENA_JUDGE_WORKERS", "a whole number from 1"),
        ("ARENA_JUDGE_CONCURRENCY", "a whole number from 1 to 64"),
    ],
)
@pytest.mark.parametrize("value", ["0", "two", "-1", "1.5", "07"])
def test_a_bad_judge_count_is_refused_with_its_setting_named(
    tmp_path: Path, name: str, expected: str, value: str
) -> None:
    result = _write_config_of(tmp_path, **{name: value})
    assert result.returncode != 0
    assert f"{name}: expected {expected}, got '{value}'" in result.stderr
    assert not (tmp_path / "config.env").exists()  # refused before anything is written


def _compose() -> dict[str, Any]:
    loaded = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_under_contention_the_pages_go_before_the_judging() -> None:
    services = _compose()["services"]
    shares = {name: int(service.get("cpu_shares", 1024)) for name, service in services.items()}
    serving = [shares[name] for name in ("nginx", "web", "postgres", "redis")]
    judging = [
        shares["judge"],
        int(
            services["judge"]["environment"]["ARENA_JUDGE_CPU_SHARES"]
            .removeprefix("${ARENA_JUDGE_CPU_SHARES:-")
            .rstrip("}")
        ),
    ]
    assert min(serving) > max(judging) * 2, shares
    assert shares["web"] >= max(serving)


def test_the_proxy_drops_idle_upstream_connections_before_the_web_processes_do() -> None:
    conf = (ROOT / "infra/nginx/nginx.conf").read_text()
    upstream = conf.split("upstream arena_web {", 1)[1].split("}", 1)[0]
    found = re.search(r"keepalive_timeout\s+(\d+)s;", upstream)
    assert found is not None, "the upstream block sets no keepalive_timeout"
    proxy_s = int(found.group(1))
    config = server(Starlette(), load_settings(secret_key="test")).config
    assert config.timeout_keep_alive == KEEP_ALIVE_S > proxy_s
