"""The favicon: an SVG with PNG and ICO fallbacks, linked on every page, and /favicon.ico answering."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def test_favicon_ico_answers_with_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == "/static/favicon.ico"


def test_the_icon_files_are_real_images():
    svg = Path(finders.find("favicon.svg")).read_text()
    assert svg.startswith("<svg") and "viewBox" in svg
    assert Path(finders.find("favicon.ico")).read_bytes()[:4] == b"\x00\x00\x01\x00"
    for name in ("img/icons/favicon-32.png", "img/icons/apple-touch-icon.png"):
        assert Path(finders.find(name)).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("path", ["/", "/account/login/", "/admin/login/", "/no-such-page/"])
def test_site_pages_link_the_icon(client, path):
    html = client.get(path).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert 'rel="apple-touch-icon"' in html


def test_the_admin_and_the_error_page_link_the_icon_too(client, coordinator):
    client.force_login(coordinator)
    assert 'href="/static/favicon.svg"' in client.get("/admin/").content.decode()
    assert 'href="/static/favicon.svg"' in render_to_string("500.html")
