"""Coverage and ratings on the fixed provider of `conftest.py`, against figures counted by hand.

The programme "Risk together 2026" (anonymous reflections) covers Birch and Cedar:
  Birch: nurses N1-N4, support workers S1-S3, psychologist Y1 (also on Cedar), residents R1-R4.
  Cedar: nurses N5-N7, psychiatrist Q1, Y1, residents R5-R7. One person who left (inactive).
  Birch held: N1 N2 present, N3 left early, S1 present, S2 absent, Y1 present, R1 R2 present,
    R3 declined, R4 excused. Birch upcoming: N4, S3, S2 booked.
  Cedar held: N5 N6 Q1 R5 R6 present, R7 absent. Cedar cancelled session: N7 (so never offered).
  Reflections sent: N1 N2 Y1 R1 R2 (Birch), N5 R5 (Cedar).
"""

import pytest

from evidence.selectors.coverage import COLUMNS, coverage
from evidence.selectors.said import ratings_over_time
from evidence.selectors.scopes import Scope

pytestmark = pytest.mark.django_db


def table(section) -> dict:
    """{group: {column: count or "hidden"}} as the page shows it."""
    return {
        row["key"]: {
            column: "hidden" if cell["hidden"] else cell["count"]
            for column, cell in zip(COLUMNS, row["cells"], strict=True)
        }
        for row in section["rows"]
    }


def figures(due, offered, declined, excused, attended, reflected):
    return dict(zip(COLUMNS, (due, offered, declined, excused, attended, reflected), strict=True))


H = "hidden"


def test_provider_coverage_matches_hand_count(provider):
    section = coverage(scope=Scope("provider"))
    assert section["anonymous"] is True
    assert table(section) == {
        "nurse": figures(7, 6, 0, 0, 5, 3),
        "support_worker": figures(3, 3, 0, 0, 1, 0),
        # One psychologist and one psychiatrist: single people, hidden in an anonymous module.
        "psychiatrist": figures(H, H, H, H, H, H),
        "psychologist": figures(H, H, H, H, H, H),
        "staff": figures(12, 11, 0, 0, 8, 4),
        "resident": figures(7, 7, 1, 1, 4, 3),
        "everyone": figures(19, 18, 1, 1, 12, 7),
    }
    staff = next(row for row in section["rows"] if row["key"] == "staff")
    assert [cell["percent"] for cell in staff["cells"]] == [None, 91.7, 0.0, 0.0, 66.7, 33.3]
    assert section["gap"] == (
        "Whole provider: 4 staff still to attend, 2 of them nurses and 2 healthcare or support "
        "workers; 3 residents still to attend."
    )


def test_unit_coverage_hides_small_groups_and_what_would_give_them_away(provider):
    section = coverage(scope=Scope("unit", provider["birch"]))
    assert table(section) == {
        # Reflected 2 of the nurses: below 3, hidden.
        "nurse": figures(4, 4, H, H, 3, H),
        # Hidden as well where the psychologist's figure could otherwise be worked out from the
        # total of all staff minus the other disciplines (the smallest other figure goes too).
        "support_worker": figures(H, H, 0, 0, H, 0),
        "psychologist": figures(H, H, H, H, H, H),
        "staff": figures(8, 8, 0, 0, 5, 3),
        "resident": figures(4, 4, 1, 1, 2, H),
        # Residents' reflected is hidden, so the total that would give it away is hidden too.
        "everyone": figures(12, 12, 1, 1, 7, H),
    }
    assert section["gap"] == (
        "Birch: 3 staff still to attend, 1 of them a nurse; 2 residents still to attend."
    )


def test_cedar_gap_in_plain_words(provider):
    section = coverage(scope=Scope("unit", provider["cedar"]))
    assert table(section)["staff"] == figures(5, 4, 0, 0, 4, H)
    assert section["gap"] == (
        "Cedar: 1 member of staff still to attend, 1 of them a nurse; 1 resident still to attend."
    )


def test_hidden_cells_carry_no_number_anywhere(provider):
    for scope in (
        Scope("provider"),
        Scope("unit", provider["birch"]),
        Scope("unit", provider["cedar"]),
    ):
        for row in coverage(scope=scope)["rows"]:
            assert "counts" not in row
            due_hidden = row["cells"][0]["hidden"]
            for cell in row["cells"]:
                if cell["hidden"]:
                    assert cell["count"] is None and cell["percent"] is None
                if due_hidden:
                    # A percentage of a hidden total would let it be worked out.
                    assert cell["percent"] is None


def test_named_module_shows_every_group(provider):
    provider["module"].anonymous_reflections = False
    provider["module"].save()
    rows = table(coverage(scope=Scope("unit", provider["birch"])))
    assert rows["psychologist"] == figures(1, 1, 0, 0, 1, 1)
    assert rows["nurse"] == figures(4, 4, 0, 0, 3, 2)


def test_ratings_over_time_one_point_per_programme(provider):
    points = ratings_over_time(scope=Scope("provider"))["points"]
    assert len(points) == 1
    staff, residents = points[0]["groups"]
    # Staff: N1 5+4, N2 4+4, Y1 3+5, N5 5+5 = 35 over 8 answers. Residents: R1 2+3, R2 4+2, R5 3+4.
    assert (staff["n"], staff["mean"]) == (4, round(35 / 8, 2))
    assert (residents["n"], residents["mean"]) == (3, 3.0)
    birch = ratings_over_time(scope=Scope("unit", provider["birch"]))["points"][0]["groups"]
    assert (birch[0]["n"], birch[0]["mean"]) == (3, round(25 / 6, 2))
    assert birch[1] == {"kind": "resident", "hidden": True, "n": None, "mean": None}
