# Only checks that the fourth field starts with "%%" and takes the character after the first
# "/" as the severity when it is a digit from 0 to 7: lower-case modules, a missing version
# number or a missing second "/" all slip through as messages.
import sys

NAMES = ("emergencies", "alerts", "critical", "errors", "warnings", "notifications",
         "informational", "debugging")

lines = sys.stdin.read().split("\n")
counts = [0] * 8
malformed = 0
serious = {}
for line in lines[1 : 1 + int(lines[0])]:
    fields = line.split()
    if len(fields) < 4 or not fields[3].startswith("%%") or "/" not in fields[3]:
        malformed += 1
        continue
    after = fields[3].split("/")[1]
    if not after or after[0] not in "01234567":
        malformed += 1
        continue
    level = int(after[0])
    counts[level] += 1
    if level <= 3:
        serious[fields[2]] = serious.get(fields[2], 0) + 1
for name, count in zip(NAMES, counts):
    print(name, count)
print("malformed", malformed)
if serious:
    best = min(serious, key=lambda device: (-serious[device], device))
    print("top", best, serious[best])
else:
    print("top none 0")
