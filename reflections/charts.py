"""Server-rendered SVG bar charts: no JavaScript, crisp in print, with a data table beside each for
screen readers (the SVG itself is one labelled image)."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

# Two colours with strong contrast against white and against each other; bars also differ in pattern
# (staff solid, residents striped) so the chart reads without colour too.
STAFF_COLOUR = "#1d5c4d"
RESIDENT_COLOUR = "#7a3e00"

WIDTH = 420
HEIGHT = 200
PAD_LEFT = 36
PAD_BOTTOM = 56
LINE_CHARS = 9


def _two_lines(label: str) -> list[str]:
    """Split an axis label over at most two short lines, so neighbouring labels never overlap."""
    lines = [""]
    for word in str(label).split():
        candidate = f"{lines[-1]} {word}".strip()
        if len(candidate) <= LINE_CHARS or not lines[-1]:
            lines[-1] = candidate
        elif len(lines) == 1:
            lines.append(word)
        else:
            lines[-1] = candidate
    return [line if len(line) <= LINE_CHARS else line[: LINE_CHARS - 1] + "…" for line in lines]


PAD_TOP = 12


def side_by_side_svg(*, question: dict, labels: list[str], title: str, uid: str) -> str:
    """Grouped bars, per answer, of the percentage of staff and of residents who gave it."""
    rows = question["rows"]
    plot_w = WIDTH - PAD_LEFT - 8
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    group_w = plot_w / max(len(rows), 1)
    bar_w = group_w * 0.36
    parts = []
    for tick in (0, 50, 100):
        y = PAD_TOP + plot_h * (1 - tick / 100)
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#c9d1ce"/>'
                '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="#1b1b1b">{}%</text>',
                PAD_LEFT,
                WIDTH - 8,
                round(y, 1),
                round(y, 1),
                PAD_LEFT - 4,
                round(y + 4, 1),
                tick,
            )
        )
    for index, row in enumerate(rows):
        x0 = PAD_LEFT + index * group_w + group_w * 0.12
        for offset, key, fill in (
            (0, "staff", STAFF_COLOUR),
            (1, "resident", f"url(#stripes-{uid})"),
        ):
            percent = row[key]["percent"]
            if percent is None:
                continue  # a group with too few answers is not drawn (see the note under the chart)
            h = plot_h * percent / 100
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}"/>',
                    round(x0 + offset * bar_w, 1),
                    round(PAD_TOP + plot_h - h, 1),
                    round(bar_w - 2, 1),
                    round(h, 1),
                    fill,
                    STAFF_COLOUR if key == "staff" else RESIDENT_COLOUR,
                )
            )
        x_mid = round(x0 + bar_w, 1)
        tspans = format_html_join(
            "",
            '<tspan x="{}" dy="{}">{}</tspan>',
            (
                (x_mid, 0 if n == 0 else 13, line)
                for n, line in enumerate(_two_lines(labels[index]))
            ),
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#1b1b1b">{}</text>',
                x_mid,
                HEIGHT - PAD_BOTTOM + 16,
                tspans,
            )
        )
    legend = format_html(
        '<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11" fill="#1b1b1b">Staff</text>'
        '<rect x="{}" y="{}" width="12" height="12" fill="url(#stripes-{})" stroke="{}"/>'
        '<text x="{}" y="{}" font-size="11" fill="#1b1b1b">Residents</text>',
        PAD_LEFT,
        HEIGHT - 16,
        STAFF_COLOUR,
        PAD_LEFT + 16,
        HEIGHT - 6,
        PAD_LEFT + 80,
        HEIGHT - 16,
        uid,
        RESIDENT_COLOUR,
        PAD_LEFT + 96,
        HEIGHT - 6,
    )
    defs = format_html(
        '<defs><pattern id="stripes-{}" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<rect width="3" height="6" fill="{}"/></pattern></defs>',
        uid,
        RESIDENT_COLOUR,
    )
    return format_html(
        '<svg class="insight-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        defs,
        mark_safe(format_html_join("", "{}", ((part,) for part in parts))),  # noqa: S308
        legend,
    )
