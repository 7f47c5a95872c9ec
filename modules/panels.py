"""Admin panels that help co-trainers while they write."""

from wagtail.admin.panels import Panel


class AgendaTotalPanel(Panel):
    """Shows how many minutes the saved agenda adds up to, and warns when it is not the module length.

    A warning rather than a validation error: a draft agenda is often unfinished, and a co-trainer must
    still be able to save their work.
    """

    class BoundPanel(Panel.BoundPanel):
        template_name = "modules/admin/agenda_total_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            page = self.instance
            total = page.agenda_total_minutes if page is not None else 0
            length = getattr(page, "default_minutes", None) or 0
            context.update(
                {
                    "total": total,
                    "length": length,
                    "difference": abs(length - total),
                    "too_long": total > length,
                    "matches": total == length,
                }
            )
            return context
