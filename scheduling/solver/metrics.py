"""The objective, computed in one place: from a plan's sessions (used by the solver, the greedy plan,
the decomposition, the local search, the benchmark and the reference model).

Per session of a unit with `min_staff` and `min_residents`:

* no resident / no staff: the session has none (the "joint first" phases count these);
* mix: the sum of the squared shortfalls below the minimums. Squared, so that the mix is convex: with
  three residents for two sessions, (1 + 2) scores 4 + 1 = 5 against (0 + 3)'s 9, where a linear
  shortfall would score both 3 and happily leave one session without a resident.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from .model import PlannedSession, Problem, Unit, Unplaced


def squared_shortfall(minimum: int, have: int) -> int:
    short = max(0, minimum - have)
    return short * short


def session_scores(unit: Unit, staff: int, residents: int) -> tuple[int, int, int]:
    """(no resident, no staff, mix) of one session."""
    mix = squared_shortfall(unit.min_staff, staff) + squared_shortfall(
        unit.min_residents, residents
    )
    return int(residents == 0), int(staff == 0), mix


def even_split_mix(minimum: int, people: int, sessions: int) -> int:
    """The least total squared shortfall of `people` spread over `sessions` sessions (the even
    split: by convexity no other split does better). A lower bound for any real split."""
    if sessions <= 0 or minimum <= 0:
        return 0
    low, extra = divmod(people, sessions)
    return extra * squared_shortfall(minimum, low + 1) + (sessions - extra) * squared_shortfall(
        minimum, low
    )


def phase_values(
    problem: Problem, sessions: Iterable[PlannedSession], counted: set[str] | None = None
) -> dict[str, int]:
    """The value of every phase for these sessions (co-trainers by weight). `counted`: whose
    placement counts for "placed" (default: everyone in the sessions)."""
    p = problem
    no_res = no_staff = mix = prefers = kept = co = placed = 0
    sizes: dict[str, list[int]] = defaultdict(list)
    sessions = list(sessions)
    for s in sessions:
        unit = p.unit_by_id[s.unit]
        staff = sum(1 for pid in s.people if p.person_by_id[pid].is_staff)
        a, b, c = session_scores(unit, staff, len(s.people) - staff)
        no_res, no_staff, mix = no_res + a, no_staff + b, mix + c
        sizes[s.unit].append(len(s.people))
        if s.co and s.co in p.facilitator_by_id:
            co += p.facilitator_by_id[s.co].weight
        for pid in s.people:
            if counted is None or pid in counted:
                placed += 1
            if s.slot in p.person_by_id[pid].prefers:
                prefers += 1
            ref = p.current.get(pid)
            if ref is not None and (ref.unit, ref.slot) == (s.unit, s.slot):
                kept += 1
    return {
        "placed": placed,
        "kept": kept,
        "sessions": len(sessions),
        "no_resident": no_res,
        "no_staff": no_staff,
        "mix": mix,
        "co": co,
        "even": sum(max(v) - min(v) for v in sizes.values() if len(v) > 1),
        "prefers": prefers,
    }


def plan_objective(
    problem: Problem, sessions: Iterable[PlannedSession], unplaced: Iterable[Unplaced]
) -> dict[str, Any]:
    """The figures a plan reports (`objective` in its JSON), for the new (not fixed) sessions."""
    p = problem
    sessions = list(sessions)
    fixed = set(p.fixed_sessions)
    new = [s for s in sessions if s not in fixed]
    values = phase_values(p, new)
    single = 0
    for s in new:
        residents = sum(1 for pid in s.people if not p.person_by_id[pid].is_staff)
        single += residents == 1
    co_count: dict[str, int] = defaultdict(int)
    for s in new:
        if s.co:
            co_count[s.co] += 1
    where: dict[str, list[PlannedSession]] = defaultdict(list)
    for s in sessions:
        for pid in s.people:
            where[pid].append(s)
    moved = room_changed = 0
    for pid, ref in p.current.items():
        here = [s for s in where.get(pid, []) if s.unit == ref.unit]
        if not here or here[0].slot != ref.slot:
            moved += 1
        elif here[0].room != ref.room:
            room_changed += 1
    out: dict[str, Any] = {
        "placed": len(where),
        "unplaced": len(list(unplaced)),
        "sessions": len(sessions),
        "new_sessions": len(new),
        "no_resident_sessions": values["no_resident"],
        "no_staff_sessions": values["no_staff"],
        "single_resident_sessions": single,
        "mix_shortfall": values["mix"],  # sum of squared shortfalls (see above)
        "co_sessions": sum(co_count.values()),
        "co_weighted": values["co"],
        # Each co-trainer's share of the new sessions (co-production, reported to sponsors).
        "co_share": {fid: round(n / len(new), 3) for fid, n in sorted(co_count.items()) if new},
        "size_spread": values["even"],
        "prefers_honoured": values["prefers"],
    }
    if p.current:
        out["moved"] = moved
        out["room_changed"] = room_changed
    return out
