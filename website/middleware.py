from csp.middleware import CSPMiddleware
from django.conf import settings
from django.template.response import TemplateResponse

from website.admin_csp import nonce_known_scripts

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
    nonce, so an injected `<script>` or `onclick=` never runs. Admin pages get `ALONGSIDE_ADMIN_CSP`, which
    is as strict for scripts: Wagtail 8 renders a few widget start-up scripts inline without the request
    (wagtail/wagtail#1288), so before the header is written this middleware gives the response's nonce to
    exactly those (`website.admin_csp`) and to no other inline script. The admin's styles stay
    `'unsafe-inline'` (Wagtail's rich text editor writes `<style>` elements with random keys in the browser).
    The admin sign-in page is ours and keeps the site's policy.
    """

    def process_response(self, request, response):
        if _is_admin_page(request) and _is_html(response):
            html = response.content.decode(response.charset or "utf-8")
            html, count = nonce_known_scripts(html, str(request.csp_nonce))
            if count:
                response.content = html.encode(response.charset or "utf-8")
                if response.has_header("Content-Length"):
                    response["Content-Length"] = str(len(response.content))
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and _is_admin_page(request):
            parts.config = settings.ALONGSIDE_ADMIN_CSP
        return parts


def _is_admin_page(request) -> bool:
    path = request.path_info
    return path.startswith(ADMIN_PREFIX) and not path.startswith(STRICT_ADMIN_PATHS)


def _is_html(response) -> bool:
    return (
        not getattr(response, "streaming", False)
        and response.get("Content-Type", "").startswith("text/html")
        and not response.has_header("Content-Encoding")
    )


class PermissionsPolicyMiddleware:
    """Turn off browser features nothing here uses (camera, microphone, location...), for every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.ALONGSIDE_PERMISSIONS_POLICY
        return response
