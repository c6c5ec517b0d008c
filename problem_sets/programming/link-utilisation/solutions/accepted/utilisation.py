import sys

UNITS = {"K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}


def main():
    lines = sys.stdin.read().split("\n")
    out = []
    for line in lines[1 : 1 + int(lines[0])]:
        name, speed, interval, first, second = line.split()
        s = int(speed[:-1]) * UNITS[speed[-1]]
        t, a, b = int(interval), int(first), int(second)
        d = b - a if b >= a else b + 2**32 - a
        capacity = s * t
        # the status from exact integers, the printed value from a float
        if 800 * d < 70 * capacity:
            status = "normal"
        elif 800 * d <= 100 * capacity:
            status = "busy"
        else:
            status = "impossible"
        out.append(f"{name} {800 * d / capacity:.2f} {status}")
    print("\n".join(out))


main()
