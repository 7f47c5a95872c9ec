"""The models of the scheduling app, one file per concern, every name re-exported here.

- `roster`: units, ward routines, people, shifts, unavailable times, rooms, facilitators.
- `programmes`: programmes and the plan runs that plan them.
- `planning_rules`: closure dates, cover days and keep-apart pairs a coordinator records.
- `sessions`: sessions and their attendance (bookings and the register).
- `delivery`: calendar feed links and e-mailed invitation records.
- `imports`: roster imports between their preview and their write.

Import models from `scheduling.models`, not from the file that defines them: the split is for readers.
"""

from scheduling.models.delivery import FeedToken, InviteDelivery
from scheduling.models.imports import RosterImport
from scheduling.models.planning_rules import CoverDay, KeepApart, ProgrammeClosure
from scheduling.models.programmes import REFRESHER_CHOICES, PlanRun, Programme
from scheduling.models.roster import (
    WEEKDAYS,
    Facilitator,
    FacilitatorAbsence,
    Person,
    Room,
    RoomClosure,
    Shift,
    Unavailability,
    Unit,
    WardRoutine,
)
from scheduling.models.sessions import Attendance, Session

__all__ = [
    "REFRESHER_CHOICES",
    "WEEKDAYS",
    "Attendance",
    "CoverDay",
    "Facilitator",
    "FacilitatorAbsence",
    "FeedToken",
    "InviteDelivery",
    "KeepApart",
    "Person",
    "PlanRun",
    "Programme",
    "ProgrammeClosure",
    "Room",
    "RoomClosure",
    "RosterImport",
    "Session",
    "Shift",
    "Unavailability",
    "Unit",
    "WardRoutine",
]
