"""Content Security Policy and Permissions-Policy on every page, and no inline script in our templates."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/account/login/",
        "/admin/login/",
        "/account/password-reset/",
        "/account/password-reset/sent/",
        "/no-such-page/",
    ],
)
def test_site_pages_allow_no_inline_script(client, path):
    response = client.get(path)
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_signed_in_pages_carry_the_headers_too(client, attendee):
    client.force_login(attendee)
    response = client.get("/account/me/")
    assert "'unsafe-inline'" not in directives(response)["script-src"]
    assert "microphone=()" in response["Permissions-Policy"]


def test_a_nonce_used_on_a_page_is_in_its_policy(rf):
    from django.http import HttpResponse

    from website.middleware import ContentSecurityPolicyMiddleware

    request = rf.get("/")
    middleware = ContentSecurityPolicyMiddleware(lambda r: HttpResponse("ok"))
    middleware.process_request(request)
    nonce = str(request.csp_nonce)
    response = middleware.process_response(request, HttpResponse("ok"))
    assert f"'nonce-{nonce}'" in directives(response)["script-src"]


def test_the_wagtail_admin_has_its_own_policy(client, coordinator):
    """The admin allows no inline script except by nonce (website.admin_csp); only its styles may be
    inline (Draftail writes <style> elements in the browser); it still loads nothing from elsewhere."""
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = directives(response)
    assert "'unsafe-inline'" not in csp["script-src"]
    assert csp["script-src-attr"][0] == "'unsafe-hashes'"
    assert csp["style-src"] == ["'self'", "'unsafe-inline'"]
    assert csp["default-src"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]


INLINE_SCRIPT = re.compile(
    r"(?<!`)<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)(?![^>]*type=\"application/json\")[^>]*>"
)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.IGNORECASE)


def our_template_and_hook_files():
    for folder in ("templates",):
        yield from (ROOT / folder).rglob("*.html")
    for app in ("website", "modules", "scheduling", "reflections", "evidence"):
        yield from (ROOT / app).rglob("*.py")


def test_no_inline_script_handler_or_javascript_url_outside_nonces():
    found = []
    for path in our_template_and_hook_files():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py" and "<script" not in text:
            continue
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, JS_URL):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)[:60]}")
    assert not found, "Move these to a static file or give them the page's nonce:\n" + "\n".join(
        found
    )
