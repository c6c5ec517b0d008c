"""The programs that run inside the Linux lab's two containers, each as PID 1 and root, with no
network and the image's root filesystem read-only.

- ``lab``: the student's system. Reads one JSON job on stdin, fills the writable tmpfs
  directories from the pristine state, runs the task's hidden setup and the student's script,
  kills every process left behind, prints one JSON line and then streams a tar archive of the
  resulting state on stdout (:mod:`.lab`).
- ``check``: the trusted system. Reads a 10-digit length, a JSON job of that length and the
  archive on stdin, extracts the state into tmpfs directories mounted noexec, nosuid and nodev,
  gathers the facts the checks need and prints them as one JSON line; the host decides what
  passed (:mod:`.check`).

The package is copied into the ``linux-lab`` image (``infra/images/linux-lab/include``) and runs
there as ``python3 -m linux_driver lab|check`` with the image's Python: the standard library
only, and no module of the judge outside this package.

- :mod:`.system` — what both containers do as PID 1: hardening, reaping, killing what is left;
- :mod:`.inspection` — file, account and cron facts, read natively (no program runs);
- :mod:`.commands` — commands and services as a user, HTTP and TCP probes;
- :mod:`.packets` — packets injected through the lab's firewall on a veth pair;
- :mod:`.lab`, :mod:`.check` — each container's steps in order; :mod:`.__main__` picks one.
"""
