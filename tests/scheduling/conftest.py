"""Fixtures for the scheduling tests."""

import pytest


@pytest.fixture(autouse=True)
def _planning_runs_at_a_fixed_now(request):
    """Planning depends on "today": past slots are not offered, and rosters start next Monday. So every
    planning test starts at the same moment (`frozen_now`), whatever the real date and hour.

    Browser tests keep real time: Chromium does not travel with the server, and cookies set in a frozen
    future would expire in its real present.
    """
    if request.node.path.name.startswith("test_planning_") and not request.node.get_closest_marker(
        "browser"
    ):
        request.getfixturevalue("frozen_now")
