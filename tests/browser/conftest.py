"""Browser journeys: a real server (`arena up`, embedded mode, the real Docker judge, the
bundled problem sets) driven by Playwright in Debian's Chromium. Screenshots go to
``artifacts/screenshots/``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@dataclass
class Server:
    url: str
    admin_password: str


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory, docker_client: Any) -> Iterator[Server]:
    data = tmp_path_factory.mktemp("browser-var")
    port = _free_port()
    env = {
        **os.environ,
        "ARENA_DATA_DIR": str(data),
        "ARENA_PORT": str(port),
        "ARENA_LOG_LEVEL": "warning",
    }
    log = (data / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "ictarena.cli.main", "up", "--skip-images"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(url + "/healthz", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError((data / "server.log").read_text()) from None
                time.sleep(0.3)
        yield Server(url, (data / "initial-admin-password").read_text().strip())
    finally:
        process.terminate()
        process.wait(20)
        log.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Chromium through Playwright's sync API, for one module at a time.

    The sync API keeps its own event loop marked as running in the main thread while it is
    open; a session-wide browser would make every later asyncio test fail with "Runner.run()
    cannot be called from a running event loop". Closing it with the module restores the
    thread for pytest-asyncio."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: infra/test.sh installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield instance
        instance.close()


LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def shots(page: Any, name: str) -> None:
    """The page on a laptop and on a phone (the viewport is restored afterwards)."""
    size = page.viewport_size
    for label, viewport in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        shot(page, f"{name}-{label}")
    page.set_viewport_size(size)
