"""`make run` prints one line per e-mail and keeps the full message in a folder."""

import logging

from django.core import mail
from django.test import override_settings


def test_each_message_is_one_console_line_and_one_file(tmp_path, caplog):
    with override_settings(
        EMAIL_BACKEND="website.mail.FolderEmailBackend", ALONGSIDE_EMAIL_DIR=tmp_path / "out"
    ):
        with caplog.at_level(logging.INFO, logger="alongside.mail"):
            message = mail.EmailMessage(
                "Your session on Monday", "A long body\n" * 500, to=["a@example.org"]
            )
            message.attach("invite.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
            sent = mail.get_connection().send_messages(
                [message, mail.EmailMessage("Second", "Body", to=["b@example.org"])]
            )
    files = sorted((tmp_path / "out").glob("*.eml"))
    assert sent == 2
    assert len(files) == 2
    assert "A long body" in files[0].read_text()
    assert "BEGIN:VCALENDAR" in files[0].read_text()
    lines = [r.getMessage() for r in caplog.records if r.name == "alongside.mail"]
    assert len(lines) == 2
    assert "a@example.org" in lines[0] and "Your session on Monday" in lines[0]
    assert "A long body" not in "".join(lines)
