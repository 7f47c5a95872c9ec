from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from wagtail import hooks

from .forms import LockoutAuthenticationForm

DASHBOARD_HOOK = "alongside_dashboard_panels"


class LoginView(auth_views.LoginView):
    template_name = "website/login.html"
    authentication_form = LockoutAuthenticationForm
    redirect_authenticated_user = True


def dashboard_panels(request) -> list[dict]:
    """Panels other apps add to a person's own page, through the `alongside_dashboard_panels` hook.

    Each hook returns a list of dicts with `order`, `template` and `context` (or nothing), so this app
    never has to know what sessions or reflections are.
    """
    panels = []
    for fn in hooks.get_hooks(DASHBOARD_HOOK):
        panels.extend(fn(request) or [])
    return sorted(panels, key=lambda panel: panel.get("order", 100))


@login_required
def dashboard(request):
    return render(request, "website/dashboard.html", {"panels": dashboard_panels(request)})
