"""Believable random instances for tests and the benchmark (seeded, so reproducible).

A unit (ward) has 12-20 residents, floor staff on a shift rota (early, late, long day, nights, days off,
annual leave) and a multidisciplinary team; some MDT members (consultant, psychologist, occupational
therapist, social worker) cover two or three neighbouring units. Residents are available except for the
ward's weekly community meeting, appointments and home leave. Rooms are shared (about one per 2-3 units)
and so are lead trainers (about one per 3-4 units); residents co-train on their own unit and peer support
workers co-train across units. The programme runs for three weeks, weekdays at 10:00 and 14:00.
"""

from __future__ import annotations

import math
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .model import Facilitator, Person, Problem, Room, Slot, Unit

TREES = [
    "birch", "oak", "ash", "elm", "willow", "rowan", "hazel", "maple", "cedar", "alder",
    "beech", "holly", "larch", "linden", "poplar", "spruce", "yew", "juniper", "aspen", "chestnut",
    "hawthorn", "sycamore", "walnut", "cherry", "pine", "fir", "hornbeam", "magnolia", "olive",
    "laurel",
]  # fmt: skip


def _slots(start: date, weeks: int, times: tuple[str, ...], tz: ZoneInfo) -> list[Slot]:
    out = []
    monday = start - timedelta(days=start.weekday())
    for day in range(weeks * 7):
        d = monday + timedelta(days=day)
        if d.weekday() >= 5 or d < start:
            continue
        for t in times:
            hh, mm = (int(x) for x in t.split(":"))
            out.append(Slot(f"{d.isoformat()}T{t}", datetime.combine(d, time(hh, mm), tzinfo=tz)))
    return out


def generate_problem(
    n_units: int,
    seed: int = 0,
    *,
    weeks: int = 3,
    start: date = date(2027, 1, 11),
    times: tuple[str, ...] = ("10:00", "14:00"),
    timezone: str = "Europe/London",
    session_size: int = 15,
    units_per_room: float = 2.5,
    units_per_lead: float = 3.0,
) -> Problem:
    rng = random.Random(seed)
    tz = ZoneInfo(timezone)
    slots = _slots(start, weeks, times, tz)
    by_day: dict[date, list[Slot]] = {}
    for s in slots:
        by_day.setdefault(s.start.date(), []).append(s)
    days = sorted(by_day)
    morning = {s.id for s in slots if s.start.hour < 12}
    afternoon = {s.id for s in slots} - morning
    weeks_of: dict[int, list[date]] = {}
    for d in days:
        weeks_of.setdefault((d - days[0]).days // 7, []).append(d)

    def ids_on(ds, which=None) -> list[str]:
        out = []
        for d in ds:
            for s in by_day[d]:
                if which is None or s.id in which:
                    out.append(s.id)
        return out

    unit_ids = []
    for i in range(n_units):
        base = TREES[i % len(TREES)]
        unit_ids.append(base if i < len(TREES) else f"{base}-{i // len(TREES) + 1}")
    clusters = [unit_ids[i : i + 3] for i in range(0, n_units, 3)]

    def leave_days() -> set[date]:
        if rng.random() < 0.08:
            w = rng.choice(sorted(weeks_of))
            return set(weeks_of[w])
        return set()

    def floor_availability() -> list[str]:
        # Coordinators make sure everyone can attend at least a couple of slots: redraw a rota that
        # leaves fewer than two.
        for _ in range(20):
            out = _rota()
            if len(out) >= 2:
                return out
        return out

    def _rota() -> list[str]:
        out: list[str] = []
        off = leave_days()
        for _w, ds in sorted(weeks_of.items()):
            if rng.random() < 0.15:  # a week of nights
                continue
            for d in ds:
                if d in off:
                    continue
                r = rng.random()
                if r < 0.3:
                    continue  # day off
                shift = rng.choices(["early", "late", "long"], weights=[35, 35, 30])[0]
                if shift in ("early", "long"):
                    out += ids_on([d], morning)
                if shift in ("late", "long"):
                    out += ids_on([d], afternoon)
        return out

    def mdt_availability() -> list[str]:
        off = leave_days()
        part_time = rng.random() < 0.2
        weekly = (rng.randrange(5), rng.choice(times))  # a fixed weekly commitment (ward round)
        free_days = {rng.randrange(5), rng.randrange(5)} if part_time else set()
        out = []
        for d in days:
            if d in off or d.weekday() in free_days:
                continue
            for s in by_day[d]:
                if (d.weekday(), s.id[-5:]) != weekly:
                    out.append(s.id)
        return out

    people: list[Person] = []
    units: list[Unit] = []
    co_trainers: list[Facilitator] = []
    resident_slots_by_unit: dict[str, list[str]] = {}
    for ui, u in enumerate(unit_ids):
        target = rng.randint(30, 60)
        n_res = rng.randint(12, 20)
        n_mdt = rng.randint(1, 3)
        n_floor = min(30, max(12, target - n_res - n_mdt - 4))
        allowance = rng.choice([3, 4, 4, 5]) + (1 if n_floor > 24 else 0)
        by_slot = {}
        if rng.random() < 0.4:  # handover overlap in the afternoon: more staff on duty
            by_slot = {s: allowance + 1 for s in sorted(afternoon)}
        units.append(
            Unit(
                id=u,
                max_staff_away=allowance,
                max_staff_away_by_slot=by_slot,
                min_staff=3,
                min_residents=2,
                name=u.replace("-", " ").title(),
            )
        )
        community = (rng.randrange(5), rng.choice(times))  # weekly community meeting
        routine = {s.id for s in slots if (s.start.weekday(), s.id[-5:]) == community}
        all_ids = [s.id for s in slots]
        res_avail = [s for s in all_ids if s not in routine]
        resident_slots_by_unit[u] = res_avail
        for k in range(n_res):
            busy = set(rng.sample(res_avail, k=min(len(res_avail), rng.randint(1, 4))))
            if rng.random() < 0.05:  # home leave for a few days
                d0 = rng.randrange(max(1, len(days) - 3))
                busy |= set(ids_on(days[d0 : d0 + 3]))
            avail = [s for s in res_avail if s not in busy]
            prefers: list[str] = []
            if rng.random() < 0.2:
                prefers = [s for s in avail if s in afternoon]
            people.append(Person(f"{u}-r{k + 1}", (u,), "resident", False, avail, prefers))
            if k < 2 and (k == 0 or rng.random() < 0.5):
                co_trainers.append(
                    Facilitator(f"{u}-co{k + 1}", "co", tuple(avail), max_per_day=1, units=(u,))
                )
        for k in range(n_floor):
            people.append(Person(f"{u}-n{k + 1}", (u,), "staff", True, floor_availability()))
        for k in range(n_mdt):
            people.append(Person(f"{u}-m{k + 1}", (u,), "staff", False, mdt_availability()))
        del ui

    for ci, cluster in enumerate(clusters):
        roles = ["consultant", "psychologist", "ot", "social-worker"]
        for role in roles:
            if len(cluster) == 1:
                covers = cluster
            elif role == "consultant" and len(cluster) == 3:
                covers = cluster[:2] if rng.random() < 0.5 else cluster[1:]
            else:
                covers = cluster
            people.append(
                Person(f"c{ci + 1}-{role}", tuple(covers), "staff", False, mdt_availability())
            )
        if len(cluster) == 3:
            extra = Person(f"{cluster[2]}-consultant", (cluster[2],), "staff", False,
                           mdt_availability())  # fmt: skip
            people.append(extra)

    n_rooms = max(2, math.ceil(n_units / units_per_room))
    rooms = []
    for k in range(n_rooms):
        capacity = rng.choice([15, 15, 15, 16, 20, 12])
        avail = [s.id for s in slots if rng.random() < 0.9]
        rooms.append(Room(f"room-{k + 1}", capacity, tuple(avail)))

    facilitators: list[Facilitator] = []
    n_leads = max(2, math.ceil(n_units / units_per_lead))
    for k in range(n_leads):
        day_off = rng.randrange(5)
        off = leave_days()
        avail = [s.id for s in slots if s.start.weekday() != day_off and s.start.date() not in off]
        restricted = rng.random() < 0.25 and len(clusters) > 1
        facilitators.append(
            Facilitator(
                f"lead-{k + 1}",
                "lead",
                tuple(avail),
                max_per_day=2,
                units=tuple(clusters[k % len(clusters)]) if restricted else None,
            )
        )
    for k in range(max(1, math.ceil(n_units / 3))):
        restricted = rng.random() < 0.5
        facilitators.append(
            Facilitator(
                f"peer-{k + 1}",
                "co",
                tuple(mdt_availability()),
                max_per_day=2,
                units=tuple(clusters[k % len(clusters)]) if restricted else None,
            )
        )
    facilitators += co_trainers

    return Problem(
        session_size=session_size,
        session_minutes=90,
        timezone=timezone,
        slots=tuple(slots),
        rooms=tuple(rooms),
        units=tuple(units),
        people=tuple(people),
        facilitators=tuple(facilitators),
    )


def generate_overconstrained(n_units: int = 10, seed: int = 0) -> Problem:
    """A programme that cannot place everyone: far too few lead trainers and rooms, a few people with no
    availability and a unit whose floor staff cannot all be released."""
    base = generate_problem(n_units, seed, units_per_room=n_units / 2, units_per_lead=n_units / 2)
    rng = random.Random(seed + 1)
    leads = [f for f in base.facilitators if f.role == "lead"]
    others = [f for f in base.facilitators if f.role != "lead"]
    # Lead trainers work only two days a week.
    slots_by_day: dict[date, list[str]] = {}
    for s in base.slots:
        slots_by_day.setdefault(s.start.date(), []).append(s.id)
    thin = []
    for f in leads:
        keep_days = {d for d in slots_by_day if d.weekday() in rng.sample(range(5), 2)}
        avail = tuple(s for s in f.available if date.fromisoformat(s[:10]) in keep_days)
        thin.append(Facilitator(f.id, "lead", avail, max_per_day=1, units=None))
    people = list(base.people)
    first = base.units[0].id
    for k in range(3):
        people.append(Person(f"{first}-new{k + 1}", (first,), "resident", False, ()))
    units = list(base.units)
    units[1] = Unit(units[1].id, 1, {}, units[1].min_staff, units[1].min_residents, units[1].name)
    return Problem(
        session_size=base.session_size,
        session_minutes=base.session_minutes,
        timezone=base.timezone,
        slots=base.slots,
        rooms=base.rooms,
        units=tuple(units),
        people=tuple(people),
        facilitators=tuple(thin + others),
    )
