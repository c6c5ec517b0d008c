"""Resources shared by requests, created in the lifespan (never at import time)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment

from ictarena.db import Database
from ictarena.events.fanout import FanOut
from ictarena.events.notifier import Notifier
from ictarena.events.slots import StreamSlots
from ictarena.settings import Settings
from ictarena.submissions.queue import JobQueue
from ictarena.workers.fleet import Fleet, MemoryFleet
from ictarena.workers.runs import Runs


@dataclass
class AppState:
    settings: Settings
    db: Database
    queue: JobQueue
    templates: Environment
    signing_key: str
    docker: Any | None = None  # docker.DockerClient, when the engine answered at start-up
    notifier: Notifier = field(default_factory=Notifier)
    fleet: Fleet = field(default_factory=MemoryFleet)
    languages: dict[str, str] = field(default_factory=dict)  # id -> display name
    fanout: FanOut | None = None  # the live streams' reader of the event log
    stream_slots: StreamSlots = field(default_factory=lambda: StreamSlots(8, 2000))
    runs: Runs | None = None  # runs on a custom input; None: no judge to run them
    extras: dict[str, Any] = field(default_factory=dict)
