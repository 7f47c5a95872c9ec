"""Every tuning constant of the solver in one place, with the reason or the measurement behind it.

Nothing here is read from the environment: a developer who wants to try other values builds a
`SolverConfig(...)` and passes it to `solve(..., config=...)` (the benchmark does).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SolverConfig:
    # --- Determinism -------------------------------------------------------------------------------
    # CP-SAT's seed. Together with `interleave_search` (below) and a deterministic time limit it makes
    # every solve a function of its input: same problem, same plan, on a quiet or a busy machine.
    seed: int = 0
    # Budgets are kept in "reference seconds": CP-SAT's deterministic time (a weighted count of
    # operations) times this factor. Measured on the 2-core development machine: two interleaved
    # workers advance about 0.5 deterministic units per quiet wall-clock second (2.76 units in 20 s
    # at a load of 7.5, i.e. about a quarter of the machine). So one unit is about 2 s of quiet work.
    seconds_per_det: float = 2.0
    # The default deterministic budget, as a share of the wall-clock limit: at 2 s per unit a budget
    # of 0.25 * time_limit units takes about half the limit on a quiet machine, so the wall clock (the
    # outer cap, which breaks determinism when it fires) only stops runs on a machine more than
    # twice as slow as a quiet one.
    det_per_wall_second: float = 0.25
    # Python work (building models, extracting plans) is charged to the same budget, so that the
    # budget also bounds the time spent outside CP-SAT: about 20 microseconds per model variable or
    # constraint (4,853 variables and 5,621 constraints built in 0.1-0.4 s).
    build_seconds_per_item: float = 2e-5
    # Each CP-SAT call is charged at least this much (its set-up costs about that), so that every
    # loop bounded by the clock ends even when its searches finish at once.
    min_seconds_per_call: float = 0.01

    # --- Which model --------------------------------------------------------------------------------
    # Person-slot variables above which the whole model is not tried (only the decomposition runs).
    # Inherited from the first round's tuning (no measurement was recorded); the benchmark's
    # reference model is the check on it.
    full_model_max_vars: int = 4000
    # Pool (cut) constraints enumerate the subsets of a day's slots: 2^4 - 1 = 15 cuts per day.
    max_exact_pool_slots: int = 4

    # --- Time shares ---------------------------------------------------------------------------------
    # Share of each phase in a solve's budget (relative weights). "Fewest sessions" gets the most:
    # it is the phase that runs to its limit on the 20- and 60-unit benchmark instances. The values
    # themselves are the first round's (no measurement was recorded); the joint phases are cheap
    # (they are proven at once when the per-unit bound is met).
    phase_weights: dict[str, float] = field(
        default_factory=lambda: {
            "placed": 2.0,
            "kept": 1.0,
            "sessions": 4.0,
            "no_resident": 1.5,
            "no_staff": 0.5,
            "mix": 2.0,
            "co": 2.0,
            "even": 1.5,
            "prefers": 1.0,
        }
    )
    # With the decomposition and the whole model both possible, the decomposition gets this share
    # of the budget first (its per-unit bounds then guide the whole model).
    decomposition_share: float = 0.5
    # Decomposition stages, as shares of the time left when each starts: fewest-sessions patterns
    # (0.35 of the decomposition's span), first pricing (0.15), negotiation (until 0.65 of the span),
    # later phases per unit (0.55), finishing admitted units (0.75); repair gets the rest. First-round
    # values (no measurement was recorded); bench/solver_bench.py compares the result with the
    # reference model in the same run.
    share_patterns: float = 0.35
    share_first_prices: float = 0.15
    share_negotiation_end: float = 0.65
    share_later_phases: float = 0.55
    share_finish: float = 0.75
    # A unit's share of a stage's time (by its number of people) is multiplied by this: the stages
    # once ran two units side by side, and the benchmark's figures were measured with it. (It was
    # `2 if workers >= 2 else 1`, which let `workers` change the plan: now a constant.) A unit's
    # share is still capped by its stage's end.
    unit_share_factor: float = 2.0
    # The least a unit's search for its fewest sessions (stage 1) or its later phases (stage 5) is
    # given, in reference seconds, and the least for a second try at an unproven unit: below these
    # CP-SAT rarely finishes loading a unit's model (first-round values).
    min_unit_seconds: float = 0.3
    min_more_seconds: float = 0.2
    # Slot prices: a unit's search for an equally small plan in cheaper slots gets at most this much
    # while making room (stage 2), while negotiating (stage 3) and when refitting (stage 6).
    make_room_max_seconds: float = 0.5
    reprice_max_seconds: float = 0.15
    refit_max_seconds: float = 0.3
    # The negotiation runs at least this share of the decomposition's span past its start.
    min_negotiation_share: float = 0.1
    # The price of a busy slot before history and pressure multiply it (first-round value).
    base_slot_price: int = 10
    # Repair (stage 9): at most this many steps per unit, each given at least this much time.
    repair_steps_per_unit: int = 6
    repair_min_seconds: float = 1.0
    # Negotiation: every round multiplies the price of an over-used slot by this factor, so that
    # units which can move to a free slot do so within a few rounds (first-round value).
    pressure_growth: float = 1.8
    # The highest price of one slot. Pressure compounds every round, and a long negotiation (a
    # deterministic budget lets it run many rounds) once pushed prices past CP-SAT's 64-bit
    # coefficients ("Unable to cast Python instance of type int"). A million is far above any price
    # that still changes a unit's choice (prices start at 10) and keeps weight x sum within int64.
    max_slot_price: int = 1_000_000

    def weight(self, key: str) -> float:
        return self.phase_weights.get(key, 1.0)


DEFAULT = SolverConfig()
