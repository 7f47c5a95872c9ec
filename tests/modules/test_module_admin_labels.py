"""In the Wagtail page listing, the "add" link on module pages says in visible plain words what it
adds (it was a bare "+" icon, its only label "Add a child page" hidden from sighted people)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _add_links(html: str, page_id: int) -> list[str]:
    href = re.escape(reverse("wagtailadmin_pages:add_subpage", args=[page_id]))
    return re.findall(rf'<a[^>]*href="{href}"[^>]*>.*?</a>', html, flags=re.S)


def _text(link: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", link).split()).replace(" :", ":")


def test_the_add_link_on_a_module_says_add_an_activity(client, module_page, co_trainer):
    client.force_login(co_trainer)
    html = client.get(reverse("wagtailadmin_explore", args=[module_page.get_parent().pk]))
    links = _add_links(html.content.decode(), module_page.pk)
    assert links, "the module without activities should offer to add one"
    for link in links:
        assert _text(link) == f"Add an activity: {module_page.title}"


def test_the_add_link_on_an_empty_module_index_says_add_a_module(client, module_index, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_explore", args=[module_index.get_parent().pk]))
    links = _add_links(html.content.decode(), module_index.pk)
    assert links and all(_text(link) == f"Add a module: {module_index.title}" for link in links)
