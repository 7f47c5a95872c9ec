"""Nonces for the few inline scripts Wagtail 8's admin renders, and for nothing else.

Wagtail builds some widgets' start-up calls as inline `<script>` elements while rendering a form, without
the request (wagtail/wagtail#1288), so its templates cannot print `request.csp_nonce`. A crawl of every
admin page in Chromium under a strict policy found exactly these shapes:

- `initDateChooser("id", {...});`, `initTimeChooser(...)`, `initDateTimeChooser(...)` (date and time widgets)
- `new PageChooser("id", {...});` and the other `…Chooser` widgets (`BaseChooser.render_js_init`)
- `createTaskChooser("id");` (workflow tasks)
- `(function() { var panel = new InlinePanel(JSON.parse("...")); })();` (and `MultipleChooserPanel`)

`nonce_known_scripts` gives the response's nonce to an inline script only when its whole text is one of
those calls with data-only arguments: the id is a JSON string, the options parse as a JSON object, the
panel's options are a plain string literal. Anything else (a script Wagtail adds in a later release, or one
smuggled into the page) gets no nonce, so the browser refuses to run it; it is logged so an upgrade that
adds a new shape is noticed. Scripts with `src` (our and Wagtail's static files) and JSON data blocks are
left as they are.
"""

import json
import logging
import re

logger = logging.getLogger(__name__)

# What an HTML parser treats as a script element: it ends at the first "</script", whatever the case.
_TAG = "script"
SCRIPT = re.compile(rf"<{_TAG}\b(?P<attrs>[^>]*)>(?P<body>.*?)</{_TAG}", re.IGNORECASE | re.DOTALL)
_STRING = r'"(?:[^"\\\n]|\\.)*"'
_ESCAPED_STRING = r'"(?:[^"\\\n]|\\u[0-9A-Fa-f]{4}|\\[\\"\'/bfnrt])*"'
_CALL_WITH_OPTIONS = re.compile(
    rf"\s*(?:initDateChooser|initTimeChooser|initDateTimeChooser|new [A-Z][A-Za-z]*Chooser)"
    rf"\((?P<id>{_STRING}), (?P<options>\{{.*\}})\);\s*",
    re.DOTALL,
)
_TASK_CHOOSER = re.compile(rf"\s*createTaskChooser\((?P<id>{_STRING})\);\s*")
_PANEL = re.compile(
    r"\s*\(function\(\) \{\s*var panel = new (?:InlinePanel|MultipleChooserPanel)"
    rf"\(JSON\.parse\({_ESCAPED_STRING}\)\);\s*\}}\)\(\);\s*"
)
_DATA_TYPES = {"application/json", "application/ld+json", "text/template"}


def _is_json(text: str, kind: type) -> bool:
    try:
        return isinstance(json.loads(text), kind)
    except ValueError:
        return False


def is_known_wagtail_script(body: str) -> bool:
    """True when an inline script's whole text is one of Wagtail's widget start-up calls with data only."""
    if match := _CALL_WITH_OPTIONS.fullmatch(body):
        return _is_json(match["id"], str) and _is_json(match["options"], dict)
    if match := _TASK_CHOOSER.fullmatch(body):
        return _is_json(match["id"], str)
    return _PANEL.fullmatch(body) is not None


def _attribute(attrs: str, name: str) -> str | None:
    match = re.search(rf"\b{name}\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", attrs, re.IGNORECASE)
    return match[1].strip("\"'").strip().lower() if match else None


def nonce_known_scripts(html: str, nonce: str) -> tuple[str, int]:
    """Add `nonce` to the inline scripts Wagtail is known to render; return the page and how many."""
    count = 0

    def add_nonce(match: re.Match) -> str:
        nonlocal count
        attrs, body = match["attrs"], match["body"]
        if _attribute(attrs, "src") is not None or _attribute(attrs, "type") in _DATA_TYPES:
            return match[0]
        if _attribute(attrs, "nonce") is not None:
            return match[0]
        if not is_known_wagtail_script(body):
            logger.warning(
                "An admin page has an inline script the policy blocks: %.80r", body.strip()
            )
            return match[0]
        count += 1
        return f'<script nonce="{nonce}"{attrs}>{body}</script'

    return SCRIPT.sub(add_nonce, html), count
