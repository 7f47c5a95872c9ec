"""Server-drawn SVG charts for the evidence pages, in the style of the insights charts: no JavaScript,
crisp in print, one labelled image each, always with a table twin beside it for screen readers.

Staff and residents keep the insights' colours, and differ without colour too (solid and striped bars;
a solid line with circles and a dashed line with squares). A hidden figure draws nothing that could be
measured: no bar and no point, only the words "fewer than N".
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reflections.charts import RESIDENT_COLOUR, STAFF_COLOUR

INK = "#1b1b1b"
GRID = "#c9d1ce"


def _join(parts) -> SafeString:
    return mark_safe(format_html_join("", "{}", ((part,) for part in parts)))  # noqa: S308


def _svg(*, width: int, height: int, title: str, uid: str, body) -> SafeString:
    defs = format_html(
        '<defs><pattern id="ev-stripes-{}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<rect width="3" height="6" fill="{}"/></pattern></defs>',
        uid,
        RESIDENT_COLOUR,
    )
    return format_html(
        '<svg class="evidence-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}{}</svg>',
        width,
        height,
        title,
        defs,
        _join(body),
    )


def coverage_svg(*, stages: list[dict], title: str, uid: str, hidden_words: str) -> SafeString:
    """Horizontal bars per stage (offered, attended, reflected): percentage of staff and of residents
    due. `stages` items: {"label", "staff": percent|None, "resident": percent|None}."""
    label_w, bar_w, row_h, top = 110, 260, 22, 8
    width = label_w + bar_w + 70
    height = top + len(stages) * (2 * row_h + 10) + 28
    body = []
    for index, stage in enumerate(stages):
        y0 = top + index * (2 * row_h + 10)
        body.append(
            format_html(
                '<text x="0" y="{}" font-size="12" font-weight="700" fill="{}">{}</text>',
                y0 + row_h + 4,
                INK,
                stage["label"],
            )
        )
        for offset, key, fill, stroke in (
            (0, "staff", STAFF_COLOUR, STAFF_COLOUR),
            (1, "resident", f"url(#ev-stripes-{uid})", RESIDENT_COLOUR),
        ):
            y = y0 + offset * row_h
            percent = stage[key]
            if percent is None:
                body.append(
                    format_html(
                        '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
                        label_w,
                        y + 15,
                        INK,
                        hidden_words,
                    )
                )
                continue
            length = round(bar_w * percent / 100, 1)
            body.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}"/>'
                    '<text x="{}" y="{}" font-size="11" fill="{}">{}%</text>',
                    label_w,
                    y + 3,
                    length,
                    row_h - 6,
                    fill,
                    stroke,
                    label_w + length + 4,
                    y + 15,
                    INK,
                    percent,
                )
            )
    body.append(_legend(x=label_w, y=height - 18, uid=uid))
    return _svg(width=width, height=height, title=title, uid=uid, body=body)


def _legend(*, x: int, y: int, uid: str) -> SafeString:
    return format_html(
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>'
        '<rect x="{}" y="{}" width="12" height="12" fill="url(#ev-stripes-{})" stroke="{}"/>'
        '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
        x,
        y,
        STAFF_COLOUR,
        x + 16,
        y + 10,
        INK,
        _("Staff"),
        x + 80,
        y,
        uid,
        RESIDENT_COLOUR,
        x + 96,
        y + 10,
        INK,
        _("Residents"),
    )


def ratings_svg(*, points: list[dict], title: str, uid: str) -> SafeString:
    """Average rating (1 to 5) per programme, oldest first: staff a solid line with circles, residents
    a dashed line with squares. `points` items: {"label", "staff": mean|None, "resident": mean|None}."""
    width, height, left, right, top, bottom = 440, 220, 30, 16, 12, 52
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(points), 1)
    body = []
    for tick in (1, 2, 3, 4, 5):
        y = round(top + plot_h * (5 - tick) / 4, 1)
        body.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="{}">{}</text>',
                left,
                width - right,
                y,
                y,
                GRID,
                left - 4,
                y + 4,
                INK,
                tick,
            )
        )

    def position(index, value):
        return round(left + step * (index + 0.5), 1), round(top + plot_h * (5 - value) / 4, 1)

    for key, colour, dash, marker in (
        ("staff", STAFF_COLOUR, "", "circle"),
        ("resident", RESIDENT_COLOUR, "6 4", "square"),
    ):
        segment = []
        for index, point in enumerate(points):
            if point[key] is None:
                body.append(_line(segment, colour, dash))
                segment = []
                continue
            x, y = position(index, point[key])
            segment.append((x, y))
            body.append(
                format_html('<circle cx="{}" cy="{}" r="5" fill="{}"/>', x, y, colour)
                if marker == "circle"
                else format_html(
                    '<rect x="{}" y="{}" width="10" height="10" fill="{}"/>', x - 5, y - 5, colour
                )
            )
        body.append(_line(segment, colour, dash))
    for index, point in enumerate(points):
        x, _y = position(index, 1)
        body.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text>',
                x,
                height - bottom + 16,
                INK,
                point["label"][:14],
            )
        )
    body.append(_legend(x=left, y=height - 18, uid=uid))
    return _svg(width=width, height=height, title=title, uid=uid, body=body)


def _line(segment: list[tuple], colour: str, dash: str) -> SafeString:
    if len(segment) < 2:
        return mark_safe("")  # noqa: S308 (a constant empty string)
    return format_html(
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="2" stroke-dasharray="{}"/>',
        " ".join(f"{x},{y}" for x, y in segment),
        colour,
        dash or "none",
    )
