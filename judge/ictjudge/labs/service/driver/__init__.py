"""Runs inside the service lab container as PID 1 (root, no network, the capabilities the
namespaces need). Reads one JSON job on stdin, prints one JSON result line on stdout.

The job comes from the judge (trusted); the student's scripts in it only ever run inside a
host, through :mod:`.enter`, with a narrowed capability set.

Steps, each timed:

1. network: one network namespace per host and one for the LAN's bridges, a veth pair per host
   address (:mod:`...network.driver.namespaces`);
2. boot: every host's first process in new mount, PID, UTS and IPC namespaces, with its private
   state directories (:mod:`.boot`);
3. scripts: the hidden setups in the hosts' order, then the shell answers, each within the
   lab's time limit; then the Python answers are started (:mod:`.hosts`);
4. checks: in order, each after its actions, retried while ``within_s`` lasts (:mod:`.checks`,
   :mod:`.web`, :mod:`.mqtt`).

The package is copied into the ``service-lab`` image (``infra/images/service-lab/include``),
with the network lab's driver whose namespace helpers and item messages it imports, and runs
with the image's Python, python3-paho-mqtt and python3-redis: no module of the judge outside
these two packages.

- :mod:`.boot` — a host's first process and its file system;
- :mod:`.enter` — running a program inside a host, with fewer capabilities;
- :mod:`.hosts` — a host's life: state, boots, scripts, power cuts;
- :mod:`.netns` — a thread per host in its network namespace, for probes;
- :mod:`.syscalls` — namespaces and mounts through libc;
- :mod:`.watchdog` — a fork bomb's host switched off before the process table fills;
- :mod:`.output` — the last lines a program printed;
- :mod:`.web`, :mod:`.mqtt`, :mod:`.telemetry` and :mod:`.checks` — the items;
- :mod:`.lab` — the steps and the actions; :mod:`.__main__` — the job in, the result out.
"""
