"""Signals scheduling sends, so the apps above it can follow its changes without scheduling importing them.

`sessions_changed` is sent after a change to published sessions is committed: the services that change
sessions send it (inside `transaction.on_commit`), and the calendar code listens, so planning never has
to know about e-mail invitations or CalDAV.

`register_marked` is sent inside the register's transaction: the reflections app keeps each mark's
history (`reflections.RegisterChange`), and scheduling never imports reflections
(docs/architecture.md, "Rules of dependency").
"""

from django.dispatch import Signal

# Sent with `session_ids: list[int]` and `change`: "published", "moved" (time or room changed) or
# "cancelled". Each of these changes has already raised the sessions' SEQUENCE.
sessions_changed = Signal()

# Sent with `attendance`, `from_status`, `to_status`, `user`, `now` and `is_correction` each time a
# register mark changes a status, inside the mark's transaction and with `send` (not `send_robust`): a
# receiver that fails undoes the mark, so a register never changes without its history.
register_marked = Signal()
