"""What a task page shows of a dataset, for the practice task page and a contest's task page
alike: where the dataset's files are, the quiz as the reader sees it, and the statement's images
(from that dataset only, never outside its ``statement/assets`` folder)."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from starlette.responses import FileResponse, Response

from ictarena.catalog.models import Dataset
from ictarena.catalog.packages.standards import preferred_language
from ictarena.catalog.quiz import presentation
from ictarena.errors import NotFound
from ictarena.http.context import Ctx
from ictarena.http.markdown import render_inline

IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}


def dataset_dir(ctx: Ctx, dataset: Dataset) -> Path:
    return ctx.state.settings.tasks_dir / dataset.content_hash


def allowed_languages(ctx: Ctx, manifest: dict[str, Any]) -> list[tuple[str, str]]:
    """The languages the submit form offers: this judge's, narrowed to the task's list."""
    wanted = manifest.get("languages")
    return [(lid, name) for lid, name in ctx.state.languages.items() if not wanted or lid in wanted]


def chosen_language(manifest: dict[str, Any], offered: list[tuple[str, str]]) -> str | None:
    """The option the submit form selects before the student chooses: the task's own C++
    standard or Python (a draft's language, restored in the browser, still wins)."""
    return preferred_language(manifest, [lid for lid, _name in offered])


def quiz_questions(manifest: dict[str, Any], seed: str, locale: str) -> list[dict[str, Any]]:
    """The quiz as the student sees it, with its texts rendered (Markdown with math)."""
    questions = presentation(manifest["quiz"], seed, "zh" if locale == "zh_Hans" else "en")
    for question in questions:
        question["html"] = render_inline(question["text"])
        for option in question.get("options", []):
            option["html"] = render_inline(option["text"])
    return questions


def statement_asset(ctx: Ctx, dataset: Dataset) -> Response:
    """The image at the request's ``path`` in the dataset's statement assets; NotFound for
    anything else (a path leaving the folder, another kind of file, nothing there)."""
    base = (dataset_dir(ctx, dataset) / "statement" / "assets").resolve()
    path = (base / ctx.request.path_params["path"]).resolve()
    if (
        not path.is_relative_to(base)
        or path.suffix.lower() not in IMAGE_TYPES
        or not path.is_file()
    ):
        raise NotFound("asset_not_found")
    media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    response = FileResponse(path, media_type=media_type)
    # A dataset never changes once written, but the address outlives a re-import.
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return ctx.finish(response)
