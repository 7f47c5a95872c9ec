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
}
