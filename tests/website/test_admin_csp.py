"""The admin's inline scripts: only Wagtail's known widget start-up calls get the response's nonce."""

import re

import pytest

from tests.website.test_security_headers import directives
from website.admin_csp import is_known_wagtail_script, nonce_known_scripts

WAGTAIL_SCRIPTS = [
    'initDateChooser("id_date", {"dayOfWeekStart": 1, "format": "Y-m-d"});',
    'initTimeChooser("id_time", {"format": "H:i"});',
    'initDateTimeChooser("id_go_live_at", {"dayOfWeekStart": 1, "format": "Y-m-d H:i"});',
    'new PageChooser("id_module", {"modelNames": ["modules.trainingmodulepage"], "canChooseRoot": false});',
    'new ImageChooser("id_picture", {"modalUrl": "/admin/images/chooser/"});',
    'createTaskChooser("id_workflow_tasks-0-task");',
    "\n        (function() {\n            var panel = new InlinePanel(JSON.parse("
    '"{\\u0022formsetPrefix\\u0022: \\u0022id_pages\\u0022}"));\n        })();\n    ',
    '(function() { var panel = new MultipleChooserPanel(JSON.parse("{\\u0022a\\u0022: 1}")); })();',
]

HOSTILE_SCRIPTS = [
    "alert(1)",
    'initDateChooser("id_date", {"a": alert(1)});',
    'initDateChooser("id_date", {}); alert(1); initDateChooser("x", {});',
    'initDateChooser("id_date" + alert(1), {});',
    'new PageChooser("id", {});fetch("/steal")',
    'new window.PageChooser("id", {});',
    'createTaskChooser("id"); alert(1);',
    '(function() { var panel = new InlinePanel(JSON.parse("x")); alert(1); })();',
    '(function() { var panel = new InlinePanel(JSON.parse("" + alert(1) + "")); })();',
]


@pytest.mark.parametrize("script", WAGTAIL_SCRIPTS)
def test_wagtail_widget_scripts_are_known(script):
    assert is_known_wagtail_script(script)


@pytest.mark.parametrize("script", HOSTILE_SCRIPTS)
def test_anything_else_is_not(script):
    assert not is_known_wagtail_script(script)


def test_only_known_inline_scripts_get_the_nonce(caplog):
    html = (
        '<script src="/static/a.js"></script>'
        '<script type="application/json" id="data">{"a": 1}</script>'
        f"<script>{WAGTAIL_SCRIPTS[0]}</script>"
        "<template><script>" + WAGTAIL_SCRIPTS[3] + "</script></template>"
        "<SCRIPT>alert(1)</SCRIPT>"
        '<script nonce="other">alert(2)</script>'
    )
    out, count = nonce_known_scripts(html, "abc")
    assert count == 2
    assert out.count('nonce="abc"') == 2
    assert f'<script nonce="abc">{WAGTAIL_SCRIPTS[0]}</script>' in out
    assert '<template><script nonce="abc">' in out
    assert "<SCRIPT>alert(1)</SCRIPT>" in out
    assert '<script nonce="other">alert(2)</script>' in out
    assert '<script src="/static/a.js"></script>' in out
    assert "an inline script the policy blocks" in caplog.text


def test_a_script_ends_where_the_browser_ends_it():
    """A JSON value holding "</script>" cannot smuggle a second script past the check."""
    html = '<script>initDateChooser("x", {"a": "</script><script>alert(1)</script>"});</script>'
    out, count = nonce_known_scripts(html, "abc")
    assert count == 0
    assert "nonce" not in out


@pytest.mark.django_db
def test_admin_pages_allow_inline_script_only_by_nonce(client, coordinator):
    """A page with date widgets (the shifts listing's filter): every inline script it renders carries
    the nonce named in the header, and the header allows no inline script otherwise."""
    client.force_login(coordinator)
    response = client.get("/admin/shifts/")
    assert response.status_code == 200
    csp = directives(response)
    assert "'unsafe-inline'" not in csp["script-src"]
    nonces = [value for value in csp["script-src"] if value.startswith("'nonce-")]
    assert len(nonces) == 1
    nonce = nonces[0][len("'nonce-") : -1]
    html = response.content.decode()
    inline = re.findall(r"<script(?![^>]*\b(?:src|type)=)([^>]*)>", html)
    assert inline, "the shifts filter should render Wagtail's date widget"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline)
    assert int(response["Content-Length"]) == len(response.content)
    assert csp["default-src"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]
