"""Admins upload a package zip on /admin/problems: checked, imported, reported on the page."""

from __future__ import annotations

from pathlib import Path

import httpx
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from ictarena.accounts.models import Role
from ictarena.catalog.models import Dataset, Task
from tests.arena.catalog.builders import PY_AC, code_task, problem_set, write, zip_dir
from tests.arena.helpers import UserFactory, csrf_of, log_in


async def _upload(client: httpx.AsyncClient, archive: Path, token: str) -> httpx.Response:
    return await client.post(
        "/admin/problems",
        params={"csrf_token": token},  # a multipart form carries it in its action URL
        data={"track": "programming", "tier": "associate", "module": "x"},
        files={"package": (archive.name, archive.read_bytes(), "application/zip")},
    )


async def test_an_admin_imports_a_problem_set_zip(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession, tmp_path: Path
) -> None:
    admin = await make_user(Role.ADMIN)
    await log_in(app_client, admin.username)
    token = await csrf_of(app_client, "/admin/problems")
    archive = zip_dir(problem_set(tmp_path / "src"), tmp_path / "demo.zip")
    response = await _upload(app_client, archive, token)
    assert response.status_code == 200, response.text
    assert "aplusb" in response.text and "new task" in response.text
    assert await session.scalar(select(func.count()).select_from(Task)) == 2
    again = await _upload(app_client, archive, token)
    assert "unchanged" in again.text


async def test_a_broken_upload_shows_located_errors_and_imports_nothing(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession, tmp_path: Path
) -> None:
    admin = await make_user(Role.ADMIN)
    await log_in(app_client, admin.username)
    token = await csrf_of(app_client, "/admin/problems")
    task = code_task(tmp_path / "src")
    (task / "data" / "secret" / "02.ans").unlink()
    response = await _upload(app_client, zip_dir(task, tmp_path / "aplusb.zip"), token)
    assert response.status_code == 400
    assert "aplusb.zip/data/secret/02.in: missing data/secret/02.ans" in response.text
    assert await session.scalar(select(func.count()).select_from(Task)) == 0


async def test_uploads_need_a_csrf_token(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession, tmp_path: Path
) -> None:
    archive = zip_dir(code_task(tmp_path / "src"), tmp_path / "aplusb.zip")
    admin = await make_user(Role.ADMIN)
    await log_in(app_client, admin.username)
    response = await _upload(app_client, archive, "forged")
    assert response.status_code == 403
    assert await session.scalar(select(func.count()).select_from(Task)) == 0


async def test_only_admins_see_the_problems_desk(
    app_client: httpx.AsyncClient, make_user: UserFactory
) -> None:
    coach = await make_user(Role.COACH)
    await log_in(app_client, coach.username)
    assert (await app_client.get("/admin/problems")).status_code == 403


async def test_a_kattis_upload_runs_python_on_pypy_unless_the_admin_picks_cpython(
    app_client: httpx.AsyncClient, make_user: UserFactory, session: AsyncSession, tmp_path: Path
) -> None:
    admin = await make_user(Role.ADMIN)
    await log_in(app_client, admin.username)
    token = await csrf_of(app_client, "/admin/problems")
    page = await app_client.get("/admin/problems")
    assert '<option value="pypy3">PyPy 3, as ICPC judges run Python</option>' in page.text
    for slug, python in (("sum-pypy", None), ("sum-cpython", "python3")):
        package = write(
            tmp_path / slug,
            {
                "problem.yaml": f"name: {slug}\n",
                ".timelimit": "1\n",
                "data/secret/1.in": "1 2\n",
                "data/secret/1.ans": "3\n",
                "submissions/accepted/sol.py": PY_AC,
            },
        )
        response = await app_client.post(
            "/admin/problems",
            params={"csrf_token": token},
            data={"module": "kattis", **({"python": python} if python else {})},
            files={"package": (f"{slug}.zip", zip_dir(package, tmp_path / f"{slug}.zip")
                               .read_bytes(), "application/zip")},
        )  # fmt: skip
        assert response.status_code == 200, response.text
    rows = await session.execute(
        select(Task.slug, Dataset.manifest).join(Dataset, Dataset.id == Task.live_dataset_id)
    )
    assert {slug: manifest["python"] for slug, manifest in rows} == {
        "sum-pypy": "pypy3",
        "sum-cpython": "python3",
    }
