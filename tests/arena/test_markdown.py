"""Statements render Markdown and math, and never carry script into the page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from ictarena.http.markdown import render


def test_markdown_tables_and_math_render() -> None:
    html = render("Find $a+b$.\n\n$$\\sum_{i=1}^n x_i$$\n\n| in | out |\n|---|---|\n| 1 2 | 3 |")
    assert "<math" in html and "<mo>+</mo>" in html
    assert 'display="block"' in html
    assert "<table>" in html and "<td>1 2</td>" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<iframe src="https://evil.example"></iframe>',
        "![x](javascript:alert(1))",
        "$\\href{javascript:alert(1)}{x}$",
        "<a href='x' onclick='alert(1)'>x</a>",
        '<svg onload="alert(1)"></svg>',
    ],
    ids=["script", "onerror", "js-link", "iframe", "js-image", "math-href", "onclick", "svg"],
)
def test_hostile_statements_are_neutralised(hostile: str) -> None:
    elements = _elements(render(hostile))
    assert not {tag for tag, _ in elements} & {"script", "iframe", "svg", "object", "embed"}
    for tag, attributes in elements:
        for name, value in attributes:
            assert not name.startswith("on"), (tag, name)
            assert not (value or "").strip().lower().startswith("javascript:"), (tag, name)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))


def _elements(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    collector = _Collector()
    collector.feed(html)
    return collector.elements


def test_images_only_from_the_task_or_inline() -> None:
    assert 'src="assets/topology.png"' in render("![t](assets/topology.png)")
    assert "evil" not in render("![t](https://evil.example/pixel.png)")


def test_bad_latex_shows_its_source_instead_of_failing() -> None:
    html = render("$\\frac{1}{$")
    assert "math" in html


def test_escaped_characters_in_text_math_print_as_themselves() -> None:
    html = render(r"Rate: $\text{in\_octets} \times 8$, share $\text{50\%}$")
    assert "<mtext>in_octets</mtext>" in html
    assert "<mtext>50%</mtext>" in html
    assert "\\_" not in html
