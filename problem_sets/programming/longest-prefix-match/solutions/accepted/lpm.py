import sys

MASKS = [(0xFFFFFFFF << (32 - length)) & 0xFFFFFFFF for length in range(33)]


def to_int(dotted):
    a, b, c, d = dotted.split(".")
    return int(a) << 24 | int(b) << 16 | int(c) << 8 | int(d)


def main():
    lines = sys.stdin.read().split("\n")
    n = int(lines[0])
    tables = [{} for _ in range(33)]  # one hash map per prefix length: network -> interface
    out = []
    for line in lines[1 : 1 + n]:
        parts = line.split()
        if parts[0] == "Q":
            address = to_int(parts[1])
            for length in range(32, -1, -1):
                table = tables[length]
                if table:
                    hop = table.get(address & MASKS[length])
                    if hop is not None:
                        out.append(hop)
                        break
            else:
                out.append("unreachable")
            continue
        prefix, length = parts[1].split("/")
        length = int(length)
        network = to_int(prefix) & MASKS[length]
        if parts[0] == "A":
            tables[length][network] = parts[2]
        else:
            tables[length].pop(network, None)
    sys.stdout.write("\n".join(out) + "\n" if out else "")


main()
