"""Fixtures for module tests: a picture, and a published module with every kind of content."""

from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.rich_text import RichText

from demo.pictograms import render_png
from modules.models import ModuleCredit, ModuleIndexPage, TrainingModulePage


@pytest.fixture
def module_index(db):
    """Created by the modules data migration, like on a fresh install."""
    return ModuleIndexPage.objects.get()


@pytest.fixture
def picture(db):
    Image = get_image_model()
    image = Image(title="Test picture")
    image.file = ImageFile(BytesIO(render_png("Easy read: together")), name="test-together.png")
    image.save()
    return image


def build_module(*, index, picture, lead=None, publish=True, **overrides) -> TrainingModulePage:
    fields = {
        "title": "Sharing the plan",
        "slug": "sharing-the-plan",
        "summary": "How we share a plan so that everyone knows it.",
        "learning_outcomes": [("outcome", "Explain the plan in plain words.")],
        "body": [
            ("rich_text", RichText("<h2>Body heading</h2><p>Standard body text.</p>")),
            (
                "talk_together",
                {"question": "What makes a plan fair?", "guidance": "Pairs.", "minutes": 10},
            ),
        ],
        "agenda": [
            ("agenda_item", {"minutes": 30, "title": "Opening part", "led_by": "lead"}),
            ("agenda_item", {"minutes": 60, "title": "Working part", "led_by": "group"}),
        ],
        "easy_read": [
            ("heading", "Easy heading"),
            ("easy_read_point", {"image": picture, "text": "Easy words here.", "alt_text": ""}),
        ],
        "trainer_notes": "<p>Secret trainer preparation.</p>",
        "live": False,
    }
    fields.update(overrides)
    credits = fields.pop("credits", None)
    page = TrainingModulePage(**fields)
    if credits is not None:
        page.credits = credits
    index.add_child(instance=page)
    revision = page.save_revision(user=lead)
    if publish:
        revision.publish(user=lead)
    page.refresh_from_db()
    return page


@pytest.fixture
def module_page(module_index, picture):
    return build_module(
        index=module_index,
        picture=picture,
        credits=[
            ModuleCredit(name="Named Writer", role="lived_experience", named_publicly=True),
            ModuleCredit(name="Quiet Writer", role="staff_co_trainer", named_publicly=False),
        ],
    )
