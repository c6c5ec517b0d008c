"""Backups of an install: one archive with a consistent database snapshot, the stores on disk
(the content-addressed task data and the embedded signing key) and a manifest.

``arena backup FILE`` writes it (:mod:`.backup`); ``arena restore FILE`` puts it back into an
empty install and migrates it to the current schema (:mod:`.restore`). A backup restores into
the kind of database it was taken from only: SQLite to SQLite, PostgreSQL to PostgreSQL.
"""
