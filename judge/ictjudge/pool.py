"""A warm pool of single-use sandboxes: containers created, hardened and started ahead of time.

Starting a locked-down container costs about a tenth of a second (create, attach, start, the
runner's READY), and removing it as much again; a submission of twenty quick tests spends less
than that on its tests. The pool pays both away from the submission: a background thread keeps
``size`` started sandboxes ready for each *shape* (sandbox settings, memory and pids limits) asked
for lately, and another removes used ones. A sandbox leaves the pool once and is never given out
again: no state of one submission can reach another.

Limits are exact. A sandbox is taken ready made only when its shape is the one asked for; failing
that, one of the same settings (image, work directory, CPU, open files, which are fixed at
creation) has its memory and pids limits set by the engine before it is handed over (one
``docker update``); failing that, one is started on the spot, as without a pool. Every container
is labelled with its owner process like any other sandbox, so those of a judge that died are
removed by :func:`ictjudge.sandbox.sweep` when the next one starts.

The pool is thread-safe: judgings run in worker threads and take from it concurrently.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

from ictjudge.errors import JudgeError
from ictjudge.sandbox import Sandbox, SandboxConfig

log = logging.getLogger(__name__)

MAX_SHAPES = 4  # the shapes kept warm: the most recently asked for
_STOP = object()


@dataclass(frozen=True)
class Shape:
    """What a sandbox is created with; two sandboxes of one shape are interchangeable."""

    config: SandboxConfig
    memory_mb: int
    pids: int


class Pool:
    """Warm single-use sandboxes. ``size`` per shape; 0 makes :meth:`take` start each one."""

    def __init__(self, client: Any, size: int = 2, shapes: int = MAX_SHAPES) -> None:
        self.client = client
        self.size = size
        self.max_shapes = shapes
        self._ready: dict[Shape, deque[Sandbox]] = {}
        self._wanted: OrderedDict[Shape, None] = OrderedDict()
        self._changed = threading.Condition()
        self._closed = False
        self._starting = False  # the filler is starting a sandbox
        self._spent: queue.Queue[Any] = queue.Queue()
        self._filler = threading.Thread(target=self._fill, name="sandbox-pool-fill", daemon=True)
        self._reaper = threading.Thread(target=self._reap, name="sandbox-pool-reap", daemon=True)
        self._filler.start()
        self._reaper.start()

    # Taking and giving back -------------------------------------------------------------------

    def take(self, config: SandboxConfig, memory_mb: int, pids: int, purpose: str) -> Sandbox:
        """A started sandbox with exactly these limits, from the pool when one is ready."""
        shape = Shape(config, memory_mb, pids)
        box, exact = self._pop(shape)
        if box is not None and not exact:
            try:
                box.resize(memory_mb, pids)
            except JudgeError:
                self.release(box)
                box = None
        if box is None:
            box = Sandbox(self.client, config, memory_mb, pids, purpose)
            try:
                box.start()
            except BaseException:
                box.close()
                raise
        return box

    def _pop(self, shape: Shape) -> tuple[Sandbox | None, bool]:
        """A live ready sandbox of ``shape``, else of its settings, else none; and whether it
        was of the shape itself. Asking marks the shape as wanted, which wakes the filler."""
        with self._changed:
            if self._closed:
                return None, False
            self._wanted[shape] = None
            self._wanted.move_to_end(shape)
            while len(self._wanted) > self.max_shapes:
                dropped, _ = self._wanted.popitem(last=False)
                for stale in self._ready.pop(dropped, deque()):
                    self._spent.put(stale)
            self._changed.notify_all()
            others = [s for s in self._ready if s != shape and s.config == shape.config]
            candidates = [shape, *others]
            for candidate in candidates:
                ready = self._ready.get(candidate)
                while ready:
                    box = ready.popleft()
                    if box.alive():
                        return box, candidate == shape
                    self._spent.put(box)
        return None, False

    def release(self, box: Sandbox) -> None:
        """A used sandbox: detached now, removed by the reaper thread (never reused)."""
        with self._changed:
            if not self._closed:
                self._spent.put(box)
                return
        box.close()

    def ready(self, shape: Shape) -> int:
        """How many sandboxes of ``shape`` are ready now."""
        with self._changed:
            return len(self._ready.get(shape, ()))

    def wait_ready(self, shape: Shape, timeout: float = 60.0) -> bool:
        """Block until ``size`` sandboxes of ``shape`` are ready (asking for it if need be)."""
        with self._changed:
            self._wanted.setdefault(shape, None)
            self._changed.notify_all()
            return self._changed.wait_for(
                lambda: self._closed or len(self._ready.get(shape, ())) >= self.size, timeout
            )

    # Background threads -----------------------------------------------------------------------

    def _missing(self) -> Shape | None:
        """The most recently wanted shape short of sandboxes, if any."""
        for shape in reversed(self._wanted):
            if len(self._ready.get(shape, ())) < self.size:
                return shape
        return None

    def _fill(self) -> None:
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._closed or self._missing() is not None)
                if self._closed:
                    return
                shape = self._missing()
                self._starting = True
            assert shape is not None
            box = Sandbox(self.client, shape.config, shape.memory_mb, shape.pids, "run")
            try:
                box.start()
            except (JudgeError, OSError) as exc:
                box.close()
                log.warning("the sandbox pool could not start a container: %s", exc)
                with self._changed:  # do not spin on a broken engine
                    self._starting = False
                    self._changed.notify_all()
                    self._changed.wait(5.0)
                continue
            with self._changed:
                self._starting = False
                if self._closed or shape not in self._wanted:
                    self._spent.put(box)
                else:
                    self._ready.setdefault(shape, deque()).append(box)
                self._changed.notify_all()

    def prune(self) -> int:
        """Drop the ready sandboxes whose runner is gone (killed, the engine restarted); the
        filler replaces them. Returns how many."""
        dropped = 0
        with self._changed:
            for ready in self._ready.values():
                for box in [b for b in ready if not b.alive()]:
                    ready.remove(box)
                    self._spent.put(box)
                    dropped += 1
            self._changed.notify_all()
        return dropped

    def idle(self) -> set[str]:
        """The ids of the containers ready now (started, never used)."""
        with self._changed:
            return {box.container.id for ready in self._ready.values() for box in ready}

    def settle(self, timeout: float = 60.0) -> None:
        """Block until the pool is full and quiet: no sandbox being started, every used one
        handed back so far removed."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._closed or (not self._starting and self._missing() is None), timeout
            )
        self._spent.join()

    def _reap(self) -> None:
        while True:
            box = self._spent.get()
            try:
                if box is _STOP:
                    return
                with contextlib.suppress(Exception):  # the start-up sweep removes what is left
                    box.close()
            finally:
                self._spent.task_done()

    def close(self) -> None:
        """Stop refilling, and remove every ready and used sandbox before returning."""
        with self._changed:
            self._closed = True
            leftovers = [box for ready in self._ready.values() for box in ready]
            self._ready.clear()
            self._changed.notify_all()
        self._filler.join(timeout=60)
        with self._changed:  # a sandbox the filler was starting while we closed
            leftovers += [box for ready in self._ready.values() for box in ready]
            self._ready.clear()
        for box in leftovers:
            self._spent.put(box)
        self._spent.put(_STOP)
        self._reaper.join(timeout=120)
