"""What each role may do with module pages and the involvement record, in plain functions.

Views, menus, the Wagtail permission tester and the hooks all call these, so a rule is written once and
the admin, the plain-words writing space and the tests cannot disagree about it.

Why not Wagtail's defaults alone: with `change_page`, Wagtail lets anyone delete a page that is not
live, including another co-trainer's draft waiting in review; and the snippet chooser lists every
involvement record (payments included) to anyone who can open the admin.
"""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from wagtail.models import Page, PagePermissionTester, WorkflowState

from website.roles import CO_TRAINERS, LEAD_TRAINERS, is_co_trainer, is_lead_trainer


def user_has_lived_experience(user) -> bool:
    """A co-trainer whose login is linked to a resident on the roster, or to a co-trainer on the
    facilitator list marked "brings lived experience".

    `modules` does not import `scheduling`: the linked records are reached by the reverse relations'
    names, and no link means "no".
    """
    if not is_co_trainer(user) or user.is_superuser:
        return False
    if getattr(_linked(user, "person"), "kind", None) == "resident":
        return True
    facilitator = _linked(user, "facilitator")
    return bool(
        facilitator is not None
        and getattr(facilitator, "active", True)
        and getattr(facilitator, "role", None) == "co"
        and getattr(facilitator, "lived_experience", False)
    )


def _linked(user, name: str):
    try:
        return getattr(user, name)
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist when the login has no such link.
        return None


def user_can_do_lived_experience_check(*, user, page: Page) -> bool:
    """A co-trainer with lived experience, checking someone else's change."""
    if not user_has_lived_experience(user):
        return False
    state = page.current_workflow_state
    return state is None or state.requested_by_id != user.pk


# --- Pages --------------------------------------------------------------------------------------


def user_can_delete_page(*, user, page: Page) -> bool:
    """Lead trainers (and superusers) delete as Wagtail allows; co-trainers only their own drafts.

    "Own draft" means: never published, owned by this co-trainer, and the same for every page below
    it, so a co-trainer can tidy up a false start but never remove someone else's work or anything
    that has been on the website.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or is_lead_trainer(user):
        return True
    pages = Page.objects.descendant_of(page, inclusive=True)
    return not pages.exclude(owner=user, first_published_at__isnull=True).exists()


def user_can_suggest_change(*, user, page: Page) -> bool:
    """Trainers who may edit the page, while nobody else's submission is waiting on it."""
    if not (is_co_trainer(user) or is_lead_trainer(user)):
        return False
    if not page.permissions_for_user(user).can_edit():
        return False
    state = page.current_workflow_state
    return state is None or state.requested_by_id == user.pk or _user_reviews(user, state)


def user_can_take_back(*, user, page: Page) -> bool:
    """Only the person who sent a change can take it back, and only while it is still open."""
    state = page.current_workflow_state
    return bool(
        state
        and state.requested_by_id == user.pk
        and state.status in (WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES)
    )


def user_can_read_trainer_notes(user) -> bool:
    """Trainer notes on module pages: lead trainers and co-trainers (given by modules migration 0009)."""
    return bool(
        user.is_authenticated and user.is_active and user.has_perm("modules.view_trainer_notes")
    )


def user_can_use_writing_space(user) -> bool:
    return is_co_trainer(user) or is_lead_trainer(user)


def _user_reviews(user, state: WorkflowState) -> bool:
    task = state.current_task_state.task.specific if state.current_task_state else None
    return bool(task and task.locked_for_user(state.content_object, user) is False)


class ModulePagePermissionTester(PagePermissionTester):
    """Wagtail's tester with our delete rule on top: Wagtail's own rule still has to agree."""

    def can_delete(self, ignore_bulk=False):
        return super().can_delete(ignore_bulk=ignore_bulk) and user_can_delete_page(
            user=self.user, page=self.page
        )


class ModulePagePermissionsMixin:
    """Page.permissions_for_user is meant to be overridden per page type (Wagtail casts to the
    specific class when it is), so every module page type gets the tester above."""

    def permissions_for_user(self, user):
        return ModulePagePermissionTester(user, self)


# --- The involvement record ----------------------------------------------------------------------


def user_can_see_all_involvement(user) -> bool:
    """Coordinators and lead trainers keep the record for the finance office."""
    return user.is_authenticated and user.has_perm("modules.view_moduleinvolvement")


def co_trainer_users() -> QuerySet:
    """The people an involvement record can be about: active co-trainers (lead trainers are paid
    staff and are not on the record)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=CO_TRAINERS)
        .exclude(groups__name=LEAD_TRAINERS)
        .distinct()
        .order_by("first_name", "username")
    )
