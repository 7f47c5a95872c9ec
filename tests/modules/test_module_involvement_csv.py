import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from modules.models import ModuleInvolvement
from modules.services import module_involvement_record

pytestmark = pytest.mark.django_db
URL = reverse("modules:involvement_csv")


@pytest.fixture
def records(module_page):
    module_involvement_record(
        person_name="Jordan",
        activity="writing",
        hours=Decimal("3"),
        on=date(2027, 1, 10),
        module=module_page,
        payment_status="voucher",
    )
    module_involvement_record(
        person_name='=HYPERLINK("http://evil")',
        activity="co_delivering",
        hours=Decimal("1.5"),
        on=date(2027, 2, 3),
        payment_status="due",
    )


def _rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("fixture_name", ["coordinator", "lead_trainer"])
def test_finance_export_for_coordinators_and_lead_trainers(client, records, request, fixture_name):
    client.force_login(request.getfixturevalue(fixture_name))
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store"
    rows = _rows(response)
    assert rows[0] == ["Date", "Co-trainer", "Activity", "Module", "Hours", "Payment"]
    assert rows[1] == ["2027-01-10", "Jordan", "Writing", "Sharing the plan", "3.00", "Voucher"]
    # A name that looks like a spreadsheet formula is made harmless.
    assert rows[2][1] == '\'=HYPERLINK("http://evil")'
    assert rows[2][2:] == ["Co-delivering", "", "1.50", "Payment due"]


def test_finance_export_date_filter(client, records, coordinator):
    client.force_login(coordinator)
    rows = _rows(client.get(URL + "?from=2027-02-01&to=2027-02-28"))
    assert len(rows) == 2 and rows[1][0] == "2027-02-03"
    # A blank field is "no filter"; words that are not a date are refused with a sentence (website.params).
    assert len(_rows(client.get(URL + "?from=&to="))) == 3
    assert client.get(URL + "?from=not-a-date").status_code == 400


@pytest.mark.parametrize("fixture_name", ["co_trainer", "attendee"])
def test_finance_export_refused_for_others(client, records, request, fixture_name):
    client.force_login(request.getfixturevalue(fixture_name))
    assert client.get(URL).status_code == 403


def test_finance_export_needs_login(client):
    assert client.get(URL).status_code == 302


def test_involvement_admin_is_for_coordinators_and_lead_trainers(
    client, records, coordinator, co_trainer
):
    client.force_login(coordinator)
    html = client.get("/admin/snippets/modules/moduleinvolvement/").content.decode()
    assert "Jordan" in html and "Download CSV for finance" in html
    client.force_login(co_trainer)
    assert client.get("/admin/snippets/modules/moduleinvolvement/").status_code in (302, 403)


def test_hours_must_be_positive():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        module_involvement_record(
            person_name="A", activity="writing", hours=Decimal("0"), on=date(2027, 1, 1)
        )
    assert not ModuleInvolvement.objects.exists()
