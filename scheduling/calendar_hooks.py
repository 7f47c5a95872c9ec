"""The "My training sessions" panel on a person's own page (/account/me/)."""

from wagtail import hooks

from scheduling.selectors import calendars as selectors
from website import roles


@hooks.register("alongside_dashboard_panels")
def my_training_panel(request):
    person = selectors.person_for_user(request.user)
    facilitator = selectors.facilitator_for_user(request.user)
    is_coordinator = roles.is_coordinator(request.user)
    if person is None and facilitator is None and not is_coordinator:
        return []
    upcoming = selectors.upcoming_for_person(person, limit=3) if person else []
    delivering = selectors.upcoming_for_facilitator(facilitator, limit=10) if facilitator else []
    return [
        {
            "order": 10,
            "template": "scheduling/calendar/dashboard_panel.html",
            "context": {
                "upcoming": selectors.session_rows(upcoming, names=False),
                "delivering": delivering,
                "is_coordinator": is_coordinator,
            },
        }
    ]
