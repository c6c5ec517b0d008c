"""The Linux lab's first container: PID 1, root, no network, read-only root filesystem.

Reads one JSON job on stdin ({"setup": str | null, "script": str, "time_s", "setup_s",
"output_bytes"}), fills the writable tmpfs directories from the pristine state, runs the task's
hidden setup script and then the student's script (both as root, under a wall-clock limit and an
output cap), kills every process left behind, and writes one JSON line with what happened,
followed by a tar archive of the resulting state (etc home root srv opt var mnt) on stdout.

The host never execs into this container. The student's processes cannot ptrace or read this
process (it is not dumpable and CAP_SYS_PTRACE is never granted), cannot signal it (PID 1 of
its namespace only gets signals it handles, and it handles none), and cannot change its files
(the root filesystem is read-only). Nothing this container reports is trusted for grading
anyway: the archive is the student's state, which the checks inspect in a fresh container.
"""

import contextlib
import ctypes
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time

LIB = "/usr/lib/ict-lab"
SKEL = f"{LIB}/skel.tar"
WORK = "/run/ict"
STATE_DIRS = ["etc", "home", "root", "srv", "opt", "var", "mnt"]
TAR_STATE = [
    "--xattrs",
    "--xattrs-include=*",
    "--acls",
    "--numeric-owner",
    "--directory",
    "/",
]
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
KEEP = 64 * 1024  # bytes of the script's output kept for the report
PR_SET_DUMPABLE = 4


def harden():
    """Not dumpable (no ptrace, no /proc/1/mem for the student), no Python SIGINT handler."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def oom_kills():
    """The memory cgroup's OOM-kill counter (cgroup v1 or v2), or 0 when unreadable."""
    for path, key in (
        ("/sys/fs/cgroup/memory/memory.oom_control", "oom_kill"),
        ("/sys/fs/cgroup/memory.events", "oom_kill"),
    ):
        try:
            with open(path) as handle:
                for line in handle:
                    name, _, value = line.partition(" ")
                    if name == key:
                        return int(value)
        except (OSError, ValueError):
            continue
    return 0


def others():
    """PIDs of every process in this namespace but this one."""
    return [int(p) for p in os.listdir("/proc") if p.isdigit() and int(p) != 1]


def reap(main_pid=None):
    """Collect every exited child (orphans are re-parented to PID 1 and would otherwise hold
    their PIDs as zombies); returns the wait status of ``main_pid`` if it was among them."""
    found = None
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return found
        if pid == 0:
            return found
        if pid == main_pid:
            found = status


def kill_all():
    """SIGKILL every other process (a fork bomb too: kill(-1) reaches them all at once) and
    reap them, until only PID 1 is left."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with contextlib.suppress(ProcessLookupError):
            os.kill(-1, signal.SIGKILL)
        reap()
        if not others():
            return
        time.sleep(0.005)


class Output:
    """Reads a child's merged stdout/stderr in a thread: keeps the first KEEP bytes, counts
    all of them, and notes when more than ``limit`` arrived."""

    def __init__(self, fd, limit):
        self.fd = fd
        self.limit = limit
        self.kept = bytearray()
        self.total = 0
        self.exceeded = False
        self.thread = threading.Thread(target=self._pump, daemon=True)
        self.thread.start()

    def _pump(self):
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

    def text(self):
        return self.kept.decode("utf-8", "replace")


def run(path, wall_s, output_limit):
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


def finish(result, wait_s):
    """Replace the reader by the output it gathered (waiting up to ``wait_s`` for the pipe to
    close: processes still running may hold it open)."""
    reader = result.pop("reader")
    reader.thread.join(timeout=wait_s)
    result["output"] = reader.text()
    result["output_bytes"] = reader.total
    return result


def remove(path):
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path, ignore_errors=True)


def main():
    harden()
    job = json.loads(sys.stdin.buffer.read(8 << 20) or b"{}")
    timings = {}
    t = time.monotonic()
    subprocess.run(
        ["tar", "--extract", "--file", SKEL, "--same-permissions", "--same-owner", *TAR_STATE],
        check=True,
    )
    os.makedirs(WORK, mode=0o700, exist_ok=True)
    timings["prepare_ms"] = (time.monotonic() - t) * 1000
    out = {"timings": timings}
    before = oom_kills()
    if job.get("setup"):
        path = f"{WORK}/setup.sh"
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o700), "w") as handle:
            handle.write(job["setup"])
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
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o700), "w") as handle:
        handle.write(job.get("script", ""))
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


if __name__ == "__main__":
    sys.exit(main())
