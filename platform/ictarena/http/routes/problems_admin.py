"""The admin desk for task packages: the task list and a zip upload with the same checks as
``arena problems import`` (the report is shown on the page)."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path
from typing import Any

from starlette.datastructures import UploadFile
from starlette.responses import Response
from starlette.routing import Route

from ictarena.accounts.models import Role
from ictarena.catalog.browse import task_inventory
from ictarena.catalog.packages.errors import PackageError, PackageInvalid
from ictarena.catalog.packages.importer import ImportReport, import_catalogue
from ictarena.catalog.packages.kattis import KattisOptions
from ictarena.catalog.packages.sources import read_paths
from ictarena.catalog.packages.tree import PackageLimits
from ictarena.http.context import Ctx, page
from ictarena.http.messages import FLASHES
from ictarena.i18n import N_

TIERS = {"associate": N_("Associate"), "professional": N_("Professional"), "expert": N_("Expert")}
PYTHONS = {"pypy3": N_("PyPy 3, as ICPC judges run Python"), "python3": N_("CPython")}
"""What a Kattis package's Python runs on: PyPy 3 unless the admin picks CPython."""
STATUS_LABELS = {
    "created": N_("new task"),
    "new_version": N_("new version"),
    "switched": N_("switched back to an earlier version"),
    "unchanged": N_("unchanged"),
}


class UploadRefused(ValueError):
    """An upload refused before any checking; ``message`` is a catalogue text."""

    def __init__(self, message: str, **params: object) -> None:
        super().__init__(message)
        self.message = message
        self.params = params


async def _save_upload(upload: UploadFile, directory: Path, max_bytes: int) -> Path:
    name = Path(upload.filename or "package.zip").name
    if not name.lower().endswith((".zip", ".kpp")):
        raise UploadRefused(N_("Upload a .zip or .kpp file."))
    target = directory / name
    size = 0
    with target.open("wb") as out:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            if size > max_bytes:
                raise UploadRefused(N_("The file is larger than %(mb)s MiB."), mb=max_bytes >> 20)
            out.write(chunk)
    return target


def _options(form: Any) -> KattisOptions:
    tier = str(form.get("tier") or "associate")
    time_limit = str(form.get("time_limit") or "").strip()
    try:
        seconds = float(time_limit) if time_limit else None
    except ValueError:
        seconds = -1.0
    if seconds is not None and not 0 < seconds <= 60:
        raise UploadRefused(N_("The time limit must be a number of seconds, such as 2 or 1.5."))
    python = str(form.get("python") or "pypy3")
    return KattisOptions(
        track=str(form.get("track") or "programming"),
        tier=tier if tier in TIERS else "associate",  # type: ignore[arg-type]
        module=str(form.get("module") or "kattis").strip() or "kattis",
        time_limit_s=seconds,
        python=python if python in PYTHONS else "pypy3",  # type: ignore[arg-type]
    )


@page(Role.ADMIN)
async def problems_page(ctx: Ctx) -> Response:
    """The package list and the upload. ``page`` has checked the admin's session and the CSRF
    token of the form's action URL before the body is read; the body limit applies as it is
    read."""
    errors: list[PackageError] = []
    warnings: list[str] = []
    report: ImportReport | None = None
    if ctx.request.method == "POST":
        form = await ctx.request.form()
        upload = form.get("package")
        with tempfile.TemporaryDirectory(prefix="arena-upload-") as temp:
            try:
                if not isinstance(upload, UploadFile) or not upload.filename:
                    raise UploadRefused(N_("Choose a .zip file to upload."))
                limit = ctx.state.settings.upload_body_max_mb << 20
                archive = await _save_upload(upload, Path(temp), limit)
                options = _options(form)
                limits = PackageLimits.from_settings(ctx.state.settings)
                catalogue = await asyncio.to_thread(read_paths, [archive], options, limits)
                warnings = catalogue.warnings
                report = await import_catalogue(ctx.db, catalogue, ctx.state.settings.tasks_dir)
            except PackageInvalid as exc:
                errors = exc.errors
            except UploadRefused as exc:
                errors = [PackageError("upload", "", ctx.t(exc.message, **exc.params))]
        if errors:
            await ctx.rollback()
            report = None
        else:
            await ctx.db.commit()
    return ctx.render(
        "admin_problems.html",
        flash=ctx.t(FLASHES["package_imported"]) if report is not None else None,
        status_code=400 if errors else 200,
        title=ctx.t("Problems"),
        tasks=await task_inventory(ctx.db),
        errors=errors,
        warnings=warnings,
        report=report,
        tiers=TIERS,
        pythons=PYTHONS,
        statuses=STATUS_LABELS,
    )


routes = [Route("/admin/problems", problems_page, methods=["GET", "POST"])]
