"""Every block renders; rich text is cleaned; no block anywhere can hold raw HTML."""

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.rich_text import RichText

from modules.blocks import (
    AgendaBlock,
    EasyReadBlock,
    EasyReadPointBlock,
    LearningOutcomesBlock,
    ModuleBodyBlock,
    ReflectionQuestionsBlock,
    SanitisedRichTextBlock,
    VideoBlock,
)
from modules.models import ModuleMaterialPage, TrainingModulePage
from website.sanitise import render_rich_text

pytestmark = pytest.mark.django_db

STREAMS = [
    ModuleBodyBlock,
    AgendaBlock,
    EasyReadBlock,
    LearningOutcomesBlock,
    ReflectionQuestionsBlock,
]
ALL_CHILD_BLOCKS = [(stream.__name__, name) for stream in STREAMS for name in stream().child_blocks]


@pytest.mark.parametrize(("stream_name", "block_name"), ALL_CHILD_BLOCKS)
def test_every_block_has_icon_template_and_preview_and_renders(stream_name, block_name, picture):
    stream = next(stream for stream in STREAMS if stream.__name__ == stream_name)()
    block = stream.child_blocks[block_name]
    assert block.meta.icon and block.meta.icon != "placeholder", block_name
    assert block.meta.template, block_name
    value = block.get_preview_value()
    assert value, f"{block_name} has no preview value"
    html = block.render(value)
    assert html.strip(), block_name
    # The preview value's words reach the page.
    if isinstance(block, blocks.StructBlock):
        for child_name, child_value in value.items():
            child = block.child_blocks[child_name]
            if isinstance(child, blocks.ChoiceBlock):
                continue
            if isinstance(child_value, str) and child_value:
                assert escape(child_value.split(".")[0][:20]) in html, (block_name, child_value)


def test_image_blocks_render_the_picture_with_its_text_alternative(picture):
    body = ModuleBodyBlock()
    image_block = body.child_blocks["image"]
    html = image_block.render(
        image_block.to_python(
            {"image": picture.pk, "alt_text": "Two people writing", "caption": ""}
        )
    )
    assert "<img" in html and 'alt="Two people writing"' in html
    point = EasyReadBlock().child_blocks["easy_read_point"]
    html = point.render(point.to_python({"image": picture.pk, "text": "We talk.", "alt_text": ""}))
    assert "<img" in html and 'alt=""' in html and "We talk." in html


def test_image_block_requires_alt_text(picture):
    image_block = ModuleBodyBlock().child_blocks["image"]
    with pytest.raises(ValidationError):
        image_block.clean(
            image_block.to_python({"image": picture.pk, "alt_text": "", "caption": ""})
        )


def test_video_needs_a_transcript_and_a_secure_address():
    video = VideoBlock()
    good = {
        "title": "T",
        "url": "https://video.example.org/v",
        "has_captions": True,
        "transcript": "Words",
    }
    video.clean(video.to_python(good))
    with pytest.raises(ValidationError):
        video.clean(video.to_python({**good, "transcript": ""}))
    with pytest.raises(ValidationError):
        video.clean(video.to_python({**good, "url": "http://video.example.org/v"}))
    html = video.render(video.to_python(good))
    assert "Words" in html and "Transcript" in html and "<iframe" not in html


def test_easy_read_point_allows_one_or_two_short_sentences_only(picture):
    block = EasyReadPointBlock()
    ok = block.to_python({"image": picture.pk, "text": "We talk. We listen.", "alt_text": ""})
    block.clean(ok)
    with pytest.raises(ValidationError):
        block.clean(
            block.to_python({"image": picture.pk, "text": "One. Two. Three.", "alt_text": ""})
        )
    long_sentence = " ".join(["word"] * 30) + "."
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"image": picture.pk, "text": long_sentence, "alt_text": ""}))


def test_talk_together_and_agenda_show_their_minutes():
    talk = ModuleBodyBlock().child_blocks["talk_together"]
    assert "15 minutes" in talk.render(
        talk.to_python({"question": "Q?", "guidance": "", "minutes": 15})
    )
    item = AgendaBlock().child_blocks["agenda_item"]
    html = item.render(item.to_python({"minutes": 1, "title": "Hi", "led_by": "co"}))
    assert "1 minute<" in html and "Led by: Co-trainer" in html


def test_risk_plan_exercise_has_the_five_worksheet_boxes():
    block = ModuleBodyBlock().child_blocks["risk_plan_exercise"]
    html = block.render(block.get_preview_value())
    for heading in (
        "The person&#x27;s own view",
        "Strengths",
        "Vulnerabilities",
        "Protective factors",
        "Agreed next steps",
    ):
        assert heading in html
    assert "one staff member and one resident" in html


DANGEROUS = (
    '<p>Hello<script>alert(1)</script></p><p><img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)" onclick="alert(4)">link</a></p><iframe src="https://e.org"></iframe>'
)


def _assert_clean(html: str) -> None:
    lowered = html.lower()
    for bad in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<img"):
        assert bad not in lowered, bad


def test_rich_text_block_strips_script_and_event_handlers_on_render():
    block = SanitisedRichTextBlock()
    html = block.render(RichText(DANGEROUS))
    _assert_clean(html)
    assert "Hello" in html and "link" in html


def test_rich_text_block_strips_script_and_event_handlers_on_save():
    block = SanitisedRichTextBlock()
    cleaned = block.clean(RichText(DANGEROUS))
    _assert_clean(cleaned.source)


def test_rich_text_keeps_allowed_formatting_and_internal_links(module_index):
    html = render_rich_text(
        f'<h2>Title</h2><p><b>bold</b> <i>it</i> <a linktype="page" id="{module_index.pk}">index</a></p>'
        "<ul><li>one</li></ul>"
    )
    assert "<h2>Title</h2>" in html and "<b>bold</b>" in html and "<li>one</li>" in html
    assert 'href="/modules/"' in html


def test_rich_text_features_are_limited():
    block = ModuleBodyBlock().child_blocks["rich_text"]
    assert set(block.features) <= {"h2", "h3", "bold", "italic", "ol", "ul", "link"}


def test_trainer_notes_are_sanitised_on_the_page(client, module_page, lead_trainer):
    module_page.trainer_notes = DANGEROUS
    module_page.save_revision().publish()
    client.force_login(lead_trainer)
    html = client.get(module_page.url).content.decode()
    notes = html.split('id="trainer-notes-heading"', 1)[1].split("</aside>", 1)[0]
    assert "Hello" in notes
    _assert_clean(notes)


def _walk(block):
    yield block
    children = getattr(block, "child_blocks", None)
    if children:
        for child in children.values():
            yield from _walk(child)
    child_block = getattr(block, "child_block", None)
    if child_block is not None:
        yield from _walk(child_block)


def test_no_raw_html_block_anywhere():
    stream_fields = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, StreamField)
    ]
    assert {model for model, _ in stream_fields} >= {TrainingModulePage, ModuleMaterialPage}
    walked = 0
    for model, field in stream_fields:
        for block in _walk(field.stream_block):
            walked += 1
            assert not isinstance(block, blocks.RawHTMLBlock), f"{model.__name__}.{field.name}"
    assert walked > 30


@pytest.mark.parametrize(
    ("field_name", "block_name"),
    [
        (field, name)
        for field in ("body", "agenda", "easy_read", "learning_outcomes", "reflection_questions")
        for name in TrainingModulePage._meta.get_field(field).stream_block.child_blocks
    ],
)
def test_admin_block_previews_render_with_site_styles(
    client, lead_trainer, picture, field_name, block_name
):
    block = TrainingModulePage._meta.get_field(field_name).stream_block.child_blocks[block_name]
    client.force_login(lead_trainer)
    response = client.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "css/modules.css" in html
    assert 'class="w-block-' in html
