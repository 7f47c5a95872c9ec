"""Sign-in lockout, through django-axes, for every sign-in form (ours and the Wagtail admin's).

Wrong passwords lock the *combination* of a username and the address they came from (settings:
`AXES_LOCKOUT_PARAMETERS`). Locking the username alone let anyone lock a real person out, the admin
included, by typing five wrong passwords from anywhere; now the guesser locks only themselves. A lock
ends after `ALONGSIDE_LOGIN_COOLOFF_SECONDS`, and a coordinator can end it sooner in the admin
("Sign-in locks", see `website.admin_views`).

The functions named in settings (`cool_off`, `username_for_lockout`, `client_address`,
`lockout_response`) are read by axes on every attempt, so tests can change the settings they read.
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.backends import AxesStandaloneBackend
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.formats import time_format


class LockoutBackend(AxesStandaloneBackend):
    """axes' check, for sign-ins that come through a web request (both sign-in pages pass one).

    A call without a request (a management command, a test's `client.login`) has no address to lock,
    so it is left to the password check alone instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def cool_off(request=None) -> timedelta:
    return timedelta(seconds=settings.ALONGSIDE_LOGIN_COOLOFF_SECONDS)


def normalise_username(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def username_for_lockout(request, credentials) -> str:
    """ "Priya" and " priya" count as the same name, so changing the case does not earn new guesses."""
    field = settings.AXES_USERNAME_FORM_FIELD
    username = (credentials or {}).get(field) or request.POST.get(field)
    return normalise_username(username)


def _valid_address(value: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address the request came from, or None when there is none (a test's or a command's
    request; axes stores the address in an IP column, which PostgreSQL checks).

    Behind `ALONGSIDE_TRUSTED_PROXY_COUNT` reverse proxies it is the one the outermost trusted proxy
    saw, counted from the right of X-Forwarded-For (the left part can be typed by anyone). With no
    proxy, X-Forwarded-For is ignored: it would let a guesser pick a fresh address for every attempt.
    """
    count = settings.ALONGSIDE_TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count and (address := _valid_address(forwarded[-count])):
            return address
    return _valid_address(request.META.get("REMOTE_ADDR"))


def lock_ends_at(attempt: AccessAttempt) -> datetime:
    return attempt.attempt_time + cool_off()


@dataclass(frozen=True)
class SignInLock:
    id: int
    username: str
    address: str
    failures: int
    ends_at: datetime


def sign_in_locks() -> list[SignInLock]:
    """Username and address pairs locked now, soonest to end first (a read: writes nothing)."""
    since = timezone.now() - cool_off()
    attempts = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gt=since
    ).order_by("attempt_time", "pk")
    return [
        SignInLock(
            id=attempt.pk,
            username=attempt.username or "",
            address=attempt.ip_address or "",
            failures=attempt.failures_since_start,
            ends_at=lock_ends_at(attempt),
        )
        for attempt in attempts
    ]


@transaction.atomic
def sign_in_lock_release(*, lock_id: int) -> bool:
    """End one lock now (the failure count starts again from nought). False if it had already gone."""
    deleted, _ = AccessAttempt.objects.filter(pk=lock_id).delete()
    return deleted > 0


def lockout_response(request, original_response=None, credentials=None):
    """The sign-in page again, saying plainly that this name is locked here and until when.

    It names neither whether the account exists nor how many guesses were made.
    """
    username = username_for_lockout(request, credentials)
    attempt = (
        AccessAttempt.objects.filter(username=username, ip_address=client_address(request))
        .order_by("-attempt_time")
        .first()
    )
    ends_at = lock_ends_at(attempt) if attempt else timezone.now() + cool_off()
    response = TemplateResponse(
        request,
        "website/locked_out.html",
        {"ends_at": time_format(timezone.localtime(ends_at), "H:i")},
        status=429,
    )
    return response.render()
