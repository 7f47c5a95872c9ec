"""`search.run_solver`: extra CP-SAT parameters are applied, the determinism settings are not
overridable."""

from ortools.sat.python import cp_model

from scheduling.solver.search import run_solver


def test_extra_parameters_apply_but_determinism_settings_stay():
    m = cp_model.CpModel()
    x = m.new_int_var(0, 10, "x")
    m.maximize(x)
    status, solver = run_solver(
        m, 1.0, 8, params={"linearization_level": 2, "num_workers": 8, "random_seed": 99}
    )
    assert status == cp_model.OPTIMAL and solver.value(x) == 10
    assert solver.parameters.linearization_level == 2
    assert solver.parameters.num_workers == 1
    assert solver.parameters.random_seed == 0
