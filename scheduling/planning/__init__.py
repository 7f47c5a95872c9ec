"""Planning, in parts named for what they do (reads only; the writes live in `scheduling.services`).

- `ids`: how roster rows are named in the solver's problem (``p12``, ``f3``, slot "2027-01-11T10:00").
- `days`: which dates and times a programme may use (bank holidays and closures left out), and how long
  a session is.
- `problem`: the roster translated into the solver's problem (`build_problem`), and sessions into a plan.
- `messages`: the checker's violations and the solver's reasons in words, from codes and ids (gettext).
- `checks`: the hard rules of a programme's current sessions, for manual edits and publishing.

The solver (`scheduling.solver`) knows nothing of Django; these modules are the only translation between
the two, speaking its JSON form (docs/scheduler.md) so they depend on as little of the solver as possible.
"""
