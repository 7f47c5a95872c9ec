"""Template helpers for delivering sessions: a person's communication needs as short tags."""

from django import template

from ..selectors import communication_tags

register = template.Library()


@register.inclusion_tag("reflections/includes/need_tags.html")
def need_tags(person):
    """Short tags (easy read, large print, read aloud, interpreter: Polish, hearing loop)."""
    return {"tags": communication_tags(person)}
