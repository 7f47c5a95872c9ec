"""website's admin pages: the sign-in locks a coordinator can end (see `website.admin_views`)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import permissions
from .admin_views import sign_in_lock_release_view, sign_in_locks_view


class SignInLocksMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.user_can_unlock_sign_ins(request.user)


@hooks.register("register_admin_urls")
def register_sign_in_lock_urls():
    return [
        path("sign-in-locks/", sign_in_locks_view, name="website_sign_in_locks"),
        path(
            "sign-in-locks/<int:lock_id>/unlock/",
            sign_in_lock_release_view,
            name="website_sign_in_lock_release",
        ),
    ]


@hooks.register("register_settings_menu_item")
def register_sign_in_locks_menu_item():
    return SignInLocksMenuItem(
        _("Sign-in locks"), reverse("website_sign_in_locks"), icon_name="lock", order=900
    )
