"""A Kattis package's statements (``problem_statement/``, 2025-09 ``statement/``): Markdown with
its math and images, LaTeX converted to Markdown, PDF-only statements noted, and the samples
placed where the statement asks for them."""

from __future__ import annotations

import re
from pathlib import Path

from ictarena.catalog.packages.files import find, inside, walk_files
from ictarena.catalog.packages.kattis.context import Context
from ictarena.catalog.packages.kattis.metadata import ZH_CODES
from ictarena.catalog.packages.latex import to_markdown
from ictarena.catalog.packages.native import IMAGE_SUFFIXES, MAX_ASSET_BYTES

SAMPLE_FILES = re.compile(r"\{\{\s*(nextsample|remainingsamples)\s*\}\}")
RANK = {".md": 0, ".tex": 1, ".pdf": 2}  # the form used when a language has several


def read_statements(ctx: Context) -> tuple[dict[str, str], dict[str, bytes], str | None]:
    """(statements, images, the name a LaTeX statement declares)."""
    order = ("statement", "problem_statement") if ctx.new else ("problem_statement", "statement")
    directory = next(
        (d for d in (find(ctx.root, n) for n in order) if d is not None and d.is_dir()), None
    )
    assets: dict[str, bytes] = {}
    if directory is None:
        pdf = find(ctx.root, "problem.pdf")
        ctx.warn(
            "no statement/ or problem_statement/ folder: the statement shows the samples only"
            + (" (problem.pdf is not shown)" if pdf is not None else "")
        )
        return {"en": "", "zh": ""}, assets, None
    candidates: dict[str, list[Path]] = {}
    for path in walk_files(directory, ctx.root):
        relative = path.relative_to(directory).as_posix()
        match = re.fullmatch(r"problem(?:\.([A-Za-z_-]+))?\.(md|tex|pdf)", relative, re.I)
        if match:
            lang = (match.group(1) or "en").lower()
            key = "zh" if lang in ZH_CODES else lang
            candidates.setdefault(key, []).append(path)
        elif path.suffix.lower() in IMAGE_SUFFIXES:
            if path.stat().st_size > MAX_ASSET_BYTES:
                ctx.warn(f"{ctx.label(path)}: larger than 2 MiB; not shown")
                continue
            data = ctx.read(path)
            if data is not None:
                assets[f"assets/{relative}"] = data
    found: dict[str, str] = {}
    name: str | None = None
    for lang in sorted(candidates, key=lambda k: (k != "en", k != "zh", k)):
        chosen = sorted(candidates[lang], key=lambda p: RANK[p.suffix.lower()])[0]
        if chosen.suffix.lower() == ".pdf":
            found[lang] = ""
            ctx.warn(f"{ctx.label(chosen)}: a PDF statement is not shown; only the samples are")
            continue
        source = ctx.read_text(chosen)
        if source is None:
            continue
        if chosen.suffix.lower() == ".tex":
            body, declared = _from_latex(ctx, chosen.parent, source, set(assets))
            name = name or declared
        else:
            body = _markdown(ctx.substitute(source))
        found[lang] = body
    for ref in sorted({m for body in found.values() for m in _image_refs(body)}):
        if ref not in assets:
            ctx.warn(f"{directory.name}: the statement shows {ref[7:]}, which is missing")
    if not found:
        ctx.warn(f"{directory.name}: no problem.<lang>.md, .tex or .pdf statement")
        return {"en": "", "zh": ""}, assets, name
    en = found.get("en") or next(iter(found.values()))
    return {"en": en, "zh": found.get("zh", en)}, assets, name


def _from_latex(
    ctx: Context, folder: Path, source: str, images: set[str]
) -> tuple[str, str | None]:
    """A LaTeX statement as Markdown, and the name it declares."""

    def include(ref: str) -> str | None:
        """The text of a LaTeX ``\\input``/``\\include`` beside the statement."""
        for name in (ref, f"{ref}.tex"):
            path = folder / name
            if path.is_file() and inside(path, ctx.root):
                return ctx.read_text(path)
        ctx.warn(f"{ctx.label(folder)}: \\input{{{ref}}} names no file in the statement folder")
        return None

    return to_markdown(source, include=include, constants=ctx.constants, images=images)


def _markdown(source: str) -> str:
    """A Markdown statement with its math and images in the platform's form."""
    source = re.sub(r"\\\((.+?)\\\)", lambda m: f"${m.group(1).strip()}$", source, flags=re.S)
    source = re.sub(r"\\\[(.+?)\\\]", lambda m: f"$${m.group(1)}$$", source, flags=re.S)
    source = re.sub(r"(!\[[^\]]*\]\()\s*(?:\./)?(?!assets/|https?:|data:)", r"\1assets/", source)
    return re.sub(
        r"""(<img\b[^>]*\bsrc=["'])(?:\./)?(?!assets/|https?:|data:)""", r"\1assets/", source
    )


def _image_refs(markdown: str) -> list[str]:
    return re.findall(r"""(?:\]\(\s*|src=["'])(assets/[^)"'\s]+)""", markdown)


def _sample_block(number: int, given: bytes, expected: bytes, lang: str) -> str:
    heads = (
        (f"样例输入 {number}", f"样例输出 {number}")
        if lang == "zh"
        else (f"Sample Input {number}", f"Sample Output {number}")
    )
    return "\n".join(
        f"### {head}\n\n```\n{data.decode('utf-8', 'replace').rstrip()}\n```\n"
        for head, data in zip(heads, (given, expected), strict=True)
    )


def with_samples(statement: str, samples: list[tuple[bytes, bytes]], lang: str) -> str:
    """The statement with its samples: at ``{{nextsample}}``/``{{remainingsamples}}`` (2025-09
    Markdown; LaTeX's commands become these), and those not placed yet at the end."""
    queue = list(enumerate(samples, start=1))

    def block(items: list[tuple[int, tuple[bytes, bytes]]]) -> str:
        rendered = "\n".join(_sample_block(n, g, e, lang) for n, (g, e) in items)
        return "\n\n" + rendered + "\n\n" if items else ""

    def place(match: re.Match[str]) -> str:
        if match.group(1) == "nextsample":
            return block([queue.pop(0)]) if queue else ""
        taken = list(queue)
        queue.clear()
        return block(taken)

    statement = SAMPLE_FILES.sub(place, statement)
    if queue:
        statement = statement.rstrip() + block(queue)
    return re.sub(r"\n{3,}", "\n\n", statement).strip() + "\n"
