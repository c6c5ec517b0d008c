"""Runs inside the network lab container as PID 1 (root, no network, NET_ADMIN and SYS_ADMIN
among a few other capabilities). Reads one JSON job on stdin, prints one JSON result line on
stdout.

The job comes from the judge (trusted); only the configuration texts in it are the student's,
and they only ever reach FRR (``vtysh -f``, whose daemons run as the ``frr`` user) and nftables
(``nft -f`` inside the device's own network namespace). Nothing passes through a shell.

Steps, each timed:

1. topology: one network namespace per device, veth pairs created directly into them, sysctls
   written per namespace (``/proc/sys`` is remounted read-write for that and read-only again);
   switches get their bridges (the judge's plan); hosts their address, default route and
   listeners;
2. check: ``vtysh --dryrun`` and ``nft --check`` on every configuration (syntax errors stop here);
3. daemons: zebra, then staticd/ospfd/ripd/bgpd as each router needs, one set per namespace
   (``-N <device>`` pathspace, no TCP vty);
4. apply: nftables rulesets, then ``vtysh -N <device> -f`` for every router at once;
5. converge: poll the routers' state (routes, OSPF and BGP neighbours) and the items that
   expect something to exist, until they all hold and the state has been quiet for a moment,
   the state stops changing, or the deadline passes (FRR topotest style: poll, never sleep);
6. checks: evaluate every assessment item once more, probes repeated and required to agree;
7. reads: in a VRP lab, the live state every router and switch shows through ``display``
   commands (the judge's argv lists, run in the device's namespace; outputs returned verbatim).

The package is copied into the ``net-lab`` image (``infra/images/net-lab/include``) and runs
there as ``python3 -m net_driver`` with the image's Python: the standard library only, and no
module of the judge outside this package.

- :mod:`.process` — running programs, entering a device's network namespace;
- :mod:`.namespaces` — step 1, the topology;
- :mod:`.services` — the TCP and UDP services on hosts;
- :mod:`.configs` — steps 2 and 4, the texts checked and applied;
- :mod:`.frr` — step 3, the daemons, and ``show`` queries;
- :mod:`.routing` — the routers' state while converging, and the items that read it;
- :mod:`.probes` and :mod:`.reachability` — traffic sent through the lab, and its items;
- :mod:`.matching` and :mod:`.messages` — JSON subset matching, item results;
- :mod:`.reads` — step 7, the live reads;
- :mod:`.lab` — the steps in order; :mod:`.__main__` — the job in, the result out.
"""
