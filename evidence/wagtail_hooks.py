"""The evidence links on My page (sponsors, coordinators, and everyone's own record) and in the admin."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from website.views import DASHBOARD_HOOK

from . import permissions


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.user_can_view_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_evidence_menu_item():
    return ReportsMenuItem(
        _("Training evidence"), reverse("evidence:index"), icon_name="table", order=430
    )


@hooks.register(DASHBOARD_HOOK)
def evidence_dashboard_panel(request):
    user = request.user
    context = {
        "reports": permissions.user_can_view_reports(user),
        "records": permissions.user_can_list_training_records(user),
        "own_record": getattr(user, "person", None) is not None,
    }
    if not any(context.values()):
        return []
    return [{"order": 40, "template": "evidence/includes/dashboard_panel.html", "context": context}]
