"""Admin for modules: the ideas backlog and the involvement record as snippets, dashboard panels, and
the hooks that make the rules in `permissions.py` hold in the Wagtail admin."""

from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import HeaderButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from .forms import InvolvementAdminForm
from .models import ModuleIdea, ModuleInvolvement
from .permissions import (
    user_can_delete_page,
    user_can_review_modules,
    user_can_see_all_involvement,
    user_can_suggest_module_changes,
)
from .selectors import involvement_visible_to


class StartDraftColumn(Column):
    """A button in each row of the ideas listing that turns the idea into a module draft."""

    cell_template_name = "modules/admin/idea_start_draft_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["csrf_token"] = get_token(request) if request else ""
        context["can_start"] = bool(request and request.user.has_perm("modules.change_moduleidea"))
        context["action_url"] = reverse("modules:idea_start_draft", args=[instance.pk])
        if instance.answered_by_id:
            context["edit_url"] = reverse("wagtailadmin_pages:edit", args=[instance.answered_by_id])
        return context


class ModuleIdeaViewSet(SnippetViewSet):
    model = ModuleIdea
    icon = "help"
    menu_label = _("Module ideas")
    list_display = [
        "title",
        "source",
        "status",
        "raised_by",
        "created_at",
        StartDraftColumn("start_draft", label=_("Module"), accessor="answered_by"),
    ]
    list_filter = ["status", "source"]
    # Ideas can come from reflections; they are searched in the database, never put in a search index.
    search_fields = ["title", "description", "raised_by"]
    search_backend_name = None
    ordering = ["-created_at"]


class InvolvementIndexView(IndexView):
    @property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        user = self.request.user
        if user_can_see_all_involvement(user):
            buttons.append(
                HeaderButton(
                    _("Download CSV for finance"),
                    url=reverse("modules:involvement_csv"),
                    icon_name="download",
                )
            )
        return buttons


class VisibleInvolvementMixin:
    """The chooser lists, and lets you pick, only the records `involvement_visible_to` allows: a
    co-trainer sees their own hours, never anyone else's payments."""

    def get_object_list(self):
        return involvement_visible_to(user=self.request.user)


class InvolvementChooseView(VisibleInvolvementMixin, ChooseView):
    pass


class InvolvementChooseResultsView(VisibleInvolvementMixin, ChooseResultsView):
    pass


class InvolvementChosenView(SnippetChosenView):
    def get_object(self, pk):
        return involvement_visible_to(user=self.request.user).get(pk=pk)


class InvolvementChosenMultipleView(SnippetChosenMultipleView):
    def get_objects(self, pks):
        return involvement_visible_to(user=self.request.user).filter(pk__in=pks)


class InvolvementChooserViewSet(SnippetChooserViewSet):
    choose_view_class = InvolvementChooseView
    choose_results_view_class = InvolvementChooseResultsView
    chosen_view_class = InvolvementChosenView
    chosen_multiple_view_class = InvolvementChosenMultipleView


class ModuleInvolvementViewSet(SnippetViewSet):
    model = ModuleInvolvement
    icon = "date"
    menu_label = _("Co-trainer involvement")
    index_view_class = InvolvementIndexView
    chooser_viewset_class = InvolvementChooserViewSet
    # The "login" list offers co-trainers only, not every account.
    edit_handler = ObjectList(ModuleInvolvement.panels, base_form_class=InvolvementAdminForm)
    list_display = ["person_name", "date", "activity", "module", "hours", "payment_status"]
    list_filter = ["activity", "payment_status", "date"]
    search_fields = ["person_name"]
    search_backend_name = None
    ordering = ["-date"]


class ModulesViewSetGroup(SnippetViewSetGroup):
    items = (ModuleIdeaViewSet, ModuleInvolvementViewSet)
    menu_icon = "doc-full"
    menu_label = _("Modules")
    menu_name = "modules"


register_snippet(ModulesViewSetGroup)


@hooks.register("before_delete_page")
def refuse_deleting_others_work(request, page):
    """The permission tester already hides the delete action; this guards the view itself, for pages
    of every type, against a crafted request."""
    if not user_can_delete_page(user=request.user, page=page):
        raise PermissionDenied(
            _("Co-trainers can only delete their own drafts that have never been published.")
        )


@hooks.register("insert_editor_js")
def agenda_running_total_js():
    """Keeps the agenda total in the editor up to date while a trainer types minutes."""
    return format_html('<script src="{}" defer></script>', static("js/agenda_total.js"))


@hooks.register("alongside_dashboard_panels")
def module_dashboard_panels(request):
    """Trainers see what is waiting for them in module writing; nobody else sees anything here."""
    from .selectors import modules_awaiting_review

    user = request.user
    panels = []
    if user_can_review_modules(user):
        panels.append(
            {
                "order": 40,
                "template": "modules/dashboard_review_panel.html",
                "context": {"pages": modules_awaiting_review()},
            }
        )
    if user_can_suggest_module_changes(user):
        from .check_selectors import checks_waiting_for
        from .writing_selectors import (
            good_news_for,
            open_credit_offers,
            pages_for_writer,
            writing_state,
        )

        pages = pages_for_writer(user=user)
        panels.append(
            {
                "order": 41,
                "template": "modules/dashboard_drafts_panel.html",
                "context": {
                    "rows": [(page, writing_state(page=page, user=user)) for page in pages],
                    "good_news": good_news_for(user=user),
                    "credit_offers": open_credit_offers(user=user),
                    "checks": checks_waiting_for(user=user),
                },
            }
        )
    return panels
