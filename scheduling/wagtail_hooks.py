"""Admin registrations for scheduling. Each feature keeps its hooks in its own module, imported here."""

from . import admin_home, admin_planning, admin_roster, calendar_hooks, reading_hooks

__all__ = ["admin_home", "admin_planning", "admin_roster", "calendar_hooks", "reading_hooks"]
