"""A lab section read by PyYAML turns an unquoted ``on:`` key into True: the reader gives the
word back, so that the section validates and the manifest stores as JSON."""

from __future__ import annotations

import json

import yaml

from ictarena.catalog.packages.labs import yaml_keys


def test_boolean_keys_are_words_again_at_any_depth() -> None:
    read = yaml.safe_load(
        "checks:\n"
        "  - run: {on: lb, command: 'true'}\n"
        "    before: [{run: {on: web1, command: x}}]\n"
        "  - vip: {address: 10.0.0.9, on: lb}\n"
        "switch: {off: 1, 'on': 2, on: 3}\n"
    )
    fixed = yaml_keys(read)
    assert fixed["checks"][0]["run"] == {"on": "lb", "command": "true"}
    assert fixed["checks"][0]["before"][0]["run"]["on"] == "web1"
    assert fixed["checks"][1]["vip"]["on"] == "lb"
    # a quoted "on" already there wins; the boolean key is kept rather than lost
    assert fixed["switch"] == {"off": 1, "on": 2, True: 3}
    json.dumps(fixed["checks"], sort_keys=True)
