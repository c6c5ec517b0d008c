"""infra/prod.sh keeps an install's settings across upgrades: `up` run again with no settings in
the environment writes back what the first `up` was given (judge workers, the judge's cache,
addresses), and the environment still overrides."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _write_config(state: Path, **env: str) -> dict[str, str]:
    script = f'source "{ROOT}/infra/prod.sh"; STATE="{state}"; write_config'
    subprocess.run(
        ["bash", "-c", script],
        check=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(state), **env},
        capture_output=True,
    )
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
    script = f'source "{ROOT}/infra/prod.sh"; STATE="{tmp_path}"; write_config'
    result = subprocess.run(
        ["bash", "-c", script],
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ARENA_PROD_HTTPS": "8443"},
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "ARENA_PROD_HTTPS: expected ADDRESS:PORT, got '8443'" in result.stderr
