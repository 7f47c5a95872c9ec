"""Writes for the plain-words writing space: a co-trainer's suggestion becomes a page revision and goes
through the same "Co-trainer review" workflow as a change made in the Wagtail editor.

Underneath, every step is what the Wagtail editor itself does: the latest draft is loaded with
`get_latest_revision_as_object`, changed, saved as a revision (a never-published page also keeps the
draft in its own row, as the editor does), and the workflow is started, or resumed when the lead asked
for changes. So leads keep reviewing in the admin, and history and comments stay in one place.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import Page, Revision, WorkflowState
from wagtail.rich_text import RichText

from ..models import ModuleMaterialPage, TrainingModulePage
from ..permissions import user_can_suggest_change, user_can_take_back
from ..sections import fields_to_rich_text, raw_value_from_fields, section_for
from .involvement import writing_time_record

WRITABLE_TYPES = (TrainingModulePage, ModuleMaterialPage)


def _fresh(page: Page) -> Page:
    return Page.objects.select_for_update().get(pk=page.pk).specific


def _check_can_write(*, page: Page, user) -> None:
    if not isinstance(page, WRITABLE_TYPES) or not user_can_suggest_change(user=user, page=page):
        raise PermissionDenied(_("You cannot suggest changes to this page."))
    if page.get_lock() and page.get_lock().for_user(user):
        raise ValidationError(
            _(
                "This is waiting for the lead trainer to read. If you want to change something, "
                "press “I want to change something” first."
            )
        )


def _save_draft(*, page: Page, draft: Page, user, minutes: int | None = None) -> Revision:
    """What the Wagtail editor does on "Save draft": the row too for a page that was never live.
    With it, the time the co-trainer said this piece of work took."""
    if not page.live:
        draft.save()
    revision = draft.save_revision(user=user, log_action=True)
    writing_time_record(page=page, user=user, minutes=minutes)
    return revision


def _validation_error_for(error: Exception) -> ValidationError:
    messages = getattr(error, "messages", None) or [str(error)]
    block_errors = getattr(error, "block_errors", None) or {}
    for name, child in block_errors.items():
        messages = [f"{name}: {message}" for message in getattr(child, "messages", [str(child)])]
    return ValidationError(messages)


@transaction.atomic
def suggestion_rewrite_section(
    *,
    page: Page,
    user,
    block_id: str,
    data: dict,
    picture=None,
    send: bool,
    minutes: int | None = None,
) -> Revision:
    """Replace one section of the body with the co-trainer's words, optionally with a picture after it."""
    page = _fresh(page)
    _check_can_write(page=page, user=user)
    draft = page.get_latest_revision_as_object()
    position = next((i for i, b in enumerate(draft.body) if b.id == block_id), None)
    if position is None:
        raise ValidationError(_("That part of the module is not there any more. Pick it again."))
    block = draft.body[position]
    section = section_for(block, position + 1)
    if not section.can_rewrite:
        raise ValidationError(_("This part can only be changed in the full editor."))
    cleaned = {name: (data.get(name) or "").strip() for name in (f.name for f in section.fields)}
    if not any(cleaned.values()):
        raise ValidationError(_("Write the new words for this part before you send it."))
    missing = [str(f.label) for f in section.fields if f.required and not cleaned[f.name]]
    if missing:
        raise ValidationError(
            _("Fill in: %(fields)s. Every part needs these.") % {"fields": ", ".join(missing)}
        )
    if cleaned == {k: (v or "").strip() for k, v in section.initial.items()} and picture is None:
        raise ValidationError(
            _("You have not changed anything yet. Change the words, or choose a picture.")
        )
    child_block = block.block
    try:
        value = child_block.clean(child_block.to_python(raw_value_from_fields(block, cleaned)))
    except ValidationError as error:
        raise _validation_error_for(error) from error
    draft.body[position] = (block.block_type, value, block.id)
    if picture is not None:
        draft.body.insert(
            position + 1,
            (
                "image",
                {
                    "image": picture,
                    "alt_text": picture_alt_text(picture),
                    "caption": "",
                },
            ),
        )
    revision = _save_draft(page=page, draft=draft, user=user, minutes=minutes)
    if send:
        suggestion_send(page=page, user=user)
    return revision


def picture_alt_text(picture) -> str:
    """A pictogram's title is "Easy read: together"; the words after the colon say what it shows."""
    return _("Picture: %(name)s") % {"name": picture.title.split(":", 1)[-1].strip()}


@transaction.atomic
def suggestion_add_easy_read_point(
    *,
    page: Page,
    user,
    picture,
    text: str,
    after: int | None = None,
    send: bool,
    minutes: int | None = None,
) -> Revision:
    """Add a picture and one or two short sentences to the easy-read version, after a given block."""
    page = _fresh(page)
    _check_can_write(page=page, user=user)
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Write one or two short sentences to go with the picture."))
    if picture is None:
        raise ValidationError(_("Choose a picture to go with the words."))
    draft = page.get_latest_revision_as_object()
    child_block = draft.easy_read.stream_block.child_blocks["easy_read_point"]
    try:
        value = child_block.clean(
            child_block.to_python({"image": picture.pk, "text": text, "alt_text": ""})
        )
    except ValidationError as error:
        raise _validation_error_for(error) from error
    at = len(draft.easy_read) if after is None else min(max(after + 1, 0), len(draft.easy_read))
    draft.easy_read.insert(at, ("easy_read_point", value))
    revision = _save_draft(page=page, draft=draft, user=user, minutes=minutes)
    if send:
        suggestion_send(page=page, user=user)
    return revision


@transaction.atomic
def suggestion_new_activity(
    *,
    module: TrainingModulePage,
    user,
    title: str,
    summary: str,
    text: str,
    send: bool,
    minutes: int | None = None,
) -> ModuleMaterialPage:
    """A new activity under the module, as a draft material page owned by the co-trainer."""
    module = _fresh(module)
    if (
        not isinstance(module, TrainingModulePage)
        or not module.permissions_for_user(user).can_add_subpage()
    ):
        raise PermissionDenied(_("You cannot add activities to this module."))
    title, summary, text = (title or "").strip(), (summary or "").strip(), (text or "").strip()
    if not (title or summary or text):
        raise ValidationError(
            _("The activity is empty. Give it a name and say what happens before you send it.")
        )
    if not title:
        raise ValidationError(_("Give the activity a name."))
    if not text:
        raise ValidationError(_("Say what happens in the activity."))
    page = ModuleMaterialPage(
        title=title[:255],
        slug=find_available_slug(module, slugify(title)[:60] or "activity"),
        summary=(summary or text)[: ModuleMaterialPage._meta.get_field("summary").max_length],
        body=[("rich_text", RichText(fields_to_rich_text(heading="", text=text)))],
        live=False,
        owner=user,
    )
    module.add_child(instance=page)
    page.save_revision(user=user, log_action=True)
    writing_time_record(page=page, user=user, minutes=minutes)
    if send:
        suggestion_send(page=page, user=user)
    return page


@transaction.atomic
def suggestion_send(*, page: Page, user) -> WorkflowState:
    """ "Send to the lead trainer": start the review, or resume it when the lead asked for changes."""
    page = _fresh(page)
    if not isinstance(page, WRITABLE_TYPES) or not user_can_suggest_change(user=user, page=page):
        raise PermissionDenied(_("You cannot send changes to this page."))
    state = page.current_workflow_state
    if state and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise ValidationError(_("This is already waiting for the lead trainer to read."))
    if page.live and not page.has_unpublished_changes:
        raise ValidationError(
            _("There is nothing new to send yet. Change a part of the module first.")
        )
    if state and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return state
    workflow = page.get_workflow()
    if workflow is None:
        raise ValidationError(_("Nobody has been set up to read changes to this module yet."))
    return workflow.start(page, user)


@transaction.atomic
def suggestion_take_back(*, page: Page, user) -> WorkflowState:
    """ "I want to change something": cancel the co-trainer's own review so they can edit again.

    The lead's comments and the history stay, because cancelling keeps every task state.
    """
    page = _fresh(page)
    if not user_can_take_back(user=user, page=page):
        raise PermissionDenied(_("Only the person who sent these changes can take them back."))
    state = page.current_workflow_state
    state.cancel(user=user)
    return state
