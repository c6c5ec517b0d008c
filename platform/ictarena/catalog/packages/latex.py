"""Kattis LaTeX statements shown readably as Markdown.

Before conversion the statement is completed as the Kattis problem class would: ``\\input`` and
``\\include`` files are inlined, ``\\constant{name}`` is replaced (2025-09), the ``Input``,
``Output`` and ``Interaction`` environments become sections, ``\\nextsample`` and
``\\remainingsamples`` become the markers the importer puts samples at, and image names
without an extension are completed from the images present.

With pandoc installed the conversion is pandoc's (``latex`` → CommonMark with pipe tables and
``$`` math);
otherwise a plain conversion keeps the text, math, sections, lists, tables, emphasis, verbatim
blocks and figures, and drops the layout commands a browser cannot use.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Collection, Mapping

Include = Callable[[str], "str | None"]

_ARG = r"((?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)"
_PROBLEMNAME = re.compile(r"\\problemname(?:\[[^\]]*\])?\{" + _ARG + r"\}")
_PLAINNAME = re.compile(r"^%%\s*plainproblemname:\s*(.+?)\s*$", re.M)
_SECTION = re.compile(r"\\(sub)?section\*?\{" + _ARG + r"\}")
_ILLUSTRATION = re.compile(r"\\illustration\{[^{}]*\}\{([^{}]*)\}\{" + _ARG + r"\}")
_GRAPHICS = re.compile(r"\\includegraphics(?:\[[^\]]*\])?\{([^{}]*)\}")
_INPUT = re.compile(r"\\(?:input|include)\{([^{}]+)\}")
_CONSTANT = re.compile(r"\\constant\{([A-Za-z_][A-Za-z0-9_]*)\}")
_ENVIRONMENT = re.compile(r"\\(begin|end)\{(Input|Output|Interaction)\}")
_SAMPLES = re.compile(r"\\(nextsample|remainingsamples)\b")
_STYLES = (
    (re.compile(r"\\(?:textbf|bf)\{" + _ARG + r"\}"), r"**\1**"),
    (re.compile(r"\\(?:emph|textit|it)\{" + _ARG + r"\}"), r"*\1*"),
    (re.compile(r"\\(?:texttt|tt|t)\{" + _ARG + r"\}"), r"`\1`"),
    (re.compile(r"\\(?:url)\{([^{}]*)\}"), r"<\1>"),
    (re.compile(r"\\href\{([^{}]*)\}\{" + _ARG + r"\}"), r"[\2](\1)"),
    (
        re.compile(
            r"\\(?:underline|textsc|sout|textrm|textsf|mbox|textup|textnormal)\{" + _ARG + r"\}"
        ),
        r"\1",
    ),
)
_VERBATIM = re.compile(r"\\begin\{(verbatim|lstlisting)\}(?:\[[^\]]*\])?\n?(.*?)\\end\{\1\}", re.S)
_VERB = re.compile(r"\\verb\*?([^a-zA-Z\s])(.*?)\1")
_DISPLAY = re.compile(
    r"\\begin\{(equation\*?|align\*?|gather\*?|multline\*?|eqnarray\*?)\}(.*?)\\end\{\1\}", re.S
)
_TABULAR = re.compile(
    r"\\begin\{tabular\}(?:\[[^\]]*\])?\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}(.*?)\\end\{tabular\}", re.S
)
_DROP_ENV = re.compile(
    r"\\(?:begin|end)\{(?:problemdescription|center|figure\*?|wrapfigure|quote|quotation|"
    r"flushleft|flushright|minipage|samepage|table\*?|small|footnotesize)\}(?:\{[^{}]*\}|\[[^\]]*\])*"
)
_DROP_CMD = re.compile(
    r"\\(?:noindent|medskip|bigskip|smallskip|newpage|clearpage|centering|small|large|Large|"
    r"LARGE|huge|Huge|normalsize|tiny|scriptsize|footnotesize|hline|cline\{[^{}]*\}|"
    r"vspace\*?\{[^{}]*\}|hspace\*?\{[^{}]*\}|label\{[^{}]*\}|caption\{" + _ARG + r"\}|"
    r"def\\[A-Za-z]+\{[^{}]*\}|newline|linebreak|par)(?![A-Za-z])"
)
_COMMENT = re.compile(r"(?<!\\)%.*$", re.M)
_IMAGE_ENDINGS = (".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp")
SAMPLE_MARKER = "{{%s}}"


def _image(name: str, images: Collection[str] | None) -> str:
    """The asset a LaTeX image name means: LaTeX lets the extension be left out."""
    name = name.strip().removeprefix("./")
    if images is None or f"assets/{name}" in images:
        return name
    stem = name.rsplit(".", 1)[0] if name.lower().endswith((".pdf", ".eps")) else name
    for ending in _IMAGE_ENDINGS:
        if f"assets/{stem}{ending}" in images:
            return stem + ending
    return name


def prepare(
    latex: str,
    include: Include | None = None,
    constants: Mapping[str, str] | None = None,
    images: Collection[str] | None = None,
) -> tuple[str, str | None]:
    """(the statement completed as the problem class would, the plain problem name)."""
    latex = latex.replace("\r\n", "\n")
    plain = _PLAINNAME.search(latex)
    for _ in range(8):  # inputs may include others
        if include is None or not _INPUT.search(_COMMENT.sub("", latex)):
            break
        latex = _COMMENT.sub("", latex)
        latex = _INPUT.sub(lambda m: include(m.group(1).strip()) or "", latex)
    latex = _COMMENT.sub("", latex)
    values = dict(constants or {})
    latex = _CONSTANT.sub(lambda m: values.get(m.group(1), m.group(0)), latex)
    name_match = _PROBLEMNAME.search(latex)
    name = plain.group(1) if plain else (name_match.group(1).strip() if name_match else None)
    if name_match:
        latex = latex[: name_match.start()] + latex[name_match.end() :]
    latex = _ENVIRONMENT.sub(
        lambda m: f"\\section*{{{m.group(2)}}}" if m.group(1) == "begin" else "", latex
    )
    latex = _SAMPLES.sub(lambda m: "\n\n" + SAMPLE_MARKER % m.group(1) + "\n\n", latex)
    latex = _ILLUSTRATION.sub(
        lambda m: f"\\illustration{{0}}{{{_image(m.group(1), images)}}}{{{m.group(2)}}}", latex
    )
    latex = _GRAPHICS.sub(lambda m: f"\\includegraphics{{{_image(m.group(1), images)}}}", latex)
    return latex, name


def _display(match: re.Match[str]) -> str:
    """A display environment as ``$$`` math (aligned ones as ``aligned``, which MathJax and
    KaTeX render inside ``$$``)."""
    body = match.group(2).strip()
    if match.group(1).startswith(("align", "eqnarray", "gather", "multline")):
        body = "\\begin{aligned}" + body + "\\end{aligned}"
    return "$$" + body + "$$"


def _outside_math(text: str, convert: Callable[[str], str]) -> str:
    """Apply ``convert`` to the parts of ``text`` that are not ``$…$``/``$$…$$`` math."""
    parts = re.split(r"(\$\$.*?\$\$|\$[^$]*\$|\\\(.*?\\\)|\\\[.*?\\\])", text, flags=re.S)
    out = []
    for i, part in enumerate(parts):
        if i % 2:
            if part.startswith("\\("):
                out.append("$" + part[2:-2].strip() + "$")
            elif part.startswith("\\["):
                out.append("$$" + part[2:-2] + "$$")
            else:
                out.append(part)
        else:
            out.append(convert(part))
    return "".join(out)


def _table(body: str, cell: Callable[[str], str] = str.strip) -> str:
    """A ``tabular`` as a Markdown table (its first row is the header); ``cell`` converts the
    text of each cell."""
    body = re.sub(r"\\(?:hline|toprule|midrule|bottomrule)|\\cline\{[^{}]*\}", "", body)
    rows = [r.strip() for r in re.split(r"\\\\", body) if r.strip()]
    cells = [[cell(c).strip() for c in re.split(r"(?<!\\)&", row)] for row in rows]
    if not cells:
        return ""
    width = max(len(r) for r in cells)
    cells = [r + [""] * (width - len(r)) for r in cells]
    lines = ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in cells]
    lines.insert(1, "|" + "-|" * width)  # one dash each: the dash ligatures come later
    return "\n\n" + "\n".join(lines) + "\n\n"


def _lists(text: str) -> str:
    """``itemize`` items become ``-``, ``enumerate`` items ``1.``, nested ones indented."""
    out: list[str] = []
    stack: list[str] = []
    for token in re.split(
        r"(\\begin\{(?:itemize|enumerate|description)\}|"
        r"\\end\{(?:itemize|enumerate|description)\}|\\item(?:\[[^\]]*\])?)",
        text,
    ):
        if token.startswith("\\begin"):
            stack.append(token[7:-1])
            out.append("\n")
        elif token.startswith("\\end"):
            if stack:
                stack.pop()
            out.append("\n")
        elif token.startswith("\\item"):
            label = token[6:-1] if token.startswith("\\item[") else ""
            indent = "   " * max(0, len(stack) - 1)
            bullet = "1." if stack and stack[-1] == "enumerate" else "-"
            out.append(f"\n{indent}{bullet} " + (f"**{label}** " if label else ""))
        else:
            out.append(re.sub(r"^[ \t]+", "", token) if out and out[-1].endswith(" ") else token)
    return "".join(out)


def _plain_text(text: str) -> str:
    text = text.replace("\\{", "\x01").replace("\\}", "\x02")  # escaped braces survive
    text = _DROP_ENV.sub("", text)
    text = _DROP_CMD.sub("", text)
    text = _ILLUSTRATION.sub(lambda m: f"\n![{m.group(2)}](assets/{m.group(1)})\n", text)
    text = _GRAPHICS.sub(lambda m: f"![](assets/{m.group(1)})", text)
    text = _SECTION.sub(lambda m: ("\n### " if m.group(1) else "\n## ") + m.group(2) + "\n", text)
    for pattern, replacement in _STYLES:
        for _ in range(3):  # nested styles
            text = pattern.sub(replacement, text)
    text = _lists(text)
    text = text.replace("``", "“").replace("''", "”").replace("---", "—").replace("--", "–")
    text = text.replace("<<", "«").replace(">>", "»")
    text = text.replace("~", "\u00a0").replace("\\\\", "\n").replace("\\%", "%").replace("\\&", "&")
    for command, char in (("\\ldots", "…"), ("\\dots", "…"), ("\\textellipsis", "…"),
                          ("\\_", "_"), ("\\#", "#"), ("\\$", "$"),
                          ("\\textless", "<"), ("\\textgreater", ">"),
                          ("\\textbackslash", "\\"), ("\\,", "\u2009"), ("\\ ", " ")):  # fmt: skip
        text = text.replace(command, char)
    text = re.sub(r"\\[a-zA-Z]+\*?(?:\[[^\]]*\])?(?:\{\})?", "", text)  # any other command
    text = text.replace("{", "").replace("}", "")
    return text.replace("\x01", "{").replace("\x02", "}")


def plain_markdown(
    latex: str,
    include: Include | None = None,
    constants: Mapping[str, str] | None = None,
    images: Collection[str] | None = None,
) -> tuple[str, str | None]:
    """(Markdown, the problem name if the source declares one) without pandoc."""
    latex, name = prepare(latex, include, constants, images)
    blocks: list[str] = []

    def keep(code: str) -> str:
        blocks.append(code)
        return f"\x00{len(blocks) - 1}\x00"

    latex = _VERBATIM.sub(lambda m: keep("\n```\n" + m.group(2).strip("\n") + "\n```\n"), latex)
    latex = _VERB.sub(lambda m: keep("`" + m.group(2) + "`"), latex)
    latex = re.sub(r"\{\{(nextsample|remainingsamples)\}\}", lambda m: keep(m.group(0)), latex)
    latex = _DISPLAY.sub(_display, latex)
    # tables first: their cells may hold math, which the text conversion below splits around
    latex = _TABULAR.sub(
        lambda m: keep(_table(m.group(1), lambda c: _outside_math(c, _plain_text))), latex
    )
    body = _outside_math(latex, _plain_text)
    body = re.sub(r"\x00(\d+)\x00", lambda m: blocks[int(m.group(1))], body)
    body = re.sub(r"[ \t]+\n", "\n", body)
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return body, name


def to_markdown(
    latex: str,
    include: Include | None = None,
    constants: Mapping[str, str] | None = None,
    images: Collection[str] | None = None,
) -> tuple[str, str | None]:
    """(Markdown, problem name or None), with pandoc when it is installed."""
    body, name = plain_markdown(latex, include, constants, images)
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        return body, name
    source, _name = prepare(latex, include, constants, images)
    source = re.sub(r"\\(?:begin|end)\{problemdescription\}", "", source)
    source = _ILLUSTRATION.sub(
        lambda m: (
            f"\\begin{{figure}}\\includegraphics{{assets/{m.group(1)}}}"
            f"\\caption{{{m.group(2)}}}\\end{{figure}}"
        ),
        source,
    )
    source = _GRAPHICS.sub(
        lambda m: (
            m.group(0) if "assets/" in m.group(0) else f"\\includegraphics{{assets/{m.group(1)}}}"
        ),
        source,
    )
    source = re.sub(r"\{\{(nextsample|remainingsamples)\}\}", r"SAMPLEMARK\1", source)
    # sections one level down (## like Markdown statements), tables as pipe tables
    argv = [pandoc, "-f", "latex", "-t", "commonmark+pipe_tables+tex_math_dollars"]
    try:
        result = subprocess.run(
            [*argv, "--wrap=none", "--shift-heading-level-by=1"],
            input=source.encode(),
            capture_output=True,
            timeout=30,
            check=True,
        )
    except (subprocess.SubprocessError, OSError):
        return body, name
    converted = result.stdout.decode("utf-8", "replace")
    converted = re.sub(r"SAMPLEMARK(nextsample|remainingsamples)", r"{{\1}}", converted)
    return converted, name
