import sys
from typing import Any

ESCAPES = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'", "/": "/"}


class Json5:
    """A recursive-descent reader of the JSON5 subset in the statement."""

    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0

    def skip(self) -> None:
        text = self.text
        while self.at < len(text):
            if text[self.at].isspace():
                self.at += 1
            elif text.startswith("//", self.at):
                end = text.find("\n", self.at)
                self.at = len(text) if end < 0 else end
            elif text.startswith("/*", self.at):
                self.at = text.index("*/", self.at + 2) + 2
            else:
                return

    def value(self) -> Any:
        self.skip()
        c = self.text[self.at]
        if c == "{":
            return self.sequence("}", keyed=True)
        if c == "[":
            return self.sequence("]", keyed=False)
        if c in "\"'":
            return self.string()
        word = self.word()
        return {"true": True, "false": False, "null": None}.get(word, word)

    def sequence(self, close: str, keyed: bool) -> Any:
        self.at += 1
        items: list[Any] = []
        fields: dict[str, Any] = {}
        while True:
            self.skip()
            if self.text[self.at] == close:
                self.at += 1
                return fields if keyed else items
            if keyed:
                key = self.string() if self.text[self.at] in "\"'" else self.word()
                self.skip()
                self.at += 1  # ':'
                fields[key] = self.value()
            else:
                items.append(self.value())
            self.skip()
            if self.text[self.at] == ",":
                self.at += 1

    def string(self) -> str:
        quote = self.text[self.at]
        self.at += 1
        out = []
        while self.text[self.at] != quote:
            if self.text[self.at] == "\\":
                self.at += 1
                out.append(ESCAPES[self.text[self.at]])
            else:
                out.append(self.text[self.at])
            self.at += 1
        self.at += 1
        return "".join(out)

    def word(self) -> str:
        start = self.at
        while self.at < len(self.text) and (self.text[self.at].isalnum() or self.text[self.at] in "_$-+."):
            self.at += 1
        return self.text[start : self.at]


def verdict(entry: dict[str, Any], grant: str | None) -> str:
    if grant is None:
        return "unknown"
    if grant == "system_grant":
        return "system_grant ok"
    missing = []
    if not isinstance(entry.get("reason"), str) or not entry["reason"]:
        missing.append("reason")
    scene = entry.get("usedScene")
    if not isinstance(scene, dict) or not isinstance(scene.get("abilities"), list) or not scene["abilities"]:
        missing.append("usedScene")
    if missing:
        return "user_grant missing " + ",".join(missing)
    return "user_grant ok " + scene.get("when", "inuse")


def main() -> None:
    lines = sys.stdin.read().split("\n")
    k = int(lines[0])
    grants = dict(line.split() for line in lines[1 : k + 1])
    root = Json5("\n".join(lines[k + 1 :])).value()
    entries = root.get("module", {}).get("requestPermissions") or []
    seen: set[str] = set()
    out = []
    for entry in entries:
        name = entry["name"]
        out.append(f"{name} {'duplicate' if name in seen else verdict(entry, grants.get(name))}")
        seen.add(name)
    print("\n".join(out) if out else "none")


main()
