"""Huawei VRP configurations: read as a student writes them (a ``display current-configuration``
or a pasted eNSP session, abbreviations and all), checked with located errors, normalised, and
translated onto the lab's mechanisms: FRR for routing (:mod:`.frr`), one Linux bridge per VLAN
for switching (:mod:`.bridge`), nftables for ACLs and NAT (:mod:`.filters`); :mod:`.dialect`
makes it a network lab's dialect.

Everything here is pure: text in, text or data out.
"""

from __future__ import annotations

from ictjudge.labs.network.dialect import LineProblem
from ictjudge.labs.network.vrp.model import Device
from ictjudge.labs.network.vrp.parser import parse

__all__ = ["Device", "LineProblem", "parse"]
