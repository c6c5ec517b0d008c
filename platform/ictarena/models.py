"""Imports every table module so that ``Base.metadata`` is complete (Alembic, tests)."""

from ictarena.accounts import models as accounts
from ictarena.catalog import models as catalog
from ictarena.contests import models as contests
from ictarena.db import Base
from ictarena.events import models as events
from ictarena.leaderboards import models as leaderboards
from ictarena.progression import models as progression
from ictarena.submissions import models as submissions

metadata = Base.metadata

__all__ = [
    "accounts",
    "catalog",
    "contests",
    "events",
    "leaderboards",
    "metadata",
    "progression",
    "submissions",
]
