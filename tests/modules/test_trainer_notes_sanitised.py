"""Trainer notes go through the same rich-text allow-list as every other rich text (website.sanitise),
on the module page and on the day's registers page, however the text got into the database."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import FacilitatorFactory
from tests.reflections.conftest import make_module, make_session

pytestmark = pytest.mark.django_db

HOSTILE = (
    '<p>Keep the room calm.<script>alert(1)</script><img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)" onclick="alert(4)">a link</a></p><iframe src="https://e.org"></iframe>'
)
FORBIDDEN = ("<script", "onerror", "onclick", "javascript:", "<iframe", "<img")


def assert_clean(html: str):
    notes = re.split(r"</details>|</aside>", html.split("Trainer notes", 1)[1])[0]
    assert "Keep the room calm." in notes
    for bad in FORBIDDEN:
        assert bad not in notes, bad


def test_trainer_notes_are_sanitised_on_the_days_registers(lead_trainer):
    module = make_module()
    module.trainer_notes = HOSTILE
    module.save()
    session = make_session(module=module, lead=FacilitatorFactory(user=lead_trainer))
    client = Client()
    client.force_login(lead_trainer)
    day = timezone.localtime(session.start).date().isoformat()
    response = client.get(f"/reflect/today/?date={day}")
    assert response.status_code == 200
    assert_clean(response.content.decode())


def test_trainer_notes_are_sanitised_on_the_module_page(lead_trainer):
    module = make_module()
    module.trainer_notes = HOSTILE
    module.save_revision().publish()
    client = Client()
    client.force_login(lead_trainer)
    response = client.get(module.url)
    assert response.status_code == 200
    assert_clean(response.content.decode())


def test_the_home_page_introduction_is_sanitised_too(client):
    from website.models import HomePage

    home = HomePage.objects.first()
    home.intro = HOSTILE
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Keep the room calm." in html
    main = html.split("<main", 1)[1]
    for bad in FORBIDDEN:
        assert bad not in main, bad
