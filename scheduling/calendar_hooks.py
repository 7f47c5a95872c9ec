"""The "My training sessions" panel on a person's own page (/account/me/)."""

from wagtail import hooks

from scheduling.permissions import user_can_manage_calendar_links, user_can_see_every_session
from scheduling.selectors import calendars as selectors


@hooks.register("alongside_dashboard_panels")
def my_training_panel(request):
    person = selectors.person_for_user(request.user)
    facilitator = selectors.facilitator_for_user(request.user)
    sees_every_session = user_can_see_every_session(request.user)
    if person is None and facilitator is None and not sees_every_session:
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
                "can_manage_calendar_links": user_can_manage_calendar_links(request.user),
            },
        }
    ]
