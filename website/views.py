from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse, reverse_lazy
from wagtail import hooks

from .params import BadParameter

DASHBOARD_HOOK = "alongside_dashboard_panels"


class LoginView(auth_views.LoginView):
    """The one sign-in page. django-axes (`website.auth`) refuses locked name and address pairs."""

    template_name = "website/login.html"
    redirect_authenticated_user = True


class AdminLoginView(LoginView):
    """The admin's sign-in, in place of Wagtail's: the same page, form, lockout and "Forgotten
    password?" link as the site's, so staff and residents learn one way in. It opens the admin after."""

    redirect_authenticated_user = False

    def get(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm("wagtailadmin.access_admin"):
            return redirect(self.get_success_url())
        return super().get(request, *args, **kwargs)

    def get_default_redirect_url(self):
        return reverse("wagtailadmin_home")


def bad_request(request, exception=None):
    """The 400 page. It shows the sentence of a `website.params.BadParameter` (written for people),
    never the text of Django's own errors (which may describe internals)."""
    message = str(exception) if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)


def favicon(request):
    """/favicon.ico: a redirect to the icon in static files (hashed and cached there in production)."""
    return redirect(static("favicon.ico"), permanent=False)


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


class PasswordResetView(auth_views.PasswordResetView):
    """ "Forgotten password?" for the site and the admin alike (Wagtail's own reset is switched off).

    The next page is the same whether or not the address belongs to anyone, so the form cannot be
    used to find out who has an account. The link in the e-mail uses ALONGSIDE_BASE_URL, never the
    Host header a visitor sent.
    """

    template_name = "website/password_reset_form.html"
    email_template_name = "website/email/password_reset.txt"
    subject_template_name = "website/email/password_reset_subject.txt"
    success_url = reverse_lazy("website:password_reset_done")

    def get_extra_email_context(self):
        return {"base_url": settings.ALONGSIDE_BASE_URL.rstrip("/")}

    def form_valid(self, form):
        self.extra_email_context = self.get_extra_email_context()
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "website/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "website/password_reset_confirm.html"
    success_url = reverse_lazy("website:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "website/password_reset_complete.html"
