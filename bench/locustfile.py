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

    def answers(self) -> dict:
        data = dict(self.fields)
        for name, values in self.choices.items():
            if name != "action":
                data[name] = random.choice(values)
        data["action"] = "send"
        return data


class Attendee(HttpUser):
    """Opens their card, then sends (or edits) their reflection."""

    fixed_count = int(os.environ.get("ALONGSIDE_LOAD_ATTENDEES", "100"))
    wait_time = between(1, 3)

    def on_start(self):
        self.card = next(_CARDS)

    @task
    def open_and_send(self):
        page = self.client.get(self.card, name="card: open")
        if page.status_code != 200:
            return
        form = _Form()
        form.feed(page.text)
        self.client.post(self.card, data=form.answers(), name="card: send")


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
