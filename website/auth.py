"""Login lockout with cool-off, for every sign-in form (ours and the Wagtail admin's).

It is an authentication backend rather than a view decorator because both login forms call
`authenticate()`; refusing there covers them both.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.dispatch import receiver
from django.utils import timezone

from .models import LoginFailure


def _normalise(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def login_locked_until(*, username: str | None):
    """The time the account unlocks, or None when it is not locked."""
    record = LoginFailure.objects.filter(username=_normalise(username)).first()
    if record and record.locked_until and record.locked_until > timezone.now():
        return record.locked_until
    return None


@transaction.atomic
def login_failure_record(*, username: str | None) -> LoginFailure:
    name = _normalise(username)
    record, _ = LoginFailure.objects.select_for_update().get_or_create(username=name)
    LoginFailure.objects.filter(pk=record.pk).update(failures=F("failures") + 1)
    record.refresh_from_db()
    if record.failures >= settings.ALONGSIDE_LOGIN_MAX_FAILURES:
        record.locked_until = timezone.now() + timedelta(
            seconds=settings.ALONGSIDE_LOGIN_COOLOFF_SECONDS
        )
        record.failures = 0
        record.save(update_fields=["locked_until", "failures", "updated_at"])
    return record


def login_failures_clear(*, username: str | None) -> None:
    LoginFailure.objects.filter(username=_normalise(username)).delete()


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get("username")
        if login_locked_until(username=username):
            # PermissionDenied stops Django trying other backends and still fires user_login_failed.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    if login_locked_until(username=credentials.get("username")):
        return
    login_failure_record(username=credentials.get("username"))


@receiver(user_logged_in)
def _on_logged_in(sender, request, user, **kwargs):
    login_failures_clear(username=user.get_username())
