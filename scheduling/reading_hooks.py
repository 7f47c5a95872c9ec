"""Tells `modules` which readers need easy read, from the communication needs kept on the roster.

`modules` may not import `scheduling`, so it asks through a Wagtail hook (see `modules.reading`) and this
app answers. Imported by `scheduling.wagtail_hooks`, where Wagtail finds hooks.
"""

from wagtail import hooks

from modules.reading import PREFERS_EASY_READ_HOOK
from scheduling.models import Person


@hooks.register(PREFERS_EASY_READ_HOOK)
def person_prefers_easy_read(user) -> bool:
    """The reverse one-to-one is cached on the user, so a page asks the database at most once."""
    try:
        person = user.person
    except Person.DoesNotExist:
        return False
    return person.wants_easy_read
