from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.formats import time_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from .auth import login_locked_until


class LockoutAuthenticationForm(AuthenticationForm):
    """The sign-in form, saying plainly when an account is locked and until when."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "locked": _(
            "This account is locked for a while after too many wrong passwords. "
            "Please try again after %(time)s."
        ),
    }

    def clean(self):
        until = login_locked_until(username=self.data.get("username"))
        if until:
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"time": time_format(localtime(until), "H:i")},
            )
        return super().clean()
