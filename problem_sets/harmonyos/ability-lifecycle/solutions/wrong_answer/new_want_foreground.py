# Believes onNewWant always brings the ability to the foreground.
import sys

MOVES = {
    "start": {"onCreate": "created"},
    "destroyed": {"onCreate": "created"},
    "created": {"onWindowStageCreate": "stage", "onDestroy": "destroyed"},
    "stage": {"onForeground": "fg", "onWindowStageDestroy": "nostage"},
    "fg": {"onBackground": "bg", "onNewWant": "fg"},
    "bg": {"onForeground": "fg", "onNewWant": "fg", "onWindowStageDestroy": "nostage"},
    "nostage": {"onDestroy": "destroyed"},
}
lines = sys.stdin.read().split("\n")
state, last, error = {}, {}, {}
for k in range(1, int(lines[0]) + 1):
    name, callback = lines[k].split()
    if name in error:
        continue
    nxt = MOVES[state.get(name, "start")].get(callback)
    if nxt is None:
        error[name] = f"{name} error {k} {callback}"
        state.setdefault(name, "start")
    else:
        state[name], last[name] = nxt, callback
print("\n".join(error.get(name) or f"{name} ok {last[name]}" for name in state))
