"""The JSON contract: validation errors name the field; round trips; the command line (exit code 2)."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scheduling.solver import (
    ProblemError,
    check_plan,
    plan_from_dict,
    plan_to_dict,
    problem_from_dict,
    problem_to_dict,
    solve,
)
from scheduling.solver.generate import generate_problem

ROOT = Path(__file__).resolve().parents[3]
S1, S2 = "2027-01-11T10:00", "2027-01-11T14:00"

GOOD = {
    "version": 1,
    "session_size": 15,
    "session_minutes": 90,
    "timezone": "Europe/London",
    "slots": [
        {"id": S1, "start": "2027-01-11T10:00:00+00:00"},
        {"id": S2, "start": "2027-01-11T14:00:00+00:00"},
    ],
    "rooms": [{"id": "oak-room", "capacity": 15, "available": [S1, S2]}],
    "units": [
        {
            "id": "birch",
            "max_staff_away": 4,
            "max_staff_away_by_slot": {S2: 6},
            "min_staff": 1,
            "min_residents": 1,
        }
    ],
    "people": [
        {"id": "p1", "units": ["birch"], "kind": "staff", "floor": True, "available": [S1]},
        {"id": "p2", "units": ["birch"], "kind": "resident", "available": [S1], "prefers": [S1]},
        {"id": "p3", "units": ["birch"], "kind": "resident", "available": [S1, S2]},
        {"id": "p4", "units": ["birch"], "kind": "staff", "available": [S2]},
    ],
    "facilitators": [
        {"id": "t1", "role": "lead", "available": [S1, S2], "max_per_day": 2},
        {"id": "c1", "role": "co", "available": [S1], "max_per_day": 1, "units": ["birch"]},
    ],
}


def bad(mutate) -> ProblemError:
    d = copy.deepcopy(GOOD)
    mutate(d)
    with pytest.raises(ProblemError) as info:
        problem_from_dict(d)
    return info.value


def test_a_good_problem_reads_and_round_trips():
    problem = problem_from_dict(GOOD)
    assert problem.unit_by_id["birch"].allowance(S2) == 6
    assert problem.unit_by_id["birch"].allowance(S1) == 4
    assert problem_from_dict(problem_to_dict(problem)) == problem
    assert problem_from_dict(json.loads(json.dumps(problem_to_dict(problem)))) == problem


def test_generated_problems_round_trip():
    problem = generate_problem(3, seed=4)
    assert problem_from_dict(json.loads(json.dumps(problem_to_dict(problem)))) == problem


def test_unknown_slot_names_the_field():
    err = bad(lambda d: d["people"][3]["available"].append("2027-01-11T11:00"))
    assert err.field == "people[3].available[1]"
    assert str(err) == 'people[3].available[1]: unknown slot id "2027-01-11T11:00"'


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (lambda d: d["people"][0]["units"].__setitem__(0, "oak"), "people[0].units[0]",
         'unknown unit id "oak"'),
        (lambda d: d["rooms"][0].__setitem__("capacity", -3), "rooms[0].capacity", "positive"),
        (lambda d: d["rooms"][0].__setitem__("capacity", 0), "rooms[0].capacity", "positive"),
        (lambda d: d["rooms"][0]["available"].append("2030-01-01T10:00"), "rooms[0].available[2]",
         "unknown slot"),
        (lambda d: d["people"].append(dict(d["people"][0])), "people[4].id", "duplicate id"),
        (lambda d: d["slots"].append(dict(d["slots"][0])), "slots[2].id", "duplicate id"),
        (lambda d: d.__setitem__("version", 3), "version", "unsupported version"),
        (lambda d: d.pop("version"), "version", "missing"),
        (lambda d: d.__setitem__("session_size", "fifteen"), "session_size", "whole number"),
        (lambda d: d["people"][1].__setitem__("kind", "visitor"), "people[1].kind", "staff"),
        (lambda d: d["people"][1].__setitem__("floor", True), "people[1].floor", "only staff"),
        (lambda d: d["people"][0].__setitem__("floor", "yes"), "people[0].floor", "true or false"),
        (lambda d: d["units"][0]["max_staff_away_by_slot"].__setitem__("nope", 2),
         "units[0].max_staff_away_by_slot.nope", "unknown slot"),
        (lambda d: d["units"][0].__setitem__("max_staff_away", -1), "units[0].max_staff_away",
         "zero or more"),
        (lambda d: d["facilitators"][0].__setitem__("role", "boss"), "facilitators[0].role", "lead"),
        (lambda d: d["facilitators"][1].__setitem__("units", ["oak"]), "facilitators[1].units[0]",
         "unknown unit"),
        (lambda d: d["slots"][0].__setitem__("start", "tomorrow"), "slots[0].start", "ISO 8601"),
        (lambda d: d.__setitem__("timezone", "Mars/Olympus"), "timezone", "unknown time zone"),
        (lambda d: d.__setitem__("people", {"p1": {}}), "people", "expected a list"),
        (lambda d: d.__setitem__("fixed_sessions", [{"unit": "birch", "slot": S1, "room": "attic",
                                                     "lead": "t1", "people": []}]),
         "fixed_sessions[0].room", 'unknown room id "attic"'),
        (lambda d: d.__setitem__("current", {"p9": {"unit": "birch", "slot": S1, "room": "oak-room"}}),
         "current.p9", "unknown person"),
    ],
)  # fmt: skip
def test_malformed_problems_name_the_field(mutate, field, words):
    err = bad(mutate)
    assert err.field == field, str(err)
    assert words in err.message


def test_not_an_object():
    with pytest.raises(ProblemError) as info:
        problem_from_dict([1, 2])
    assert info.value.field == "problem"


def test_every_error_is_listed():
    def mutate(d):
        d["rooms"][0]["capacity"] = -1
        d["people"][0]["available"] = ["x"]

    err = bad(mutate)
    assert [f for f, _ in err.errors] == ["rooms[0].capacity", "people[0].available[0]"]


def test_plan_round_trip():
    problem = problem_from_dict(GOOD)
    plan = solve(problem, time_limit=120, deterministic_time=1.0)
    again = plan_from_dict(json.loads(json.dumps(plan_to_dict(plan))))
    assert again.sessions == plan.sessions
    assert again.unplaced == plan.unplaced
    assert again.status == plan.status and again.lower_bound == plan.lower_bound
    assert check_plan(problem, again) == []


def run_cli(*args, cwd=ROOT):
    return subprocess.run(
        [sys.executable, "-m", "scheduling.solver", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_malformed_problem_exits_2(tmp_path):
    d = copy.deepcopy(GOOD)
    d["people"][3]["available"] = ["2027-01-11T11:00"]
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(d))
    result = run_cli(path, "-o", tmp_path / "plan.json")
    assert result.returncode == 2
    assert result.stderr.startswith(
        'error: people[3].available[0]: unknown slot id "2027-01-11T11:00"'
    )
    assert not (tmp_path / "plan.json").exists()


def test_cli_bad_json_exits_2(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text("{not json")
    result = run_cli(path)
    assert result.returncode == 2
    assert result.stderr.startswith("error: problem: not valid JSON")


def test_cli_missing_file_exits_2(tmp_path):
    result = run_cli(tmp_path / "nope.json")
    assert result.returncode == 2
    assert "error:" in result.stderr


def test_cli_writes_a_valid_plan(tmp_path):
    problem = generate_problem(2, seed=3)
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(problem_to_dict(problem)))
    out = tmp_path / "plan.json"
    result = run_cli(path, "-o", out, "--time-limit", "3", "--workers", "2")
    assert result.returncode == 0, result.stderr
    plan = plan_from_dict(json.loads(out.read_text()))
    assert check_plan(problem, plan) == []
    assert "sessions (lower bound" in result.stderr
    assert result.stderr.count("\n") == 1  # a one-line summary
