"""Whether a Python submission is Python 2: old jury solutions and old habits (``print "x"``).

Code is Python 2 when it does not compile as Python 3 but parses as Python 2, or when its
shebang names ``python2``. Code valid in both (``print(x)``, ``a // b``) counts as Python 3: it
runs there. Code broken in both is not Python 2 either; it is a compile error in Python 3.

The Python 2 grammar is the standard library's ``lib2to3`` (deprecated, removed in Python 3.13);
without it, :func:`looks_like_python2` looks for the constructs only Python 2 has.
"""

from __future__ import annotations

import io
import re
import tokenize
import warnings
from collections.abc import Callable
from functools import cache

_SHEBANG = re.compile(rb"#![^\n]*\bpython2(?:\.\d+)?\b")

# Constructs Python 3 refuses and Python 2 accepts, matched on code with strings and comments
# blanked (except the prefix of ``ur"..."``, which is kept to be seen).
_PYTHON2_ONLY = (
    re.compile(r"^[ \t]*print(?:[ \t]*$|[ \t]*>>|[ \t]+[^\s(=.,;)\]}+\-*/%<>!&|^])", re.M),
    re.compile(r"^[ \t]*exec[ \t]+[^\s(=.,;)]", re.M),
    re.compile(r"\bexcept[ \t]+[\w.]+[ \t]*,[ \t]*\w+[ \t]*:"),
    re.compile(r"^[ \t]*raise[ \t]+[\w.]+[ \t]*,", re.M),
    re.compile(r"`"),
    re.compile(r"<>"),
    re.compile(r"(?<![\w.])0[0-7]+[lL]?\b"),  # octal 0777
    re.compile(r"(?<![\w.])\d+[lL]\b"),  # long 10L
    re.compile(r"\b[uU][rR](?=['\"])"),  # ur"..."
)
_STRINGS_AND_COMMENTS = re.compile(
    r"(?:[uU]?[rRbB]?)(?:'''.*?'''|\"\"\".*?\"\"\"|'(?:\\.|[^'\\\n])*'|\"(?:\\.|[^\"\\\n])*\")|#[^\n]*",
    re.S,
)


def _text(source: bytes) -> str:
    """The source as text, by its coding declaration (PEP 263) or else UTF-8."""
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(source).readline)
        return source.decode(encoding, "replace")
    except (SyntaxError, LookupError):
        return source.decode("utf-8", "replace")


def _python3_verdict(source: bytes) -> str:
    """``ok`` when ``source`` compiles as Python 3, ``refused`` when its syntax is wrong, and
    ``too-deep`` when it is too deeply nested for any parser (Python 2's had lower limits)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # invalid escapes and the like warn, they do not fail
        try:
            compile(source, "<submission>", "exec", dont_inherit=True)
        except (RecursionError, MemoryError):
            return "too-deep"
        except SyntaxError as exc:
            return "too-deep" if "too many nested" in str(exc.msg) else "refused"
        except ValueError:
            return "refused"
    return "ok"


@cache
def _python2_parser() -> Callable[[str], object] | None:
    """lib2to3's parser with the Python 2 grammar (print and exec statements), or None where
    lib2to3 is gone."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # lib2to3 warns on import
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            from lib2to3 import pygram, pytree
            from lib2to3.pgen2 import driver
    except ImportError:
        return None
    parser = driver.Driver(pygram.python_grammar, convert=pytree.convert)
    parse: Callable[[str], object] = parser.parse_string
    return parse


def looks_like_python2(text: str) -> bool:
    """Whether ``text`` uses a construct only Python 2 has: a print or exec statement,
    ``except E, e``, ``raise E, "message"``, backticks, ``<>``, octal ``0777``, long ``10L`` or
    ``ur""``. A heuristic for code that Python 3 already refused."""
    code = _STRINGS_AND_COMMENTS.sub(_blank, text)
    return any(pattern.search(code) for pattern in _PYTHON2_ONLY)


def _blank(match: re.Match[str]) -> str:
    """A string literal or comment made harmless, keeping an ``ur`` prefix and the quotes."""
    found = match.group(0)
    if found.startswith("#"):
        return ""
    prefix = found[: len(found) - len(found.lstrip("uUrRbB"))]
    return prefix + "''"


def parses_as_python2(text: str) -> bool:
    """Whether ``text`` is valid Python 2 (by lib2to3's grammar, else by the heuristic)."""
    parse = _python2_parser()
    if parse is None:
        return looks_like_python2(text)
    try:
        parse(text if text.endswith("\n") else text + "\n")
    except Exception:  # lib2to3 raises ParseError, TokenError, IndentationError and others
        return False
    return True


def is_python2(source: bytes) -> bool:
    """Whether ``source`` is a Python 2 program (see the module's docstring)."""
    if _SHEBANG.match(source.lstrip(b"\xef\xbb\xbf")):
        return True
    if _python3_verdict(source) != "refused":
        return False
    return parses_as_python2(_text(source))
