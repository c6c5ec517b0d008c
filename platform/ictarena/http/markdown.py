"""Task statements: Markdown with math to sanitised HTML.

Math (``$…$`` and ``$$…$$``) becomes MathML on the server (latex2mathml), which browsers render
natively: no script and no CDN. The HTML is then sanitised with an allow-list (nh3/Ammonia), so
a statement can never carry script, event handlers or foreign frames. Images may only come from
the task's own asset route or ``data:`` URLs.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import Any

import nh3
from latex2mathml.converter import convert as latex_to_mathml
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin

MATHML_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace",
    "msup", "msub", "msubsup", "mfrac", "msqrt", "mroot", "munder", "mover", "munderover",
    "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom", "menclose", "mfenced",
}  # fmt: skip
HTML_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
    "del", "ins", "sub", "sup", "code", "pre", "kbd", "samp", "blockquote", "ul", "ol", "li",
    "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td", "a", "img", "span", "div",
    "figure", "figcaption",
}  # fmt: skip
ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"align"},
    "td": {"align"},
    "code": {"class"},
    "span": {"class"},
    "div": {"class"},
    "math": {"display", "xmlns"},
    "mo": {"stretchy", "fence", "separator", "lspace", "rspace"},
    "mstyle": {"displaystyle", "scriptlevel"},
    "mtd": {"columnalign"},
    "mtable": {"columnalign", "rowspacing", "columnspacing"},
    "mspace": {"width"},
    "mfrac": {"linethickness"},
}


_MTEXT = re.compile(r"<mtext>(.*?)</mtext>", re.DOTALL)
_TEXT_ESCAPE = re.compile(r"\\(_|%|\$|#|&amp;|\{|\})")


def _unescape_text(match: re.Match[str]) -> str:
    """latex2mathml keeps ``\\_`` and friends inside ``\\text{}`` literally; TeX prints them
    as the character itself (``\\text{in\\_octets}`` is "in_octets")."""
    return "<mtext>" + _TEXT_ESCAPE.sub(r"\1", match.group(1)) + "</mtext>"


def _math(latex: str, display: bool) -> str:
    try:
        mathml = latex_to_mathml(latex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many types on bad input: show the source instead
        return f'<code class="math-error">{html.escape(latex)}</code>'
    return _MTEXT.sub(_unescape_text, mathml)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table").enable("strikethrough")
    md.use(dollarmath_plugin, allow_space=True, double_inline=True)

    def inline(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return _math(tokens[idx].content, display=False)

    def block(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return f'<div class="math-block">{_math(tokens[idx].content, display=True)}</div>\n'

    md.add_render_rule("math_inline", inline)
    md.add_render_rule("math_inline_double", block)
    md.add_render_rule("math_block", block)
    md.add_render_rule("math_block_label", block)
    return md


def _url_filter(asset_base: str | None) -> Any:
    def url_ok(tag: str, attribute: str, value: str) -> str | None:
        if attribute == "src":
            if value.startswith("assets/"):
                # Relative to the statement: served by the task's own asset route.
                return f"{asset_base}{value}" if asset_base else value
            return value if value.startswith(("/tasks/", "data:image/")) else None
        if attribute == "href":
            return value if value.startswith(("http://", "https://", "/", "#", "mailto:")) else None
        return value

    return url_ok


def _clean(raw: str, asset_base: str | None) -> str:
    return nh3.clean(
        raw,
        tags=HTML_TAGS | MATHML_TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_url_filter(asset_base),
        url_schemes={"http", "https", "mailto", "data"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_inline(markdown: str) -> str:
    """Sanitised HTML for one line of Markdown (quiz questions and options): no paragraphs."""
    return _clean(_parser().renderInline(markdown), None)


def render(markdown: str, asset_base: str | None = None) -> str:
    """Sanitised HTML for a Markdown statement; ``assets/…`` images are prefixed with
    ``asset_base`` (e.g. ``/tasks/subnet-mask/``) so they load from the task's asset route."""
    return _clean(_parser().render(markdown), asset_base)
