from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import ReflectionQuestionsBlock


class ModuleIndexPage(Page):
    """Lists the published training modules."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["website.HomePage"]
    subpage_types = ["modules.TrainingModulePage"]
    max_count = 1

    class Meta:
        verbose_name = _("module index page")


class TrainingModulePage(Page):
    """One joint staff-resident training module, written with co-trainers."""

    summary = models.TextField(_("summary"), max_length=400)
    audience = models.CharField(
        _("audience"), max_length=120, default="Staff and residents together"
    )
    default_group_size = models.PositiveSmallIntegerField(_("group size"), default=15)
    default_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=90)
    reflection_questions = StreamField(
        ReflectionQuestionsBlock(), blank=True, verbose_name=_("reflection questions")
    )
    anonymous_reflections = models.BooleanField(
        _("anonymous reflections"),
        default=True,
        help_text=_(
            "When ticked, nobody (coordinators and trainers included) can link a reflection to its "
            "author."
        ),
    )

    search_fields = Page.search_fields + [index.SearchField("summary")]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("audience"),
                FieldPanel("default_group_size"),
                FieldPanel("default_minutes"),
            ],
            heading=_("Who and how long"),
        ),
        FieldPanel("reflection_questions"),
        FieldPanel("anonymous_reflections"),
    ]

    parent_page_types = ["modules.ModuleIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("training module")
