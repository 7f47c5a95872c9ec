"""Negotiation prices stay within CP-SAT's 64-bit coefficients however long the negotiation runs.

A deterministic budget lets the negotiation run many rounds; pressure compounds each round, and an
uncapped price once crashed plan runs with "Unable to cast Python instance of type int"."""

from scheduling.solver.clock import clock
from scheduling.solver.decompose.fit import prices
from scheduling.solver.generate import generate_problem
from scheduling.solver.model import PlannedSession
from scheduling.solver.prepare import Prepared


def test_prices_are_capped_under_any_pressure():
    problem = generate_problem(2, seed=3)
    prep = Prepared(problem)
    unit = problem.units[0].id
    # Fill every usable slot of the other unit's rooms and leads so every slot has a price.
    others = [
        PlannedSession(problem.units[1].id, slot, room.id, None, None, ("x",))
        for slot in prep.slots
        for room in problem.rooms
    ]
    cap = clock().config.max_slot_price
    for pressure in (1.0, 1.8**80, 1e300):
        got = prices(prep, others, unit, {s: 1e6 for s in prep.slots}, pressure)
        assert got, "the unit has usable slots"
        assert all(isinstance(p, int) and 0 <= p <= cap for p in got.values())
        assert max(got.values()) < 2**63
    # Under real pressure the busy slots cost the most the cap allows.
    assert max(prices(prep, others, unit, {}, 1e300).values()) == cap
