from django.template.response import TemplateResponse

ADMIN_PREFIX = "/admin/"
OPEN_ADMIN_PATHS = ("/admin/login/", "/admin/logout/", "/admin/password_reset/")


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
