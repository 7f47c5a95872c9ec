"""Saving a plan: the solver's answer becomes the programme's draft (and, in re-plan mode, updates to its
published sessions), in one transaction."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scheduling.models import Attendance, PlanRun, Programme, Session
from scheduling.planning.ids import LIVE, key_pk, local_zone, person_key, slot_key
from scheduling.planning.messages import unplaced_text
from scheduling.planning.problem import BuiltProblem, live_sessions
from scheduling.signals import sessions_changed


def separate_apart(built: BuiltProblem, plan: dict) -> dict:
    """The plan with no keep-apart pair sharing a session: where one does, the second of the pair is
    taken out of that session and listed unplaced ("apart"), for the coordinator to place by hand.

    The solver honours `apart` itself; this is the product's guarantee whatever solver produced the
    plan (the greedy plan does not know the rule), so a saved plan never puts the pair together.
    """
    pairs = [tuple(pair) for pair in built.data.get("apart", [])]
    if not pairs:
        return plan
    fixed = set(built.fixed)
    unplaced = list(plan.get("unplaced", []))
    sessions = []
    for item in plan.get("sessions", []):
        people = list(item["people"])
        if (item["unit"], item["slot"], item["room"]) not in fixed:
            for a, b in pairs:
                if a in people and b in people:
                    people.remove(b)
                    unplaced.append({"person": b, "code": "apart", "reason": "Kept apart."})
        if people:
            sessions.append({**item, "people": people})
    return {**plan, "sessions": sessions, "unplaced": unplaced}


def _result_summary(built: BuiltProblem, plan: dict) -> dict:
    unplaced = []
    for item in plan.get("unplaced", []):
        person = built.people.get(item["person"])
        units = [
            built.units[slug].name
            for slug in built.units
            if person and any(u.slug == slug for u in person.units.all())
        ]
        unplaced.append(
            {
                "person": item["person"],
                "name": person.display_name if person else item["person"],
                "units": units,
                "reason": unplaced_text(built, item),
            }
        )
    return {
        "status": plan.get("status"),
        "lower_bound": plan.get("lower_bound"),
        "gap": plan.get("gap"),
        "sessions": len(plan.get("sessions", [])),
        "objective": plan.get("objective", {}),
        "bounds": plan.get("bounds", {}),
        "solve_seconds": plan.get("solve_seconds"),
        "people": len(built.people),
        "unplaced": unplaced,
        "facilitating": [p.display_name for p in built.facilitating],
        "not_due": {reason: len(people) for reason, people in built.not_due.items()},
        "notes": {
            f"{item['unit']}|{item['slot']}|{item['room']}": [n.get("code") for n in item["notes"]]
            for item in plan.get("sessions", [])
            if item.get("notes")
        },
    }


Key = tuple[str, str, str]  # (unit slug, slot id, room slug)


def _key_of(session: Session) -> Key:
    return (session.unit.slug, slot_key(session.start), session.room.slug)


@transaction.atomic
def plan_save(
    *, run: PlanRun, built: BuiltProblem, plan: dict, extra: dict | None = None
) -> PlanRun:
    """Replace the programme's draft with the plan, keeping held, locked and published sessions.

    - Draft, unlocked sessions are deleted and the plan's sessions created in their place (new ones are
      catch-up sessions in re-plan mode).
    - Fixed sessions (held, locked, and published ones outside re-plan mode) are left exactly as they are.
    - In re-plan mode a published session the plan keeps is updated in place (its people and trainers),
      and one the plan no longer uses is cancelled; both raise the calendar signal after commit.
    When the solver found no plan at all, the draft is left untouched and the run says why.
    """
    programme = Programme.objects.select_for_update().get(pk=run.programme_id)
    sessions = list(
        live_sessions(programme).select_for_update(of=("self",)).prefetch_related("attendances")
    )
    plan = separate_apart(built, plan)
    summary = {**_result_summary(built, plan), **(extra or {})}
    if not plan.get("sessions") and plan.get("status") in ("unknown", "infeasible"):
        if summary["people"]:
            return _finish(
                run,
                summary,
                _("The solver found no plan in the time allowed, so the draft was left as it was."),
            )
    fixed_keys = set(built.fixed)
    kept_published = {
        _key_of(s): s
        for s in sessions
        if s.status == Session.Status.PUBLISHED and _key_of(s) not in fixed_keys
    }
    _drop_draft(sessions, fixed_keys)
    targets = {
        (item["unit"], item["slot"], item["room"]): item
        for item in plan.get("sessions", [])
        if (item["unit"], item["slot"], item["room"]) not in fixed_keys
    }
    changed, kept_people = _move_out(built, kept_published, targets)
    created, bookings, more = _write_sessions(
        run, programme, built, targets, kept_published, kept_people
    )
    _book(programme, bookings)
    cancelled = _cancel_unused(kept_published, targets)
    _announce((changed | more) - set(cancelled), cancelled)
    if programme.status == Programme.Status.DRAFT:
        programme.status = Programme.Status.PLANNED
        programme.save(update_fields=["status", "updated_at"])
    summary["created"] = created
    placed = summary["people"] - len(summary["unplaced"])
    message = _("%(placed)s of %(people)s people placed in %(sessions)s sessions.") % {
        "placed": placed,
        "people": summary["people"],
        "sessions": summary["sessions"],
    }
    return _finish(run, summary, message)


def _finish(run: PlanRun, summary: dict, message: str) -> PlanRun:
    run.status = PlanRun.Status.DONE
    run.finished_at = timezone.now()
    run.result = summary
    run.message = message
    run.save(update_fields=["status", "finished_at", "result", "message"])
    return run


def _drop_draft(sessions: list[Session], fixed_keys: set[Key]) -> None:
    """The old draft goes: its unlocked draft sessions are deleted with their bookings."""
    drafts = [
        s.pk for s in sessions if s.status == Session.Status.DRAFT and _key_of(s) not in fixed_keys
    ]
    Session.objects.filter(pk__in=drafts).delete()


def _move_out(
    built: BuiltProblem, kept_published: dict[Key, Session], targets: dict[Key, dict]
) -> tuple[set[int], dict[int, set[str]]]:
    """Re-plan mode: bookings in published sessions the plan moves elsewhere are deleted. Someone the
    plan leaves unplaced keeps the booking they have. Returns (changed sessions, who stays booked in
    each kept published session)."""
    placed = {
        built.booking_key(pid, item["unit"]) for item in targets.values() for pid in item["people"]
    }
    changed: set[int] = set()
    moving_out: set[int] = set()
    for key, session in kept_published.items():
        wanted = set(targets.get(key, {}).get("people", []))
        for attendance in session.attendances.all():
            if attendance.status in Attendance.NOT_LIVE:
                continue
            pid = person_key(attendance.person_id)
            if pid not in wanted and built.booking_key(pid, key[0]) in placed:
                moving_out.add(attendance.pk)
                changed.add(session.pk)
    Attendance.objects.filter(pk__in=moving_out).delete()
    kept_people = {
        session.pk: {
            person_key(a.person_id)
            for a in session.attendances.all()
            if a.status not in Attendance.NOT_LIVE and a.pk not in moving_out
        }
        for session in kept_published.values()
    }
    return changed, kept_people


def _write_sessions(
    run: PlanRun,
    programme: Programme,
    built: BuiltProblem,
    targets: dict[Key, dict],
    kept_published: dict[Key, Session],
    kept_people: dict[int, set[str]],
) -> tuple[int, list[Attendance], set[int]]:
    """Create the plan's new sessions and update kept published ones' trainers; the bookings to add.
    Returns (sessions created, new bookings, published sessions changed)."""
    created, bookings, changed = 0, [], set()
    for key, item in targets.items():
        lead = built.facilitators.get(item.get("lead") or "")
        co = built.facilitators.get(item.get("co") or "")
        session = kept_published.get(key)
        if session is None:
            session = _new_session(run, programme, built, key, lead, co)
            created += 1
            have = set()
        else:
            if (session.lead_id, session.co_trainer_id) != (
                lead.pk if lead else None,
                co.pk if co else None,
            ):
                session.lead, session.co_trainer = lead, co
                session.save(update_fields=["lead", "co_trainer", "updated_at"])
                changed.add(session.pk)
            have = kept_people[session.pk]
        for pid in item["people"]:
            if pid in have:
                continue
            bookings.append(
                Attendance(
                    session=session,
                    programme=programme,
                    unit=session.unit,
                    person_id=key_pk(pid),
                    each_unit=pid in built.each_unit,
                )
            )
            if session.status == Session.Status.PUBLISHED:
                changed.add(session.pk)
    return created, bookings, changed


def _new_session(run, programme, built: BuiltProblem, key: Key, lead, co) -> Session:
    unit_slug, sid, room_slug = key
    start = built.slot_starts[sid].astimezone(local_zone())
    return Session.objects.create(
        programme=programme,
        unit=built.units[unit_slug],
        room=built.rooms[room_slug],
        start=start,
        end=start + timedelta(minutes=built.unit_minutes[unit_slug]),
        lead=lead,
        co_trainer=co,
        status=Session.Status.DRAFT,
        is_catch_up=run.replan,
    )


def _book(programme: Programme, bookings: list[Attendance]) -> None:
    """Write the new bookings. People moved out of a published session are re-booked here, so any
    older live booking goes first (an each-unit person's only if it is for the same unit)."""
    older: dict[int | None, list[int]] = defaultdict(list)
    for booking in bookings:
        older[booking.unit.pk if booking.each_unit else None].append(booking.person_id)
    for unit_pk, person_pks in older.items():
        by_unit = {"unit_id": unit_pk} if unit_pk is not None else {}
        Attendance.objects.filter(
            LIVE, programme=programme, person_id__in=person_pks, **by_unit
        ).exclude(session__status=Session.Status.HELD).delete()
    Attendance.objects.bulk_create(bookings)


def _cancel_unused(kept_published: dict[Key, Session], targets: dict[Key, dict]) -> list[int]:
    """Published sessions the plan no longer uses, and now empty, are cancelled."""
    cancelled = []
    for key, session in kept_published.items():
        if key not in targets and not session.attendances.filter(LIVE).exists():
            session.status = Session.Status.CANCELLED
            session.sequence += 1
            session.save(update_fields=["status", "sequence", "updated_at"])
            cancelled.append(session.pk)
    return cancelled


def _announce(changed: set[int], cancelled: list[int]) -> None:
    """After commit, tell the calendar code which published sessions changed or were cancelled."""
    if changed:
        ids = sorted(changed)
        transaction.on_commit(
            lambda: sessions_changed.send(sender=Session, session_ids=ids, change="published")
        )
    if cancelled:
        transaction.on_commit(
            lambda: sessions_changed.send(sender=Session, session_ids=cancelled, change="cancelled")
        )
