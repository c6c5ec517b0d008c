"""Writes data/ for config-checkpoints (deterministic: run from the package folder)."""

import random
import re
from pathlib import Path

WORD = re.compile(r"[A-Za-z0-9./:_-]{1,40}")


def solve(commands: list[str]) -> str:
    store: dict[str, str] = {}
    undo: list[tuple[str, str | None]] = []  # (key, value it had before the change)
    marks: list[int] = []  # length of `undo` when each open checkpoint was opened
    out = []
    for command in commands:
        word, *args = command.split()
        if word in ("set", "del"):
            key = args[0]
            if marks:
                undo.append((key, store.get(key)))
            if word == "set":
                store[key] = args[1]
            else:
                store.pop(key, None)
        elif word == "get":
            out.append(store.get(args[0], "(unset)"))
        elif word == "count":
            out.append(str(len(store)))
        elif word == "checkpoint":
            marks.append(len(undo))
        elif word == "rollback":
            if not marks:
                out.append("no checkpoint")
                continue
            mark = marks.pop()
            while len(undo) > mark:
                key, value = undo.pop()
                if value is None:
                    store.pop(key, None)
                else:
                    store[key] = value
        else:
            assert word == "commit"
            marks.clear()
            undo.clear()
    return "".join(f"{x}\n" for x in out)


def write(path: Path, commands: list[str]) -> None:
    assert 1 <= len(commands) <= 10**5
    arity = {"set": 2, "del": 1, "get": 1, "count": 0, "checkpoint": 0, "rollback": 0, "commit": 0}
    for command in commands:
        word, *args = command.split(" ")
        assert len(args) == arity[word] and all(WORD.fullmatch(a) for a in args), command
    path.with_suffix(".in").write_text(f"{len(commands)}\n" + "".join(f"{c}\n" for c in commands))
    path.with_suffix(".ans").write_text(solve(commands))


def config_keys(rng: random.Random, count: int) -> list[str]:
    keys = ["sysname", "ntp.server", "snmp.community", "ospf.1.router-id", "stp.mode"]
    while len(keys) < count:
        port = f"GE{rng.randint(0, 3)}/0/{rng.randint(0, 47)}"
        keys.append(rng.choice((
            f"interface.{port}.ip", f"interface.{port}.description", f"interface.{port}.shutdown",
            f"interface.{port}.port.default-vlan", f"vlan.{rng.randint(2, 4094)}.name",
            f"ip.route-static.10.{rng.randrange(256)}.0.0/16",
        )))  # fmt: skip
    return keys


def config_value(rng: random.Random) -> str:
    return rng.choice((
        f"10.{rng.randrange(256)}.{rng.randrange(256)}.1/24", "true", "false", "to_core",
        f"{rng.randint(2, 4094)}", f"GE0/0/{rng.randint(0, 47)}", "Uplink:AGG-SW1", "mstp",
        f"Vlanif{rng.randint(2, 4094)}", "NULL0", "AR-Campus-01",
    ))  # fmt: skip


def script(rng: random.Random, n: int, keys: list[str], depth: int, p_open: float) -> list[str]:
    """A random script: changes and reads, checkpoints nesting up to `depth`."""
    commands: list[str] = []
    open_now = 0
    while len(commands) < n:
        roll = rng.random()
        if roll < p_open and open_now < depth:
            commands.append("checkpoint")
            open_now += 1
        elif roll < 2 * p_open:
            commands.append("rollback")
            open_now = max(0, open_now - 1)
        elif roll < 2 * p_open + 0.01:
            commands.append("commit")
            open_now = 0
        elif roll < 0.55:
            commands.append(f"set {rng.choice(keys)} {config_value(rng)}")
        elif roll < 0.7:
            commands.append(f"del {rng.choice(keys)}")
        elif roll < 0.95:
            commands.append(f"get {rng.choice(keys)}")
        else:
            commands.append("count")
    return commands


def main() -> None:
    rng = random.Random(20240618)
    data = Path("data")
    sample = [
        "set sysname AR-Campus-01", "checkpoint", "set interface.GE0/0/1.ip 10.1.1.1/24",
        "set sysname AR-Test", "checkpoint", "del sysname", "count", "rollback", "get sysname",
        "rollback", "get sysname", "get interface.GE0/0/1.ip", "count", "rollback",
    ]  # fmt: skip
    write(data / "sample" / "01", sample)
    edge = [
        "rollback", "commit", "get a", "count", "del a", "count", "checkpoint", "set a 1",
        "set a 2", "del a", "set a 3", "get a", "rollback", "get a", "count", "set a 1",
        "checkpoint", "checkpoint", "checkpoint", "del a", "rollback", "get a", "set a 2",
        "rollback", "get a", "rollback", "get a", "rollback", "set b 1", "checkpoint",
        "set b 2", "commit", "rollback", "get b", "checkpoint", "set b 3", "checkpoint",
        "commit", "rollback", "get b", "checkpoint", "del b", "del b", "del zz", "rollback",
        "get b", "get zz", "count", "set A x", "get a", "get A", "count", "checkpoint",
        "rollback", "count",
    ]  # fmt: skip
    write(data / "secret" / "01", edge)
    keys = config_keys(rng, 20)
    write(data / "secret" / "02", script(rng, 500, keys, 3, 0.08))
    keys = config_keys(rng, 300)
    write(data / "secret" / "03", script(rng, 5000, keys, 20, 0.05))
    # deep nesting: thousands of checkpoints open at once, unwound one by one
    deep = []
    for i in range(3000):
        deep += ["checkpoint", f"set depth {i}", f"set k{i % 50} {i}", "count"]
    for _ in range(3000):
        deep += ["rollback", "get depth", "get k7"]
    deep += ["rollback", "count"]
    write(data / "secret" / "04", deep)
    # a large store, then many short checkpoints: copying the store at each one is too slow
    big = [f"set k{i} v{i % 97}" for i in range(30000)]
    for i in range(15000):
        big += ["checkpoint", "rollback"]
        if i % 3 == 0:
            big += [f"set k{rng.randrange(30000)} {i}", f"get k{rng.randrange(30000)}"]
    big += ["count"]
    write(data / "secret" / "05", big)
    write(data / "secret" / "06", ["get sysname"])


if __name__ == "__main__":
    main()
