"""Admin registrations for scheduling. Each feature keeps its hooks in its own module, imported here."""
from . import admin_roster  # noqa: F401
from . import calendar_hooks  # noqa: F401
from . import admin_planning  # noqa: F401
