"""Telling Python 2 submissions from Python 3 ones (pure, no sandbox)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ictjudge import python2
from ictjudge.python2 import is_python2, looks_like_python2

PYTHON2 = {
    "print-statement": "a, b = map(int, raw_input().split())\nprint a + b\n",
    "print-string": 'print "x"\n',
    "print-trailing-comma": "for i in range(3):\n    print i,\nprint\n",
    "print-to-stderr": 'import sys\nprint >>sys.stderr, "debug"\nprint 1\n',
    "except-comma": (
        "try:\n    n = int(raw_input())\nexcept ValueError, e:\n    n = 0\nprint n / 2\n"
    ),
    "integer-division": (
        "n = input()\ntotal = 0\nfor i in xrange(n):\n    total += i / 2\nprint total\n"
    ),
    "backticks": "x = 5\ns = `x`\nprint s\n",
    "not-equal": "if 1 <> 2:\n    print 'different'\n",
    "exec-statement": 'exec "print 1"\n',
    "octal": "mode = 0777\nprint mode\n",
    "long": "big = 10L\nprint big\n",
    "unicode-raw": 'pattern = ur"\\d+"\nprint pattern\n',
    "raise-comma": 'raise ValueError, "bad input"\n',
    "latin-1": '# -*- coding: latin-1 -*-\nprint "caf\xe9"\n'.encode("latin-1").decode("latin-1"),
}

PYTHON3 = {
    "print-function": "a, b = map(int, input().split())\nprint(a + b)\n",
    "valid-in-both": 'print("x")\nprint(7 // 2)\n',
    "f-string": 'n = int(input())\nprint(f"{n * 2}")\n',
    "walrus": "import sys\nwhile (line := sys.stdin.readline()):\n    print(line.strip())\n",
    "type-hints": "def f(x: int) -> int:\n    return x\nprint(f(1))\n",
    "print-as-name": "print = lambda *a: None\nprint\n",
    "empty": "",
}

BROKEN_IN_BOTH = {
    "missing-paren": "def f(:\n    pass\n",
    "bad-indent": "if True:\nprint(1)\n",
    "unclosed-string": 'print("hello)\n',
    "stray-brace": "x = {1: 2\nprint(x\n",
    "nul-byte": "print(1)\x00\n",
}


@pytest.mark.parametrize("name", PYTHON2)
def test_python2_programs_are_python2(name: str) -> None:
    source = PYTHON2[name]
    encoded = source.encode("latin-1" if name == "latin-1" else "utf-8")
    assert is_python2(encoded)


@pytest.mark.parametrize("name", PYTHON3)
def test_python3_programs_are_not(name: str) -> None:
    assert not is_python2(PYTHON3[name].encode())


@pytest.mark.parametrize("name", BROKEN_IN_BOTH)
def test_code_broken_in_both_is_not_python2(name: str) -> None:
    assert not is_python2(BROKEN_IN_BOTH[name].encode())


def test_a_python2_shebang_counts() -> None:
    assert is_python2(b"#!/usr/bin/env python2\nprint(1)\n")
    assert is_python2(b"#!/usr/bin/python2.7\nx = 1\n")
    assert not is_python2(b"#!/usr/bin/env python3\nprint(1)\n")
    assert not is_python2(b"x = 1\n#!/usr/bin/env python2\n")  # only on the first line


@pytest.mark.parametrize("name", PYTHON2)
def test_the_fallback_heuristic_finds_the_same_python2(name: str) -> None:
    assert looks_like_python2(PYTHON2[name])


# A bare ``print`` is a statement to the heuristic; it is only asked once Python 3 has refused.
@pytest.mark.parametrize("name", [n for n in [*PYTHON3, *BROKEN_IN_BOTH] if n != "print-as-name"])
def test_the_fallback_heuristic_leaves_python3_and_broken_code(name: str) -> None:
    assert not looks_like_python2({**PYTHON3, **BROKEN_IN_BOTH}[name])


def test_without_lib2to3_the_heuristic_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(python2, "_python2_parser", lambda: None)
    assert is_python2(PYTHON2["except-comma"].encode())
    assert not is_python2(BROKEN_IN_BOTH["missing-paren"].encode())
    assert not is_python2(PYTHON3["print-function"].encode())


def test_heuristic_ignores_strings_and_comments() -> None:
    assert not looks_like_python2('x = "print 1 <> 2 `y`"  # except E, e:\ny(\n')


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_get_an_answer_not_an_exception(source: bytes) -> None:
    assert is_python2(source) in (True, False)
    assert looks_like_python2(source.decode("latin-1")) in (True, False)


def test_deep_nesting_is_an_answer_not_a_crash() -> None:
    assert not is_python2(b"(" * 5000)
    assert is_python2(b"x = " + b"[" * 100 + b"]" * 100 + b"\nprint x\n")


# More cases seen in contest archives: Python 2 told by its syntax, and Python 3 that does not
# compile staying Python 3 (its compile error is its verdict).
ARCHIVE_PYTHON2 = {
    "print-in-loop": b"import sys\nfor line in sys.stdin:\n    print int(line) * 2\n",
    "print-after-colon": b"if 1 <> 2: print 'no'\n",
    "print-trailing-comma": b"for i in range(3): print i,\n",
    "raise-comma": b"raise ValueError, 'bad'\n",
    "exec": b"exec 'x = 1'\n",
    "backquotes": b"s = `3`\n",
    "octal-and-long": b"x = 0777 + 10L\ny = 1.05\n",
    "latin-1": b"# -*- coding: latin-1 -*-\n# caf\xe9\nprint 'x'\n",
}
ARCHIVE_PYTHON3 = {
    "print-as-a-name": b"print = 3\nprint\n",
    "future-print": b"from __future__ import print_function\nprint('x')\n",
    "not-python-2-either": b"print x y\n",
    "unclosed": b"print(1 +\n",
    "nul-byte": b"print(1)\x00\n",
    "deep": b"x = " + b"(" * 1000 + b")" * 1000 + b"\n",
}


@pytest.mark.parametrize("source", list(ARCHIVE_PYTHON2.values()), ids=list(ARCHIVE_PYTHON2))
def test_archive_python_2_is_told_by_its_syntax(source: bytes) -> None:
    assert is_python2(source)


@pytest.mark.parametrize("source", list(ARCHIVE_PYTHON3.values()), ids=list(ARCHIVE_PYTHON3))
def test_archive_python_3_stays_python_3(source: bytes) -> None:
    assert not is_python2(source)
