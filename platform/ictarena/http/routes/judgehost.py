"""The API judge hosts use: task data by content hash, authenticated by the judge token."""

from __future__ import annotations

import asyncio
import hmac

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ictarena.http.state import AppState
from ictarena.workers.datasets import HASH_RE, pack


async def dataset_archive(request: Request) -> Response:
    state: AppState = request.app.state.arena
    token = state.settings.judge_token
    given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
    if token is None or not given or not hmac.compare_digest(given, token.get_secret_value()):
        return JSONResponse({"error": "judge token required"}, status_code=401)
    content_hash = request.path_params["content_hash"]
    directory = state.settings.tasks_dir / content_hash
    if not HASH_RE.match(content_hash) or not directory.is_dir():
        return JSONResponse({"error": "no such dataset"}, status_code=404)
    data = await asyncio.to_thread(pack, directory)
    return Response(data, media_type="application/gzip", headers={"Cache-Control": "no-store"})


routes = [Route("/api/judge/datasets/{content_hash}", dataset_archive)]
