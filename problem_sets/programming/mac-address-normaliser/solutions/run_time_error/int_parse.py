# Checks the grouping, then lets int(group, 16) check the digits: it raises ValueError on the
# first address with a character that is not hexadecimal, and the program dies.
import sys

NOTATIONS = ((":", 2), ("-", 2), (".", 4), ("-", 4), ("", 12))

words = sys.stdin.read().split()
for text in words[1 : 1 + int(words[0])]:
    value = None
    for sep, size in NOTATIONS:
        groups = text.split(sep) if sep else [text]
        if len(groups) == 12 // size and all(len(g) == size for g in groups):
            value = 0
            for g in groups:
                value = (value << (4 * size)) | int(g, 16)
            break
    if value is None:
        print("invalid")
        continue
    digits = f"{value:012x}"
    first = value >> 40
    kind = "broadcast" if value == (1 << 48) - 1 else "multicast" if first & 1 else "unicast"
    print(f"{digits[:4]}-{digits[4:8]}-{digits[8:]} {kind}")
