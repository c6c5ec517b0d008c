"""Similarity of code submissions, for the jury's plagiarism review: copydetect's winnowed
fingerprints (its library API, offline).

copydetect tokenises a program with Pygments and replaces every variable name by ``V``, every
function name by ``F``, every class name by ``O`` and every string by ``S``, drops comments and
whitespace, hashes every run of ``NOISE`` characters of what is left and keeps them all
(``WINDOW`` 1: copydetect's default guarantee). The task's template in the submission's
language (what every answer starts from) is passed as boilerplate: its hashes are dropped from
both sides, so two programs that agree only in the template are not alike. A program's
similarity to another is the share of its fingerprinted code that both share; a pair's is the
larger of the two, as in :mod:`ictarena.submissions.tokens`. A report's many pairs need the
shares alone: :func:`code_shares` computes the same numbers as ``compare_files`` with sorted
arrays (a third of its time), and a pair shown side by side takes ``compare_files``' spans.

copydetect's hashes are Python's ``hash`` of strings, salted per process: fingerprints are
kept in this process only (:func:`code_print` with a cache the caller holds), never stored.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any

from ictarena.submissions.tokens import Span

NOISE = 25  # characters of filtered code per hashed run (copydetect's noise threshold)
WINDOW = 1  # copydetect's default: guarantee threshold = noise threshold

# The platform's language ids -> (a file name for copydetect's reports, Pygments' lexer name).
LEXERS = {
    "c": ("main.c", "c"),
    "cpp": ("main.cpp", "cpp"),
    "python3": ("main.py", "python"),
    "java": ("Main.java", "java"),
    "javascript": ("main.js", "javascript"),
}

logging.getLogger("copydetect").setLevel(logging.ERROR)


def _lexer(language: str | None) -> tuple[str, str | None]:
    return LEXERS.get(language or "", ("main.txt", None))


@dataclass(frozen=True, slots=True)
class CodePrint:
    """copydetect's fingerprint of one program (kept in this process only), with each
    fingerprinted position's hash and where it stands, for :func:`code_shares`."""

    print_: Any  # copydetect.CodeFingerprint
    position_hashes: Any  # numpy int64 array: the hash at each fingerprinted position
    positions: Any  # numpy int array: those positions in the filtered code, ascending
    unique_hashes: Any  # numpy int64 array: its distinct hashes, sorted


def boilerplate(template: str, language: str | None) -> Any:
    """Every hash of a template, as copydetect takes boilerplate (a numpy array)."""
    import numpy as np
    from copydetect import CodeFingerprint

    if not template.strip():
        return np.array([], dtype=np.int64)
    name, lexer = _lexer(language)
    found = CodeFingerprint(
        name, NOISE, 1, filter=lexer is not None, language=lexer, fp=io.StringIO(template)
    )
    return np.unique(np.array(sorted(found.hashes), dtype=np.int64))


def code_print(text: str, language: str | None, template: Any = None) -> CodePrint:
    """copydetect's fingerprint of ``text`` in ``language``, without the template's hashes
    (see :func:`boilerplate`)."""
    from copydetect import CodeFingerprint

    name, lexer = _lexer(language)
    found = CodeFingerprint(
        name,
        NOISE,
        WINDOW,
        boilerplate=template if template is not None and len(template) else None,
        filter=lexer is not None,
        language=lexer,
        fp=io.StringIO(text),
    )
    import numpy as np

    pairs = sorted((at, h) for h, ats in found.hash_idx.items() for at in ats)
    hashes = np.array([h for _at, h in pairs], dtype=np.int64)
    return CodePrint(
        found, hashes, np.array([at for at, _h in pairs], dtype=np.int64), np.unique(hashes)
    )


@dataclass(frozen=True, slots=True)
class CodeMatch:
    """How alike two programs are (each side's share) and the copied spans of each."""

    first: float
    second: float
    first_spans: tuple[Span, ...]
    second_spans: tuple[Span, ...]

    @property
    def similarity(self) -> float:
        return max(self.first, self.second)


def _share(share: Any, coverage: int) -> float:
    """compare_files' share, kept finite (no coverage: an empty program) and within 0..1."""
    return min(1.0, float(share)) if coverage else 0.0


def _as_spans(slices: Any) -> tuple[Span, ...]:
    if len(slices) == 0 or len(slices[0]) == 0:
        return ()
    return tuple((int(s), int(e)) for s, e in zip(slices[0], slices[1], strict=True))


def _covered(side: CodePrint, shared: Any) -> int:
    """How many characters of the filtered code the runs of ``NOISE`` starting at the shared
    positions cover: what ``compare_files`` counts as copied (its slices' total length)."""
    import numpy as np

    at = np.searchsorted(shared, side.position_hashes)  # ``shared`` is sorted
    starts = side.positions[shared[np.minimum(at, len(shared) - 1)] == side.position_hashes]
    if not len(starts):
        return 0
    ends = starts + NOISE
    # The union of [start, start + NOISE): a run's new part is what lies past the previous end.
    reach = np.maximum.accumulate(ends)
    previous = np.concatenate(([starts[0]], reach[:-1]))
    return int(np.sum(np.clip(ends - np.maximum(starts, previous), 0, None)))


def code_shares(a: CodePrint, b: CodePrint) -> tuple[float, float]:
    """Each side's share as :func:`compare_code` gives it (copydetect's ``compare_files``),
    without the copied spans: the same numbers at a fraction of the cost, for the report's
    many pairs (tested equal)."""
    import numpy as np

    found = np.intersect1d(a.unique_hashes, b.unique_hashes, assume_unique=True)
    if not len(found):
        return 0.0, 0.0
    coverage_a, coverage_b = a.print_.token_coverage, b.print_.token_coverage
    return (
        min(1.0, _covered(a, found) / coverage_a) if coverage_a else 0.0,
        min(1.0, _covered(b, found) / coverage_b) if coverage_b else 0.0,
    )


def compare_code(a: CodePrint, b: CodePrint) -> CodeMatch:
    """How alike two fingerprinted programs are: copydetect's ``compare_files``."""
    if not (a.print_.hashes & b.print_.hashes):
        return CodeMatch(0.0, 0.0, (), ())
    import numpy as np
    from copydetect import compare_files

    with np.errstate(divide="ignore", invalid="ignore"):
        _overlap, shares, (slices_a, slices_b) = compare_files(a.print_, b.print_)
    return CodeMatch(
        _share(shares[0], a.print_.token_coverage),
        _share(shares[1], b.print_.token_coverage),
        _as_spans(slices_a),
        _as_spans(slices_b),
    )
