"""The words a failed check's feedback is made of: texts compared line by line, excerpts of
what the student's system produced, and the lab tools' own words shown as they are (pure).

Feedback names what the statement asks for (a text that must be ``contains``-ed) but never reveals
an expected answer: for ``equals``, ``stdout`` and the regular expressions it shows what the
student's system produced, not what was expected.
"""

from __future__ import annotations

import re

from ictjudge.labs.linux.spec import texts
from ictjudge.texts import N_, Note, Text, note


def normalised(text: str) -> str:
    """Without trailing spaces on each line and without blank lines around."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def excerpt(text: str, limit: int = 200) -> str:
    text = text.strip()
    return repr(text if len(text) <= limit else text[:limit] + "…")


def first_difference(got: str, want: str) -> Note:
    have, need = normalised(got).split("\n"), normalised(want).split("\n")
    for number, (a, b) in enumerate(zip(have, need, strict=False), start=1):
        if a != b:
            key = N_("line %(number)s reads %(text)s, which is not what is expected")
            return note(key, number=number, text=excerpt(a, 120))
    if len(have) < len(need):
        return note(N_("it has %(count)s line(s); more are expected"), count=len(have))
    return note(N_("it has %(count)s line(s); fewer are expected"), count=len(have))


def text_problems(
    got: str,
    what: Note,
    *,
    exact: str | None = None,
    contains: str | list[str] | None = None,
    not_contains: str | list[str] | None = None,
    regex: str | None = None,
    not_regex: str | None = None,
) -> list[Note]:
    problems = []
    if exact is not None and normalised(got) != normalised(exact):
        difference = first_difference(got, exact)
        problems.append(
            note(N_("%(what)s differs: %(difference)s."), what=what, difference=difference)
        )
    for text in texts(contains):
        if text not in got:
            key = N_("%(what)s does not contain %(text)s.")
            problems.append(note(key, what=what, text=excerpt(text, 80)))
    for text in texts(not_contains):
        if text in got:
            problems.append(
                note(N_("%(what)s contains %(text)s."), what=what, text=excerpt(text, 80))
            )
    if regex is not None and not re.search(regex, got, re.MULTILINE):
        key = N_("%(what)s is not as expected: %(text)s.")
        problems.append(note(key, what=what, text=excerpt(got)))
    if not_regex is not None:
        found = re.search(not_regex, got, re.MULTILINE)
        if found:
            key = N_("%(what)s has %(text)s, which it should not.")
            problems.append(note(key, what=what, text=excerpt(found.group(0), 80)))
    return problems


def verbatim(text: str) -> Note:
    """Words the lab's tools wrote, shown as they are."""
    return Note(text=Text(en=text or "-", zh=text or "-"))
