"""Every page the tests render is parsed with html5lib, the WHATWG parsing algorithm, and must
parse without a single error: two attributes run together (``autocomplete="off"required``), a
duplicated attribute, a stray end tag or a missing doctype fails the test that rendered it.

Page tests hook :func:`check_response` into their HTTP client; browser journeys call
:func:`assert_valid_html` on the raw HTML the server sent (the browser's DOM has been repaired
already and cannot show these errors)."""

from __future__ import annotations

import html5lib
import httpx
from html5lib.constants import E

# Tolerated: none. Kept as a named set so that an exception, if one is ever needed, is explicit.
TOLERATED: frozenset[str] = frozenset()


def parse_errors(text: str) -> list[str]:
    """The parse errors of ``text``, each located and quoted: ``line 3, column 41: ...``."""
    parser = html5lib.HTMLParser(namespaceHTMLElements=False)
    parser.parse(text)
    lines = text.splitlines()
    found = []
    for (line, column), code, data in parser.errors:
        if code in TOLERATED:
            continue
        message = E.get(code, code) % data if isinstance(data, dict) else code
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        start = max(0, column - 60)
        found.append(
            f"line {line}, column {column}: {message} [{code}] …{source[start : column + 20]}…"
        )
    return found


def assert_valid_html(text: str, where: str) -> None:
    """Fail, with every error located, when ``text`` is not error-free HTML."""
    errors = parse_errors(text)
    assert not errors, f"{where} is not valid HTML:\n" + "\n".join(errors)


def is_html(response: httpx.Response) -> bool:
    return response.headers.get("content-type", "").startswith("text/html")


async def check_response(response: httpx.Response) -> None:
    """An httpx response hook: every HTML page the client receives must parse strictly."""
    if is_html(response):
        await response.aread()
        request = response.request
        assert_valid_html(response.text, f"{request.method} {request.url} ({response.status_code})")


STRICT_HOOKS = {"response": [check_response]}
"""``httpx.AsyncClient(..., event_hooks=STRICT_HOOKS)``"""
