from django import template

register = template.Library()


@register.filter
def pictogram_name(image) -> str:
    """ "Easy read: together" reads as "together" beside its picture."""
    from modules.writing_selectors import pictogram_name as name

    return name(image)


@register.filter
def add_child_label(page) -> str:
    """What "add a child page" adds under this page, in plain words; empty for other page types."""
    return str(getattr(page.specific_class, "add_child_label", "") or "")
