"""The Linux lab's first container: the student's system.

Reads one JSON job on stdin ({"setup": str | null, "script": str, "time_s", "setup_s",
"output_bytes"}), fills the writable tmpfs directories from the pristine state, runs the task's
hidden setup script and then the student's script (both as root, under a wall-clock limit and an
output cap), kills every process left behind, and writes one JSON line with what happened,
followed by a tar archive of the resulting state (etc home root srv opt var mnt) on stdout.

The host never execs into this container. Nothing it reports is trusted for grading anyway: the
archive is the student's state, which the checks inspect in a fresh container.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from .system import (
    KEEP,
    LIB,
    SKEL,
    STATE_DIRS,
    TAR_STATE,
    harden,
    kill_all,
    oom_kills,
    reap,
    remove,
)

WORK = "/run/ict"
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
ENV = {
    "PATH": PATH,
    "HOME": "/root",
    "USER": "root",
    "LOGNAME": "root",
    "SHELL": "/bin/bash",
    "LANG": "C.UTF-8",
    "TERM": "dumb",
}


class Output:
    """Reads a child's merged stdout/stderr in a thread: keeps the first KEEP bytes, counts
    all of them, and notes when more than ``limit`` arrived."""

    def __init__(self, fd: int, limit: int) -> None:
        self.fd = fd
        self.limit = limit
        self.kept = bytearray()
        self.total = 0
        self.exceeded = False
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def _pump(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.total += len(chunk)
            if len(self.kept) < KEEP:
                self.kept += chunk[: KEEP - len(self.kept)]
            if self.total > self.limit:
                self.exceeded = True

    def text(self) -> str:
        return self.kept.decode("utf-8", "replace")


def run(path: str, wall_s: float, output_limit: int) -> dict[str, Any]:
    """Run ``bash path`` as root until it exits, runs past ``wall_s`` or prints more than
    ``output_limit`` bytes (then every process is killed). Processes it leaves behind keep
    running; the caller decides when they die. The driver does all the waiting itself, so
    that orphans are reaped while the script runs."""
    read_fd, write_fd = os.pipe()
    started = time.monotonic()
    process = subprocess.Popen(
        # A high OOM score, so that the kernel kills the student's processes before this
        # driver when the lab runs out of memory; a session of its own.
        ["/usr/bin/choom", "-n", "1000", "--", "/bin/bash", "--noprofile", "--norc", path],
        stdin=subprocess.DEVNULL,
        stdout=write_fd,
        stderr=write_fd,
        cwd="/root",
        env=ENV,
        start_new_session=True,
        close_fds=True,
    )
    os.close(write_fd)
    output = Output(read_fd, output_limit)
    deadline = started + wall_s
    status = None
    timed_out = killed = False
    while status is None:
        status = reap(process.pid)
        if status is not None:
            break
        if not killed and output.exceeded:
            killed = True
            os.kill(-1, signal.SIGKILL)
        elif not killed and time.monotonic() > deadline:
            killed = timed_out = True
            os.kill(-1, signal.SIGKILL)
        time.sleep(0.005)
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    return {
        "exit": code if code >= 0 else None,
        "signal": -code if code < 0 else None,
        "timed_out": timed_out,
        "output_exceeded": output.exceeded,
        "wall_ms": (time.monotonic() - started) * 1000,
        "reader": output,
    }


def finish(result: dict[str, Any], wait_s: float) -> dict[str, Any]:
    """Replace the reader by the output it gathered (waiting up to ``wait_s`` for the pipe to
    close: processes still running may hold it open)."""
    reader: Output = result.pop("reader")
    reader.thread.join(timeout=wait_s)
    result["output"] = reader.text()
    result["output_bytes"] = reader.total
    return result


def write_script(path: str, text: str) -> None:
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o700), "w") as handle:
        handle.write(text)


def main() -> int:
    harden()
    job = json.loads(sys.stdin.buffer.read(8 << 20) or b"{}")
    timings: dict[str, float] = {}
    t = time.monotonic()
    subprocess.run(
        ["tar", "--extract", "--file", SKEL, "--same-permissions", "--same-owner", *TAR_STATE],
        check=True,
    )
    os.makedirs(WORK, mode=0o700, exist_ok=True)
    timings["prepare_ms"] = (time.monotonic() - t) * 1000
    out: dict[str, Any] = {"timings": timings}
    before = oom_kills()
    if job.get("setup"):
        path = f"{WORK}/setup.sh"
        write_script(path, job["setup"])
        # Daemons the setup starts keep running for the student's script (their output should
        # go to a file: the pipe is only read until the setup script itself ends).
        setup = finish(run(path, float(job.get("setup_s", 30)), 1 << 20), 0.05)
        os.unlink(path)  # the student never sees the hidden setup
        timings["setup_ms"] = setup.pop("wall_ms")
        if setup["timed_out"] or setup["exit"] != 0:
            kill_all()
            out["setup"] = setup
            print(json.dumps(out), flush=True)
            return 3
    path = f"{WORK}/answer.sh"
    write_script(path, job.get("script", ""))
    student = run(path, float(job.get("time_s", 10)), int(job.get("output_bytes", 1 << 20)))
    timings["script_ms"] = student.pop("wall_ms")
    t = time.monotonic()
    kill_all()
    finish(student, 1.0)
    student["oom_kills"] = oom_kills() - before
    out["student"] = student
    # The state goes to the checks without the student's loader configuration: the archive
    # is written by the image's own tar, which must not load a library the script planted.
    remove("/etc/ld.so.preload")
    shutil.copyfile(f"{LIB}/ld.so.cache", "/etc/ld.so.cache")
    timings["stop_ms"] = (time.monotonic() - t) * 1000
    print(json.dumps(out), flush=True)
    capture = subprocess.run(
        [
            "tar",
            "--create",
            "--file",
            "-",
            "--sparse",
            "--exclude=etc/hosts",
            "--exclude=etc/hostname",
            "--exclude=etc/resolv.conf",
            *TAR_STATE,
            *STATE_DIRS,
        ],
        stdout=sys.stdout.fileno(),
        stderr=subprocess.DEVNULL,
        check=False,
        env={"PATH": PATH, "LANG": "C.UTF-8"},
    )
    return 0 if capture.returncode in (0, 1) else 4
