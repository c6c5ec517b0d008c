"""ictjudge: grades a submission against a dataset inside Docker sandboxes.

A library with no knowledge of the platform's database or web layer: *(dataset, submission) ->
report*. It runs hostile code, so it is usable from a worker host that has Docker and Redis but
no database credentials.
"""
