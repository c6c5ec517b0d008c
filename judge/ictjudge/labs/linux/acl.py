"""POSIX ACLs as getfacl writes them (``user:alice:r-x``), from the raw entries the check
container reads out of ``system.posix_acl_access`` / ``system.posix_acl_default``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ictjudge.labs.linux.accounts import Accounts
from ictjudge.labs.linux.spec import ACL_ENTRY

RawEntry = Sequence[Any]  # [tag, id or None, "r-x"]


def bits(mode: int) -> str:
    return "".join(c if mode & b else "-" for c, b in (("r", 4), ("w", 2), ("x", 1)))


def entries(raw: list[RawEntry] | None, mode: int, accounts: Accounts) -> list[str]:
    """The ACL in getfacl's words (names where the student's accounts know them). A file with
    no extended ACL has the minimal one its mode bits make."""
    if raw is None:
        return [f"user::{bits(mode >> 6)}", f"group::{bits(mode >> 3)}", f"other::{bits(mode)}"]
    out = []
    for tag, ident, perms in raw:
        if tag == "user_obj":
            out.append(f"user::{perms}")
        elif tag == "group_obj":
            out.append(f"group::{perms}")
        elif tag == "user":
            out.append(f"user:{accounts.user_name(int(ident))}:{perms}")
        elif tag == "group":
            out.append(f"group:{accounts.group_name(int(ident))}:{perms}")
        else:
            out.append(f"{tag}::{perms}")
    return out


def _same(expected: str, present: str, accounts: Accounts) -> bool:
    """Equal entries; a numeric qualifier matches the name with that id and the reverse."""
    if expected == present:
        return True
    want, have = ACL_ENTRY.match(expected), ACL_ENTRY.match(present)
    if not want or not have or want.group(1) != have.group(1) or want.group(4) != have.group(4):
        return False
    lookup = accounts.uid_of if want.group(1) == "user" else accounts.gid_of
    a, b = lookup(want.group(2) or ""), lookup(have.group(2) or "")
    return a is not None and a == b


def missing(expected: list[str], present: list[str], accounts: Accounts) -> list[str]:
    """Expected entries not in ``present``."""
    return [e for e in expected if not any(_same(e, p, accounts) for p in present)]


def unwanted(qualifiers: list[str], present: list[str], accounts: Accounts) -> list[str]:
    """Entries of ``present`` for any of ``qualifiers`` (``user:eve``), whatever their perms."""
    found = []
    for entry in present:
        perms = entry.rsplit(":", 1)[1]
        if any(_same(f"{q}:{perms}", entry, accounts) for q in qualifiers):
            found.append(entry)
    return found
