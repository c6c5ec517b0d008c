import sys


def main() -> None:
    lines = sys.stdin.read().split("\n")
    p = int(lines[0])
    kind = dict(line.split() for line in lines[1 : p + 1])
    d = int(lines[p + 1])
    declared = set(lines[p + 2 : p + 2 + d])
    decided: dict[str, bool] = {}  # user_grant permissions the user has decided on
    out: list[str] = []
    at = p + 2 + d
    for line in lines[at + 1 : at + 1 + int(lines[at])]:
        event, name, *arg = line.split()
        user = name in declared and kind[name] == "user_grant"
        if event == "check":
            granted = decided.get(name, False) if user else name in declared
            out.append("allowed" if granted else "denied")
        elif event == "settings":
            if user:
                decided[name] = arg[0] == "on"
        elif name not in declared:
            out.append("undeclared")
        elif not user:
            out.append("granted")
        elif name in decided:
            out.append("granted" if decided[name] else "denied")
        else:
            decided[name] = arg[0] == "yes"
            out.append("dialog granted" if decided[name] else "dialog denied")
    print("\n".join(out))


main()
