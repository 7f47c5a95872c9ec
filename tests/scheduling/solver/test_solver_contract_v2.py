"""Contract version 2: `apart`, `attend`, co-trainer `weight`, codes with ids, version 1 still read, and
hostile input (bad bytes, deep nesting, dates at the end of the calendar, absurd numbers) refused with
exit status 2 and a message naming the field."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from scheduling.solver import ProblemError, problem_from_dict, problem_to_dict

from .test_solver_io import GOOD

ROOT = Path(__file__).resolve().parents[3]


def v2(**extra):
    d = copy.deepcopy(GOOD)
    d["version"] = 2
    d.update(extra)
    return d


def test_version_1_still_reads_and_defaults_apply():
    problem = problem_from_dict(GOOD)
    assert problem.apart == ()
    assert {x.attend for x in problem.people} == {"once"}
    assert {f.weight for f in problem.facilitators} == {1}


def test_version_2_fields_read_and_round_trip():
    d = v2(apart=[["p1", "p2"], ["p2", "p1"], ["p3", "p4"]])
    d["people"][0]["units"] = ["birch"]
    d["people"][3]["attend"] = "each_unit"
    d["facilitators"][1]["weight"] = 3
    problem = problem_from_dict(d)
    assert problem.apart == (("p1", "p2"), ("p3", "p4"))  # the repeated pair is dropped
    assert problem.person_by_id["p4"].attend == "each_unit"
    assert problem.facilitator_by_id["c1"].weight == 3
    again = problem_from_dict(json.loads(json.dumps(problem_to_dict(problem))))
    assert again == problem
    assert problem_to_dict(problem)["version"] == 2


@pytest.mark.parametrize(
    ("mutate", "field", "words"),
    [
        (lambda d: d.__setitem__("apart", [["p1"]]), "apart[0]", "two person ids"),
        (lambda d: d.__setitem__("apart", [["p1", "ghost"]]), "apart[0][1]", "unknown person"),
        (lambda d: d.__setitem__("apart", [["p1", "p1"]]), "apart[0]", "twice"),
        (lambda d: d.__setitem__("apart", {"p1": "p2"}), "apart", "expected a list"),
        (lambda d: d["people"][0].__setitem__("attend", "twice"), "people[0].attend", "each_unit"),
        (lambda d: d["facilitators"][1].__setitem__("weight", -1), "facilitators[1].weight",
         "zero or more"),
        (lambda d: d["facilitators"][1].__setitem__("weight", 1.5), "facilitators[1].weight",
         "whole number"),
        (lambda d: d.__setitem__("session_size", 10**30), "session_size", "at most"),
        (lambda d: d["rooms"][0].__setitem__("capacity", 10**30), "rooms[0].capacity", "at most"),
        (lambda d: d["rooms"][0].__setitem__("capacity", 1e30), "rooms[0].capacity",
         "whole number"),
        (lambda d: d["units"][0].__setitem__("max_staff_away", 10**30), "units[0].max_staff_away",
         "at most"),
        (lambda d: d["units"][0].__setitem__("min_residents", 10**9), "units[0].min_residents",
         "at most"),
        (lambda d: d["facilitators"][0].__setitem__("max_per_day", 10**30),
         "facilitators[0].max_per_day", "at most"),
        (lambda d: d.__setitem__("session_minutes", 10**30), "session_minutes", "at most"),
        (lambda d: d["slots"][0].__setitem__("start", "0001-01-01T00:00+00:00"), "slots[0].start",
         "between"),
        (lambda d: d["slots"][0].__setitem__("start", "9999-12-31T23:59:59-12:00"),
         "slots[0].start", "between"),
        (lambda d: d.__setitem__("version", 10**30), "version", "unsupported version"),
    ],
)  # fmt: skip
def test_bad_v2_values_name_the_field(mutate, field, words):
    d = v2()
    mutate(d)
    with pytest.raises(ProblemError) as info:
        problem_from_dict(d)
    assert info.value.field == field, str(info.value)
    assert words in info.value.message
    assert len(info.value.message) < 200  # an absurd value is summarised, not echoed


def run_cli(path):
    return subprocess.run(
        [sys.executable, "-m", "scheduling.solver", str(path), "--time-limit", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_non_utf8_file_exits_2(tmp_path):
    path = tmp_path / "problem.json"
    path.write_bytes(json.dumps(v2()).encode()[:-1] + b', "x": "\xff\xfe"}')
    result = run_cli(path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: problem: not UTF-8 text")
    assert "Traceback" not in result.stderr


def test_cli_deeply_nested_json_exits_2(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text('{"version": 2, "people": ' + "[" * 200_000 + "]" * 200_000 + "}")
    result = run_cli(path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: problem: lists or objects nested too deeply")
    assert "Traceback" not in result.stderr


def test_cli_slot_at_the_start_of_the_calendar_exits_2(tmp_path):
    d = v2()
    d["slots"][0]["start"] = "0001-01-01T00:00+00:00"
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(d))
    result = run_cli(path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: slots[0].start: must be between")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("number", ["1" + "0" * 30, "1" + "0" * 5000, "1e400"])
def test_cli_absurd_numbers_exit_2(tmp_path, number):
    text = json.dumps(v2()).replace('"session_size": 15', f'"session_size": {number}')
    path = tmp_path / "problem.json"
    path.write_text(text)
    result = run_cli(path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: session_size: must be at most 10000")
    assert "Traceback" not in result.stderr
