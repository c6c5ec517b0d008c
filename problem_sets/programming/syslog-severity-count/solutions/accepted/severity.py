import sys

NAMES = ("emergencies", "alerts", "critical", "errors", "warnings", "notifications",
         "informational", "debugging")
DIGITS = "0123456789"
MODULE_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def severity(fields):
    """The severity of a log message, or -1 when the line is malformed."""
    if len(fields) < 4:
        return -1
    tag = fields[3]
    if len(tag) < 4 or tag[:2] != "%%" or tag[2] not in DIGITS or tag[3] not in DIGITS:
        return -1
    slash = tag.find("/", 4)
    if slash <= 4 or not all(c in MODULE_CHARS for c in tag[4:slash]):
        return -1
    if len(tag) < slash + 3 or tag[slash + 1] not in "01234567" or tag[slash + 2] != "/":
        return -1
    return int(tag[slash + 1])


def main():
    lines = sys.stdin.read().split("\n")
    n = int(lines[0])
    counts = [0] * 8
    malformed = 0
    serious = {}
    for line in lines[1 : 1 + n]:
        fields = line.split()
        level = severity(fields)
        if level < 0:
            malformed += 1
            continue
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


main()
