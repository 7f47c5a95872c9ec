"""Every URL pattern of the project x every role, with other people's ids: each answer as expected.

The patterns come from the resolver, not from a list, so a new URL is checked the day it is added. Our
apps' URLs need an entry in `tests/<app>/url_expectations.py` (see `tests/website/url_matrix.py`);
Wagtail's own admin URLs share one rule (signed-out people sign in, attendees and sponsors are refused,
no role ever gets a server error).
"""

import pytest
from django.test import Client

from tests.website import url_matrix as matrix

pytestmark = pytest.mark.django_db


def _observe(client: Client, method: str, path: str, user=None, data=None):
    if method == "POST":
        response = client.post(path, data or {})
    else:
        response = client.generic(method, path)
    if user is not None and "_auth_user_id" not in client.session:
        client.force_login(user)  # a sign-out URL ended the session; the next URL needs it again
    if response.status_code == 302 and "/login/" in response.headers.get("Location", ""):
        return matrix.LOGIN
    return response.status_code


def _matches(observed, expected) -> bool:
    if isinstance(expected, (set, frozenset)):
        return observed in expected or (observed == matrix.LOGIN and 302 in expected)
    return observed == expected


def _clients(world) -> dict:
    clients = {"anonymous": Client(raise_request_exception=False)}
    for role, user in world.users.items():
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[role] = client
    return clients


def _suggestion(pattern, observed: dict) -> str:
    roles = ", ".join(f"{role}={value!r}" for role, value in observed.items())
    return f'    "{pattern.key}": Expect({roles}),  # {pattern.route}'


def test_every_url_answers_every_role_as_expected():
    world = matrix.World()
    clients = _clients(world)
    roles = matrix.roles_in_play()
    expected_by_app = matrix.expectations()
    known = {key for entries in expected_by_app.values() for key in entries}
    patterns = matrix.project_patterns()
    missing, wrong, checked, unbuilt = {}, [], 0, []
    for pattern in patterns:
        if matrix.is_ours(pattern):
            expect = expected_by_app.get(pattern.app, {}).get(pattern.key)
        else:
            expect = matrix.builtin_expectation(pattern)
        path = matrix.path_for(pattern, world, expect)
        if path is None:
            assert not matrix.is_ours(pattern), f"Cannot build a URL for {pattern.key}"
            unbuilt.append(pattern.key)
            continue
        method = expect.method if expect else "GET"
        here = roles if matrix.is_ours(pattern) else [r for r in roles if r in matrix.BUILTIN_ROLES]
        observed = {
            role: _observe(
                clients[role], method, path, world.users.get(role), expect and expect.data
            )
            for role in here
        }
        checked += len(here)
        if expect is None:
            missing.setdefault(pattern.app, []).append(_suggestion(pattern, observed))
            continue
        for role in here:
            if not _matches(observed[role], expect.for_role(role)):
                wrong.append(
                    f"{method} {path} ({pattern.key}) as {role}: got {observed[role]!r}, "
                    f"expected {expect.for_role(role)!r}"
                )
    stale = known - {p.key for p in patterns}
    ours = sum(1 for p in patterns if matrix.is_ours(p))
    print(
        f"\nURL matrix: {len(patterns)} URL patterns ({ours} ours x {len(roles)} roles, "
        f"{len(patterns) - ours - len(unbuilt)} of Wagtail's x {len(matrix.BUILTIN_ROLES)}) = "
        f"{checked} checks; not built: {unbuilt}"
    )
    message = []
    for app, lines in sorted(missing.items()):
        message.append(
            f"URLs without an expectation: add to EXPECTED in tests/{app}/url_expectations.py "
            "(each role's answer today is filled in: check every one is what you intend, use "
            "`kwargs=lambda w: {...}` to open someone else's object):\n" + "\n".join(lines)
        )
    if wrong:
        message.append("Unexpected answers:\n" + "\n".join(wrong))
    if stale:
        message.append("Expectations for URLs that no longer exist: " + ", ".join(sorted(stale)))
    assert not message, "\n\n".join(message)
