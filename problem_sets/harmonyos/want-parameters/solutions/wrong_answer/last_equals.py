# Splits each line at its last '=' instead of its first.
import sys

lines = sys.stdin.read().split("\n")
w = int(lines[0])
want = {}
for line in lines[1 : w + 1]:
    if "=" in line:
        key, value = line.rsplit("=", 1)
        want[key] = value
bundle, ability = want.get("bundleName", ""), want.get("abilityName", "")
print(f"explicit {bundle}/{ability}" if bundle and ability else "implicit")
for line in lines[w + 2 : w + 2 + int(lines[w + 1])]:
    kind, name, default = line.split()
    value = want.get("parameters." + name)
    if value is None or (kind == "bool" and value not in ("true", "false")):
        print(default)
    elif kind == "int":
        ok = value.lstrip("-").isdigit() and not value.lstrip("-").startswith("0") or value in ("0", "-0")
        print(value if ok and -(2**31) <= int(value) < 2**31 else default)
    else:
        print(value)
