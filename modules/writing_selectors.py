"""Reads for the plain-words writing space: where each module stands, in words a co-trainer uses.

Wagtail's own words ("LIVE + IN MODERATION", "rejected") never reach this space: each state is told as
who is doing what ("Waiting for Morgan (lead trainer) to read your changes"), with one next step.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.models import Page, Revision, TaskState, WorkflowState

from .models import (
    LivedExperienceCheckTask,
    ModuleCreditOffer,
    ModuleMaterialPage,
    TrainingModulePage,
)
from .permissions import user_can_do_lived_experience_check

PICTOGRAM_PREFIX = "Easy read: "
GOOD_NEWS_DAYS = 30


@dataclass
class PlainState:
    code: str  # waiting, waiting_other, changes_asked, taken_back, not_sent, published, draft
    text: str
    comment: str = ""
    next_label: str = ""
    next_url: str = ""
    next_post: bool = False


@dataclass
class ChangeRequest:
    reviewer: str
    comment: str
    when: object


def display_name(user) -> str:
    if user is None:
        return _("the lead trainer")
    return user.first_name or user.get_username()


def reviewer_names(page: Page, state: WorkflowState | None = None) -> str:
    """Who reads the changes at the step they are at (or the first step): the module's owner if they
    review, otherwise the reviewing group; for the lived-experience check, a resident co-trainer."""
    current = state.current_task_state if state else None
    workflow = page.get_workflow()
    task = current.task if current else (workflow.tasks.first() if workflow else None)
    if task and isinstance(task.specific, LivedExperienceCheckTask):
        return _("a co-trainer with lived experience")
    groups = list(task.specific.groups.all()) if task and hasattr(task.specific, "groups") else []
    reviewers = get_user_model().objects.filter(is_active=True, groups__in=groups).distinct()
    owner = page.owner
    if owner and reviewers.filter(pk=owner.pk).exists():
        return _("%(name)s (lead trainer)") % {"name": display_name(owner)}
    names = [display_name(user) for user in reviewers.order_by("first_name")[:2]]
    if not names:
        return _("the lead trainer")
    return _("%(names)s (lead trainer)") % {"names": _(" or ").join(names)}


def latest_change_request(page: Page) -> ChangeRequest | None:
    """The lead's latest "please change" comment, while it still applies: the review is waiting for
    changes, or the co-trainer took it back to make them."""
    latest = WorkflowState.objects.for_instance(page).order_by("-created_at", "-pk").first()
    if latest is None or latest.status not in (
        WorkflowState.STATUS_NEEDS_CHANGES,
        WorkflowState.STATUS_CANCELLED,
    ):
        return None
    rejected = (
        TaskState.objects.filter(workflow_state=latest, status=TaskState.STATUS_REJECTED)
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if rejected is None:
        return None
    return ChangeRequest(
        reviewer=display_name(rejected.finished_by),
        comment=rejected.get_comment(),
        when=rejected.finished_at,
    )


def writing_state(*, page: Page, user) -> PlainState:
    """One sentence and one next step for where this page stands, for this co-trainer."""
    page = page.specific
    edit_url = reverse("modules:write_sections", args=[page.pk])
    state = page.current_workflow_state
    if state and state.status == WorkflowState.STATUS_IN_PROGRESS:
        reviewers = reviewer_names(page, state)
        if state.requested_by_id == user.pk:
            return PlainState(
                "waiting",
                _("Waiting for %(reviewer)s to read your changes.") % {"reviewer": reviewers},
                next_label=_("I want to change something"),
                next_url=reverse("modules:write_take_back", args=[page.pk]),
                next_post=True,
            )
        waiting_other = PlainState(
            "waiting_other",
            _("Waiting for %(reviewer)s to read changes from %(author)s.")
            % {"reviewer": reviewers, "author": display_name(state.requested_by)},
        )
        task = state.current_task_state.task.specific if state.current_task_state else None
        if isinstance(task, LivedExperienceCheckTask) and user_can_do_lived_experience_check(
            user=user, page=page
        ):
            waiting_other.next_label = _("Check it")
            waiting_other.next_url = reverse("modules:write_check", args=[page.pk])
        return waiting_other
    request = latest_change_request(page)
    if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES and request:
        return PlainState(
            "changes_asked",
            _("%(reviewer)s asked for changes:") % {"reviewer": request.reviewer},
            comment=request.comment,
            next_label=_("Make the changes"),
            next_url=edit_url,
        )
    if request:
        return PlainState(
            "taken_back",
            _("You took your changes back to work on them. %(reviewer)s asked for changes:")
            % {"reviewer": request.reviewer},
            comment=request.comment,
            next_label=_("Carry on changing it"),
            next_url=edit_url,
        )
    if page.has_unpublished_changes:
        return PlainState(
            "not_sent",
            _("You have changes that are not sent yet."),
            next_label=_("Look at them and send them"),
            next_url=edit_url,
        )
    if page.live and page.last_published_at:
        return PlainState(
            "published",
            _("Published on %(date)s.")
            % {"date": date_format(timezone.localtime(page.last_published_at), "j M")},
            next_label=_("Suggest a change"),
            next_url=edit_url,
        )
    return PlainState(
        "draft", _("Not on the website yet."), next_label=_("Carry on"), next_url=edit_url
    )


def pages_for_writer(*, user) -> list[Page]:
    """The module pages this person helps with: ones they own, changed or sent for review."""
    revised = (
        Revision.objects.page_revisions().filter(user=user).values_list("object_id", flat=True)
    )
    asked = WorkflowState.objects.filter(requested_by=user).values_list("object_id", flat=True)
    ids = {int(pk) for pk in list(revised) + list(asked)}
    modules = TrainingModulePage.objects.filter(Q(owner=user) | Q(pk__in=ids))
    materials = ModuleMaterialPage.objects.filter(Q(owner=user) | Q(pk__in=ids))
    return sorted(list(modules) + list(materials), key=lambda page: page.path)


def other_modules_for_writer(*, user, exclude: list[Page]) -> list[TrainingModulePage]:
    """Published modules this person has not worked on yet, to suggest a first change to."""
    ids = [page.pk for page in exclude]
    return list(TrainingModulePage.objects.live().exclude(pk__in=ids).order_by("title"))


def good_news_for(*, user) -> list[dict]:
    """Reviews of this person's changes that ended in publication in the last few weeks."""
    since = timezone.now() - timedelta(days=GOOD_NEWS_DAYS)
    approved = WorkflowState.objects.filter(
        requested_by=user, status=WorkflowState.STATUS_APPROVED, created_at__gte=since
    ).order_by("-created_at")
    news = []
    for state in approved[:10]:
        page = state.content_object
        if page is None:
            continue
        finished = (
            TaskState.objects.filter(workflow_state=state, status=TaskState.STATUS_APPROVED)
            .select_related("finished_by")
            .order_by("-finished_at")
            .first()
        )
        news.append(
            {
                "page": page.specific,
                "reviewer": display_name(finished.finished_by if finished else None),
                "comment": finished.get_comment() if finished else "",
            }
        )
    return news


def open_credit_offers(*, user) -> list[ModuleCreditOffer]:
    return list(ModuleCreditOffer.objects.filter(user=user, answer="").select_related("module"))


def pictograms():
    """The pictogram set: library images whose title starts "Easy read: "."""
    return get_image_model().objects.filter(title__startswith=PICTOGRAM_PREFIX).order_by("title")


def pictogram_name(image) -> str:
    return image.title.removeprefix(PICTOGRAM_PREFIX)
