"""Anonymous modules never expose an author in pages or CSV; named modules show the display name."""

import pytest
from django.urls import reverse

from reflections.models import Reflection, ReflectionLink
from reflections.selectors import reflection_for_link
from tests.factories import PersonFactory, ResidentFactory

from .conftest import make_session
from .helpers_reflections import attend_and_reflect

pytestmark = pytest.mark.django_db

NAMES = [
    "Quinn Uniquename",
    "Rowe Otherperson",
    "Sol Thirdname",
    "Tam Residentone",
    "Uma Residenttwo",
    "Vic Residentthree",
]
ANSWER = {
    "q-listened": 4,
    "q-differently": "I will ask before I assume.",
    "q-raise": {"text": "More time for questions, please.", "consent": True},
}


def _session(module, lead):
    people = [PersonFactory(display_name=name) for name in NAMES[:3]] + [
        ResidentFactory(display_name=name) for name in NAMES[3:]
    ]
    session = make_session(module=module, lead=lead, people=people)
    for attendance in session.attendances.all():
        attend_and_reflect(attendance, ANSWER)
    return session


def _pages(client, session):
    urls = [
        reverse("reflections:insights", args=["session", session.pk]),
        reverse("reflections:insights", args=["programme", session.programme.pk]),
        reverse("reflections:insights", args=["unit", session.unit.pk]),
        reverse("reflections:insights", args=["module", session.programme.module.pk]),
    ]
    out = []
    for url in urls:
        out.append(client.get(url).content.decode())
        out.append(client.get(url + "export.csv").content.decode())
    return out


def test_anonymous_rows_hold_no_person_and_no_link(module, lead_facilitator):
    session = _session(module, lead_facilitator)
    assert Reflection.objects.filter(session=session).count() == 6
    for reflection in Reflection.objects.all():
        assert reflection.person_id is None and reflection.is_anonymous
        field_names = {f.name for f in Reflection._meta.get_fields()}
        assert not {"attendance", "link", "reflection_link"} & field_names
    # The author still finds their own reflection through their link.
    link = ReflectionLink.objects.first()
    assert reflection_for_link(link).answers["q-listened"] == 4


def test_anonymous_module_pages_and_csv_show_no_names(
    client, module, lead_facilitator, coordinator, lead_trainer
):
    session = _session(module, lead_facilitator)
    for user in (coordinator, lead_trainer):
        client.force_login(user)
        for content in _pages(client, session):
            for name in NAMES:
                # The full name and the (long, distinctive) surname: short first names could turn
                # up by chance inside a random CSRF token.
                for part in (name, name.split()[1]):
                    assert part not in content, (user, part)
        # The answers themselves are there.
        assert "I will ask before I assume." in _pages(client, session)[0]


def test_named_module_shows_display_names(client, named_module, lead_facilitator, coordinator):
    session = _session(named_module, lead_facilitator)
    client.force_login(coordinator)
    page, csv_text = _pages(client, session)[:2]
    for name in NAMES:
        assert name in page
        assert name in csv_text


def test_switching_a_module_to_named_later_reveals_nobody(
    client, module, lead_facilitator, coordinator
):
    session = _session(module, lead_facilitator)
    module.anonymous_reflections = False
    module.save_revision().publish()
    client.force_login(coordinator)
    for content in _pages(client, session):
        for name in NAMES:
            assert name not in content
