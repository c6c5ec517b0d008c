"""The judge's exceptions.

    JudgeError                      the judge itself failed: never the student's fault
    ├── SandboxUnavailable          the Docker engine is unreachable or refused a container
    ├── ImageMissing                a runtime image is not built
    ├── RunnerFailure               the in-container runner broke its protocol
    └── CheckerFailure              a custom output validator crashed or answered nonsense

Each becomes a retry in the pipeline and, after the last attempt, a JE verdict.
"""

from __future__ import annotations


class JudgeError(Exception):
    """An infrastructure failure while judging."""


class SandboxUnavailable(JudgeError):
    pass


class ImageMissing(JudgeError):
    pass


class RunnerFailure(JudgeError):
    pass


class CheckerFailure(JudgeError):
    pass
