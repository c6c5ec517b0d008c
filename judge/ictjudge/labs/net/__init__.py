"""Network labs (``type: network``): the parts behind :mod:`ictjudge.labs.network`.

- :mod:`.spec` — the models of the task's ``lab`` section (devices, links, assessment items);
- :mod:`.dialect` — configuration dialects behind one small interface (FRR is implemented);
- :mod:`.nftables` — line checks for the packet-filter and NAT rulesets;
- :mod:`.submission` — the submitted files, their size limits and refused lines;
- :mod:`.job` — the job the in-container driver runs;
- :mod:`.outcome` — the driver's result turned into a report.
"""
