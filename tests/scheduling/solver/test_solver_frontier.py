"""The release frontier: proven bounds per allowance never exceed a solved plan, fall as the
allowance grows, apply to cover slots only when asked; plans only on request; the CLI prints it."""

import json
import subprocess
import sys
from pathlib import Path

from scheduling.solver import frontier, problem_to_dict, solve
from scheduling.solver.frontier import with_allowance
from scheduling.solver.generate import generate_problem

ROOT = Path(__file__).resolve().parents[3]


def test_bounds_never_exceed_a_solved_plan():
    problem = generate_problem(2, seed=1)
    rows = frontier(problem, allowances=[2, 4, 8], plans=True)
    assert [r["allowance"] for r in rows] == [2, 4, 8]
    for row in rows:
        assert "sessions" in row
        if row["unplaced"]:
            continue  # the bounds are for plans that place everyone
        assert row["bound"] <= row["sessions"]
        for info in row["units"].values():
            assert info["bound"] <= info["sessions"]
            assert info["average_group"] is None or info["average_group"] > 0
    # The same holds for a plan solved independently, with a bigger budget.
    changed = with_allowance(problem, 4, None)
    plan = solve(changed, time_limit=600, deterministic_time=1.0)
    if not plan.unplaced:
        assert rows[1]["bound"] <= len(plan.sessions)


def test_bounds_only_by_default_and_monotone():
    problem = generate_problem(3, seed=2)
    rows = frontier(problem)
    assert [r["allowance"] for r in rows] == list(range(2, 13))
    assert all(
        "sessions" not in r and "sessions" not in next(iter(r["units"].values())) for r in rows
    )
    bounds = [r["bound"] for r in rows]
    assert bounds == sorted(bounds, reverse=True)  # more staff released, never more sessions


def test_cover_slots_only_change_those_slots():
    problem = generate_problem(2, seed=1)
    cover = [problem.slots[0].id]
    changed = with_allowance(problem, 9, cover)
    for before, after in zip(problem.units, changed.units, strict=True):
        assert after.allowance(cover[0]) == 9
        other = problem.slots[1].id
        assert after.allowance(other) == before.allowance(other)
    everywhere = frontier(problem, allowances=[9])[0]["bound"]
    covered = frontier(problem, allowances=[9], cover_slots=cover)[0]["bound"]
    assert everywhere <= covered


def test_cli_frontier(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem_to_dict(generate_problem(2, seed=1))))
    result = subprocess.run(
        [sys.executable, "-m", "scheduling.solver", str(path), "--frontier"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["allowance"] for r in rows] == list(range(2, 13))
    assert all(isinstance(r["bound"], int) for r in rows)
