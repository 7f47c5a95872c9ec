"""Involvement records fill themselves: a held session credits its co-trainer once, whatever calls it."""

from decimal import Decimal

import pytest

from modules.models import ModuleInvolvement
from modules.services import involvement_record_for_session
from modules.services.involvement import hours_between
from tests.modules.factories import held_session

pytestmark = pytest.mark.django_db


def test_a_session_becoming_held_credits_its_co_trainer(module_page, co_trainer):
    session = held_session(module=module_page, co_trainer_user=co_trainer, status="published")
    assert not ModuleInvolvement.objects.exists()
    session.status = "held"
    session.save(update_fields=["status"])
    record = ModuleInvolvement.objects.get()
    assert record.user == co_trainer
    assert record.activity == ModuleInvolvement.Activity.CO_DELIVERING
    assert record.hours == Decimal("1.50")
    assert record.payment_status == ModuleInvolvement.Payment.DUE
    assert record.module.pk == module_page.pk
    assert str(record.date) == "2026-11-03"


def test_no_involvement_row_is_written_twice_for_a_session(module_page, co_trainer):
    session = held_session(module=module_page, co_trainer_user=co_trainer)
    first = involvement_record_for_session(session=session)
    session.save()  # a second register mark saves the session again
    second = involvement_record_for_session(session=session)
    assert first.pk == second.pk
    assert ModuleInvolvement.objects.count() == 1


def test_sessions_not_held_write_nothing(module_page, co_trainer):
    for status in ("draft", "published", "cancelled"):
        session = held_session(module=module_page, co_trainer_user=co_trainer, status=status)
        assert involvement_record_for_session(session=session) is None
    assert not ModuleInvolvement.objects.exists()


def test_a_co_trainer_without_a_login_is_still_credited_by_name(module_page):
    session = held_session(module=module_page, co_trainer_user=None, minutes=60)
    record = ModuleInvolvement.objects.get(source_key=f"session:{session.pk}")
    assert record.person_name == "Jordan F."
    assert record.user is None
    assert record.hours == Decimal("1.00")


@pytest.mark.parametrize(
    "minutes, hours",
    [(90, "1.50"), (50, "0.75"), (5, "0.25"), (52, "0.75"), (53, "1.00"), (3000, "24")],
)
def test_hours_are_quarter_hours_within_the_records_limits(minutes, hours):
    from datetime import datetime, timedelta

    start = datetime(2026, 1, 1, 10)
    assert hours_between(start, start + timedelta(minutes=minutes)) == Decimal(hours)
