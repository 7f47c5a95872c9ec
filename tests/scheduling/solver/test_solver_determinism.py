"""The same problem gives the same plan: in one process, across processes (different hash seeds), with
one worker or several; the plan records the parameters that produced it; "done" is reported once."""

import json
import os
import subprocess
import sys
from pathlib import Path

from scheduling.solver import plan_from_dict, problem_to_dict, solve
from scheduling.solver.generate import generate_problem

ROOT = Path(__file__).resolve().parents[3]
# A generous wall-clock cap: the deterministic budget is what ends each search, so the plan does not
# depend on how busy the machine is (the cap only matters on a machine hundreds of times slower).
BUDGET = {"time_limit": 600, "deterministic_time": 0.4}


def sessions_of(plan):
    return [(s.unit, s.slot, s.room, s.lead, s.co, tuple(s.people)) for s in plan.sessions]


def test_the_same_problem_twice_gives_identical_sessions():
    problem = generate_problem(3, seed=2)
    first = solve(problem, **BUDGET)
    second = solve(problem, **BUDGET)
    assert not first.parameters["wall_clock_capped"]
    assert sessions_of(first) == sessions_of(second)
    assert [(u.person, u.code) for u in first.unplaced] == [
        (u.person, u.code) for u in second.unplaced
    ]


def test_the_number_of_workers_does_not_change_the_plan():
    problem = generate_problem(2, seed=7)
    one = solve(problem, workers=1, **BUDGET)
    two = solve(problem, workers=2, **BUDGET)
    assert sessions_of(one) == sessions_of(two)


def test_the_plan_records_its_parameters():
    plan = solve(generate_problem(2, seed=3), workers=2, **BUDGET)
    params = plan.parameters
    assert params["seed"] == 0
    assert params["deterministic_time"] == BUDGET["deterministic_time"]
    assert params["workers"] == 2 and params["time_limit"] == BUDGET["time_limit"]
    assert 0 < params["deterministic_time_used"]


def test_separate_processes_with_different_hash_seeds_agree(tmp_path):
    problem = generate_problem(2, seed=11)
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem_to_dict(problem)))
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"plan-{hash_seed}.json"
        result = subprocess.run(
            [sys.executable, "-m", "scheduling.solver", str(path), "-o", str(out),
             "--time-limit", "600", "--deterministic-time", "0.4"],
            cwd=ROOT, capture_output=True, text=True, timeout=600,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        outputs.append(sessions_of(plan_from_dict(json.loads(out.read_text()))))
    assert outputs[0] == outputs[1]


def test_done_is_reported_once():
    events = []
    solve(generate_problem(2, seed=1), progress=events.append, **BUDGET)
    assert [e["phase"] for e in events].count("done") == 1
    assert events[-1]["phase"] == "done"
