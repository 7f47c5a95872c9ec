"""Thin views: the reading-view choice on module pages, turning an idea into a draft, and the CSV export."""

from django.http import HttpRequest

from .selectors import user_prefers_easy_read

READING_VIEW_SESSION_KEY = "modules_reading_view"
READING_VIEWS = ("standard", "easy")


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
