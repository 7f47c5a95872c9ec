"""Which view of a module page a reader gets: the standard text or the easy-read version.

A leaf of the app (it imports none of its models, views or services), so that the page models can use it
without a model importing a view. Whether a signed-in reader needs easy read is known to the app that
keeps people's communication needs (`scheduling`), which `modules` must not import (docs/architecture.md,
"Rules of dependency"); that app answers through the `PREFERS_EASY_READ_HOOK` Wagtail hook instead.
"""

from django.http import HttpRequest
from wagtail import hooks

READING_VIEW_SESSION_KEY = "modules_reading_view"
READING_VIEWS = ("standard", "easy")
# A hook function takes a signed-in user and returns True when that person reads easy read.
PREFERS_EASY_READ_HOOK = "alongside_prefers_easy_read"


def user_prefers_easy_read(user) -> bool:
    """True when any registered hook says this signed-in reader needs easy read."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return any(prefers(user) for prefers in hooks.get_hooks(PREFERS_EASY_READ_HOOK))


def resolve_reading_view(request: HttpRequest) -> str:
    """`?view=easy` or `?view=standard` chooses and is remembered for the visit; otherwise the person's
    own communication needs decide, so easy-read readers never have to find the switch first."""
    asked = request.GET.get("view")
    session = getattr(request, "session", None)
    if asked in READING_VIEWS:
        if session is not None:
            session[READING_VIEW_SESSION_KEY] = asked
        return asked
    remembered = session.get(READING_VIEW_SESSION_KEY) if session is not None else None
    if remembered in READING_VIEWS:
        return remembered
    return "easy" if user_prefers_easy_read(getattr(request, "user", None)) else "standard"
