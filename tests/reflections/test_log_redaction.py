"""No log record carries a card token: the filter is wired in LOGGING and holds over the whole journey."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from reflections import services
from reflections.log_filters import RedactCardLinks
from scheduling.models import Attendance

from .conftest import attendance_of

pytestmark = pytest.mark.django_db


def _record_texts(records):
    for record in records:
        yield record.getMessage()
        yield str(record.msg)
        yield repr(record.args)
        yield repr(getattr(record, "request", ""))
        yield record.exc_text or ""


def test_no_log_record_holds_a_card_token_over_the_whole_journey(
    client, held_session, caplog, lead_trainer, coordinator
):
    caplog.set_level(logging.DEBUG)
    Attendance.objects.filter(session=held_session).update(status="present")
    cara = attendance_of(held_session, "Cara")
    _link, token = services.reflection_link_ensure(attendance=cara)
    card = reverse("reflections:card", args=[token])

    client.get(card)
    client.get(card + "?wording=standard")
    assert client.post(card, {"action": "send", "wording": "easy"}).status_code == 400
    client.post(card, {"action": "save", "q-q-listened": "2"})
    sent = client.post(card, {"action": "send", "q-q-listened": "4", "q-q-differently": "x"})
    client.get(sent["Location"])
    # A stranger's browser: no edit key, so the edit and withdraw are refused (and logged by Django).
    stranger = Client()
    stranger.get(card)
    stranger.post(card, {"action": "send", "q-q-listened": "1"})
    stranger.post(card, {"action": "withdraw-confirm"})
    # A post without its CSRF token: django.security.csrf logs the path.
    assert Client(enforce_csrf_checks=True).post(card, {"action": "send"}).status_code == 403
    # A mistyped card address, and the trainer's day and pack, which print every card.
    client.get(reverse("reflections:card", args=[token[:-1] + "x"]))
    client.force_login(lead_trainer)
    client.get(reverse("reflections:session_pack", args=[held_session.pk]))
    client.force_login(coordinator)
    client.get(reverse("reflections:insights", args=["session", held_session.pk]))
    # The author withdraws.
    client.logout()
    client.post(card, {"action": "withdraw-confirm"})
    client.get(card)

    texts = list(_record_texts(caplog.records))
    assert not [text for text in texts if token in text]
    assert token not in caplog.text
    # The capture did see the requests that used to leak the token, with the path redacted.
    assert "Bad Request: /reflect/r/[redacted]/" in caplog.text
    assert "Forbidden (CSRF" in caplog.text and "/reflect/r/[redacted]/" in caplog.text


def test_the_filter_is_on_the_handlers_and_the_loggers_that_log_paths():
    def has_filter(thing):
        return any(isinstance(f, RedactCardLinks) for f in thing.filters)

    root_handlers = [h for h in logging.getLogger().handlers if has_filter(h)]
    assert root_handlers, "the console handler must redact card links"
    for name in ("django.request", "django.security.csrf", "django.server"):
        assert has_filter(logging.getLogger(name)), name
    server = logging.getLogger("django.server")
    assert any(has_filter(h) for h in server.handlers)


def test_runserver_access_line_and_request_attribute_are_redacted():
    """The development server logs its request line as an argument; Django's e-mail handler prints
    the request it finds on a record. Both must lose the token."""

    class FakeRequest:
        path = "/reflect/r/SecretToken1234567890ab/"

    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        ("GET /reflect/r/SecretToken1234567890ab/?wording=easy HTTP/1.1", "200", "512"),
        None,
    )
    record.request = FakeRequest()
    assert RedactCardLinks().filter(record) is True
    assert "SecretToken" not in record.getMessage()
    assert "/reflect/r/[redacted]/?wording=easy" in record.getMessage()
    assert not hasattr(record, "request")
    mapping = logging.LogRecord(
        "x", logging.INFO, __file__, 1, "%(path)s", ({"path": "/reflect/r/abc/"},), None
    )
    RedactCardLinks().filter(mapping)
    assert mapping.getMessage() == "/reflect/r/[redacted]/"
