"""What each role gets from each of website's URLs (see tests/website/url_matrix.py)."""

from tests.website.url_matrix import LOGIN, Expect, everyone_signed_in, only  # noqa: F401

EXPECTED: dict[str, Expect] = {
    "website:login": Expect(
        anonymous=200,
        attendee=302,
        cotrainer=302,
        resident=302,
        lead=302,
        coordinator=302,
        sponsor=302,
    ),  # account/login/
    "website:dashboard": Expect(
        anonymous="login",
        attendee=200,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=200,
    ),  # account/me/
    # One sign-in page for the admin too (website.views.AdminLoginView): admin roles already signed in go
    # on to the admin; attendees and sponsors, who have no admin, see the form.
    "admin_login": Expect(
        anonymous=200,
        attendee=200,
        sponsor=200,
        default=302,
    ),  # admin/login/
    "admin_password_reset": everyone_signed_in(302, anonymous=302),  # admin/password_reset/
    # "Forgotten password?" answers everyone the same, signed in or not.
    "website:password_reset": everyone_signed_in(anonymous=200),  # account/password-reset/
    "website:password_reset_done": everyone_signed_in(anonymous=200),
    "website:password_reset_confirm": everyone_signed_in(anonymous=200),  # a link that is not valid
    "website:password_reset_complete": everyone_signed_in(anonymous=200),
    "website_sign_in_locks": only("coordinator"),  # admin/sign-in-locks/
    "website_sign_in_lock_release": only(
        "coordinator", ok=302, method="POST", data={}
    ),  # admin/sign-in-locks/<id>/unlock/
    "favicon": everyone_signed_in(302, anonymous=302),  # favicon.ico -> the static icon
}
