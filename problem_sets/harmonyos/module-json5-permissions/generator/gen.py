"""Writes data/ for module-json5-permissions (deterministic: run from the package folder).

Each test is a module.json5 written in a random mix of JSON5 styles (quotes, unquoted keys,
comments, trailing commas). The answers come from the accepted Python solution."""

import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from testdata import folders, write_test  # noqa: E402  (the set's shared helper)

CATALOG = [("ohos.permission.INTERNET", "system_grant"), ("ohos.permission.GET_NETWORK_INFO", "system_grant"),
           ("ohos.permission.VIBRATE", "system_grant"), ("ohos.permission.KEEP_BACKGROUND_RUNNING", "system_grant"),
           ("ohos.permission.CAMERA", "user_grant"), ("ohos.permission.MICROPHONE", "user_grant"),
           ("ohos.permission.LOCATION", "user_grant"), ("ohos.permission.APPROXIMATELY_LOCATION", "user_grant"),
           ("ohos.permission.DISTRIBUTED_DATASYNC", "user_grant"), ("ohos.permission.READ_MEDIA", "user_grant")]
COMMENTS = ["// requestPermissions: see below", "/* {name: 'ohos.permission.CAMERA'} */",
            "// TODO: review", "/* multi\n   line */", "// \"quoted\" 'text' { [ ,"]

SAMPLE = """// entry/src/main/module.json5
{
  module: {
    name: 'entry',
    type: 'entry',
    description: "uses requestPermissions // not a comment",
    /* requestPermissions: [{name: "ohos.permission.LOCATION"}] */
    abilities: [{name: 'EntryAbility', exported: true, skills: [{entities: ['entity.system.home']}]}],
    requestPermissions: [
      {name: 'ohos.permission.INTERNET'},
      {
        name: 'ohos.permission.CAMERA',
        reason: '$string:camera_reason',
        usedScene: {abilities: ['EntryAbility'], when: 'always'},
      },
      {"name": "ohos.permission.MICROPHONE", "reason": 'it\\'s "needed"', "usedScene": {"abilities": ["EntryAbility"]}},
      {name: 'ohos.permission.LOCATION', reason: ''},
      {name: 'ohos.permission.CAMERA'},
      {name: 'ohos.permission.NFC_TAG'},
    ],
  },
}
"""


class Writer:
    def __init__(self, rng: random.Random, noise: float) -> None:
        self.rng, self.noise = rng, noise

    def gap(self, indent: int) -> str:
        rng = self.rng
        if rng.random() < self.noise:
            comment = rng.choice(COMMENTS)
            if comment.startswith("//"):
                return " " + comment + "\n" + "  " * indent
            return " " + comment + " "
        return rng.choice(["", " ", "\n" + "  " * indent])

    def string(self, text: str) -> str:
        quote = self.rng.choice("\"'")
        body = text.replace("\\", "\\\\").replace(quote, "\\" + quote)
        if self.rng.random() < 0.2:
            body = body.replace("/", "\\/")
        return quote + body.replace("\n", "\\n").replace("\t", "\\t") + quote

    def key(self, key: str) -> str:
        return key if key.isidentifier() and self.rng.random() < 0.6 else self.string(key)

    def value(self, value: Any, indent: int) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        if value is None:
            return "null"
        if isinstance(value, int | float):
            return str(value)
        if isinstance(value, str):
            return self.string(value)
        if isinstance(value, dict):
            items = [f"{self.gap(indent + 1)}{self.key(k)}{self.gap(indent + 1)}:{self.gap(indent + 1)}"
                     f"{self.value(v, indent + 1)}" for k, v in value.items()]
            return "{" + self.join(items, indent) + "}"
        return "[" + self.join([self.gap(indent + 1) + self.value(v, indent + 1) for v in value], indent) + "]"

    def join(self, items: list[str], indent: int) -> str:
        trailing = "," if items and self.rng.random() < 0.5 else ""
        return ",".join(items) + trailing + self.gap(indent)


def write(path: Path, catalog: list[tuple[str, str]], root: dict[str, Any] | str,
          rng: random.Random, noise: float) -> None:
    """Writes `root` in random JSON5 styles, or as it is when it is text already."""
    text = f"{len(catalog)}\n" + "".join(f"{n} {g}\n" for n, g in catalog)
    body = root if isinstance(root, str) else Writer(rng, noise).value(root, 0) + "\n"
    assert 1 <= len(catalog) <= 1000 and len(body) <= 2 * 10**5
    if not isinstance(root, str):
        body = rng.choice(["", "// module.json5\n", "/* generated */ "]) + body
    text += body
    write_test(path, text, "solutions/accepted/manifest.py")


def entry(rng: random.Random, names: list[str]) -> dict[str, Any]:
    item: dict[str, Any] = {"name": rng.choice(names)}
    r = rng.random()
    if r < 0.7:
        item["reason"] = rng.choice(["$string:reason_camera", "Scan // QR codes", "", "to /* sync */ data",
                                     'it\'s "needed"'])
    elif r < 0.8:
        item["reason"] = None
    if rng.random() < 0.75:
        scene: dict[str, Any] = {"abilities": rng.choice([["EntryAbility"], [], ["A", "B"], "EntryAbility"])}
        if rng.random() < 0.6:
            scene["when"] = rng.choice(["inuse", "always"])
        item["usedScene"] = scene
    return item


def module(rng: random.Random, permissions: list[dict[str, Any]] | None, decoy: bool) -> dict[str, Any]:
    ability: dict[str, Any] = {
        "name": "EntryAbility", "srcEntry": "./ets/entryability/EntryAbility.ets",
        "description": "$string:EntryAbility_desc", "exported": True, "launchType": "singleton",
        "skills": [{"entities": ["entity.system.home"], "actions": ["action.system.home"]}],
        "metadata": [{"name": "requestPermissions", "value": "decoy"}],
    }
    if decoy:
        ability["requestPermissions"] = [{"name": "ohos.permission.NOT_HERE"}]
    body: dict[str, Any] = {"name": "entry", "type": "entry", "mainElement": "EntryAbility",
                            "deviceTypes": ["phone", "tablet"], "deliveryWithInstall": True,
                            "installationFree": False, "pages": "$profile:main_pages",
                            "description": "see requestPermissions // here", "versionCode": 1000000,
                            "ratio": -1.5}
    if rng.random() < 0.5:
        body["abilities"] = [ability]
    if permissions is not None:
        body["requestPermissions"] = permissions
    body.setdefault("abilities", [ability])
    return {"module": body}


def main() -> None:
    rng = random.Random(20261206)
    sample, secret = folders()
    names = [n for n, _ in CATALOG] + ["ohos.permission.NFC_TAG"]
    write(sample / "01", CATALOG[:7], SAMPLE, rng, 0.0)
    write(secret / "01", CATALOG, module(rng, None, True), rng, 0.3)
    write(secret / "02", CATALOG, module(rng, [], True), rng, 0.3)
    write(secret / "03", CATALOG, {"module": {"requestPermissions": [
        {"name": "ohos.permission.CAMERA", "usedScene": {"abilities": []}, "reason": "r"},
        {"name": "ohos.permission.MICROPHONE", "usedScene": {"abilities": "EntryAbility"}, "reason": None},
        {"name": "ohos.permission.LOCATION", "usedScene": {"when": "always"}, "reason": "\\/\"'"},
        {"name": "ohos.permission.READ_MEDIA", "usedScene": {"abilities": ["A"], "when": "inuse"},
         "reason": "x"}]}}, rng, 0.0)
    for index, (count, noise) in enumerate([(5, 0.5), (20, 0.2), (60, 0.4), (300, 0.1), (700, 0.3)], start=4):
        perms = [entry(rng, names) for _ in range(count)]
        write(secret / f"{index:02d}", CATALOG, module(rng, perms, rng.random() < 0.7), rng, noise)
    many = [(f"com.example.permission.P{i}", rng.choice(["system_grant", "user_grant"])) for i in range(1000)]
    perms = [entry(rng, [n for n, _ in many] + ["x.unknown"]) for _ in range(700)]
    write(secret / "09", many, module(rng, perms, True), rng, 0.2)


main()
