"""What each role gets from each of scheduling's URLs (see tests/website/url_matrix.py)."""

from tests.website.url_matrix import LOGIN, Expect, everyone_signed_in, only  # noqa: F401


def _someone_elses_import():
    """A previewed roster import uploaded by another coordinator."""
    from scheduling.models import RosterImport
    from tests.conftest import _user_in

    owner = _user_in("Coordinators")
    return RosterImport.objects.create(
        created_by=owner, file_name="theirs.csv", sha256="0" * 64, plan_digest="0" * 64
    ).pk


EXPECTED: dict[str, Expect] = {
    "planning_plan": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/training-plans/<int:pk>/
    "planning_progress": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/training-plans/<int:pk>/progress/
    "planning_start": only(
        "coordinator", ok=302, method="POST"
    ),  # admin/training-plans/<int:pk>/start/
    "planning_move": only(
        "coordinator", ok=302, method="POST"
    ),  # admin/training-plans/<int:pk>/move/
    "planning_swap": only(
        "coordinator", ok=302, method="POST"
    ),  # admin/training-plans/<int:pk>/swap/
    # The small edit pages the plan screen links to (someone else's programme and person, from the
    # matrix's world: that person is on the programme's unit, so a coordinator opens the page).
    "planning_person": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/training-plans/<int:pk>/people/<int:person_id>/
    "planning_session_change": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/training-plans/sessions/<int:session_pk>/change/
    "planning_publish": only(
        "coordinator", ok=302, method="POST"
    ),  # admin/training-plans/<int:pk>/publish/
    "planning_session_lock": only(
        "coordinator", ok=302, method="POST"
    ),  # admin/training-plans/sessions/<int:session_pk>/lock/
    "planning_session_reschedule": only(
        "coordinator", ok=302, method="POST"
    ),  # admin/training-plans/sessions/<int:session_pk>/reschedule/
    "planning_session_cancel": only(
        "coordinator", ok=302, method="POST"
    ),  # admin/training-plans/sessions/<int:session_pk>/cancel/
    "scheduling_roster_import": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/roster/import/
    # Someone else's import: 404 even to a coordinator (a preview holds its uploader's file).
    "scheduling_roster_import_preview": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
        kwargs=lambda w: {"import_id": _someone_elses_import()},
    ),  # admin/roster/import/<uuid:import_id>/
    "scheduling_roster_import_confirm": only(
        "coordinator",
        ok=404,
        method="POST",
        data={"sha256": "0" * 64},
        kwargs=lambda w: {"import_id": _someone_elses_import()},
    ),  # admin/roster/import/<uuid:import_id>/confirm/
    "scheduling_roster_template": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/roster/import/template.xlsx
    "scheduling_rota": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/roster/rota/
    "programmes:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/programmes/
    "programmes:index_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/programmes/results/
    "programmes:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/programmes/new/
    "programmes:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/programmes/edit/<int:pk>/
    "programmes:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/programmes/delete/<int:pk>/
    "programmes:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/programmes/history/<int:pk>/
    "programmes:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/programmes/history-results/<int:pk>/
    "programmes:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/programmes/usage/<int:pk>/
    "keep-apart:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=302,
        sponsor=403,
    ),  # admin/keep-apart/
    "keep-apart:index_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=302,
        sponsor=403,
    ),  # admin/keep-apart/results/
    "keep-apart:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=302,
        sponsor=403,
    ),  # admin/keep-apart/new/
    "keep-apart:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=302,
        sponsor=403,
    ),  # admin/keep-apart/edit/<int:pk>/
    "keep-apart:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/keep-apart/delete/<int:pk>/
    "keep-apart:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/keep-apart/history/<int:pk>/
    "keep-apart:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/keep-apart/history-results/<int:pk>/
    "keep-apart:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/keep-apart/usage/<int:pk>/
    "cover-days:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=302,
        sponsor=403,
    ),  # admin/cover-days/
    "cover-days:index_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=302,
        sponsor=403,
    ),  # admin/cover-days/results/
    "cover-days:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=302,
        sponsor=403,
    ),  # admin/cover-days/new/
    "cover-days:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=302,
        sponsor=403,
    ),  # admin/cover-days/edit/<int:pk>/
    "cover-days:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/cover-days/delete/<int:pk>/
    "cover-days:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/cover-days/history/<int:pk>/
    "cover-days:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/cover-days/history-results/<int:pk>/
    "cover-days:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/cover-days/usage/<int:pk>/
    "units:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/units/
    "units:index_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/units/results/
    "units:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/units/new/
    "units:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/units/edit/<int:pk>/
    "units:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/units/delete/<int:pk>/
    "units:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/units/history/<int:pk>/
    "units:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/units/history-results/<int:pk>/
    "units:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/units/usage/<int:pk>/
    "people:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/people/
    "people:index_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/people/results/
    "people:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/people/new/
    "people:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/people/edit/<int:pk>/
    "people:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/people/delete/<int:pk>/
    "people:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/people/history/<int:pk>/
    "people:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/people/history-results/<int:pk>/
    "people:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/people/usage/<int:pk>/
    "shifts:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/shifts/
    "shifts:index_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/shifts/results/
    "shifts:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/shifts/new/
    "shifts:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/shifts/edit/<int:pk>/
    "shifts:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/shifts/delete/<int:pk>/
    "shifts:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/shifts/history/<int:pk>/
    "shifts:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/shifts/history-results/<int:pk>/
    "shifts:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/shifts/usage/<int:pk>/
    "unavailable-times:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/unavailable-times/
    "unavailable-times:index_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/unavailable-times/results/
    "unavailable-times:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/unavailable-times/new/
    "unavailable-times:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/unavailable-times/edit/<int:pk>/
    "unavailable-times:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/unavailable-times/delete/<int:pk>/
    "unavailable-times:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/unavailable-times/history/<int:pk>/
    "unavailable-times:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/unavailable-times/history-results/<int:pk>/
    "unavailable-times:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/unavailable-times/usage/<int:pk>/
    "ward-routines:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/ward-routines/
    "ward-routines:index_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/ward-routines/results/
    "ward-routines:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/ward-routines/new/
    "ward-routines:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/ward-routines/edit/<int:pk>/
    "ward-routines:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/ward-routines/delete/<int:pk>/
    "ward-routines:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/ward-routines/history/<int:pk>/
    "ward-routines:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/ward-routines/history-results/<int:pk>/
    "ward-routines:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/ward-routines/usage/<int:pk>/
    "rooms:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/rooms/
    "rooms:index_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/rooms/results/
    "rooms:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/rooms/new/
    "rooms:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/rooms/edit/<int:pk>/
    "rooms:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/rooms/delete/<int:pk>/
    "rooms:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/rooms/history/<int:pk>/
    "rooms:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/rooms/history-results/<int:pk>/
    "rooms:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/rooms/usage/<int:pk>/
    "room-closures:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/room-closures/
    "room-closures:index_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/room-closures/results/
    "room-closures:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/room-closures/new/
    "room-closures:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/room-closures/edit/<int:pk>/
    "room-closures:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/room-closures/delete/<int:pk>/
    "room-closures:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/room-closures/history/<int:pk>/
    "room-closures:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/room-closures/history-results/<int:pk>/
    "room-closures:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/room-closures/usage/<int:pk>/
    "facilitators:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/facilitators/
    "facilitators:index_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/facilitators/results/
    "facilitators:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/facilitators/new/
    "facilitators:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/facilitators/edit/<int:pk>/
    "facilitators:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/facilitators/delete/<int:pk>/
    "facilitators:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/facilitators/history/<int:pk>/
    "facilitators:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/facilitators/history-results/<int:pk>/
    "facilitators:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/facilitators/usage/<int:pk>/
    "facilitator-absences:index": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/facilitator-absences/
    "facilitator-absences:index_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/facilitator-absences/results/
    "facilitator-absences:add": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=200,
        sponsor=403,
    ),  # admin/facilitator-absences/new/
    "facilitator-absences:edit": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/facilitator-absences/edit/<int:pk>/
    "facilitator-absences:delete": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/facilitator-absences/delete/<int:pk>/
    "facilitator-absences:history": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/facilitator-absences/history/<int:pk>/
    "facilitator-absences:history_results": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/facilitator-absences/history-results/<int:pk>/
    "facilitator-absences:usage": Expect(
        anonymous="login",
        attendee=403,
        cotrainer=403,
        resident=403,
        lead=403,
        coordinator=404,
        sponsor=403,
    ),  # admin/facilitator-absences/usage/<int:pk>/
    "scheduling:my_sessions": Expect(
        anonymous="login",
        attendee=200,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=200,
    ),  # training/me/
    "scheduling:add_to_calendar": Expect(
        anonymous="login",
        attendee=200,
        cotrainer=200,
        resident=200,
        lead=200,
        coordinator=200,
        sponsor=200,
    ),  # training/me/calendar/
    "scheduling:my_new_link": Expect(
        default=404, attendee=302, method="POST"
    ),  # training/me/calendar/new-link/
    "scheduling:session_detail": Expect(
        anonymous="login",
        attendee=404,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=200,
        sponsor=404,
    ),  # training/sessions/<int:pk>/
    "scheduling:session_ics": Expect(
        anonymous="login",
        attendee=404,
        cotrainer=404,
        resident=404,
        lead=404,
        coordinator=200,
        sponsor=404,
    ),  # training/sessions/<int:pk>/calendar.ics
    "scheduling:feed": Expect(
        default=200, anonymous=200, kwargs=lambda w: {"token": w.feed_token}
    ),  # training/feeds/<str:token>.ics
    "scheduling:unit_feed": Expect(
        anonymous="login",
        attendee=404,
        cotrainer=404,
        resident=404,
        lead=200,
        coordinator=200,
        sponsor=404,
    ),  # training/calendars/unit/<slug:slug>.ics
    "scheduling:programme_feed": Expect(
        anonymous="login",
        attendee=404,
        cotrainer=404,
        resident=404,
        lead=200,
        coordinator=200,
        sponsor=404,
    ),  # training/calendars/programme/<int:pk>.ics
    "scheduling:facilitator_feed": Expect(
        anonymous="login",
        attendee=404,
        cotrainer=404,
        resident=404,
        lead=404,  # another facilitator's feed: only their own (or a coordinator)
        coordinator=200,
        sponsor=404,
    ),  # training/calendars/facilitator/<int:pk>.ics
    # Coordinators' pages answer the plain 403 to everyone else (scheduling.permissions).
    "scheduling:feed_links": only("coordinator"),  # training/calendar-links/
    "scheduling:feed_link_change": Expect(
        default=403, coordinator=404, method="POST"
    ),  # training/calendar-links/change/ (the coordinator posted no scope: 404)
    "scheduling:unit_week": Expect(
        anonymous="login",
        attendee=404,
        cotrainer=404,
        resident=404,
        lead=200,
        coordinator=200,
        sponsor=404,
    ),  # training/units/<slug:slug>/week/
}
