"""Admin forms for module page types (kept apart from `forms.py`, which `models.py` cannot import)."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm


def stream_has_content(stream) -> bool:
    """True when at least one block says something: text that is more than empty tags and spaces,
    or any other block (its own required fields are checked by the block itself)."""
    for block in stream or []:
        if block.block_type != "rich_text":
            return True
        if strip_tags(block.value.source if block.value else "").replace("&nbsp;", "").strip():
            return True
    return False


class MaterialPageForm(WagtailAdminPageForm):
    """An activity must say something before anyone sends it for review or publishes it.

    Saving a draft stays possible while it is empty (Wagtail defers required fields then, and sets
    `is_deferred_validation`), so a co-trainer can start with a name and come back later; "Submit",
    "Publish" and a reviewer's "Approve" check it in full.
    """

    def clean(self):
        cleaned_data = super().clean()
        if not self.is_deferred_validation and not stream_has_content(cleaned_data.get("body")):
            self.add_error(
                "body",
                _(
                    "This activity is empty. Add at least one part under “Content” (some text, "
                    "a question to talk about or a picture) before you send it for review or "
                    "publish it."
                ),
            )
        return cleaned_data
