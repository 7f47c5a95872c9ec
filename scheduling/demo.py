"""Demo data for scheduling: the roster first, then a planned and published programme."""

from .demo_plan import load_plan
from .demo_roster import load_roster


def load(*, stdout) -> None:
    load_roster(stdout=stdout)
    load_plan(stdout=stdout)
