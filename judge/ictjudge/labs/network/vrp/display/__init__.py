"""VRP ``display`` commands in the device's own layouts, rendered from the configuration (a
:class:`~ictjudge.labs.network.vrp.model.Device`) and what the lab read from the running device
(a :class:`~ictjudge.labs.network.vrp.live.Live`): routes and OSPF neighbours from FRR, links,
addresses and connection tracking from the kernel.

One module per command family (:mod:`.routes`, :mod:`.ospf`, :mod:`.vlans`, :mod:`.interfaces`,
:mod:`.acls`, :mod:`.nat`), the kernel's reads in :mod:`.kernel`, and the commands themselves,
abbreviations and all, in :mod:`.commands`. Everything is pure: a read that is missing or
unreadable renders as an empty state, never as an error.
"""

from __future__ import annotations

from ictjudge.labs.network.vrp.display.commands import COMMANDS, DisplayError, render

__all__ = ["COMMANDS", "DisplayError", "render"]
