# Grants every system_grant permission, declared or not.
import sys

lines = sys.stdin.read().split("\n")
p = int(lines[0])
kind = dict(line.split() for line in lines[1 : p + 1])
d = int(lines[p + 1])
declared = set(lines[p + 2 : p + 2 + d])
decided = {}
at = p + 2 + d
for line in lines[at + 1 : at + 1 + int(lines[at])]:
    event, name, *arg = line.split()
    if kind.get(name) == "system_grant":
        if event != "settings":
            print("allowed" if event == "check" else "granted")
        continue
    user = name in declared
    if event == "check":
        print("allowed" if decided.get(name, False) else "denied")
    elif event == "settings":
        if user:
            decided[name] = arg[0] == "on"
    elif not user:
        print("undeclared")
    elif name in decided:
        print("granted" if decided[name] else "denied")
    else:
        decided[name] = arg[0] == "yes"
        print("dialog granted" if decided[name] else "dialog denied")
