"""Writes for the ideas backlog: adding an idea, and turning an idea into a draft module.

`reflections/` calls `module_idea_create` to send a "something I want to raise" answer to the backlog,
so its signature is a contract.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail.models import Page
from wagtail.rich_text import RichText

from ..models import ModuleIdea, ModuleIndexPage, TrainingModulePage
from ..selectors import module_index

SUMMARY_MAX = 400


@transaction.atomic
def module_idea_create(
    *,
    title: str,
    description: str,
    raised_by: str,
    source: str,
) -> ModuleIdea:
    """Add an idea to the backlog. Text is trimmed to the field limits rather than refused, because a
    resident's words from a reflection should not be lost over a length rule."""
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("An idea needs a title."))
    if source not in ModuleIdea.Source.values:
        raise ValidationError(_("The source of an idea must be one of the listed sources."))
    idea = ModuleIdea(
        title=title[: ModuleIdea._meta.get_field("title").max_length],
        description=(description or "").strip()[
            : ModuleIdea._meta.get_field("description").max_length
        ],
        raised_by=(raised_by or "").strip()[: ModuleIdea._meta.get_field("raised_by").max_length],
        source=source,
    )
    idea.full_clean()
    idea.save()
    return idea


def _unique_child_slug(parent: Page, title: str) -> str:
    return find_available_slug(parent, slugify(title)[:60] or "new-module")


@transaction.atomic
def module_idea_start_draft(
    *, idea: ModuleIdea, user, index: ModuleIndexPage | None = None
) -> TrainingModulePage:
    """Turn an idea into a new, unpublished module under the index, in one step.

    The draft takes the idea's title and description, the idea points to it and moves to "in
    progress". If the idea already has a module, that module is returned instead of a second draft.
    """
    idea = ModuleIdea.objects.select_for_update().get(pk=idea.pk)
    if idea.answered_by_id:
        return idea.answered_by
    index = index or module_index()
    if index is None:
        raise ValidationError(_("There is no module index page to add the draft to."))
    if not index.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied(
            _("You cannot add modules, so you cannot start a draft from an idea.")
        )

    description = idea.description or idea.title
    draft = TrainingModulePage(
        title=idea.title,
        slug=_unique_child_slug(index, idea.title),
        summary=description[:SUMMARY_MAX],
        live=False,
        owner=user,
        body=[("rich_text", RichText(_rich_text_paragraphs(description)))],
    )
    index.add_child(instance=draft)
    draft.save_revision(user=user, log_action=True)

    idea.answered_by = draft
    idea.status = ModuleIdea.Status.IN_PROGRESS
    idea.save(update_fields=["answered_by", "status", "updated_at"])
    return draft


def _rich_text_paragraphs(text: str) -> str:
    from django.utils.html import escape

    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)
