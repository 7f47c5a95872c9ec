"""Who can read what: sponsors read every report and nothing else; residents' names never reach them."""

import re
from urllib.parse import urljoin, urlparse

import pytest
from django.urls import reverse

from scheduling.models import Person

pytestmark = pytest.mark.django_db


def report_urls(provider) -> list[str]:
    urls = [reverse("evidence:index")]
    for name in ("coverage", "said"):
        urls += [reverse(f"evidence:{name}"), reverse(f"evidence:{name}_csv")]
        for kind, obj in (
            ("unit", provider["birch"]),
            ("unit", provider["cedar"]),
            ("programme", provider["programme"]),
        ):
            urls.append(reverse(f"evidence:{name}_scope", args=[kind, obj.pk]))
            urls.append(reverse(f"evidence:{name}_scope_csv", args=[kind, obj.pk]))
    return urls


def test_sponsor_reads_every_report(client, sponsor, provider):
    client.force_login(sponsor)
    for url in report_urls(provider):
        response = client.get(url)
        assert response.status_code == 200, url
        assert (
            response["Cache-Control"].startswith("no-store")
            or "no-store" in response["Cache-Control"]
        ), url


def test_sponsor_is_refused_the_roster_plans_free_text_and_page_editor(client, sponsor, provider):
    client.force_login(sponsor)
    person = provider["people"]["R1"]
    programme = provider["programme"]
    session = provider["sessions"]["b1"]
    refused = [
        # The roster and its import.
        "/admin/people/",
        f"/admin/people/edit/{person.pk}/",
        "/admin/roster/import/",
        # Training plans.
        "/admin/programmes/",
        f"/admin/training-plans/{programme.pk}/",
        # Reflections' free text (insights and their CSV).
        f"/reflect/insights/programme/{programme.pk}/",
        f"/reflect/insights/programme/{programme.pk}/export.csv",
        f"/reflect/insights/session/{session.pk}/",
        "/reflect/insights/",
        # The Wagtail page editor.
        f"/admin/pages/{provider['module'].pk}/edit/",
        "/admin/",
        # Training records name people: coordinators and the person only.
        reverse("evidence:records"),
        reverse("evidence:record", args=[person.pk]),
        reverse("evidence:staff_completion_csv"),
    ]
    for url in refused:
        assert client.get(url).status_code == 403, url


def test_other_roles_and_anonymous_visitors(client, attendee, lead_trainer, coordinator, provider):
    url = reverse("evidence:coverage")
    assert client.get(url).status_code == 302  # to the sign-in page
    for user in (attendee, lead_trainer):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get(reverse("evidence:staff_completion_csv")).status_code == 403
    client.force_login(coordinator)
    for url in report_urls(provider):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("evidence:records")).status_code == 200
    assert client.get(reverse("evidence:staff_completion_csv")).status_code == 200


def test_unknown_scope_is_not_found(client, sponsor, provider):
    client.force_login(sponsor)
    assert client.get("/evidence/coverage/person/1/").status_code == 404
    assert client.get("/evidence/coverage/unit/999999/").status_code == 404


LINK = re.compile(r'href="([^"#]+)')


def test_no_resident_name_or_free_text_on_any_page_a_sponsor_can_reach(client, sponsor, provider):
    """Follow every link from My page and the reports (pages and CSVs), as the sponsor."""
    resident_names = list(
        Person.objects.filter(kind=Person.Kind.RESIDENT).values_list("display_name", flat=True)
    )
    assert len(resident_names) == 7
    free_text = ["Ask me first.", "Residentname R9"]
    client.force_login(sponsor)
    queue = ["/account/me/", reverse("evidence:index"), *report_urls(provider)]
    seen, reached = set(), 0
    while queue and len(seen) < 300:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200:
            continue
        reached += 1
        body = response.content.decode()
        for text in resident_names + free_text:
            assert text not in body, f"{text!r} on {url}"
        if response["Content-Type"].startswith("text/html"):
            for href in LINK.findall(body):
                target = urlparse(urljoin(url, href.replace("&amp;", "&")))
                if target.netloc or target.path.startswith(
                    ("/admin", "/account/logout", "/static")
                ):
                    continue
                queue.append(target.path + (f"?{target.query}" if target.query else ""))
    assert reached >= len(report_urls(provider))
