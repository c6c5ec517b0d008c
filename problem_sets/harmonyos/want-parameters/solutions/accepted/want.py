import re
import sys

INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")


def main() -> None:
    lines = sys.stdin.read().split("\n")
    w = int(lines[0])
    want: dict[str, str] = {}
    for line in lines[1 : w + 1]:
        key, eq, value = line.partition("=")
        if eq:
            want[key] = value
    bundle, ability = want.get("bundleName", ""), want.get("abilityName", "")
    out = [f"explicit {bundle}/{ability}" if bundle and ability else "implicit"]
    q = int(lines[w + 1])
    for line in lines[w + 2 : w + 2 + q]:
        kind, name, default = line.split()
        value = want.get("parameters." + name)
        if value is None:
            out.append(default)
        elif kind == "string":
            out.append(value)
        elif kind == "int":
            ok = INTEGER.fullmatch(value) and -(2**31) <= int(value) < 2**31
            out.append(value if ok else default)
        else:
            out.append(value if value in ("true", "false") else default)
    print("\n".join(out))


main()
