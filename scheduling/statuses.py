"""Which session statuses people outside the planning screens see, as plain strings.

One set for the model (`Session.is_visible_to_attendees`), the calendar selectors and the pure calendar
builder (`scheduling.calendars`, which imports no Django and so cannot read `Session.Status`). A draft is
the coordinator's work in progress; a cancelled session stays visible so that the cancellation reaches
everyone who had it in their calendar.
"""

VISIBLE_SESSION_STATUSES = frozenset({"published", "held", "cancelled"})
