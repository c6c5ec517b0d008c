# Reads the fourth field without checking that the line has four fields: a continuation line
# or a truncated line raises IndexError.
import sys

NAMES = ("emergencies", "alerts", "critical", "errors", "warnings", "notifications",
         "informational", "debugging")
MODULE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

lines = sys.stdin.read().split("\n")
counts = [0] * 8
malformed = 0
serious = {}
for line in lines[1 : 1 + int(lines[0])]:
    fields = line.split()
    tag = fields[3]
    slash = tag.find("/", 4)
    ok = (
        tag[:2] == "%%" and tag[2:4].isdigit() and len(tag[2:4]) == 2 and slash > 4
        and all(c in MODULE_CHARS for c in tag[4:slash])
        and len(tag) >= slash + 3 and tag[slash + 1] in "01234567" and tag[slash + 2] == "/"
    )
    if not ok:
        malformed += 1
        continue
    level = int(tag[slash + 1])
    counts[level] += 1
    if level <= 3:
        serious[fields[2]] = serious.get(fields[2], 0) + 1
for name, count in zip(NAMES, counts):
    print(name, count)
print("malformed", malformed)
best = min(serious, key=lambda device: (-serious[device], device)) if serious else "none"
print("top", best, serious.get(best, 0))
