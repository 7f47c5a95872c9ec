"""What each role gets from each of evidence's URLs (see tests/website/url_matrix.py)."""

from tests.website.url_matrix import LOGIN, Expect, everyone_signed_in, only  # noqa: F401

EXPECTED: dict[str, Expect] = {
    "evidence:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=200,
    ),  # evidence/
    "evidence:coverage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=200,
    ),  # evidence/coverage/
    "evidence:coverage_csv": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=200,
    ),  # evidence/coverage/export.csv
    "evidence:coverage_scope": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=200,
    ),  # evidence/coverage/<str:kind>/<int:pk>/
    "evidence:coverage_scope_csv": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=200,
    ),  # evidence/coverage/<str:kind>/<int:pk>/export.csv
    "evidence:said": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=200,
    ),  # evidence/said/
    "evidence:said_csv": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=200,
    ),  # evidence/said/export.csv
    "evidence:said_scope": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=200,
    ),  # evidence/said/<str:kind>/<int:pk>/
    "evidence:said_scope_csv": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=200,
    ),  # evidence/said/<str:kind>/<int:pk>/export.csv
    "evidence:records": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # evidence/records/
    "evidence:record": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # evidence/records/<int:person_id>/
    "evidence:my_record": Expect(
        anonymous="login",
        attendee=200,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=404,
        sponsor=404,
    ),  # evidence/my-record/
    "evidence:staff_completion_csv": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # evidence/staff-completion.csv
}
