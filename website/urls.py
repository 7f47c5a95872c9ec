from django.conf import settings
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views

website_patterns = (
    [
        path("login/", views.LoginView.as_view(), name="login"),
        path("logout/", auth_views.LogoutView.as_view(), name="logout"),
        path("me/", views.dashboard, name="dashboard"),
        path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
        path(
            "password-reset/sent/",
            views.PasswordResetDoneView.as_view(),
            name="password_reset_done",
        ),
        path(
            "password-reset/<uidb64>/<token>/",
            views.PasswordResetConfirmView.as_view(),
            name="password_reset_confirm",
        ),
        path(
            "password-reset/done/",
            views.PasswordResetCompleteView.as_view(),
            name="password_reset_complete",
        ),
    ],
    "website",
)

urlpatterns = [
    # Browsers ask for /favicon.ico on every site whatever the page links; answer with the real icon.
    path("favicon.ico", views.favicon, name="favicon"),
    # One sign-in page and one "Forgotten password?" for the site and the admin: these two come before
    # Wagtail's admin URLs so that they answer in place of Wagtail's own.
    path("admin/login/", views.AdminLoginView.as_view(), name="admin_login"),
    path(
        "admin/password_reset/",
        RedirectView.as_view(pattern_name="website:password_reset"),
        name="admin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("account/", include(website_patterns)),
    path("training/", include("scheduling.urls")),
    path("reflect/", include("reflections.urls")),
    path("modules-tools/", include("modules.urls")),
    path("evidence/", include("evidence.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page tree answers everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]

handler400 = "website.views.bad_request"
