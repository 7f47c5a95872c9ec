from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Task, TaskState
from wagtail.search import index

from .blocks import (
    LED_BY_CHOICES,
    RICH_TEXT_FEATURES,
    AgendaBlock,
    EasyReadBlock,
    LearningOutcomesBlock,
    ModuleBodyBlock,
    ReflectionQuestionsBlock,
)
from .page_forms import MaterialPageForm
from .panels import AgendaTotalPanel
from .permissions import (
    ModulePagePermissionsMixin,
    user_can_do_lived_experience_check,
    user_can_read_trainer_notes,
    user_has_lived_experience,
)
from .reading import resolve_reading_view

LED_BY_LABELS = dict(LED_BY_CHOICES)


class ReadingViewMixin:
    """Standard or easy-read view, and trainer notes for trainers only, on every module page."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        view = resolve_reading_view(request)
        context["reading_view"] = view
        context["easy_read"] = view == "easy"
        context["show_trainer_notes"] = user_can_read_trainer_notes(request.user)
        return context


class ModuleIndexPage(ModulePagePermissionsMixin, Page):
    """Lists the published training modules."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    lived_experience_check = models.BooleanField(
        _("lived-experience check"),
        default=False,
        help_text=_(
            "When ticked, a co-trainer with lived experience checks every change to these modules "
            "before the lead trainer does."
        ),
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    settings_panels = Page.settings_panels + [FieldPanel("lived_experience_check")]

    parent_page_types = ["website.HomePage"]
    subpage_types = ["modules.TrainingModulePage"]
    max_count = 1
    # The page listing's "add" link, in plain words (see the listing template in modules/templates).
    add_child_label = _("Add a module")

    class Meta:
        verbose_name = _("module index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["modules"] = (
            TrainingModulePage.objects.child_of(self).live().public().order_by("title")
        )
        return context


class TrainingModulePage(ModulePagePermissionsMixin, ReadingViewMixin, Page):
    """One joint staff-resident training module, written with co-trainers."""

    summary = models.TextField(_("summary"), max_length=400)
    audience = models.CharField(
        _("audience"), max_length=120, default="Staff and residents together"
    )
    default_group_size = models.PositiveSmallIntegerField(_("group size"), default=15)
    default_minutes = models.PositiveSmallIntegerField(_("length in minutes"), default=90)
    learning_outcomes = StreamField(
        LearningOutcomesBlock(),
        blank=True,
        verbose_name=_("learning outcomes"),
        help_text=_("What people will be able to do after the session. Three or four is plenty."),
    )
    body = StreamField(ModuleBodyBlock(), blank=True, verbose_name=_("module content"))
    agenda = StreamField(
        AgendaBlock(),
        blank=True,
        verbose_name=_("agenda"),
        help_text=_("The session minute by minute. The times should add up to the module length."),
    )
    easy_read = StreamField(
        EasyReadBlock(),
        blank=True,
        verbose_name=_("easy-read version"),
        help_text=_("A picture and one or two short sentences for each section."),
    )
    trainer_notes = RichTextField(
        _("trainer notes"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Only lead trainers and co-trainers see these."),
    )
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

    # Trainer notes, reflections and the easy-read text stay out of the search index on purpose.
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
        FieldPanel("learning_outcomes"),
        FieldPanel("body"),
    ]
    easy_read_panels = [
        HelpPanel(
            content=_(
                "<p>Write the easy-read version section by section: a short heading, then a picture "
                "and one or two short sentences for each point.</p>"
            )
        ),
        FieldPanel("easy_read"),
    ]
    trainer_panels = [
        AgendaTotalPanel(heading=_("Agenda time")),
        FieldPanel("agenda"),
        FieldPanel("trainer_notes"),
    ]
    reflection_panels = [
        FieldPanel("reflection_questions"),
        FieldPanel("anonymous_reflections"),
    ]
    credit_panels = [
        InlinePanel("credits", heading=_("Who wrote this module"), label=_("Credit")),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(easy_read_panels, heading=_("Easy read")),
            ObjectList(trainer_panels, heading=_("For trainers")),
            ObjectList(reflection_panels, heading=_("Reflection")),
            ObjectList(credit_panels, heading=_("Credits")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    parent_page_types = ["modules.ModuleIndexPage"]
    subpage_types = ["modules.ModuleMaterialPage"]
    add_child_label = _("Add an activity")

    class Meta:
        verbose_name = _("training module")
        permissions = [
            ("view_trainer_notes", "Can read the trainer notes on module pages"),
            ("review_module", "Can review and publish co-trainers' module changes"),
            (
                "suggest_module_change",
                "Can suggest module changes in the plain-words space and be credited",
            ),
        ]

    def agenda_rows(self) -> list[dict]:
        """Each agenda item with its start and end minute, so the session reads as a timetable."""
        rows = []
        elapsed = 0
        for block in self.agenda:
            if block.block_type != "agenda_item":
                continue
            minutes = block.value["minutes"] or 0
            rows.append(
                {
                    "value": block.value,
                    "start": elapsed,
                    "end": elapsed + minutes,
                    "led_by": LED_BY_LABELS.get(block.value["led_by"], block.value["led_by"]),
                }
            )
            elapsed += minutes
        return rows

    @property
    def agenda_total_minutes(self) -> int:
        return sum(
            block.value["minutes"] or 0
            for block in self.agenda
            if block.block_type == "agenda_item"
        )

    @property
    def agenda_matches_length(self) -> bool:
        return self.agenda_total_minutes == self.default_minutes

    def public_credits(self) -> list["ModuleCredit"]:
        """Credits written in the editor, then co-trainers who accepted a credit offer by name."""
        named = [credit for credit in self.credits.all() if credit.named_publicly]
        offers = self.credit_offers.filter(answer=ModuleCreditOffer.Answer.NAMED)
        return named + [offer.as_credit() for offer in offers.select_related("user")]

    def unnamed_credit_count(self) -> int:
        unnamed_offers = self.credit_offers.filter(answer=ModuleCreditOffer.Answer.NOT_NAMED)
        return sum(1 for credit in self.credits.all() if not credit.named_publicly) + (
            unnamed_offers.count()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["materials"] = self.get_children().live().specific().order_by("path")
        return context


class ModuleMaterialPage(ModulePagePermissionsMixin, ReadingViewMixin, Page):
    """Further material for a module (an extra activity, a handout), so a module can grow without
    being rewritten."""

    summary = models.TextField(_("summary"), max_length=400)
    body = StreamField(ModuleBodyBlock(), blank=True, verbose_name=_("content"))
    easy_read = StreamField(EasyReadBlock(), blank=True, verbose_name=_("easy-read version"))
    trainer_notes = RichTextField(
        _("trainer notes"),
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text=_("Only lead trainers and co-trainers see these."),
    )

    search_fields = Page.search_fields + [index.SearchField("summary")]

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("easy_read"),
        FieldPanel("trainer_notes"),
    ]

    parent_page_types = ["modules.TrainingModulePage"]
    subpage_types: list[str] = []
    # Refuses to send or publish an activity with no content (drafts may be saved empty).
    base_form_class = MaterialPageForm

    class Meta:
        verbose_name = _("module material")
        verbose_name_plural = _("module materials")


class ModuleCredit(Orderable):
    """Who co-wrote a module and in what role. Nobody is named on the page without saying yes."""

    class Role(models.TextChoices):
        LIVED_EXPERIENCE = "lived_experience", _("Co-trainer with lived experience")
        STAFF_CO_TRAINER = "staff_co_trainer", _("Staff co-trainer")
        LEAD_TRAINER = "lead_trainer", _("Lead trainer")

    page = ParentalKey(TrainingModulePage, on_delete=models.CASCADE, related_name="credits")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    named_publicly = models.BooleanField(
        _("happy to be named on the page"),
        default=False,
        help_text=_("Tick only when the person has said they want their name shown."),
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("named_publicly")]

    class Meta(Orderable.Meta):
        verbose_name = _("credit")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class ModuleCreditOffer(models.Model):
    """A co-trainer whose suggestion was published is offered a credit on the module, once.

    Kept apart from the page's own credits so that answering never creates a page revision, and a
    draft waiting in review can never overwrite the answer. Nobody is named unless they say yes.
    """

    class Answer(models.TextChoices):
        WAITING = "", _("Not answered yet")
        NAMED = "named", _("Yes, show my name")
        NOT_NAMED = "not_named", _("Count me, but do not show my name")

    module = models.ForeignKey(
        TrainingModulePage, on_delete=models.CASCADE, related_name="credit_offers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_credit_offers"
    )
    role = models.CharField(max_length=30, choices=ModuleCredit.Role.choices)
    answer = models.CharField(max_length=12, choices=Answer.choices, default="", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("credit offer")
        constraints = [
            models.UniqueConstraint(fields=["module", "user"], name="one_credit_offer_per_module")
        ]

    def as_credit(self) -> ModuleCredit:
        """An unsaved credit, so the page lists offers and editor credits the same way."""
        name = self.user.get_full_name() or self.user.first_name or self.user.get_username()
        return ModuleCredit(name=name, role=self.role, named_publicly=True)


class ModuleIdea(models.Model):
    """An issue raised on a ward, in a reflection or by a co-trainer that a module could answer.

    Kept out of the search index: an idea that came from a reflection can be personal.
    """

    class Source(models.TextChoices):
        WARD_MEETING = "ward_meeting", _("Ward meeting")
        REFLECTION = "reflection", _("Reflection")
        CO_TRAINER = "co_trainer", _("Co-trainer")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DECLINED = "declined", _("Declined")

    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    raised_by = models.CharField(
        _("raised by"),
        max_length=120,
        blank=True,
        help_text=_(
            "A role or first name, or leave empty. For example: 'Birch ward community meeting'."
        ),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    answered_by = models.ForeignKey(
        TrainingModulePage,
        verbose_name=_("answered by module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="answered_ideas",
    )
    created_at = models.DateTimeField(_("raised on"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldPanel("raised_by"),
        FieldPanel("source"),
        FieldPanel("status"),
        PageChooserPanel("answered_by", "modules.TrainingModulePage"),
    ]

    class Meta:
        verbose_name = _("module idea")
        verbose_name_plural = _("module ideas")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class ModuleInvolvement(models.Model):
    """Time a co-trainer gave to writing or co-delivering, so the finance office can pay or thank them."""

    class Activity(models.TextChoices):
        WRITING = "writing", _("Writing")
        CO_DELIVERING = "co_delivering", _("Co-delivering")

    class Payment(models.TextChoices):
        DUE = "due", _("Payment due")
        PAID = "paid", _("Paid")
        VOUCHER = "voucher", _("Voucher")
        DECLINED = "declined", _("Declined payment")

    person_name = models.CharField(_("co-trainer"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="module_involvements",
    )
    module = models.ForeignKey(
        TrainingModulePage,
        verbose_name=_("module"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="involvements",
    )
    date = models.DateField(_("date"))
    activity = models.CharField(_("activity"), max_length=20, choices=Activity.choices)
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0.25), MaxValueValidator(24)],
    )
    payment_status = models.CharField(
        _("payment"), max_length=20, choices=Payment.choices, default=Payment.DUE
    )
    # What made the record, when the system wrote it ("session:12", "workflow:34"): unique, so a second
    # register mark or a second approval signal can never add the same hours twice.
    source_key = models.CharField(max_length=60, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [
        FieldPanel("person_name"),
        FieldPanel("user"),
        PageChooserPanel("module", "modules.TrainingModulePage"),
        FieldPanel("date"),
        FieldPanel("activity"),
        FieldPanel("hours"),
        FieldPanel("payment_status"),
    ]

    class Meta:
        verbose_name = _("co-trainer involvement")
        verbose_name_plural = _("co-trainer involvement")
        ordering = ["-date", "person_name"]

    def __str__(self) -> str:
        return f"{self.person_name}, {self.date:%d %b %Y}, {self.get_activity_display()}"


class WritingTime(models.Model):
    """What a co-trainer said a piece of writing took ("About how long did this take?").

    When their suggestion is published, the unclaimed entries for that page become the hours on its
    "writing" involvement row (and point at it, so they are never counted twice). The lead trainer can
    still correct the hours on the row.
    """

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_writing_times"
    )
    minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    created_at = models.DateTimeField(auto_now_add=True)
    involvement = models.ForeignKey(
        ModuleInvolvement,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="writing_times",
    )

    class Meta:
        verbose_name = _("time spent writing")
        verbose_name_plural = _("time spent writing")


class LivedExperienceCheckTask(Task):
    """A workflow step approved by a co-trainer with lived experience (a resident), so content about
    residents is checked by a resident before it goes live. Nobody checks their own change.

    Switched on per module index ("lived-experience check" in its settings); the lead trainer's
    approval still follows it.
    """

    def user_can_access_editor(self, obj, user):
        return user_can_do_lived_experience_check(user=user, page=obj)

    def locked_for_user(self, obj, user):
        return not (user.is_superuser or user_can_do_lived_experience_check(user=user, page=obj))

    def get_actions(self, obj, user):
        if user.is_superuser or user_can_do_lived_experience_check(user=user, page=obj):
            return [
                ("reject", _("Ask for changes"), True),
                ("approve", _("This is right"), False),
                ("approve", _("This is right, with a comment"), True),
            ]
        return []

    def get_task_states_user_can_moderate(self, user, **kwargs):
        if not (user.is_superuser or user_has_lived_experience(user)):
            return TaskState.objects.none()
        return self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS).exclude(
            workflow_state__requested_by=user
        )

    @classmethod
    def get_description(cls):
        return _("A co-trainer with lived experience checks the change")

    class Meta:
        verbose_name = _("lived-experience check")
        verbose_name_plural = _("lived-experience checks")
