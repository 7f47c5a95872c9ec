"""Splitting the people of one unit and slot between that slot's sessions."""

from __future__ import annotations


def even_sizes(total: int, capacities: list[int]) -> list[int]:
    """Sizes as even as the capacities allow (water-filling)."""
    sizes = [0] * len(capacities)
    left = total
    while left > 0:
        room = [i for i in range(len(sizes)) if sizes[i] < capacities[i]]
        if not room:
            raise ValueError("more people than the sessions can hold")
        for i in sorted(room, key=lambda i: sizes[i]):
            if left == 0:
                break
            sizes[i] += 1
            left -= 1
    return sizes


def mix_counts(
    sizes: list[int], n_staff: int, n_residents: int, min_staff: int, min_residents: int
) -> list[int]:
    """Staff per session: one resident and one staff member in every session first (joint
    sessions), then the minimums round robin (the least squared shortfall), then fill."""
    k = len(sizes)
    st = [0] * k
    re = [0] * k
    staff, residents = n_staff, n_residents
    for i in range(k):
        if residents and st[i] + re[i] < sizes[i]:
            re[i] += 1
            residents -= 1
    for i in range(k):
        if staff and st[i] + re[i] < sizes[i]:
            st[i] += 1
            staff -= 1
    for _ in range(min_staff):
        for i in range(k):
            if staff and st[i] < min_staff and st[i] + re[i] < sizes[i]:
                st[i] += 1
                staff -= 1
    for _ in range(min_residents):
        for i in range(k):
            if residents and re[i] < min_residents and st[i] + re[i] < sizes[i]:
                re[i] += 1
                residents -= 1
    for i in range(k):
        while st[i] + re[i] < sizes[i]:
            if staff:
                st[i] += 1
                staff -= 1
            else:
                re[i] += 1
                residents -= 1
    return st


def split_people(
    sizes: list[int], staff: list[str], residents: list[str], staff_counts: list[int]
) -> list[list[str]]:
    """Members per session: sizes[i] people of whom staff_counts[i] staff, dealt in the given order."""
    assert sum(sizes) == len(staff) + len(residents)
    out = []
    staff = list(staff)
    residents = list(residents)
    for size, take in zip(sizes, staff_counts, strict=True):
        out.append(staff[:take] + residents[: size - take])
        staff = staff[take:]
        residents = residents[size - take :]
    return out


def keep_apart(groups: list[list[str]], wanted: dict[str, int], kind: dict[str, bool]) -> None:
    """Move each person in `wanted` (person -> group index) into that group, swapping with someone
    who has no apart rule, of the same kind (staff or resident) where possible. In place."""
    where = {pid: g for g, members in enumerate(groups) for pid in members}
    for pid, target in wanted.items():
        source = where[pid]
        if source == target:
            continue
        free = [q for q in groups[target] if q not in wanted]
        if not free:
            continue
        same = [q for q in free if kind[q] == kind[pid]]
        q = (same or free)[0]
        groups[source][groups[source].index(pid)] = q
        groups[target][groups[target].index(q)] = pid
        where[pid], where[q] = target, source
