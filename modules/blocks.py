"""StreamField blocks for training modules.

Reflection question blocks are the contract with `reflections/`: a reflection stores answers keyed by
the StreamField block id, so each question keeps its identity when wording is improved.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


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
        preview_value = {
            "question": "I felt listened to in this session.",
            "easy_read_question": "People listened to me.",
        }


class FreeTextQuestionBlock(ReflectionQuestionBase):
    class Meta:
        icon = "edit"
        label = _("Free text")
        template = "modules/blocks/reflection_question.html"
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
        preview_value = {
            "question": "Is there something you want to raise with the team?",
            "easy_read_question": "Is there something you want to tell us?",
        }


class ReflectionQuestionsBlock(blocks.StreamBlock):
    rating = RatingQuestionBlock()
    free_text = FreeTextQuestionBlock()
    single_choice = SingleChoiceQuestionBlock()
    raise_concern = RaiseQuestionBlock()
