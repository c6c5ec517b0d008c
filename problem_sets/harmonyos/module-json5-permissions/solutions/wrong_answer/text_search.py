# Looks for the permission entries by searching the text instead of parsing it: a name in a
# comment, or a second requestPermissions elsewhere, is taken for a real entry.
import re
import sys

lines = sys.stdin.read().split("\n")
k = int(lines[0])
grants = dict(line.split() for line in lines[1 : k + 1])
text = "\n".join(lines[k + 1 :])
start = text.find("requestPermissions")
seen = set()
out = []
if start >= 0:
    for entry in re.findall(r"\{[^{}]*(?:\{[^{}]*\}[^{}]*)?\}", text[start:]):
        name = re.search(r"""["']?name["']?\s*:\s*["']([^"']*)["']""", entry)
        if not name:
            continue
        name = name.group(1)
        grant = grants.get(name)
        if name in seen:
            verdict = "duplicate"
        elif grant is None:
            verdict = "unknown"
        elif grant == "system_grant":
            verdict = "system_grant ok"
        else:
            missing = [f for f in ("reason", "usedScene") if not re.search(rf"{f}\s*:\s*[^\s'\"]", entry)
                       and not re.search(rf"""{f}\s*:\s*(["'])[^"']""", entry)]
            when = re.search(r"""when\s*:\s*["'](\w+)""", entry)
            verdict = ("user_grant missing " + ",".join(missing)) if missing else \
                f"user_grant ok {when.group(1) if when else 'inuse'}"
        seen.add(name)
        out.append(f"{name} {verdict}")
print("\n".join(out) if out else "none")
