"""Facts read natively in the check container, before any program runs: files (type, mode,
owner, ACLs, content), the accounts (never a password hash) and the files cron would read."""

from __future__ import annotations

import os
import stat
import struct
from typing import Any

READ_CAP = 1 << 20
ACL_TAGS = {1: "user_obj", 2: "user", 4: "group_obj", 8: "group", 16: "mask", 32: "other"}


def read_text(path: str, follow: bool = False) -> str | None:
    """Up to READ_CAP bytes of a regular file, never blocking on a FIFO; None otherwise."""
    flags = os.O_RDONLY | os.O_NONBLOCK | (0 if follow else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = os.read(fd, READ_CAP + 1)
    finally:
        os.close(fd)
    return data[:READ_CAP].decode("utf-8", "replace")


def decode_acl(blob: bytes) -> list[list[Any]]:
    """A ``system.posix_acl_*`` attribute: version 2, then (tag u16, perm u16, id u32)."""
    entries = []
    for offset in range(4, len(blob) - 7, 8):
        tag, perm, ident = struct.unpack_from("<HHI", blob, offset)
        name = ACL_TAGS.get(tag, str(tag))
        perms = "".join(c if perm & bit else "-" for c, bit in (("r", 4), ("w", 2), ("x", 1)))
        entries.append([name, ident if name in ("user", "group") else None, perms])
    return entries


def acl(path: str, name: str, follow: bool) -> list[list[Any]] | None:
    try:
        return decode_acl(os.getxattr(path, name, follow_symlinks=follow))
    except OSError:
        return None


def file_facts(probe: dict[str, Any]) -> dict[str, Any]:
    path, follow = probe["path"], bool(probe.get("follow"))
    try:
        info = os.stat(path, follow_symlinks=follow)
    except OSError as exc:
        return {"exists": False, "error": exc.strerror}
    mode = info.st_mode
    kind = (
        "symlink"
        if stat.S_ISLNK(mode)
        else "directory"
        if stat.S_ISDIR(mode)
        else "file"
        if stat.S_ISREG(mode)
        else "other"
    )
    facts: dict[str, Any] = {
        "exists": True,
        "type": kind,
        "mode": stat.S_IMODE(mode),
        "uid": info.st_uid,
        "gid": info.st_gid,
        "size": info.st_size,
    }
    if kind == "symlink":
        facts["target"] = os.readlink(path)
    if kind != "symlink":
        facts["acl"] = acl(path, "system.posix_acl_access", follow)
        if kind == "directory":
            facts["default_acl"] = acl(path, "system.posix_acl_default", follow)
    if probe.get("read") and kind == "file":
        facts["content"] = read_text(path, follow)
    return facts


def shadow_states(text: str) -> dict[str, str]:
    """Each account's password state, never the hash: set, locked, empty or none."""
    states = {}
    for line in text.splitlines():
        fields = line.split(":")
        if len(fields) < 2:
            continue
        secret = fields[1]
        if secret == "":
            states[fields[0]] = "empty"
        elif secret.startswith("!") and len(secret) > 2:
            states[fields[0]] = "locked"
        elif secret in ("*", "!", "!*", "x"):
            states[fields[0]] = "none"
        else:
            states[fields[0]] = "set"
    return states


def account_facts() -> dict[str, Any]:
    return {
        "passwd": read_text("/etc/passwd") or "",
        "group": read_text("/etc/group") or "",
        "shadow": shadow_states(read_text("/etc/shadow") or ""),
    }


def cron_sources() -> list[dict[str, Any]]:
    """Every file cron would read, with what cron needs to decide whether it reads it."""
    found: list[tuple[str, str, str | None]] = [("/etc/crontab", "system", None)]
    for directory, kind in (("/etc/cron.d", "crond"), ("/var/spool/cron/crontabs", "user")):
        try:
            names = sorted(os.listdir(directory))
        except OSError:
            continue
        found += [(f"{directory}/{name}", kind, name) for name in names]
    sources = []
    for path, kind, name in found[:200]:
        try:
            info = os.lstat(path)
        except OSError:
            continue
        sources.append(
            {
                "path": path,
                "kind": kind,
                "name": name,
                "regular": stat.S_ISREG(info.st_mode),
                "uid": info.st_uid,
                "mode": stat.S_IMODE(info.st_mode),
                "content": read_text(path) if stat.S_ISREG(info.st_mode) else None,
            }
        )
    return sources
