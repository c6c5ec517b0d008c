"""The one error backups and restores raise: its message is a located, one-line sentence."""

from __future__ import annotations


class BackupError(Exception):
    """A backup or restore cannot go on; the message says where and why (shown as is)."""
