"""One connection to the sandbox's server, and statements run on it one simple-query message
at a time, under a deadline (cancel, then terminate) and caps on rows and bytes."""

from __future__ import annotations

import ctypes
import resource
import select
import time
from collections.abc import Callable
from typing import Any

from .libpq import (
    CONNECTION_OK,
    COPY_IN,
    COPY_OUT,
    DIAG_SQLSTATE,
    FATAL_ERROR,
    PQ,
    QUIET,
    SINGLE_TUPLE,
    TUPLES_OK,
)

SOCKETS = "/work"
NUMBER_TYPES = {20, 21, 23, 26, 700, 701, 1700}  # int8, int2, int4, oid, float4, float8, numeric
BOOL_TYPE = 16
GRACE_S = 1.0  # after a cancel request, before the backend is terminated
CELL_OVERHEAD = 4  # bytes counted per cell besides its text, so wide NULL rows count too
MAX_ERROR = 2000

Outcome = dict[str, Any]
"""``{"ok", "result", "error", "code", "limit"}``, as :meth:`Session.run` describes."""


def conninfo(user: str, dbname: str) -> bytes:
    return f"host={SOCKETS} user={user} dbname={dbname} client_encoding=UTF8".encode()


class Lost(Exception):
    """The connection to the server broke."""


class Session:
    """One connection, and statements run on it one simple-query message at a time."""

    def __init__(
        self,
        user: str,
        dbname: str = "task",
        patience_s: float = 5.0,
        memory_mb: int | None = None,
    ) -> None:
        until = time.monotonic() + patience_s
        while True:
            conn = PQ.PQconnectdb(conninfo(user, dbname))
            if conn and PQ.PQstatus(conn) == CONNECTION_OK:
                break
            message = (PQ.PQerrorMessage(conn) or b"").decode("utf-8", "replace").strip()
            PQ.PQfinish(conn)
            # The server may be starting, or recovering from a crash the student caused.
            if time.monotonic() > until:
                raise Lost(message or "could not connect")
            time.sleep(0.02)
        PQ.PQsetNoticeProcessor(conn, QUIET, None)
        self.conn: Any = conn
        self.pid: int = PQ.PQbackendPID(conn)
        if memory_mb is not None:
            # What the backend may allocate (heap and private mappings, not shared buffers).
            limit = int(memory_mb) << 20
            resource.prlimit(self.pid, resource.RLIMIT_DATA, (limit, limit))

    def close(self) -> None:
        if self.conn:
            PQ.PQfinish(self.conn)
            self.conn = None

    def _problem(self) -> str:
        message: bytes = PQ.PQerrorMessage(self.conn) or b""
        return message.decode("utf-8", "replace").strip()

    def _cancel(self) -> None:
        handle = PQ.PQgetCancel(self.conn)
        if handle:
            PQ.PQcancel(handle, ctypes.create_string_buffer(256), 256)
            PQ.PQfreeCancel(handle)

    def run(
        self,
        sql: str,
        deadline: float,
        max_rows: int,
        max_bytes: int,
        keep: bool = True,
        on_stuck: Callable[[int], None] | None = None,
    ) -> Outcome:
        """Run ``sql`` (one or more statements) and return the last statement's rows.

        ``{"ok", "result", "error", "code", "limit"}``: ``result`` is ``{"columns", "types",
        "rows"}`` or None when the last statement returns no rows (or ``keep`` is false);
        ``limit`` is "time", "rows" or "bytes" when this side stopped the statement, "lost" when
        the connection broke. ``on_stuck(pid)`` terminates a backend that ignores a cancel.
        """
        out: Outcome = {"ok": True, "result": None, "error": None, "code": None, "limit": None}
        if not PQ.PQsendQuery(self.conn, sql.encode("utf-8")):
            return self._lost(out, self._problem())
        PQ.PQsetSingleRowMode(self.conn)
        # escalation: 0 running, 1 cancelled, 2 terminated
        state: dict[str, float] = {"escalation": 0, "give_up": deadline}

        def stop(reason: str) -> None:
            if out["limit"] is None:
                out["limit"] = reason
            if state["escalation"] == 0:
                state["escalation"] = 1
                state["give_up"] = time.monotonic() + GRACE_S
                self._cancel()

        def wait() -> bool:
            """Wait for input until the deadline, escalating past it; False when lost."""
            now = time.monotonic()
            if now >= state["give_up"]:
                if state["escalation"] == 0:
                    stop("time")
                elif state["escalation"] == 1 and on_stuck is not None:
                    state["escalation"] = 2
                    state["give_up"] = now + GRACE_S
                    on_stuck(self.pid)
                else:
                    out["limit"] = out["limit"] or "time"
                    return False
                return True
            left = min(state["give_up"] - now, 0.5)
            ready, _, _ = select.select([PQ.PQsocket(self.conn)], [], [], left)
            return not ready or bool(PQ.PQconsumeInput(self.conn))

        current: dict[str, Any] | None = None  # the rows of the statement being read
        refused_copy = False
        rows = size = 0
        while True:
            if PQ.PQisBusy(self.conn):
                if not wait():
                    return self._lost(out, self._problem() or "the statement could not be stopped")
                continue
            result = PQ.PQgetResult(self.conn)
            if not result:
                break
            try:
                status = PQ.PQresultStatus(result)
                if status in (SINGLE_TUPLE, TUPLES_OK):
                    if current is None:
                        current = self._header(result)
                        rows = size = 0
                    if status == SINGLE_TUPLE:
                        rows += 1
                        cells = self._cells(result)
                        size += sum(CELL_OVERHEAD + len(v or b"") for v in cells)
                        if rows > max_rows:
                            stop("rows")
                        elif size > max_bytes:
                            stop("bytes")
                        elif keep and out["limit"] is None:
                            current["rows"].append(self._row(cells, current["types"]))
                    else:  # the end of a statement's rows
                        out["result"] = current if keep else None
                        current = None
                elif status == COPY_IN:
                    PQ.PQputCopyEnd(self.conn, b"COPY FROM STDIN is not available here: use INSERT")
                    refused_copy = True
                elif status == COPY_OUT:
                    if not self._drain_copy(max_bytes, stop, wait):
                        return self._lost(out, self._problem() or "COPY could not be stopped")
                    out["result"] = None
                elif status == FATAL_ERROR:
                    if out["error"] is None:
                        message = PQ.PQresultErrorMessage(result) or b""
                        out["error"] = message.decode("utf-8", "replace").strip()[:MAX_ERROR]
                        code = PQ.PQresultErrorField(result, DIAG_SQLSTATE)
                        out["code"] = code.decode() if code else None
                        if refused_copy:  # not a cancel, whatever the server calls it
                            out["code"] = "0A000"
                    out["ok"] = False
                    out["result"] = None
                    current = None
                else:  # COMMAND_OK, EMPTY_QUERY: the latest statement returned no rows
                    out["result"] = None
            finally:
                PQ.PQclear(result)
        if PQ.PQstatus(self.conn) != CONNECTION_OK:
            return self._lost(out, self._problem())
        if out["limit"] is not None:
            out["ok"] = False
            out["result"] = None
        return out

    def _drain_copy(
        self, max_bytes: int, stop: Callable[[str], None], wait: Callable[[], bool]
    ) -> bool:
        """Read ``COPY … TO STDOUT`` data and drop it, within the deadline and byte cap."""
        size = 0
        buffer = ctypes.c_void_p()
        while True:
            nbytes = PQ.PQgetCopyData(self.conn, ctypes.byref(buffer), 1)
            if nbytes > 0:
                PQ.PQfreemem(buffer)
                size += nbytes
                if size > max_bytes:
                    stop("bytes")
            elif nbytes == 0:
                if not wait():
                    return False
            else:  # -1: done (the final result follows), -2: an error
                return True

    def _lost(self, out: Outcome, problem: str) -> Outcome:
        out["ok"] = False
        out["result"] = None
        out["error"] = (
            out["error"]
            or ("the connection to the database server was lost: " + problem)[:MAX_ERROR]
        )
        out["limit"] = out["limit"] or "lost"
        self.close()
        return out

    @staticmethod
    def _header(result: Any) -> dict[str, Any]:
        columns, types = [], []
        for c in range(PQ.PQnfields(result)):
            columns.append((PQ.PQfname(result, c) or b"?").decode("utf-8", "replace"))
            oid = PQ.PQftype(result, c)
            types.append(
                "number" if oid in NUMBER_TYPES else "bool" if oid == BOOL_TYPE else "text"
            )
        return {"columns": columns, "types": types, "rows": []}

    @staticmethod
    def _cells(result: Any) -> list[bytes | None]:
        cells: list[bytes | None] = []
        for c in range(PQ.PQnfields(result)):
            if PQ.PQgetisnull(result, 0, c):
                cells.append(None)
            else:
                length = PQ.PQgetlength(result, 0, c)
                cells.append(ctypes.string_at(PQ.PQgetvalue(result, 0, c), length))
        return cells

    @staticmethod
    def _row(cells: list[bytes | None], types: list[str]) -> list[Any]:
        row: list[Any] = []
        for value, kind in zip(cells, types, strict=True):
            if value is None:
                row.append(None)
            elif kind == "bool":
                row.append(value == b"t")
            else:  # numbers stay text (exact); the host reads them as decimals
                row.append(value.decode("utf-8", "replace"))
        return row
