"""Form fields keep every attribute the template gives them: ``required``, ``autocomplete`` and
the ARIA links from a field to its hint or its error. The pages are read back through a
standards-conforming parser (html5lib), as a browser and a screen reader read them."""

from __future__ import annotations

from typing import Any

import html5lib
import httpx
import pytest

from ictarena.workers.queue import InProcessQueue
from tests.arena.helpers import csrf_of
from tests.strict_html import parse_errors

Client = tuple[httpx.AsyncClient, InProcessQueue]


def _inputs(text: str) -> tuple[dict[str, dict[str, str]], set[str]]:
    """The visible inputs of a page by name (their attributes), and every id on the page."""
    tree: Any = html5lib.parse(text, namespaceHTMLElements=False)
    inputs = {
        element.get("name"): dict(element.attrib)
        for element in tree.iter("input")
        if element.get("type") != "hidden"
    }
    return inputs, {element.get("id") for element in tree.iter() if element.get("id")}


def test_attributes_run_together_are_a_parse_error() -> None:
    broken = '<!doctype html><title>t</title><input autocomplete="off"required>'
    assert "unexpected-character-after-attribute-value" in parse_errors(broken)[0]
    assert parse_errors('<!doctype html><title>t</title><input autocomplete="off" required>') == []


@pytest.mark.parametrize(
    ("path", "required", "hinted"),
    [
        ("/register", {"invite_code", "username", "password", "password2"},
         {"invite_code", "username", "password"}),
        ("/login", {"username", "password"}, set()),
    ],
)  # fmt: skip
async def test_fields_keep_required_autocomplete_and_their_hints(
    client: Client, path: str, required: set[str], hinted: set[str]
) -> None:
    http, _queue = client
    inputs, ids = _inputs((await http.get(path)).text)
    assert {name for name, attrs in inputs.items() if "required" in attrs} == required
    assert all(attrs.get("autocomplete") for attrs in inputs.values()), inputs
    for name in hinted:
        assert inputs[name].get("aria-describedby") == f"h-{name}", inputs[name]
        assert f"h-{name}" in ids


async def test_a_refused_registration_links_each_error_to_its_field(client: Client) -> None:
    http, _queue = client
    token = await csrf_of(http, "/register")
    response = await http.post(
        "/register",
        data={"invite_code": "nope", "username": "x", "display_name": "",
              "password": "short", "password2": "other", "csrf_token": token},
    )  # fmt: skip
    inputs, ids = _inputs(response.text)
    invalid = {name: attrs for name, attrs in inputs.items() if attrs.get("aria-invalid")}
    assert invalid, "the refused form marks no field as invalid"
    for name, attrs in invalid.items():
        assert attrs["aria-invalid"] == "true" and "required" in attrs, attrs
        assert attrs["aria-describedby"] == f"e-{name}" and f"e-{name}" in ids
