"""The server's heap after startup, moved out of the garbage collector's way.

Python's cycle collector traverses every tracked object on a full (oldest-generation)
collection. Right after startup the server holds about 160 000 of them (modules, classes,
compiled templates and statements) that live as long as the process; a full collection over
them and the pages' kept data takes about 100 ms on these machines, and every request waiting
meanwhile waits that long. :func:`gc.freeze` moves what exists now to a permanent generation
that collections skip, as large Python services do after warming up.
"""

from __future__ import annotations

import gc

from ictarena.http.state import AppState


def freeze_startup_heap(_state: AppState) -> None:
    """A startup hook for the serving process (not for tests, which build many apps)."""
    gc.collect()
    gc.freeze()
