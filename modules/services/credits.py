"""Writes when a co-trainer's suggestion is published: a writing row on the involvement record and an
offer of a credit on the module. Both are once only, whatever signal or retry arrives twice."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ModuleCredit, ModuleCreditOffer, ModuleMaterialPage, TrainingModulePage
from ..permissions import (
    user_can_review_modules,
    user_can_suggest_module_changes,
    user_has_lived_experience,
)
from .involvement import involvement_record_for_suggestion


def module_of(page) -> TrainingModulePage | None:
    """The training module a page belongs to: itself, or the module above a material page."""
    page = page.specific
    if isinstance(page, TrainingModulePage):
        return page
    if isinstance(page, ModuleMaterialPage):
        return page.get_parent().specific
    return None


@transaction.atomic
def suggestion_published(*, workflow_state) -> ModuleCreditOffer | None:
    """Called when a review is approved (and so published). Only co-trainers' suggestions count:
    lead trainers are paid staff and do not go on the involvement record."""
    user = workflow_state.requested_by
    if (
        user is None
        or not user_can_suggest_module_changes(user)
        or user_can_review_modules(user)
        or user.is_superuser
    ):
        return None
    module = module_of(workflow_state.content_object)
    if module is None:
        return None
    involvement_record_for_suggestion(workflow_state=workflow_state, module=module)
    role = (
        ModuleCredit.Role.LIVED_EXPERIENCE
        if user_has_lived_experience(user)
        else ModuleCredit.Role.STAFF_CO_TRAINER
    )
    offer, _created = ModuleCreditOffer.objects.get_or_create(
        module=module, user=user, defaults={"role": role}
    )
    return offer


@transaction.atomic
def credit_offer_answer(*, offer: ModuleCreditOffer, user, answer: str) -> ModuleCreditOffer:
    """The co-trainer says whether their name is shown. They can change their mind later."""
    offer = ModuleCreditOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.user_id != user.pk:
        raise PermissionDenied(_("Only the person offered the credit can answer."))
    if answer not in (ModuleCreditOffer.Answer.NAMED, ModuleCreditOffer.Answer.NOT_NAMED):
        raise ValidationError(_("Choose whether your name is shown."))
    offer.answer = answer
    offer.answered_at = timezone.now()
    offer.save(update_fields=["answer", "answered_at"])
    return offer
