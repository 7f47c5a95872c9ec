"""Writes for modules, one file per subject; the names other apps call are re-exported here.

- `ideas`: the ideas backlog (`module_idea_create` is called by `reflections/`).
- `involvement`: the involvement record (`involvement_record_for_session` for `scheduling/`).
- `suggestions`: the plain-words writing space (a suggestion is a revision under review).
- `credits`: what happens when a co-trainer's suggestion is published.
"""

from .ideas import SUMMARY_MAX, module_idea_create, module_idea_start_draft
from .involvement import (
    involvement_record_for_session,
    involvement_record_for_suggestion,
    module_involvement_record,
)

__all__ = [
    "SUMMARY_MAX",
    "involvement_record_for_session",
    "involvement_record_for_suggestion",
    "module_idea_create",
    "module_idea_start_draft",
    "module_involvement_record",
]
