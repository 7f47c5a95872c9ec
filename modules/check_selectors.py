"""Reads for the plain-words "Lived-experience check": what is waiting for a resident co-trainer's
check, and the suggested change shown the way it will read, next to how it reads now.

The change shown is the revision the author sent (the task state's own revision), so what the resident
says "fine" to is exactly what the lead trainer then reads and publishes.
"""

from dataclasses import dataclass, field

from wagtail.models import Page, TaskState

from .models import LivedExperienceCheckTask
from .permissions import user_has_lived_experience
from .sections import Section, section_for
from .writing_selectors import display_name


@dataclass
class WaitingCheck:
    page: Page
    task_state: TaskState
    author: str


@dataclass
class PartChange:
    section: Section  # the part as it will read
    before: object = None  # the part as it reads now (a StreamChild), None for a new part


@dataclass
class SuggestedChange:
    author: str
    is_new_page: bool
    title: tuple[str, str] | None = None  # (now, will read) when the title changes
    summary: tuple[str, str] | None = None
    parts: list[PartChange] = field(default_factory=list)
    removed: list[Section] = field(default_factory=list)
    easy_read: object = None  # the easy-read version as it will read, when it changes
    earlier_request: tuple[str, str] | None = None  # (who, comment) when it was sent back before

    @property
    def is_empty(self) -> bool:
        return not (self.title or self.summary or self.parts or self.removed or self.easy_read)


def checks_waiting_for(*, user) -> list[WaitingCheck]:
    """Changes at the lived-experience check that this person may check (never their own)."""
    if not user_has_lived_experience(user):
        return []
    waiting = []
    for task in LivedExperienceCheckTask.objects.filter(active=True):
        task_states = task.get_task_states_user_can_moderate(user).select_related(
            "workflow_state__requested_by"
        )
        for task_state in task_states.order_by("started_at"):
            page = task_state.workflow_state.content_object
            if page is not None:
                waiting.append(
                    WaitingCheck(
                        page=page.specific,
                        task_state=task_state,
                        author=display_name(task_state.workflow_state.requested_by),
                    )
                )
    return waiting


def check_task_state(page: Page) -> TaskState | None:
    """The page's in-progress task state when it is at the lived-experience check, else None."""
    state = page.current_workflow_state
    task_state = state.current_task_state if state else None
    if task_state is None or task_state.status != TaskState.STATUS_IN_PROGRESS:
        return None
    if not isinstance(task_state.task.specific, LivedExperienceCheckTask):
        return None
    return task_state


def _without_ids(value):
    """A block's stored value minus the ids Wagtail gives list items, so re-saved words that did not
    change do not show as a change."""
    if isinstance(value, dict):
        return {key: _without_ids(item) for key, item in value.items() if key != "id"}
    if isinstance(value, list):
        return [_without_ids(item) for item in value]
    return value


def _same(block, other) -> bool:
    return _without_ids(block.block.get_prep_value(block.value)) == _without_ids(
        other.block.get_prep_value(other.value)
    )


def _stream_prep(stream) -> list:
    return _without_ids(list(stream.get_prep_value()))


def suggested_change(*, page: Page, task_state: TaskState) -> SuggestedChange:
    """What the author's revision changes, part by part, against the page as it reads now."""
    after = task_state.revision.as_object() if task_state.revision else page
    before = page.specific if page.live else None
    change = SuggestedChange(
        author=display_name(task_state.workflow_state.requested_by), is_new_page=before is None
    )
    if before is not None and before.title != after.title:
        change.title = (before.title, after.title)
    if before is not None and before.summary != after.summary:
        change.summary = (before.summary, after.summary)
    old_blocks = {block.id: block for block in before.body} if before is not None else {}
    for number, block in enumerate(after.body, start=1):
        old = old_blocks.get(block.id)
        if old is None or not _same(block, old):
            change.parts.append(PartChange(section=section_for(block, number), before=old))
    kept = {block.id for block in after.body}
    change.removed = [
        section_for(block, number)
        for number, block in enumerate(before.body if before is not None else [], start=1)
        if block.id not in kept
    ]
    if before is None or _stream_prep(before.easy_read) != _stream_prep(after.easy_read):
        change.easy_read = after.easy_read if len(after.easy_read) else None
    change.earlier_request = _earlier_request(task_state)
    return change


def _earlier_request(task_state: TaskState) -> tuple[str, str] | None:
    """The last "Ask for changes" in this review, so the checker sees what was asked the time before."""
    asked = (
        TaskState.objects.filter(
            workflow_state_id=task_state.workflow_state_id, status=TaskState.STATUS_REJECTED
        )
        .select_related("finished_by")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if asked is None:
        return None
    return display_name(asked.finished_by), asked.get_comment()
