"""Runs inside the SQL sandbox (PID 1, user postgres, no network). Reads one JSON job on stdin,
prints one JSON result on the last line of stdout. Trusted code; the student's SQL only ever runs
as the unprivileged role ``student``.

Limits on the student's SQL, each enforced here as well as by the server, since a session may
``SET statement_timeout = 0`` or ``SET work_mem`` at will:

- every statement has ``statement_timeout`` (set on the role) and a client-side deadline a little
  later, and the whole script has ``script_timeout``: past it the statement is cancelled, then
  its backend terminated;
- results are read in libpq's single-row mode and the statement is cancelled once it returns
  more than ``max_rows`` rows or ``max_bytes`` bytes, so a giant result never fills this memory;
- the student's backend gets an ``RLIMIT_DATA``: a runaway sort, hash or ``repeat()`` ends in
  the server's "out of memory" error instead of the container's OOM killer;
- before the checks run, every session of ``student`` is terminated (an open transaction or a
  ``LOCK TABLE`` dies with it) and the checks run as ``grader``, a member of ``student`` that is
  not a superuser either, so a function or view the student left behind runs without privileges.

Each statement runs on its own, as psql runs a script: it commits unless the script opened a
transaction, and a transaction still open at the end is rolled back.

The package is copied into the ``sql-postgres`` image (``infra/images/sql-postgres/include``) and
runs there as ``python3 -m sql_driver`` with the image's Python: the standard library only, and
no module of the judge outside this package.

- :mod:`.libpq` — the few libpq calls the driver makes, through ctypes;
- :mod:`.session` — one connection, and statements run on it under deadlines and caps;
- :mod:`.server` — the throwaway server, the task database, its roles and grants;
- :mod:`.student` — the student's statements, then the checks;
- :mod:`.__main__` — the phases in order, the job in, the result out.
"""
