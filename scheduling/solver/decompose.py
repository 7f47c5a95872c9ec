"""Decomposition by unit, for programmes too big for one CP-SAT model.

Units interact only through rooms, trainers and the few MDT members who cover several units. So:

1. Relax: plan every unit on its own, as if it had every room and trainer to itself (people who cover
   several units may join any of them). Each unit is solved in the same phases as the whole problem;
   its phase values are proven bounds for that unit in any plan of the whole programme, which is what
   makes the final plan provably optimal when the pieces fit together.
2. Fit: accept the units' plans one by one while rooms and lead trainers can still be matched to all
   accepted sessions (max-flow per day). A person who covers several units stays in the first.
3. Repair: units that did not fit (or lost a shared person) are planned again around the sessions
   already accepted (as fixed sessions), aiming at their relaxed values.
4. Finish: shared people not yet placed join a session with space; rooms, lead trainers and
   co-trainers are matched to the final sessions (co-trainers: a maximum matching).

For phase p, the sum of the units' relaxed bounds is a proven bound for the whole programme as long as
every earlier phase met its bound exactly (that forces every unit onto its own relaxed optimum).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace

from .bounds import compute_bounds
from .cpsat import MAX, ORDER, PHASES, Model, Outcome, run_phases
from .greedy import greedy_plan
from .model import PlannedSession, Problem
from .prepare import Prepared
from .resources import assign_facilitators, assign_rooms


@dataclass
class UnitResult:
    unit: str
    outcomes: dict[str, Outcome]
    sessions: list[PlannedSession]
    counted: set[str]  # people who belong to this unit only
    seconds: float = 0.0


@dataclass
class Decomposition:
    sessions: list[PlannedSession]  # new sessions, with rooms and trainers
    relaxed: dict[str, UnitResult]
    bounds: dict[str, float | None]  # phase -> sum of the units' proven bounds (None: unknown)
    proven_units: dict[str, bool]  # phase -> every unit proved its relaxed phase
    notes: list[str] = field(default_factory=list)


def unit_problem(problem: Problem, unit_id: str, fixed: tuple[PlannedSession, ...]) -> Problem:
    people = tuple(x for x in problem.people if unit_id in x.units)
    ids = {x.id for x in people}
    facs = tuple(replace(f, units=None) for f in problem.facilitators if f.serves(unit_id))
    current = {
        pid: ref for pid, ref in problem.current.items() if pid in ids and ref.unit == unit_id
    }
    return Problem(
        version=problem.version,
        session_size=problem.session_size,
        session_minutes=problem.session_minutes,
        timezone=problem.timezone,
        slots=problem.slots,
        rooms=problem.rooms,
        units=(problem.unit_by_id[unit_id],),
        people=people,
        facilitators=facs,
        fixed_sessions=fixed,
        current=current,
    )


def solve_unit(
    problem: Problem,
    unit_id: str,
    fixed: tuple[PlannedSession, ...],
    *,
    deadline: float,
    workers: int,
    aim: dict[str, float] | None = None,
    hint: list[PlannedSession] | None = None,
) -> UnitResult:
    """Plan one unit (phases as for the whole problem). `aim`: proven bounds to stop at."""
    t0 = time.perf_counter()
    sub = unit_problem(problem, unit_id, fixed)
    prep = Prepared(sub)
    counted = {x.id for x in prep.placeable if x.units == (unit_id,)}
    model = Model(prep, count_ids=counted)
    unit = problem.unit_by_id[unit_id]
    keys = ["placed"] + (["kept"] if model.n_current else []) + ORDER[2:]
    outcomes: dict[str, Outcome] = {}
    solution = None
    aim = aim or {}
    # Phase 1 is settled at once when a greedy plan of the unit places everyone it counts.
    greedy = greedy_plan(sub)
    partial = model.hint_from_sessions(hint or greedy.sessions)
    placed = {pid for s in greedy.sessions for pid in s.people}
    if counted <= placed:
        model.require_all_placed()
        outcomes["placed"] = Outcome("placed", PHASES["placed"].name, 1, len(counted),
                                     len(counted), True, 0.0)  # fmt: skip
        model.m.add(model.objective_var("placed") == len(counted))
    for i, key in enumerate(keys):
        if key in outcomes:
            continue
        target: float | None = None
        all_placed = "placed" in outcomes and outcomes["placed"].value == model.n_counted
        if key == "placed":
            target = model.n_counted
        elif key == "kept":
            target = sum(
                1
                for x in prep.placeable
                if x.id in sub.current
                and (x.id, sub.current[x.id].unit, sub.current[x.id].slot) in model.x
            )
        elif key == "sessions" and all_placed:
            target = compute_bounds(sub, prep).units[unit_id].lower_bound
        elif key == "mix" and outcomes.get("sessions") and outcomes["sessions"].value is not None:
            k = outcomes["sessions"].value
            staff = sum(1 for x in prep.placeable if x.is_staff)
            residents = len(prep.placeable) - staff
            target = max(0, k * unit.min_staff - staff) + max(0, k * unit.min_residents - residents)
        elif key == "co" and outcomes.get("sessions") and outcomes["sessions"].value is not None:
            target = outcomes["sessions"].value
        elif key == "even":
            target = 0
            k = outcomes["sessions"].value if "sessions" in outcomes else None
            if all_placed and k and outcomes["sessions"].proven:
                # k sessions (fixed) share between n_min and n_max people: if no such number is a
                # multiple of k, sizes differ by at least one.
                n_min = len(counted)
                n_max = len(prep.placeable)
                if all(n % k for n in range(n_min, n_max + 1)):
                    target = 1
        elif key == "prefers":
            target = model.prefers_possible
        if key in aim and aim[key] is not None:
            target = aim[key] if target is None else (
                min(target, aim[key]) if PHASES[key].sense == MAX else max(target, aim[key])
            )  # fmt: skip
        reserve = sum(PHASES[k].weight for k in keys[i + 1 :])
        solution, outs = run_phases(
            model,
            [key],
            deadline=deadline,
            workers=workers,
            targets={key: target} if target is not None else None,
            hint_values=solution,
            # A greedy hint slows the search for fewest sessions down; a previous plan does not.
            hint_partial=partial if hint or key != "sessions" else None,
            reserve_weight=reserve,
        )
        outcomes[key] = outs[0]
    sessions = model.extract(solution) if solution is not None else []
    return UnitResult(unit_id, outcomes, sessions, counted, time.perf_counter() - t0)


def _unit_order(problem: Problem, prep: Prepared, bounds) -> list[str]:
    """Hardest units first: many sessions needed for the slots they can use."""

    def key(u: str):
        ub = bounds.units[u]
        return (-(ub.lower_bound / max(1, ub.usable_slots)), -ub.lower_bound, u)

    return sorted((u.id for u in problem.units), key=key)


def concretize(prep: Prepared, sessions: list[PlannedSession]) -> list[PlannedSession] | None:
    """Rooms, lead trainers and co-trainers for every session; None if rooms or leads run out."""
    rooms = assign_rooms(prep, sessions)
    if rooms is None:
        return None
    leads, missing = assign_facilitators(prep, sessions, "lead")
    if missing:
        return None
    cos, _ = assign_facilitators(prep, sessions, "co")
    return [replace(s, room=rooms[i], lead=leads[i], co=cos.get(i)) for i, s in enumerate(sessions)]


def _fits(prep: Prepared, accepted: list[PlannedSession], new: list[PlannedSession]) -> bool:
    slots = {s.slot for s in new}
    days = {prep.day[s.slot] for s in new}
    near = [s for s in accepted if prep.day[s.slot] in days] + list(new)
    if assign_rooms(prep, [s for s in near if s.slot in slots]) is None:
        return False
    _, missing = assign_facilitators(prep, near, "lead", days=days)
    return missing == 0


def decompose(
    problem: Problem,
    prep: Prepared,
    *,
    deadline: float,
    workers: int,
    report=None,
) -> Decomposition:
    bounds = compute_bounds(problem, prep)
    order = _unit_order(problem, prep, bounds)
    fixed = tuple(problem.fixed_sessions)
    t_start = time.perf_counter()
    relax_deadline = t_start + 0.6 * max(0.0, deadline - t_start)

    # 1. Relax: every unit on its own.
    relaxed: dict[str, UnitResult] = {}
    sizes = {u: max(1, len([x for x in problem.people if u in x.units])) for u in order}
    total_size = sum(sizes.values())
    done_size = 0
    for n, u in enumerate(order):
        left = max(0.0, relax_deadline - time.perf_counter())
        share = left * sizes[u] / max(1, total_size - done_size)
        relaxed[u] = solve_unit(
            problem, u, fixed, deadline=time.perf_counter() + share, workers=workers
        )
        done_size += sizes[u]
        if report:
            so_far = sum(
                r.outcomes["sessions"].value or 0
                for r in relaxed.values()
                if "sessions" in r.outcomes
            )
            report(
                {
                    "phase": "planning each unit",
                    "phase_index": 2,
                    "event": "unit",
                    "unit": u,
                    "units_done": n + 1,
                    "units_total": len(order),
                    "best": so_far + len(fixed),
                    "bound": bounds.total,
                    "gap": None,
                }
            )

    # 2. Fit the units' plans together.
    accepted: list[PlannedSession] = []
    placed: set[str] = set(prep.fixed_people)
    redo: list[str] = []
    for u in order:
        mine = []
        lost = False
        for s in relaxed[u].sessions:
            people = tuple(pid for pid in s.people if pid not in placed)
            lost = lost or len(people) != len(s.people)
            if people:
                mine.append(replace(s, people=people))
        if lost or not _fits(prep, accepted, mine):
            redo.append(u)
            continue
        accepted.extend(mine)
        for s in mine:
            placed.update(s.people)
    notes = []
    if redo:
        notes.append(f"re-planned around the others: {', '.join(redo)}")

    # 3. Repair: plan those units again around what is accepted.
    for n, u in enumerate(redo):
        current = concretize(prep, accepted)
        if current is None:  # cannot happen: every accepted unit was checked
            raise RuntimeError("internal error: accepted sessions do not fit")
        left = max(0.0, deadline - time.perf_counter())
        share = left * 0.8 / max(1, len(redo) - n)
        aim = {k: o.bound for k, o in relaxed[u].outcomes.items() if o.bound is not None}
        result = solve_unit(
            problem,
            u,
            fixed + tuple(current),
            deadline=time.perf_counter() + share,
            workers=workers,
            aim=aim,
            hint=relaxed[u].sessions,
        )
        mine = result.sessions  # the unit's new sessions only
        accepted.extend(mine)
        for s in mine:
            placed.update(s.people)

    # 4. Shared people still out: join a session of one of their units with space.
    cap = {r.id: min(problem.session_size, r.capacity) for r in problem.rooms}
    for person in prep.placeable:
        if person.id in placed:
            continue
        best = None
        for i, s in enumerate(accepted):
            if s.unit in person.units and s.slot in person.available:
                if len(s.people) >= cap.get(s.room, problem.session_size):
                    continue
                if (
                    person.is_floor
                    and _floor_at(problem, accepted, s.unit, s.slot)
                    >= (prep.allowance[s.unit, s.slot])
                ):
                    continue
                unit = problem.unit_by_id[s.unit]
                staff = sum(1 for pid in s.people if problem.person_by_id[pid].is_staff)
                helps = person.is_staff and staff < unit.min_staff
                helps = helps or (
                    not person.is_staff and len(s.people) - staff < unit.min_residents
                )
                score = (not helps, len(s.people))
                if best is None or score < best[0]:
                    best = (score, i)
        if best is not None:
            i = best[1]
            accepted[i] = replace(accepted[i], people=accepted[i].people + (person.id,))
            placed.add(person.id)

    final = concretize(prep, accepted)
    if final is None:
        raise RuntimeError("internal error: final sessions do not fit")

    # Bounds: sums of the units' relaxed bounds.
    sums: dict[str, float | None] = {}
    proven_units: dict[str, bool] = {}
    for key in ORDER:
        outs = [r.outcomes[key] for r in relaxed.values() if key in r.outcomes]
        if not outs:
            continue
        if any(o.bound is None for o in outs):
            sums[key] = None
            proven_units[key] = False
            continue
        if PHASES[key].sense == MAX:
            sums[key] = sum(math.floor(o.bound + 1e-6) for o in outs)
        else:
            sums[key] = sum(math.ceil(o.bound - 1e-6) for o in outs)
        proven_units[key] = all(o.proven for o in outs)
    return Decomposition(final, relaxed, sums, proven_units, notes)


def _floor_at(problem: Problem, sessions: list[PlannedSession], unit: str, slot: str) -> int:
    n = 0
    for s in sessions:
        if s.unit == unit and s.slot == slot:
            n += sum(1 for pid in s.people if problem.person_by_id[pid].is_floor)
    return n
