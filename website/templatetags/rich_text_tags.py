from django import template

from website.sanitise import render_rich_text

register = template.Library()


@register.filter
def safe_richtext(value) -> str:
    """Like Wagtail's `richtext` filter, but through the allow-list (see website.sanitise)."""
    source = getattr(value, "source", value)
    return render_rich_text(source or "")
