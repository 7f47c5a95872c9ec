"""Helpers the reflection views share."""

from django.utils.translation import gettext_lazy as _

FACE_LABELS = {
    1: _("Very unhappy"),
    2: _("Unhappy"),
    3: _("Not sure"),
    4: _("Happy"),
    5: _("Very happy"),
}


def private(response):
    """Reflection pages are never cached and never leak their address to another site."""
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
