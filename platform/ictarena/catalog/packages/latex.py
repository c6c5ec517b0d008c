"""Kattis LaTeX statements shown readably as Markdown.

With pandoc installed the conversion is pandoc's (``latex`` → CommonMark with ``$`` math);
otherwise a plain conversion keeps the text, math, sections, lists, emphasis, verbatim blocks
and figures, and drops the layout commands a browser cannot use.
"""

from __future__ import annotations

import re
import shutil
import subprocess

_PROBLEMNAME = re.compile(r"\\problemname\{((?:[^{}]|\{[^{}]*\})*)\}")
_SECTION = re.compile(r"\\(sub)?section\*?\{((?:[^{}]|\{[^{}]*\})*)\}")
_ILLUSTRATION = re.compile(r"\\illustration\{[^{}]*\}\{([^{}]*)\}\{((?:[^{}]|\{[^{}]*\})*)\}")
_GRAPHICS = re.compile(r"\\includegraphics(?:\[[^\]]*\])?\{([^{}]*)\}")
_STYLES = (
    (re.compile(r"\\(?:textbf|bf)\{((?:[^{}]|\{[^{}]*\})*)\}"), r"**\1**"),
    (re.compile(r"\\(?:emph|textit|it)\{((?:[^{}]|\{[^{}]*\})*)\}"), r"*\1*"),
    (re.compile(r"\\(?:texttt|tt|verb\|)\{((?:[^{}]|\{[^{}]*\})*)\}"), r"`\1`"),
    (re.compile(r"\\(?:url)\{([^{}]*)\}"), r"<\1>"),
    (re.compile(r"\\href\{([^{}]*)\}\{((?:[^{}]|\{[^{}]*\})*)\}"), r"[\2](\1)"),
    (
        re.compile(r"\\(?:underline|textsc|sout|textrm|textsf|mbox)\{((?:[^{}]|\{[^{}]*\})*)\}"),
        r"\1",
    ),
)
_VERBATIM = re.compile(r"\\begin\{(verbatim|lstlisting)\}(?:\[[^\]]*\])?\n?(.*?)\\end\{\1\}", re.S)
_DROP_ENV = re.compile(
    r"\\(?:begin|end)\{(?:problemdescription|center|figure|wrapfigure|quote|flushleft|"
    r"flushright|minipage|samepage|tabular)\}(?:\{[^{}]*\}|\[[^\]]*\])*"
)
_DROP_CMD = re.compile(
    r"\\(?:noindent|medskip|bigskip|smallskip|newpage|clearpage|centering|small|large|Large|"
    r"LARGE|huge|Huge|normalsize|tiny|scriptsize|footnotesize|hline|vspace\*?\{[^{}]*\}|"
    r"hspace\*?\{[^{}]*\}|label\{[^{}]*\}|caption\{[^{}]*\}|nextsample|remainingsamples)\b"
)
_COMMENT = re.compile(r"(?<!\\)%.*$", re.M)


def _outside_math(text: str, convert: object) -> str:
    """Apply ``convert`` to the parts of ``text`` that are not ``$…$``/``$$…$$`` math."""
    assert callable(convert)
    parts = re.split(r"(\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)|\\\[.*?\\\])", text, flags=re.S)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            if part.startswith("\\("):
                out.append("$" + part[2:-2] + "$")
            elif part.startswith("\\["):
                out.append("$$" + part[2:-2] + "$$")
            else:
                out.append(part)
        else:
            out.append(convert(part))
    return "".join(out)


def _plain_text(text: str) -> str:
    text = _DROP_ENV.sub("", text)
    text = _DROP_CMD.sub("", text)
    text = _ILLUSTRATION.sub(lambda m: f"\n![{m.group(2)}](assets/{m.group(1)})\n", text)
    text = _GRAPHICS.sub(lambda m: f"![](assets/{m.group(1)})", text)
    text = _SECTION.sub(lambda m: ("\n### " if m.group(1) else "\n## ") + m.group(2) + "\n", text)
    for pattern, replacement in _STYLES:
        for _ in range(3):  # nested styles
            text = pattern.sub(replacement, text)
    text = re.sub(r"\\begin\{(?:itemize|enumerate)\}|\\end\{(?:itemize|enumerate)\}", "\n", text)
    text = re.sub(r"^\s*\\item(?:\[[^\]]*\])?\s*", "- ", text, flags=re.M)
    text = text.replace("``", "“").replace("''", "”").replace("---", "—").replace("--", "–")
    text = text.replace("~", "\u00a0").replace("\\\\", "\n").replace("\\%", "%").replace("\\&", "&")
    text = (
        text.replace("\\ldots", "…").replace("\\dots", "…").replace("\\_", "_").replace("\\#", "#")
    )
    text = re.sub(r"\\[a-zA-Z]+\*?(?:\[[^\]]*\])?(?:\{\})?", "", text)  # any other command
    return text


def plain_markdown(latex: str) -> tuple[str, str | None]:
    """(Markdown, the problem name if the source declares one) without pandoc."""
    latex = _COMMENT.sub("", latex.replace("\r\n", "\n"))
    name_match = _PROBLEMNAME.search(latex)
    name = name_match.group(1).strip() if name_match else None
    if name_match:
        latex = latex[: name_match.start()] + latex[name_match.end() :]
    blocks: list[str] = []

    def keep(match: re.Match[str]) -> str:
        blocks.append("\n```\n" + match.group(2).strip("\n") + "\n```\n")
        return f"\x00{len(blocks) - 1}\x00"

    latex = _VERBATIM.sub(keep, latex)
    body = _outside_math(latex, _plain_text)
    body = re.sub(r"\x00(\d+)\x00", lambda m: blocks[int(m.group(1))], body)
    body = re.sub(r"[ \t]+\n", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return body, name


def to_markdown(latex: str) -> tuple[str, str | None]:
    """(Markdown, problem name or None), with pandoc when it is installed."""
    body, name = plain_markdown(latex)
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return body, name
    source = _PROBLEMNAME.sub("", latex)
    source = re.sub(r"\\(?:begin|end)\{problemdescription\}", "", source)
    source = _ILLUSTRATION.sub(lambda m: f"\\includegraphics{{assets/{m.group(1)}}}", source)
    try:
        result = subprocess.run(
            [pandoc, "-f", "latex", "-t", "commonmark_x+tex_math_dollars", "--wrap=none"],
            input=source.encode(),
            capture_output=True,
            timeout=30,
            check=True,
        )
    except (subprocess.SubprocessError, OSError):
        return body, name
    return result.stdout.decode("utf-8", "replace"), name
