"""The whole reflection journey under production-like settings: DEBUG off, hashed static files.

Development settings serve static files from the app folders by name, so a template that builds a static
path by joining strings (`{% static 'img/faces/face-' %}{{ n }}.svg`) works there and answers 500 in
production, where `ManifestStaticFilesStorage` only knows the files `collectstatic` wrote. Here
`collectstatic` really runs into a temporary folder and every page of the journey is rendered against
that manifest, so a missing or misspelt static file fails this test.
"""

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from reflections import services
from scheduling.models import Attendance

from .conftest import attendance_of

pytestmark = pytest.mark.django_db

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected_static(tmp_path_factory):
    root = tmp_path_factory.mktemp("collected-static")
    with override_settings(STATIC_ROOT=str(root), STORAGES=MANIFEST_STORAGES):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (root / "staticfiles.json").exists()
    return root


@pytest.fixture
def production_like(settings, collected_static):
    settings.DEBUG = False
    settings.STATIC_ROOT = str(collected_static)
    settings.STORAGES = MANIFEST_STORAGES
    return settings


def _get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def test_missing_static_files_fail_under_these_settings(production_like):
    """The guard itself: a name the manifest does not have is an error, as in production."""
    from django.templatetags.static import static

    assert static("img/faces/face-3.svg") != "/static/img/faces/face-3.svg"  # hashed name
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        static("img/faces/face-")


def test_reflection_journey_with_hashed_static_files(
    client, production_like, held_session, lead_trainer, coordinator
):
    cara = attendance_of(held_session, "Cara")
    Attendance.objects.filter(session=held_session).update(status="present")
    _link, token = services.reflection_link_ensure(attendance=cara)
    card = reverse("reflections:card", args=[token])

    # The resident's form in both wordings, with the faces' hashed file names.
    easy = _get(client, card)
    assert "People listened to me." in easy
    assert "/static/img/faces/face-1." in easy and ".svg" in easy
    assert "/static/img/faces/face-1.svg" not in easy  # the manifest's hashed name is used
    _get(client, card + "?wording=standard")
    # An empty send is refused with a sentence, then a real send succeeds.
    refused = client.post(card, {"action": "send", "wording": "easy"})
    assert refused.status_code == 400
    sent = client.post(card, {"action": "send", "wording": "easy", "q-q-listened": "4"})
    assert sent.status_code == 302
    thanks = _get(client, sent["Location"])
    assert "Thank you" in thanks

    # The trainer's day, the printed pack and the insights all render with the manifest.
    client.force_login(lead_trainer)
    day = timezone.localtime(held_session.start).date().isoformat()
    _get(client, reverse("reflections:today") + f"?date={day}")
    _get(client, reverse("reflections:session_pack", args=[held_session.pk]))
    client.force_login(coordinator)
    _get(client, reverse("reflections:insights_index"))
    _get(client, reverse("reflections:insights", args=["session", held_session.pk]))
