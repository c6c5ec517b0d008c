"""Telling Python 2 from Python 3 without a Python 2: by the ``#!`` line, or by syntax only
Python 2 reads. A Python 3 program with a syntax error of its own stays Python 3 (its compile
error is its verdict)."""

from __future__ import annotations

import pytest

from ictjudge.languages import is_python2

PYTHON2 = {
    "shebang": b"#!/usr/bin/env python2\nprint(1)\n",
    "print": b"a, b = map(int, raw_input().split())\nprint a + b\n",
    "print-in-loop": b"import sys\nfor line in sys.stdin:\n    print int(line) * 2\n",
    "print-after-colon": b"if 1 <> 2: print 'no'\n",
    "print-trailing-comma": b"for i in range(3): print i,\n",
    "except-comma": b"try:\n    x = 1\nexcept ValueError, e:\n    print e\n",
    "raise-comma": b"raise ValueError, 'bad'\n",
    "exec": b"exec 'x = 1'\n",
    "backquotes": b"s = `3`\n",
    "octal-and-long": b"x = 0777 + 10L\ny = 1.05\n",
    "tabs-and-spaces": b"if True:\n\tx = 1\n        y = 2\n",
    "latin-1": b"# caf\xe9\nprint 'x'\n",
}
PYTHON3 = {
    "plain": b"a, b = map(int, input().split())\nprint(a + b)\n",
    "print-as-a-name": b"print = 3\nprint\n",
    "future-print": b"from __future__ import print_function\nprint('x')\n",
    "syntax-error": b"def f(:\n    pass\n",
    "not-python-2-either": b"print x y\n",
    "unclosed": b"print(1 +\n",
    "nul-byte": b"print(1)\x00\n",
    "deep": b"x = " + b"(" * 1000 + b")" * 1000 + b"\n",
}


@pytest.mark.parametrize("source", list(PYTHON2.values()), ids=list(PYTHON2))
def test_python_2_is_told_by_its_shebang_or_its_syntax(source: bytes) -> None:
    assert is_python2(source)


@pytest.mark.parametrize("source", list(PYTHON3.values()), ids=list(PYTHON3))
def test_python_3_stays_python_3_even_when_it_does_not_compile(source: bytes) -> None:
    assert not is_python2(source)
