"""Admin panels that show coordinators what a programme means before they plan it."""

from wagtail.admin.panels import Panel

from scheduling.selectors.planning import programme_due_counts


class DueCountsPanel(Panel):
    """Who the saved programme is for: never done the module, refresher due, in date, booked elsewhere,
    declined. The same counts the plan screen shows, read on the form so the coordinator sees them before
    planning (and before asking the ward for cover)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "scheduling/admin/due_counts_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            programme = self.instance
            saved = programme is not None and programme.pk is not None
            context["due"] = programme_due_counts(programme=programme) if saved else None
            return context
