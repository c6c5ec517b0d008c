"""What a host's program prints: read from its pipe in a thread, the last bytes kept."""

from __future__ import annotations

import contextlib
import os
import select
import threading

KEEP = 16 * 1024  # bytes of a program's output kept for the report


class Tail:
    """Reads ``fd`` until every writer has closed it, keeping the last :data:`KEEP` bytes and
    counting all. Processes a script leaves running (daemons) may hold the pipe for as long as
    the lab lives: it stays read, so that they never meet a closed pipe."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.kept = bytearray()
        self.total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._pump, daemon=True)
        self._thread.start()

    def _pump(self) -> None:
        try:
            while True:
                ready, _, _ = select.select([self.fd], [], [], 0.1)
                if not ready:
                    if self._stop.is_set():
                        return
                    continue
                chunk = os.read(self.fd, 65536)
                if not chunk:
                    return
                self.total += len(chunk)
                self.kept += chunk
                if len(self.kept) > 2 * KEEP:
                    del self.kept[:-KEEP]
        except OSError:
            return
        finally:
            with contextlib.suppress(OSError):
                os.close(self.fd)

    def settle(self, wait_s: float = 0.2) -> None:
        """Wait up to ``wait_s`` for the writers to close the pipe (the program has ended;
        what it started may not have)."""
        self._thread.join(timeout=wait_s)

    def close(self) -> None:
        """Stop reading (the lab is over)."""
        self._stop.set()

    def text(self, lines: int = 40) -> str:
        """The last ``lines`` lines."""
        data = bytes(self.kept[-KEEP:]).decode("utf-8", "replace")
        return "\n".join(data.rstrip("\n").splitlines()[-lines:])
