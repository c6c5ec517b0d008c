# Subtracts the readings without handling the counter wrap: a wrapped counter gives a negative
# number of octets.
import sys

UNITS = {"K": 10**3, "M": 10**6, "G": 10**9, "T": 10**12}
lines = sys.stdin.read().split("\n")
for line in lines[1 : 1 + int(lines[0])]:
    name, speed, interval, first, second = line.split()
    capacity = int(speed[:-1]) * UNITS[speed[-1]] * int(interval)
    d = int(second) - int(first)
    status = "normal" if 800 * d < 70 * capacity else "busy" if 800 * d <= 100 * capacity else "impossible"
    print(f"{name} {800 * d / capacity:.2f} {status}")
