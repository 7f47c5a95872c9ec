from csp.middleware import CSPMiddleware
from django.conf import settings
from django.template.response import TemplateResponse

ADMIN_PREFIX = "/admin/"
OPEN_ADMIN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")
# Admin addresses that answer with our own site templates, so keep the site's strict policy.
STRICT_ADMIN_PATHS = ("/admin/login/", "/admin/password_reset/")


class AdminForbiddenMiddleware:
    """Answer 403 when a signed-in person without admin access opens an admin page.

    Wagtail would send them to its login form, which reads as "sign in again" to an attendee who is
    already signed in; a plain "you cannot open this page" is clearer and says the same to tests.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        user = getattr(request, "user", None)
        if (
            path.startswith(ADMIN_PREFIX)
            and not path.startswith(OPEN_ADMIN_PATHS)
            and user is not None
            and user.is_authenticated
            and not user.has_perm("wagtailadmin.access_admin")
        ):
            response = TemplateResponse(request, "403.html", status=403)
            return response.render()
        return self.get_response(request)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's header, with the admin's own policy under /admin/.

    Site pages get `CONTENT_SECURITY_POLICY`: scripts only from our static files or with this response's
    nonce, so an injected `<script>` or `onclick=` never runs. Wagtail 8's admin still renders inline
    scripts without a request (inline panels, date pickers; wagtail/wagtail#1288), which cannot carry a
    nonce, so admin pages get `ALONGSIDE_ADMIN_CSP`, which allows inline script there and nowhere else.
    The admin sign-in page is ours and keeps the strict policy.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(ADMIN_PREFIX)
            and not request.path_info.startswith(STRICT_ADMIN_PATHS)
        ):
            parts.config = settings.ALONGSIDE_ADMIN_CSP
            parts.nonce = None  # a nonce would make browsers ignore 'unsafe-inline'
        return parts


class PermissionsPolicyMiddleware:
    """Turn off browser features nothing here uses (camera, microphone, location...), for every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.ALONGSIDE_PERMISSIONS_POLICY
        return response
