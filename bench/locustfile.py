"""Locust users for `bench/load.py`: attendees opening their reflection cards and sending them, and
calendar programs polling their feeds with the ETag they were last given.

Reads the card and feed addresses from the JSON file named by ALONGSIDE_LOAD_DATA; each user takes the
next one, so no two attendees share a card. Only ever run against the local server `bench/load.py`
starts (it passes --host http://127.0.0.1:PORT).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
from html.parser import HTMLParser

from locust import HttpUser, between, task

DATA = json.loads(open(os.environ["ALONGSIDE_LOAD_DATA"], encoding="utf-8").read())
_CARDS = itertools.cycle(DATA["cards"])
_FEEDS = itertools.cycle(DATA["feeds"])


class _Form(HTMLParser):
    """The fields of the reflection form on a card page, filled in as a person might."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}
        self.choices: dict[str, list[str]] = {}
        self.in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("method") or "").lower() == "post":
            self.in_form = True
        if not self.in_form or not attrs.get("name"):
            return
        name = attrs["name"]
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("radio", "checkbox"):
                self.choices.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind == "hidden":
                self.fields[name] = attrs.get("value", "")
            elif kind in ("text", "number"):
                self.fields[name] = attrs.get("value") or "Load test answer"
        elif tag == "textarea":
            self.fields[name] = "Talk it through together before writing it down."

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False

    @property
    def questions(self) -> list[str]:
        return [name for name in (*self.fields, *self.choices) if name.startswith("q-")]

    def answers(self) -> dict:
        data = dict(self.fields)
        for name, values in self.choices.items():
            if name != "action":
                data[name] = random.choice(values)
        # "Something I want to raise" (a text with a consent box): most people leave it empty, and
        # each one raised tells the ward's contact by e-mail.
        for consent in [name for name in self.choices if name.endswith("-consent")]:
            if random.random() > RAISE_SHARE:
                data.pop(consent, None)
                data.pop(consent.removesuffix("-consent"), None)
        data["action"] = "send"
        return data


RAISE_SHARE = 0.1


class Attendee(HttpUser):
    """Opens their card and sends their reflection; after that, opens it again to change the answers
    (`?change=1`, as the "See or change my answers" button does) and sends the changes. The signed
    author cookie from the first send stays in this user's cookie jar, as in a person's browser."""

    fixed_count = int(os.environ.get("ALONGSIDE_LOAD_ATTENDEES", "100"))
    wait_time = between(1, 3)

    def on_start(self):
        self.card = next(_CARDS)
        self.sent = False

    @task
    def open_and_send(self):
        path = f"{self.card}?change=1" if self.sent else self.card
        with self.client.get(path, name="card: open", catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"card answered {page.status_code}")
                return
            form = _Form()
            form.feed(page.text)
            if not form.questions:
                page.failure("the card page has no questions to answer")
                return
            page.success()
        with self.client.post(
            self.card, data=form.answers(), name="card: send", catch_response=True
        ) as answer:
            # A send redirects to the thank-you page (followed here); a refused one shows the form
            # again with its reason and status 400.
            if answer.status_code == 200 and answer.history:
                self.sent = True
                answer.success()
            else:
                answer.failure(f"send answered {answer.status_code}: {_reason(answer.text)}")


def _reason(html: str) -> str:
    """The error sentence on a refused form, for the report."""
    found = re.search(r'class="message message--error"[^>]*>([^<]*)<', html)
    return " ".join(found.group(1).split())[:120] if found else "no reason shown"


class CalendarProgram(HttpUser):
    """Polls one feed, sending back the ETag it was given, as Outlook or Apple Calendar do."""

    fixed_count = int(os.environ.get("ALONGSIDE_LOAD_CALENDARS", "50"))
    wait_time = between(1, 2)

    def on_start(self):
        self.feed = next(_FEEDS)
        self.etag = None

    @task
    def poll(self):
        headers = {"If-None-Match": self.etag} if self.etag else {}
        name = "feed: conditional" if self.etag else "feed: first"
        with self.client.get(self.feed, headers=headers, name=name, catch_response=True) as answer:
            if answer.status_code == 200:
                self.etag = answer.headers.get("ETag")
                answer.success()
            elif answer.status_code == 304:
                answer.success()
            else:
                answer.failure(f"feed answered {answer.status_code}")
