"""Item results as message keys with parameters, which the platform translates."""

from __future__ import annotations

from typing import Any


def N_(key: str) -> str:
    """Mark a message key for the platform's catalogue (see ``ictjudge.texts``)."""
    return key


def said(ok: bool, key: str, **params: Any) -> dict[str, Any]:
    """An item's result: a message key and its parameters, which the platform translates, and
    the same in English (``detail``). A parameter may itself be ``said(...)``'s message."""
    english = {k: v["detail"] if isinstance(v, dict) else v for k, v in params.items()}
    message = {k: {"key": v["key"], "params": v["params"]} if isinstance(v, dict) else v
               for k, v in params.items()}  # fmt: skip
    return {"ok": ok, "detail": key % english, "key": key, "params": message}
