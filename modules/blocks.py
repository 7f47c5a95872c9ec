"""StreamField blocks for training modules.

Reflection question blocks are the contract with `reflections/`: a reflection stores answers keyed by
the StreamField block id, so each question keeps its identity when wording is improved.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

# Block previews in the admin chooser use the site's own styles, so they look as they will on the page.
PREVIEW_TEMPLATE = "modules/blocks/preview.html"


class ReflectionQuestionBase(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200, label=_("Question"))
    easy_read_question = blocks.CharBlock(
        max_length=120,
        label=_("Easy-read wording"),
        help_text=_("A short sentence in plain words."),
    )


class RatingQuestionBlock(ReflectionQuestionBase):
    """Answered on a scale of five faces, from 1 (very unhappy) to 5 (very happy)."""

    class Meta:
        icon = "pick"
        label = _("Rating (5 faces)")
        template = "modules/blocks/reflection_question.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "question": "I felt listened to in this session.",
            "easy_read_question": "People listened to me.",
        }


class FreeTextQuestionBlock(ReflectionQuestionBase):
    class Meta:
        icon = "edit"
        label = _("Free text")
        template = "modules/blocks/reflection_question.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "question": "What will you do differently after today?",
            "easy_read_question": "What will you do now?",
        }


class SingleChoiceQuestionBlock(ReflectionQuestionBase):
    choices = blocks.ListBlock(
        blocks.CharBlock(max_length=80), min_num=2, max_num=6, label=_("Choices")
    )

    class Meta:
        icon = "list-ul"
        label = _("Single choice")
        template = "modules/blocks/reflection_question.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "question": "Which part helped you most?",
            "easy_read_question": "What helped most?",
            "choices": ["The story", "Talking in pairs", "The plan exercise"],
        }


class RaiseQuestionBlock(ReflectionQuestionBase):
    """ "Something I want to raise": with consent, answers can go to the module ideas backlog."""

    class Meta:
        icon = "warning"
        label = _("Something I want to raise")
        template = "modules/blocks/reflection_question.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "question": "Is there something you want to raise with the team?",
            "easy_read_question": "Is there something you want to tell us?",
        }


class ReflectionQuestionsBlock(blocks.StreamBlock):
    rating = RatingQuestionBlock()
    free_text = FreeTextQuestionBlock()
    single_choice = SingleChoiceQuestionBlock()
    raise_concern = RaiseQuestionBlock()


# --- Module content blocks -------------------------------------------------------------------------
# Every block has an icon, its own template and a preview value, so co-trainers see in the admin what a
# block will look like before they choose it. There is deliberately no raw-HTML block: a module page is
# read on ward tablets by residents and staff, and nobody should be able to put script on it.

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link"]


class SanitisedRichTextBlock(blocks.RichTextBlock):
    """Rich text with a short list of features, cleaned again on save and on render.

    Draftail already drops what the feature list does not allow when content comes through the editor;
    cleaning again covers content that arrives any other way (imports, data migrations, the shell).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    def clean(self, value):
        from wagtail.rich_text import RichText

        from website.sanitise import sanitise_rich_text_source

        value = super().clean(value)
        return RichText(sanitise_rich_text_source(value.source))

    def get_context(self, value, parent_context=None):
        from website.sanitise import render_rich_text

        context = super().get_context(value, parent_context=parent_context)
        context["html"] = render_rich_text(value.source if value else "")
        return context

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "modules/blocks/rich_text.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = (
            "<h2>Why we talk about risk together</h2>"
            "<p>A risk plan works best when the person it is about helped to write it.</p>"
        )


class TalkTogetherBlock(blocks.StructBlock):
    """A question that staff and residents answer side by side, as equals."""

    question = blocks.CharBlock(max_length=240, label=_("Question to talk about"))
    guidance = blocks.TextBlock(
        required=False,
        max_length=600,
        label=_("How to run it"),
        help_text=_("For example: talk in mixed pairs, then share one thing with the group."),
    )
    minutes = blocks.IntegerBlock(min_value=1, max_value=90, default=10, label=_("Minutes"))

    class Meta:
        icon = "group"
        label = _("Talk together")
        template = "modules/blocks/talk_together.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "question": "What makes a conversation about risk feel fair?",
            "guidance": "Talk in pairs of one staff member and one resident, then share one idea.",
            "minutes": 10,
        }


class CaseStoryBlock(blocks.StructBlock):
    """A short fictional story that gives the group something safe to talk about."""

    title = blocks.CharBlock(max_length=120, label=_("Title"))
    story = blocks.TextBlock(
        max_length=2000,
        label=_("Story"),
        help_text=_("Fictional. Change any detail that could point to a real person."),
    )
    questions = blocks.ListBlock(
        blocks.CharBlock(max_length=200), min_num=0, max_num=5, label=_("Questions about the story")
    )

    class Meta:
        icon = "openquote"
        label = _("Case story")
        template = "modules/blocks/case_story.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "A walk to the shop",
            "story": "Dee would like to walk to the shop on her own. The team is worried about the busy road.",
            "questions": ["What does Dee want?", "What could make the walk safer?"],
        }


class RiskPlanExerciseBlock(blocks.StructBlock):
    """A worksheet that one staff member and one resident fill in together during the session."""

    title = blocks.CharBlock(max_length=120, label=_("Title"))
    instructions = blocks.TextBlock(max_length=800, label=_("Instructions"))
    own_view_prompt = blocks.CharBlock(
        max_length=200,
        label=_("Prompt: the person's own view"),
        default="What does the person say about their own safety and wishes?",
    )
    strengths_prompt = blocks.CharBlock(
        max_length=200, label=_("Prompt: strengths"), default="What is going well? What helps?"
    )
    vulnerabilities_prompt = blocks.CharBlock(
        max_length=200,
        label=_("Prompt: vulnerabilities"),
        default="What could make things harder, for the person or for others?",
    )
    protective_factors_prompt = blocks.CharBlock(
        max_length=200,
        label=_("Prompt: protective factors"),
        default="Who and what helps to keep things safe?",
    )
    next_steps_prompt = blocks.CharBlock(
        max_length=200,
        label=_("Prompt: agreed next steps"),
        default="What will each of us do next, and by when?",
    )
    minutes = blocks.IntegerBlock(min_value=1, max_value=90, default=20, label=_("Minutes"))

    SECTIONS = (
        ("own_view_prompt", _("The person's own view")),
        ("strengths_prompt", _("Strengths")),
        ("vulnerabilities_prompt", _("Vulnerabilities")),
        ("protective_factors_prompt", _("Protective factors")),
        ("next_steps_prompt", _("Agreed next steps")),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["sections"] = [(label, value.get(name)) for name, label in self.SECTIONS]
        return context

    class Meta:
        icon = "form"
        label = _("Risk-plan exercise")
        template = "modules/blocks/risk_plan_exercise.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "Dee's walk: a plan we make together",
            "instructions": "Work in a pair of one staff member and one resident. Fill in each box for Dee.",
            "minutes": 20,
        }


def _first_image():
    """The preview of an image block borrows the first picture in the library, when there is one."""
    from wagtail.images import get_image_model

    return get_image_model().objects.order_by("pk").first()


class AccessibleImageBlock(blocks.StructBlock):
    """An image that always has a text alternative, for people who use a screen reader."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        max_length=200,
        label=_("Text alternative"),
        help_text=_("Say what the picture shows, in one short sentence."),
    )
    caption = blocks.CharBlock(max_length=200, required=False, label=_("Caption"))

    def get_preview_value(self):
        return self.normalize(
            {
                "image": _first_image(),
                "alt_text": "Two people sitting side by side at a table, writing a plan.",
                "caption": "Writing the plan together.",
            }
        )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "modules/blocks/image.html"
        preview_template = PREVIEW_TEMPLATE


class VideoBlock(blocks.StructBlock):
    """A video shown as a link with its full transcript on the page.

    The page never embeds a third-party player, so watching a module does not send anyone's visit to a
    video site, and the transcript means the content is there for people who cannot use sound.
    """

    title = blocks.CharBlock(max_length=120, label=_("Title"))
    url = blocks.URLBlock(label=_("Video address"), help_text=_("A web address starting https://"))
    has_captions = blocks.BooleanBlock(
        required=False, default=True, label=_("The video has captions")
    )
    transcript = blocks.TextBlock(
        label=_("Transcript"), help_text=_("Everything said in the video.")
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("url", "").startswith("https://"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(_("Use a secure web address that starts with https://."))
                }
            )
        return value

    class Meta:
        icon = "media"
        label = _("Video with transcript")
        template = "modules/blocks/video.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = {
            "title": "Two co-trainers talk about risk plans",
            "url": "https://video.example.org/alongside/risk-plans",
            "has_captions": True,
            "transcript": "Sam: We asked Jordan what should be in the plan first.",
        }


LED_BY_CHOICES = [
    ("lead", _("Lead trainer")),
    ("co", _("Co-trainer")),
    ("both", _("Both trainers")),
    ("group", _("Everyone")),
]


class AgendaItemBlock(blocks.StructBlock):
    """One timed part of the session, so trainers see the whole 90 minutes laid out."""

    minutes = blocks.IntegerBlock(min_value=1, max_value=240, label=_("Minutes"))
    title = blocks.CharBlock(max_length=120, label=_("What happens"))
    led_by = blocks.ChoiceBlock(
        choices=LED_BY_CHOICES,
        default="both",
        label=_("Who leads"),
    )

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["led_by_label"] = dict(LED_BY_CHOICES).get(value.get("led_by"), "")
        return context

    class Meta:
        icon = "time"
        label = _("Agenda item")
        template = "modules/blocks/agenda_item.html"
        preview_template = PREVIEW_TEMPLATE
        form_classname = "agenda-item-block"
        preview_value = {"minutes": 10, "title": "Welcome and ground rules", "led_by": "both"}


EASY_READ_MAX_SENTENCES = 2
EASY_READ_MAX_WORDS = 25


def count_sentences(text: str) -> int:
    return len([part for part in re.split(r"[.!?]+", text) if part.strip()])


class EasyReadPointBlock(blocks.StructBlock):
    """A picture and one or two short sentences: the building brick of the easy-read version."""

    image = ImageChooserBlock(label=_("Picture"))
    text = blocks.TextBlock(
        max_length=200,
        label=_("Words"),
        help_text=_("One or two short sentences, in plain words."),
    )
    alt_text = blocks.CharBlock(
        max_length=120,
        required=False,
        label=_("Text alternative"),
        help_text=_("Leave empty when the words already say what the picture shows."),
    )

    def get_preview_value(self):
        return self.normalize(
            {"image": _first_image(), "text": "We make the plan together.", "alt_text": ""}
        )

    def clean(self, value):
        value = super().clean(value)
        text = value.get("text", "")
        if count_sentences(text) > EASY_READ_MAX_SENTENCES:
            raise blocks.StructBlockValidationError(
                block_errors={"text": ValidationError(_("Use one or two short sentences only."))}
            )
        if len(text.split()) > EASY_READ_MAX_WORDS:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "text": ValidationError(
                        _("Use %(count)s words or fewer.") % {"count": EASY_READ_MAX_WORDS}
                    )
                }
            )
        return value

    class Meta:
        icon = "user"
        label = _("Easy-read point")
        template = "modules/blocks/easy_read_point.html"
        preview_template = PREVIEW_TEMPLATE


class EasyReadHeadingBlock(blocks.CharBlock):
    """A short heading that matches a section of the standard version."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)

    class Meta:
        icon = "title"
        label = _("Easy-read heading")
        template = "modules/blocks/easy_read_heading.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = "Talking about risk"


class ModuleBodyBlock(blocks.StreamBlock):
    rich_text = SanitisedRichTextBlock()
    talk_together = TalkTogetherBlock()
    case_story = CaseStoryBlock()
    risk_plan_exercise = RiskPlanExerciseBlock()
    image = AccessibleImageBlock()
    video = VideoBlock()


class AgendaBlock(blocks.StreamBlock):
    agenda_item = AgendaItemBlock()


class EasyReadBlock(blocks.StreamBlock):
    heading = EasyReadHeadingBlock()
    easy_read_point = EasyReadPointBlock()


class LearningOutcomeBlock(blocks.CharBlock):
    """One thing people will be able to do after the session."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)

    class Meta:
        icon = "tick"
        label = _("Learning outcome")
        template = "modules/blocks/learning_outcome.html"
        preview_template = PREVIEW_TEMPLATE
        preview_value = "Say why a risk plan is written with the person, not about them."


class LearningOutcomesBlock(blocks.StreamBlock):
    outcome = LearningOutcomeBlock()
