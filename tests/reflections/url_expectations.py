"""What each role gets from each of reflections's URLs (see tests/website/url_matrix.py)."""

from tests.website.url_matrix import LOGIN, Expect, everyone_signed_in, only  # noqa: F401

EXPECTED: dict[str, Expect] = {
    "reflections:today": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # reflect/today/
    "reflections:register_mark": only(
        "coordinator", ok=302, method="POST", data={"status": "present"}
    ),  # reflect/register/<int:attendance_id>/
    "reflections:session_replan": only(
        "coordinator", ok=302, method="POST"
    ),  # reflect/session/<int:session_id>/replan/
    "reflections:session_pack": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # reflect/session/<int:session_id>/pack/
    "reflections:card": Expect(
        anonymous=200,
        attendee=200,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=200,
    ),  # reflect/r/<str:token>/
    "reflections:mine": Expect(
        anonymous="login",
        attendee=404,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=404,
    ),  # reflect/mine/<int:attendance_id>/
    "reflections:insights_index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=200,
        coordinator=200,
        sponsor=403,
    ),  # reflect/insights/
    "reflections:raised_forward": only(
        "lead", "coordinator", ok=400, method="POST", data={"reflection": "not-a-uuid"}
    ),  # reflect/insights/forward/
    "reflections:insights": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # reflect/insights/<str:scope>/<int:pk>/
    "reflections:insights_csv": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # reflect/insights/<str:scope>/<int:pk>/export.csv
    "reflections:ask_again": Expect(default=405),  # reflect/register/<int:attendance_id>/ask-again/
    "reflections:invitation_letters": only(
        "coordinator"
    ),  # reflect/session/<int:session_id>/letters/
}
