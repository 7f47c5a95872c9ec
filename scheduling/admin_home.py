"""The coordinator's start in the admin: training plans in hand and today's sessions.

Wagtail's own dashboard panels are about pages (edits, locks, moderation); a coordinator who plans
training saw an empty dashboard. This panel is shown only to people who may plan training
(`permissions.user_can_plan_training`), the same rule as the Training plans menu.
"""

from __future__ import annotations

from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .permissions import user_can_plan_training
from .selectors.overview import programmes_overview, sessions_today


class TrainingPlansPanel(Component):
    name = "training_plans"
    template_name = "scheduling/admin/home_training_plans.html"
    order = 50  # before Wagtail's page panels (100 and up)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        rows, total = programmes_overview(today=today)
        context.update(
            {
                "rows": rows,
                "total": total,
                "today": today,
                "today_count": sessions_today(today=today),
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_training_plans_panel(request, panels):
    if user_can_plan_training(request.user):
        panels.append(TrainingPlansPanel())
