"""Calendar feed links: make, replace and stop the secret tokens behind subscription URLs.

A token is shown once, when it is made; only its SHA-256 hash is stored, so a copy of the database
cannot be turned into working links. Replacing a link revokes the old one, which then answers 404.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from scheduling.models import Facilitator, FeedToken, Person, Programme, Unit
from scheduling.selectors.calendars import base_url
from website.tokens import token_hash

TOKEN_BYTES = 32  # 256 bits, well over the 128 the design asks for.


def _target(
    *,
    person: Person | None = None,
    unit: Unit | None = None,
    programme: Programme | None = None,
    facilitator: Facilitator | None = None,
) -> tuple[str, dict]:
    given = {
        FeedToken.Scope.PERSON: ("person", person),
        FeedToken.Scope.UNIT: ("unit", unit),
        FeedToken.Scope.PROGRAMME: ("programme", programme),
        FeedToken.Scope.FACILITATOR: ("facilitator", facilitator),
    }
    chosen = [(scope, field, obj) for scope, (field, obj) in given.items() if obj is not None]
    if len(chosen) != 1:
        raise ValueError(
            "A calendar link is for exactly one person, unit, programme or facilitator."
        )
    scope, field, obj = chosen[0]
    return scope, {field: obj}


def feed_url(raw_token: str) -> str:
    return base_url() + reverse("scheduling:feed", args=[raw_token])


@transaction.atomic
def feed_token_create(
    *,
    person: Person | None = None,
    unit: Unit | None = None,
    programme: Programme | None = None,
    facilitator: Facilitator | None = None,
) -> tuple[FeedToken, str]:
    """A new link for one target, alongside any existing ones. Returns the record and the raw token,
    which the caller shows once and then forgets."""
    scope, target = _target(person=person, unit=unit, programme=programme, facilitator=facilitator)
    raw = secrets.token_urlsafe(TOKEN_BYTES)
    token = FeedToken.objects.create(scope=scope, token_hash=token_hash(raw), **target)
    return token, raw


@transaction.atomic
def feed_token_rotate(
    *,
    person: Person | None = None,
    unit: Unit | None = None,
    programme: Programme | None = None,
    facilitator: Facilitator | None = None,
) -> tuple[FeedToken, str]:
    """Stop every live link for the target and make a new one ("Make a new link")."""
    scope, target = _target(person=person, unit=unit, programme=programme, facilitator=facilitator)
    FeedToken.objects.select_for_update().filter(
        scope=scope, revoked_at__isnull=True, **target
    ).update(revoked_at=timezone.now())
    return feed_token_create(**target)


@transaction.atomic
def feed_token_revoke(*, token: FeedToken) -> FeedToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def feed_tokens_revoke_all(
    *,
    person: Person | None = None,
    unit: Unit | None = None,
    programme: Programme | None = None,
    facilitator: Facilitator | None = None,
) -> int:
    """Stop every live link for the target without making a new one."""
    scope, target = _target(person=person, unit=unit, programme=programme, facilitator=facilitator)
    return FeedToken.objects.filter(scope=scope, revoked_at__isnull=True, **target).update(
        revoked_at=timezone.now()
    )
