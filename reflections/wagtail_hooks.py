"""Admin menu items for insights and registers, and the "Reflections to complete" dashboard panel."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from website import roles
from website.views import DASHBOARD_HOOK

from .selectors import reflections_to_complete


class RoleMenuItem(MenuItem):
    def __init__(self, *args, check, **kwargs):
        super().__init__(*args, **kwargs)
        self.check = check

    def is_shown(self, request):
        return self.check(request.user)


@hooks.register("register_admin_menu_item")
def register_insights_menu_item():
    return RoleMenuItem(
        _("Reflection insights"),
        reverse("reflections:insights_index"),
        icon_name="view",
        order=420,
        check=lambda user: roles.is_coordinator(user) or roles.is_lead_trainer(user),
    )


@hooks.register("register_admin_menu_item")
def register_today_menu_item():
    return RoleMenuItem(
        _("Sessions and registers"),
        reverse("reflections:today"),
        icon_name="date",
        order=410,
        check=lambda user: roles.is_coordinator(user) or roles.is_trainer(user),
    )


@hooks.register(DASHBOARD_HOOK)
def reflections_dashboard_panel(request):
    items = reflections_to_complete(user=request.user)
    panels = []
    if roles.is_coordinator(request.user) or roles.is_trainer(request.user):
        panels.append(
            {"order": 30, "template": "reflections/includes/trainer_panel.html", "context": {}}
        )
    if items:
        panels.append(
            {
                "order": 20,
                "template": "reflections/includes/dashboard_panel.html",
                "context": {"items": items},
            }
        )
    return panels
