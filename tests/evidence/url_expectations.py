"""What each role gets from each of evidence's URLs (see tests/website/url_matrix.py).

Reports are for sponsors and coordinators; training records and the HR export for coordinators (and a
person's own record for whoever is on the roster); everyone else signed in gets 403.
"""

from tests.website.url_matrix import LOGIN, Expect, everyone_signed_in, only  # noqa: F401


def _unit(world) -> dict:
    return {"kind": "unit", "pk": world.unit.pk}


def _person(world) -> dict:
    return {"person_id": world.person.pk}


REPORT = only("sponsor", "coordinator")
SCOPED_REPORT = only("sponsor", "coordinator", kwargs=_unit)

EXPECTED: dict[str, Expect] = {
    "evidence:index": REPORT,
    "evidence:coverage": REPORT,
    "evidence:coverage_csv": REPORT,
    "evidence:coverage_scope": SCOPED_REPORT,
    "evidence:coverage_scope_csv": SCOPED_REPORT,
    "evidence:said": REPORT,
    "evidence:said_csv": REPORT,
    "evidence:said_scope": SCOPED_REPORT,
    "evidence:said_scope_csv": SCOPED_REPORT,
    "evidence:records": only("coordinator"),
    # Someone else's record: only a coordinator may read it.
    "evidence:record": only("coordinator", kwargs=_person),
    # Only the attendee is on the roster in the matrix's world; the others have no record to open.
    "evidence:my_record": Expect(default=404, attendee=200),
    "evidence:staff_completion_csv": only("coordinator"),
}
