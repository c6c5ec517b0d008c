"""Linux operations labs (``type: linux``): the pieces behind :mod:`ictjudge.labs.linux`.

- :mod:`.spec` — the models of the ``lab`` section (the lab, its checks);
- :mod:`.machine` — the two containers: the student's system, then the trusted check system;
- :mod:`.probes` — what the check container is asked to gather for each check;
- :mod:`.accounts`, :mod:`.crontab`, :mod:`.acl` — reading users, groups, cron tables and ACLs;
- :mod:`.evaluation` — deciding, from the gathered facts, whether each check passed.

Everything but :mod:`.machine` is pure and runs without Docker.
"""
