"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendation).

A hash or a verification takes tens of milliseconds of CPU and 64 MiB of memory, so both run
in a small pool of worker threads (argon2 releases the GIL): the event loop keeps serving other
requests meanwhile, and the pool's size bounds the memory a burst of logins can take.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from zxcvbn import zxcvbn

_hasher = PasswordHasher()

# Verified against when the username does not exist, so that a wrong username costs as much
# time as a wrong password and response timing does not reveal which usernames exist.
_DUMMY_HASH = _hasher.hash("not a real password")

MIN_LENGTH = 10
MAX_LENGTH = 256


@dataclass(frozen=True)
class PasswordPolicy:
    """The one password policy: registration, admin-created users, resets and changes.

    ``min_strength`` is a zxcvbn score (0 = guessable in a few tries … 4 = very unguessable);
    zxcvbn knows the common-password lists, names, keyboard walks and dates.
    """

    min_length: int = MIN_LENGTH
    min_strength: int = 2

    @classmethod
    def from_settings(cls, settings: object) -> PasswordPolicy:
        return cls(
            min_length=int(getattr(settings, "password_min_length", MIN_LENGTH)),
            min_strength=int(getattr(settings, "password_min_strength", 2)),
        )


@dataclass(frozen=True)
class PasswordRefusal:
    """Why a password was refused: a message key, and zxcvbn's warning when it gave one."""

    key: str
    warning: str = ""


def password_refusal(
    password: str, policy: PasswordPolicy, user_inputs: Sequence[str] = ()
) -> PasswordRefusal | None:
    """None when ``password`` satisfies ``policy``; else the reason it does not."""
    if len(password) < policy.min_length:
        return PasswordRefusal("password_too_short")
    if len(password) > MAX_LENGTH:
        return PasswordRefusal("password_too_long")
    # zxcvbn's cost grows with the length; the first 100 characters decide the score.
    result = zxcvbn(password[:100], user_inputs=[u for u in user_inputs if u])
    if int(result["score"]) < policy.min_strength:
        return PasswordRefusal("password_weak", str(result["feedback"].get("warning") or ""))
    return None


_pool = ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1), thread_name_prefix="argon2")


async def hash_password(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_pool, _hasher.hash, password)


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches; a missing hash still costs one verification."""
    return await asyncio.get_running_loop().run_in_executor(_pool, _verify, password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
