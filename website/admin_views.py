"""The "Sign-in locks" admin page: coordinators see who is locked out, from where, and unlock them.

A lock is a username AND an address (see `website.auth`); unlocking one ends that lock only.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import permissions
from .auth import sign_in_lock_release, sign_in_locks


def _refused(request):
    """403 in plain words (raising PermissionDenied in the admin would redirect to its home page)."""
    if permissions.user_can_unlock_sign_ins(request.user):
        return None
    return TemplateResponse(request, "403.html", status=403)


def sign_in_locks_view(request):
    if refused := _refused(request):
        return refused
    return TemplateResponse(request, "website/admin/sign_in_locks.html", {"locks": sign_in_locks()})


@require_POST
def sign_in_lock_release_view(request, lock_id: int):
    if refused := _refused(request):
        return refused
    if sign_in_lock_release(lock_id=lock_id):
        messages.success(request, _("Unlocked. They can sign in again from that computer now."))
    else:
        messages.info(request, _("That lock had already ended."))
    return redirect("website_sign_in_locks")
