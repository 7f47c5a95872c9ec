"""What each role may do with module pages and the involvement record, in plain functions.

Views, menus, the Wagtail permission tester and the hooks all call these, so a rule is written once and
the admin, the plain-words writing space and the tests cannot disagree about it.

Why not Wagtail's defaults alone: with `change_page`, Wagtail lets anyone delete a page that is not
live, including another co-trainer's draft waiting in review; and the snippet chooser lists every
involvement record (payments included) to anyone who can open the admin.
"""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from wagtail.models import Page, PagePermissionTester, WorkflowState


def _active(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def user_can_review_modules(user) -> bool:
    """Lead trainers: review and publish co-trainers' changes, delete any page Wagtail lets them, see
    the review panel (`modules.review_module`, given by modules migration 0010)."""
    return _active(user) and user.has_perm("modules.review_module")


def user_can_suggest_module_changes(user) -> bool:
    """Co-trainers: write in the plain-words space, send changes for review, see their own involvement
    and be credited (`modules.suggest_module_change`, given by modules migration 0010)."""
    return _active(user) and user.has_perm("modules.suggest_module_change")


def _holding(codename: str) -> Q:
    """Users given a modules permission, through a group or directly."""
    return Q(
        groups__permissions__codename=codename,
        groups__permissions__content_type__app_label="modules",
    ) | Q(
        user_permissions__codename=codename,
        user_permissions__content_type__app_label="modules",
    )


def user_has_lived_experience(user) -> bool:
    """A co-trainer whose login is linked to a resident on the roster, or to a co-trainer on the
    facilitator list marked "brings lived experience".

    `modules` does not import `scheduling`: the linked records are reached by the reverse relations'
    names, and no link means "no".
    """
    if not user_can_suggest_module_changes(user) or user.is_superuser:
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
    if not _active(user):
        return False
    if user.is_superuser or user_can_review_modules(user):
        return True
    pages = Page.objects.descendant_of(page, inclusive=True)
    return not pages.exclude(owner=user, first_published_at__isnull=True).exists()


def user_can_suggest_change(*, user, page: Page) -> bool:
    """Trainers who may edit the page, while nobody else's submission is waiting on it."""
    if not (user_can_suggest_module_changes(user) or user_can_review_modules(user)):
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
    return _active(user) and user.has_perm("modules.view_trainer_notes")


def user_can_use_writing_space(user) -> bool:
    return user_can_suggest_module_changes(user) or user_can_review_modules(user)


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
    """The people an involvement record can be about: active users who suggest changes and do not
    review them (lead trainers are paid staff and are not on the record)."""
    User = get_user_model()
    reviewers = User.objects.filter(_holding("review_module")).values("pk")
    return (
        User.objects.filter(_holding("suggest_module_change"), is_active=True)
        .exclude(pk__in=reviewers)
        .distinct()
        .order_by("first_name", "username")
    )
