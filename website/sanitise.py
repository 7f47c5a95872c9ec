"""One place that decides which HTML may appear in rich text: modules' text, trainer notes, the home page.

It lives in `website` (the bottom app) so that every app and the site's own templates can use it
without depending on `modules`; `modules` imports it from here.

Wagtail's editor already limits rich text to the features we allow. This is the second line: it runs on
the stored source (so Wagtail's own link and embed markup survives) and on the final HTML, so a `<script>`
or an `onerror=` can never reach a page, however the text got into the database.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import expand_db_html

ALLOWED_TAGS = {"p", "br", "h2", "h3", "h4", "b", "strong", "i", "em", "ol", "ul", "li", "a"}
# `linktype` and `id` are Wagtail's stored form of internal links; they become `href` on render.
SOURCE_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
RENDERED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitise_rich_text_source(source: str) -> str:
    return nh3.clean(
        source or "",
        tags=ALLOWED_TAGS,
        attributes=SOURCE_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    )


def render_rich_text(source: str) -> SafeString:
    html = expand_db_html(sanitise_rich_text_source(source))
    return mark_safe(  # noqa: S308 - nh3 has just removed everything not on the allow-list.
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=RENDERED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel=None,
        )
    )
