import sys


def short_form(flags):
    runs = []
    v = 1
    while v <= 4094:
        if flags[v]:
            start = v
            while v < 4094 and flags[v + 1]:
                v += 1
            runs.append(str(start) if start == v else f"{start}-{v}")
        v += 1
    return ",".join(runs) or "none"


def main():
    lines = sys.stdin.read().split("\n")
    ports = {}  # dicts keep insertion order: the order of first appearance
    for line in lines[1 : 1 + int(lines[0])]:
        port, action, items = line.split()
        if port not in ports:
            ports[port] = bytearray(4095)
            ports[port][1] = 1
        flags = ports[port]
        value = 1 if action == "allow" else 0
        for item in items.split(","):
            low, _, high = item.partition("-")
            a = int(low)
            b = int(high) if high else a
            flags[a : b + 1] = bytes([value]) * (b - a + 1)
    for port, flags in ports.items():
        print(port, sum(flags), short_form(flags))


main()
