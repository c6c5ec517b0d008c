"""The configuration dialects a network lab may declare (``lab.dialect``), by name."""

from __future__ import annotations

from ictjudge.labs.network.dialect import Dialect, FrrDialect
from ictjudge.labs.network.vrp.dialect import VrpDialect

DIALECTS: dict[str, Dialect] = {"frr": FrrDialect(), "vrp": VrpDialect()}
