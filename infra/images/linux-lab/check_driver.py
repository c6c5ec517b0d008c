"""The Linux lab's check container: PID 1, root, no network, the pristine image read-only.

Reads a 10-digit length, a JSON job of that length, then the tar archive of the student's state
(from the first container) on stdin. The archive is extracted into tmpfs directories mounted
noexec, nosuid and nodev, so nothing the student left can be executed as a program here, and
every tool the checks use comes from the read-only image. Then the driver gathers facts and
prints them as one JSON line; the host decides what passed.

Order: file, account and cron facts first (read natively, no program runs), then the optional
``boot`` script (what the system would do at start, e.g. load /etc/nftables.conf), then the
command, HTTP, TCP and packet probes in the order the task lists them. Every process is killed
after each probe, so a probe that starts a student's service cannot leave it running for the
next. Packet probes inject frames on a veth pair (``eth0`` and its peer) with a raw socket, so
they cross the firewall's input hook like traffic from another host.
"""

import contextlib
import ctypes
import http.client
import json
import os
import shutil
import signal
import socket
import stat
import struct
import subprocess
import sys
import threading
import time

LIB = "/usr/lib/ict-lab"
SKEL = f"{LIB}/skel.tar"
STATE_DIRS = ["etc", "home", "root", "srv", "opt", "var", "mnt"]
TAR_STATE = ["--xattrs", "--xattrs-include=*", "--acls", "--numeric-owner", "--directory", "/"]
PATH = "/usr/sbin:/usr/bin:/sbin:/bin"
KEEP = 64 * 1024
READ_CAP = 1 << 20
PR_SET_DUMPABLE = 4
ACL_TAGS = {1: "user_obj", 2: "user", 4: "group_obj", 8: "group", 16: "mask", 32: "other"}


def harden():
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def read_exact(size):
    data = bytearray()
    while len(data) < size:
        chunk = os.read(0, size - len(data))
        if not chunk:
            raise EOFError("the job ended early")
        data += chunk
    return bytes(data)


def reap():
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def kill_all():
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with contextlib.suppress(ProcessLookupError):
            os.kill(-1, signal.SIGKILL)
        reap()
        if not [p for p in os.listdir("/proc") if p.isdigit() and p != "1"]:
            return
        time.sleep(0.005)


def remove(path):
    if os.path.islink(path) or os.path.isfile(path):
        os.unlink(path)
    elif os.path.isdir(path):
        shutil.rmtree(path, ignore_errors=True)


def extract(timings):
    """The student's state into the tmpfs directories, then the loader and interpreter
    start-up files reset to the image's own (a state must not change how trusted programs
    start: /etc/ld.so.preload, /etc/ld.so.cache, /etc/python3*)."""
    t = time.monotonic()
    state = subprocess.run(
        [
            "tar",
            "--extract",
            "--file",
            "-",
            "--same-permissions",
            "--same-owner",
            "--warning=no-timestamp",
            *TAR_STATE,
            *STATE_DIRS,
        ],
        stdin=0,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    remove("/etc/ld.so.preload")
    remove("/etc/ld.so.cache")
    shutil.copyfile(f"{LIB}/ld.so.cache", "/etc/ld.so.cache")
    for name in os.listdir("/etc"):
        if name.startswith("python3"):
            remove(f"/etc/{name}")
    subprocess.run(
        ["tar", "--extract", "--file", SKEL, "--wildcards", *TAR_STATE, "run", "etc/python3*"],
        check=True,
    )
    timings["extract_ms"] = (time.monotonic() - t) * 1000
    errors = state.stderr.decode("utf-8", "replace")[-4000:]
    return {"exit": state.returncode, "errors": errors}


def read_text(path, follow=False):
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


def decode_acl(blob):
    """A ``system.posix_acl_*`` attribute: version 2, then (tag u16, perm u16, id u32)."""
    entries = []
    for offset in range(4, len(blob) - 7, 8):
        tag, perm, ident = struct.unpack_from("<HHI", blob, offset)
        name = ACL_TAGS.get(tag, str(tag))
        perms = "".join(c if perm & bit else "-" for c, bit in (("r", 4), ("w", 2), ("x", 1)))
        entries.append([name, ident if name in ("user", "group") else None, perms])
    return entries


def acl(path, name, follow):
    try:
        return decode_acl(os.getxattr(path, name, follow_symlinks=follow))
    except OSError:
        return None


def file_facts(probe):
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
    facts = {
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


def shadow_states(text):
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


def account_facts():
    return {
        "passwd": read_text("/etc/passwd") or "",
        "group": read_text("/etc/group") or "",
        "shadow": shadow_states(read_text("/etc/shadow") or ""),
    }


def cron_sources():
    """Every file cron would read, with what cron needs to decide whether it reads it."""
    found = [("/etc/crontab", "system", None)]
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


class Pump:
    """Reads a pipe in a thread, keeping at most KEEP bytes; ``full`` once more arrived."""

    def __init__(self, stream):
        self.stream = stream
        self.data = bytearray()
        self.full = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while True:
            try:
                chunk = self.stream.read1(65536)
            except (OSError, ValueError):
                return
            if not chunk:
                return
            room = KEEP - len(self.data)
            self.data += chunk[: max(room, 0)]
            if len(chunk) > room:
                self.full = True

    def text(self):
        return self.data.decode("utf-8", "replace")


def identity(user, accounts):
    """(uid, gid, groups) of ``user`` from the student's /etc/passwd and /etc/group, skipping
    lines that are not well formed (as the C library does)."""
    for line in accounts["passwd"].splitlines():
        fields = line.split(":")
        if len(fields) == 7 and fields[0] == user and fields[2].isdigit() and fields[3].isdigit():
            uid, gid = int(fields[2]), int(fields[3])
            groups = {gid}
            for row in accounts["group"].splitlines():
                parts = row.split(":")
                if len(parts) == 4 and parts[2].isdigit() and user in parts[3].split(","):
                    groups.add(int(parts[2]))
            return uid, gid, sorted(groups)
    return None


def environment(user):
    return {
        "PATH": PATH,
        "HOME": f"{LIB}/home",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TERM": "dumb",
        "USER": user,
        "LOGNAME": user,
    }


def spawn(command, user, accounts, stdout, stderr):
    """``bash -c command`` as ``user`` (root when None), in a session of its own."""
    ident = None
    if user:
        ident = identity(user, accounts)
        if ident is None:
            raise LookupError(f"there is no user {user!r}")

    return subprocess.Popen(
        ["/bin/bash", "--noprofile", "--norc", "-c", command],
        stdin=subprocess.DEVNULL,
        stdout=stdout,
        stderr=stderr,
        cwd="/",
        env=environment(user or "root"),
        start_new_session=True,
        user=ident[0] if ident else None,
        group=ident[1] if ident else None,
        extra_groups=ident[2] if ident else None,
        close_fds=True,
    )


def run_command(command, user, accounts, timeout_s):
    started = time.monotonic()
    process = spawn(command, user, accounts, subprocess.PIPE, subprocess.PIPE)
    out, err = Pump(process.stdout), Pump(process.stderr)
    timed_out = False
    deadline = started + timeout_s
    while process.poll() is None:
        if time.monotonic() > deadline:
            timed_out = True
            break
        if out.full or err.full:
            break
        time.sleep(0.002)
    if process.returncode is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    out.thread.join(0.2)
    err.thread.join(0.2)
    code = process.returncode
    return {
        "exit": code if code >= 0 and not timed_out else None,
        "signal": -code if code < 0 and not timed_out else None,
        "timed_out": timed_out,
        "stdout": out.text(),
        "stderr": err.text(),
        "truncated": out.full or err.full,
        "wall_ms": (time.monotonic() - started) * 1000,
    }


def wait_port(port, timeout_s, service):
    """Until 127.0.0.1:port accepts a connection, the service exits or time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            pass
        if service is not None and service.poll() is not None:
            return False
        time.sleep(0.02)
    return False


def start_service(probe, accounts):
    """Start the probe's ``start`` command in the background; returns (process, pump, facts)."""
    if not probe.get("start"):
        return None, None, None
    process = spawn(
        probe["start"], probe.get("start_as"), accounts, subprocess.PIPE, subprocess.STDOUT
    )
    pump = Pump(process.stdout)
    facts = {}
    port = probe.get("wait_port")
    if port:
        facts["port_ready"] = wait_port(port, probe.get("timeout_s", 5), process)
    return process, pump, facts


def service_report(process, pump, facts):
    if process is None:
        return None
    facts["exited"] = process.poll()
    pump.thread.join(0.05)
    facts["output"] = pump.text()[-4000:]
    return facts


def http_get(probe):
    connection = http.client.HTTPConnection("127.0.0.1", probe["port"], timeout=probe["timeout_s"])
    try:
        connection.request("GET", probe.get("path", "/"), headers={"Host": probe.get("host", "")})
        response = connection.getresponse()
        body = response.read(KEEP)
        return {
            "status": response.status,
            "headers": {k.lower(): v for k, v in response.getheaders()},
            "body": body.decode("utf-8", "replace"),
        }
    except (OSError, http.client.HTTPException) as exc:
        return {"error": f"{type(exc).__name__}: {exc}"}
    finally:
        connection.close()


def tcp_talk(probe):
    try:
        with socket.create_connection(("127.0.0.1", probe["port"]), timeout=1) as sock:
            if probe.get("send"):
                sock.sendall(probe["send"].encode())
            sock.settimeout(min(1.0, probe["timeout_s"]))
            data = bytearray()
            try:
                while len(data) < 4096:
                    chunk = sock.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                    if b"\n" in chunk and not probe.get("send"):
                        break
            except TimeoutError:
                pass
            return {"connected": True, "data": data.decode("utf-8", "replace")}
    except OSError as exc:
        return {"connected": False, "error": exc.strerror or str(exc)}


LAB_ADDRESS = "198.51.100.10"
PEER = "ictpeer"
ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800
PACKET_OUTGOING = 4


class Wire:
    """A veth pair: ``eth0`` is the lab's interface (198.51.100.10/24); its peer is where
    probe packets are injected from any source address, as if from the network, so that they
    cross the firewall's input hook on eth0 like real traffic (loopback traffic would not)."""

    def __init__(self):
        for command in (
            ["ip", "link", "add", "eth0", "type", "veth", "peer", "name", PEER],
            ["ip", "link", "set", "eth0", "up"],
            ["ip", "link", "set", PEER, "up"],
            ["ip", "address", "add", f"{LAB_ADDRESS}/24", "dev", "eth0"],
        ):
            done = subprocess.run(
                command, capture_output=True, env=environment("root"), check=False
            )
            if done.returncode != 0:
                raise OSError(f"{' '.join(command)}: {done.stderr.decode().strip()}")
        self.lab_mac = self._mac("eth0")
        self.peer_mac = self._mac(PEER)
        self.sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
        self.sock.bind((PEER, 0))
        self.sources = set()
        self.port = 40000

    @staticmethod
    def _mac(name):
        with open(f"/sys/class/net/{name}/address") as handle:
            return bytes.fromhex(handle.read().strip().replace(":", ""))

    def route(self, source):
        """Replies to ``source`` leave through eth0 towards the peer."""
        if source in self.sources:
            return
        env = environment("root")
        for command in (
            ["ip", "route", "replace", f"{source}/32", "dev", "eth0"],
            ["ip", "neigh", "replace", source, "lladdr", self.peer_mac.hex(":"), "dev", "eth0"],
        ):
            subprocess.run(command, env=env, capture_output=True, check=True)
        self.sources.add(source)

    def send(self, source, proto, payload):
        ip = ip_header(source, LAB_ADDRESS, proto, len(payload))
        frame = self.lab_mac + self.peer_mac + struct.pack("!H", ETH_P_IP) + ip + payload
        self.sock.send(frame)

    def replies(self, source, until):
        """IPv4 packets from the lab to ``source`` seen on the peer until ``until``, as
        (protocol, payload); (None, None) every 20 ms of silence."""
        while True:
            left = until - time.monotonic()
            if left <= 0:
                return
            self.sock.settimeout(min(left, 0.02))
            try:
                frame, address = self.sock.recvfrom(65535)
            except TimeoutError:
                yield None, None
                continue
            if address[2] == PACKET_OUTGOING or len(frame) < 34:
                continue
            if struct.unpack("!H", frame[12:14])[0] != ETH_P_IP:
                continue
            packet = frame[14:]
            header = (packet[0] & 0x0F) * 4
            if socket.inet_ntoa(packet[16:20]) != source:
                continue
            yield packet[9], packet[header:]


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def ip_header(source, destination, proto, length):
    fields = [0x45, 0, 20 + length, 0x1234, 0, 64, proto, 0]
    addresses = socket.inet_aton(source) + socket.inet_aton(destination)
    header = struct.pack("!BBHHHBBH", *fields) + addresses
    fields[7] = checksum(header)
    return struct.pack("!BBHHHBBH", *fields) + addresses


def transport(source, proto, body):
    """``body`` with its checksum filled in (TCP and UDP cover a pseudo-header)."""
    pseudo = socket.inet_aton(source) + socket.inet_aton(LAB_ADDRESS)
    pseudo += struct.pack("!BBH", 0, proto, len(body))
    offset = 16 if proto == 6 else 6
    value = checksum(pseudo + body)
    return body[:offset] + struct.pack("!H", value) + body[offset + 2 :]


def listener(proto, port):
    kind = socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM
    sock = socket.socket(socket.AF_INET, kind)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("0.0.0.0", port))
    if proto == "tcp":
        sock.listen(16)
    sock.setblocking(False)
    return sock


def knock(wire, probe, server):
    """One packet from ``probe['source']``: accept, drop or reject, as the firewall decided."""
    source, proto, port = probe["source"], probe["proto"], probe.get("port") or 0
    wire.route(source)
    wire.port += 1
    mine = wire.port
    if proto == "tcp":
        body = struct.pack("!HHIIBBHHH", mine, port, 1000, 0, 5 << 4, 0x02, 64240, 0, 0)
        wire.send(source, 6, transport(source, 6, body))
    elif proto == "udp":
        data = b"ict-probe"
        body = struct.pack("!HHHH", mine, port, 8 + len(data), 0) + data
        wire.send(source, 17, transport(source, 17, body))
    else:
        body = struct.pack("!BBHHH", 8, 0, 0, mine, 1) + b"ict-probe"
        body = body[:2] + struct.pack("!H", checksum(body)) + body[4:]
        wire.send(source, 1, body)
    until = time.monotonic() + probe.get("wait_s", 0.25)
    for number, payload in wire.replies(source, until):
        if proto == "udp" and server is not None:
            try:
                server.recvfrom(64)
                return "accept"
            except BlockingIOError:
                pass
        if number == 6 and proto == "tcp" and len(payload) >= 14:
            sport, dport = struct.unpack("!HH", payload[:4])
            flags = payload[13]
            if (sport, dport) == (port, mine):
                if flags & 0x12 == 0x12:
                    return "accept"
                if flags & 0x04:
                    return "reject"
        elif number == 1 and payload:
            if payload[0] == 0 and proto == "icmp":
                return "accept"
            if payload[0] == 3:
                return "reject"
    return "drop"


WIRE = []


def packet_probe(probe):
    if not WIRE:
        WIRE.append(Wire())
    server = None
    if probe["proto"] in ("tcp", "udp"):
        server = listener(probe["proto"], probe["port"])
    try:
        return {"outcomes": [knock(WIRE[0], probe, server) for _ in range(probe.get("repeat", 2))]}
    finally:
        if server is not None:
            server.close()


def exec_probe(probe, accounts):
    """One probe that runs programs; every process is killed afterwards."""
    started = time.monotonic()
    try:
        process, pump, service = start_service(probe, accounts)
        kind = probe["probe"]
        if kind == "run":
            facts = run_command(probe["command"], probe.get("as"), accounts, probe["timeout_s"])
        elif kind == "http":
            facts = http_get(probe)
        elif kind == "packet":
            facts = packet_probe(probe)
        else:
            facts = tcp_talk(probe)
        facts["service"] = service_report(process, pump, service)
    except (LookupError, OSError, ValueError) as exc:  # e.g. what the student's files make
        facts = {"error": str(exc)}
    finally:
        kill_all()
    facts["wall_ms"] = (time.monotonic() - started) * 1000
    return facts


def main():
    harden()
    size = int(read_exact(10))
    job = json.loads(read_exact(size))
    timings = {}
    out = {"timings": timings, "extract": extract(timings)}
    t = time.monotonic()
    accounts = account_facts()
    facts = {}
    for probe in job.get("probes", []):
        if probe["probe"] == "file":
            facts[probe["id"]] = file_facts(probe)
    if job.get("accounts"):
        out["accounts"] = accounts
    if job.get("cron"):
        out["cron"] = cron_sources()
    timings["inspect_ms"] = (time.monotonic() - t) * 1000
    t = time.monotonic()
    if job.get("boot"):
        boot = run_command(job["boot"], None, accounts, job.get("boot_s", 10))
        kill_all()
        out["boot"] = boot
    for probe in job.get("probes", []):
        if probe["probe"] != "file":
            facts[probe["id"]] = exec_probe(probe, accounts)
    timings["probes_ms"] = (time.monotonic() - t) * 1000
    out["facts"] = facts
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
