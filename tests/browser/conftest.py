"""Browser journeys: a real server (`arena up`, embedded mode, the real Docker judge, the
bundled problem sets) driven by Playwright in Debian's Chromium. Screenshots go to
``artifacts/screenshots/``."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ictarena import i18n
from tests.strict_html import assert_valid_html

ROOT = Path(__file__).resolve().parents[2]
LOCALES = {"en": "en-US", "zh": "zh-CN"}  # a journey's language -> its browser's locale
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@dataclass
class Server:
    url: str
    admin_password: str
    data_dir: Path
    env: dict[str, str]

    def create_user(self, username: str, password: str, role: str, name: str) -> None:
        """Create an account with the command line, beside the running server."""
        subprocess.run(
            [sys.executable, "-m", "ictarena.cli.main", "user", "create", username,
             "--role", role, "--name", name],
            cwd=ROOT, env={**self.env, "ARENA_PASSWORD": password}, check=True,
            capture_output=True,
        )  # fmt: skip


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
        yield Server(url, (data / "initial-admin-password").read_text().strip(), data, env)
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
        yield Watched(instance)
        instance.close()


class Watched:
    """The browser, with every context and page it opens remembering the HTML documents it
    receives, so that :func:`check_page` can parse what the server really sent."""

    def __init__(self, browser: Any) -> None:
        self._browser = browser

    def new_context(self, **options: Any) -> Any:
        context = self._browser.new_context(**options)
        context.on("response", _remember)
        return context

    def new_page(self, **options: Any) -> Any:
        page = self._browser.new_page(**options)
        page.context.on("response", _remember)
        return page

    def __getattr__(self, name: str) -> Any:
        return getattr(self._browser, name)


_documents: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()


def _remember(response: Any) -> None:
    """Called by Playwright for every response: keep each page's last main document (not a
    redirect, whose body the browser never reads)."""
    if response.request.resource_type != "document" or 300 <= response.status < 400:
        return
    frame = response.frame
    if frame.parent_frame is None:
        _documents[frame.page] = response


LAPTOP = {"width": 1280, "height": 900}
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
CHECKED_WIDTHS = (DESKTOP, PHONE)
OVERFLOWING = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  return Array.from(document.querySelectorAll("body *"))
    .filter(el => el.getBoundingClientRect().right > width + 0.5)
    .filter(el => !el.parentElement
                  || el.parentElement.getBoundingClientRect().right <= width + 0.5)
    .map(el => el.outerHTML.slice(0, 120));
}"""

NAV_CUT = """() => Array.from(document.querySelectorAll("nav.mainnav a"))
  .filter(a => { const r = a.getBoundingClientRect();
                 return r.left < 0 || r.right > window.innerWidth + 0.5; })
  .map(a => a.textContent)"""


def check_page(page: Any) -> None:
    """What every page of every journey must pass, called after each navigation: the HTML the
    server sent parses without a single error (tests/strict_html.py), and the page scrolls
    only vertically both at 1366×768 and at 390×844 (scrollWidth <= innerWidth), with every
    link of the main navigation in view. The viewport is restored afterwards."""
    page.wait_for_load_state()
    url = page.url.split("#")[0]
    response, text = _documents.get(page), None
    if response is not None and response.url == url:
        with contextlib.suppress(Exception):  # the browser may have dropped the body already
            text = response.text()
    if text is None:  # from the cache, history or a dropped body: fetch with the same cookies
        response = page.request.get(url)
        text = response.text()
    if "text/html" in response.headers.get("content-type", ""):
        assert_valid_html(text, url)
    size = page.viewport_size
    overflow = {}
    for viewport in CHECKED_WIDTHS:
        page.set_viewport_size(viewport)
        scroll, inner = page.evaluate(
            "() => [document.documentElement.scrollWidth, window.innerWidth]"
        )
        if scroll > inner:
            overflow[f"{viewport['width']}px: scrollWidth {scroll}"] = page.evaluate(OVERFLOWING)
        if cut := page.evaluate(NAV_CUT):
            overflow[f"{viewport['width']}px: navigation out of view"] = cut
    page.set_viewport_size(size)
    assert not overflow, f"{page.url} scrolls sideways: {overflow}"


def visit(page: Any, url: str) -> None:
    """Go to ``url`` and check the page (see :func:`check_page`)."""
    page.goto(url)
    check_page(page)


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


def log_in(page: Any, server: Server, username: str, password: str) -> None:
    """Log in through the login form, as a person would."""
    visit(page, server.url + "/login")
    page.fill("#f-username", username)
    page.fill("#f-password", password)
    page.click("form button.primary")
    check_page(page)


def register(page: Any, server: Server, code: str, username: str, name: str) -> None:
    """Register with a cohort's invite code through the registration form."""
    visit(page, server.url + "/register?code=" + code)
    page.fill("#f-username", username)
    page.fill("#f-display_name", name)
    page.fill("#f-password", "a-good-password")
    page.fill("#f-password2", "a-good-password")
    page.click("form button.primary")
    check_page(page)


def said(message: str, lang: str, **params: Any) -> str:
    """``message`` as the page shows it in ``lang`` (English while a Chinese text is missing
    from the catalogue)."""
    token = i18n.current_locale.set("zh_Hans" if lang == "zh" else "en")
    try:
        return i18n.gettext(message, **params) if params else i18n.gettext(message)
    finally:
        i18n.current_locale.reset(token)


def speak(page: Any, lang: str) -> None:
    """Choose the page's language in the header's language form, as a person would."""
    if lang == "zh":
        page.select_option("#lang-select", "zh_Hans")
        page.click("header form.lang button")
        check_page(page)
    assert page.get_attribute("html", "lang") == ("zh-Hans" if lang == "zh" else "en")
