import sys

# state -> callback -> next state; "start" is an ability not seen yet, "fg"/"bg" foreground and
# background, "stage" a window stage made but never shown, "nostage" after onWindowStageDestroy.
MOVES = {
    "start": {"onCreate": "created"},
    "destroyed": {"onCreate": "created"},
    "created": {"onWindowStageCreate": "stage", "onDestroy": "destroyed"},
    "stage": {"onForeground": "fg", "onWindowStageDestroy": "nostage"},
    "fg": {"onBackground": "bg", "onNewWant": "fg"},
    "bg": {"onForeground": "fg", "onNewWant": "bg", "onWindowStageDestroy": "nostage"},
    "nostage": {"onDestroy": "destroyed"},
}


def main() -> None:
    lines = sys.stdin.buffer.read().decode().split("\n")
    n = int(lines[0])
    state: dict[str, str] = {}
    last: dict[str, str] = {}
    error: dict[str, str] = {}
    for k in range(1, n + 1):
        name, callback = lines[k].split()
        if name in error:
            continue
        nxt = MOVES[state.get(name, "start")].get(callback)
        if nxt is None:
            error[name] = f"{name} error {k} {callback}"
            state.setdefault(name, "start")
        else:
            state[name] = nxt
            last[name] = callback
    print("\n".join(error.get(name) or f"{name} ok {last[name]}" for name in state))


main()
