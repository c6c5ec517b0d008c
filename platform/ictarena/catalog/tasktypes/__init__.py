"""The task types: one registry (:mod:`.registry`) says, for each type, how its ``task.yaml``
section is checked and its package read, whether the platform grades it at once or the sandbox
does, how its answers are taken, which partials show its form and its report, and its label.
The built-in types (code, quiz, network, linux, sql) are in :mod:`.builtin`."""
