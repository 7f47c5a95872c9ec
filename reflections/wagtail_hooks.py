"""Admin menu items for insights and registers, and the "Reflections to complete" dashboard panel."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from website.views import DASHBOARD_HOOK

from .permissions import user_can_read_insights, user_can_see_registers
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
        check=user_can_read_insights,
    )


@hooks.register("register_admin_menu_item")
def register_today_menu_item():
    return RoleMenuItem(
        _("Sessions and registers"),
        reverse("reflections:today"),
        icon_name="date",
        order=410,
        check=user_can_see_registers,
    )


@hooks.register(DASHBOARD_HOOK)
def reflections_dashboard_panel(request):
    items = reflections_to_complete(user=request.user)
    panels = []
    if user_can_see_registers(request.user):
        panels.append(
            {
                "order": 30,
                "template": "reflections/includes/trainer_panel.html",
                "context": {"can_read_insights": user_can_read_insights(request.user)},
            }
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
