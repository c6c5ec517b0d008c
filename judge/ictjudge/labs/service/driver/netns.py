"""A thread per host that lives in the host's network namespace: the probes sent "from" a
host (HTTP, TCP, MQTT clients) run there. The thread joins the namespace once, when the host
is made, so that probing needs no new process or thread while the student's processes run
(a fork bomb can take every free PID of the container)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from .syscalls import CLONE_NEWNET, setns


class Worker:
    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.jobs: queue.SimpleQueue[tuple[Callable[..., Any], tuple[Any, ...], Future[Any]]]
        self.jobs = queue.SimpleQueue()
        self.thread: threading.Thread | None = None

    def open(self) -> None:
        """Start the thread (the namespace must exist)."""
        joined: Future[None] = Future()
        self.thread = threading.Thread(target=self._serve, args=(joined,), daemon=True)
        self.thread.start()
        joined.result(timeout=5)

    def _serve(self, joined: Future[None]) -> None:
        try:
            setns(f"/run/netns/{self.namespace}", CLONE_NEWNET)
        except OSError as exc:
            joined.set_exception(exc)
            return
        joined.set_result(None)
        while True:
            fn, args, future = self.jobs.get()
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(fn(*args))
            except BaseException as exc:  # the caller gets it
                future.set_exception(exc)

    def call(self, fn: Callable[..., Any], *args: Any, timeout: float = 60.0) -> Any:
        """``fn(*args)`` in the host's network namespace."""
        future: Future[Any] = Future()
        self.jobs.put((fn, args, future))
        return future.result(timeout=timeout)
