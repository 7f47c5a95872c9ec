"""A logging filter that keeps reflection card links out of every log line.

A card link is a bearer secret: whoever has it can write that person's reflection. Django logs request
paths in several places (`Bad Request: /reflect/r/<token>/` from django.request after a refused send,
`Forbidden (CSRF token missing.): ...` from django.security.csrf, the development server's access line),
and a log file is read by far more people than should ever hold a card. So the path's token is replaced
before the record is formatted, wherever the filter is attached:

* on the handlers that write log lines (catches every record that reaches them, from any logger);
* on the loggers that create records with paths in them, so that the record itself is clean before it
  propagates to any other handler (e-mail to admins, test capture, an error tracker).

The record's `request` attribute is removed for card paths too: handlers such as Django's
`AdminEmailHandler` would otherwise print the full request, path and all.
"""

import logging
import re

CARD_PATH = re.compile(r"/reflect/r/[^/\s?#'\"<>]+")
REDACTED = "/reflect/r/[redacted]"


def redact(text: str) -> str:
    return CARD_PATH.sub(REDACTED, text)


def _redact_value(value):
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, bytes):
        return redact(value.decode("utf-8", "replace"))
    return value


class RedactCardLinks(logging.Filter):
    """Rewrite a record's message and arguments so no card token survives (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        elif not isinstance(record.msg, int | float):
            record.msg = redact(str(record.msg))
        if isinstance(record.args, dict):
            record.args = {key: _redact_value(value) for key, value in record.args.items()}
        elif isinstance(record.args, tuple):
            record.args = tuple(_redact_value(value) for value in record.args)
        request = getattr(record, "request", None)
        path = getattr(request, "path", None) or getattr(request, "path_info", None)
        if request is not None and (
            (isinstance(path, str) and CARD_PATH.search(path))
            or CARD_PATH.search(str(getattr(request, "requestline", "")))
        ):
            del record.request
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
