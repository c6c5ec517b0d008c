# Expands a range a-b with range(a, b), which stops before b: the last VLAN of every range is
# lost (and a single VLAN "v" is read as the range v-v, which then adds nothing).
import sys

lines = sys.stdin.read().split("\n")
ports = {}
for line in lines[1 : 1 + int(lines[0])]:
    port, action, items = line.split()
    allowed = ports.setdefault(port, {1})
    for item in items.split(","):
        low, _, high = item.partition("-")
        vlans = range(int(low), int(high or low))
        if action == "allow":
            allowed.update(vlans)
        else:
            allowed.difference_update(vlans)
for port, allowed in ports.items():
    runs = []
    for v in sorted(allowed):
        if runs and runs[-1][1] == v - 1:
            runs[-1][1] = v
        else:
            runs.append([v, v])
    text = ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)
    print(port, len(allowed), text or "none")
