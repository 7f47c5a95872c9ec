"""Signals sent after a change to published sessions is committed.

The services that change sessions send them (inside `transaction.on_commit`), and the calendar code
listens, so planning never has to know about e-mail invitations or CalDAV.
"""

from django.dispatch import Signal

# Sent with `session_ids: list[int]` and `change`: "published", "moved" (time or room changed) or
# "cancelled". Each of these changes has already raised the sessions' SEQUENCE.
sessions_changed = Signal()
