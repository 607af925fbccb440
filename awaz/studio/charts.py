"""Bar charts as SVG, drawn on the server: no chart library, no JavaScript.

Each chart is paired in the page with a table of the same numbers (the accessible version);
the SVG itself is an image with a title and a one-line description for screen readers.
Pure functions of their input, tested in tests/studio/test_charts.py.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 180
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_START = 16, 28, 44
BAR = "#0b4f8a"  # the site's brand blue: 8.6:1 on white
AXIS = "#4a4a4a"


@dataclass(frozen=True)
class Point:
    label: str  # shown under some bars and in the table
    value: int


def nice_ceiling(value: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... at or above `value` (at least 1)."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor >= value:
                return step * factor
        step *= 10


def bar_chart(points: list[Point], *, title: str, description: str, label_every: int = 1,
              format_number=str) -> SafeString:
    """An SVG bar chart of `points`, left to right in time order."""
    top = nice_ceiling(max((p.value for p in points), default=0))
    plot_width = WIDTH - MARGIN_START - 8
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = plot_width / max(len(points), 1)
    bar_width = max(slot * 0.75, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="chart" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMidYMid meet" direction="ltr">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
        f'<line x1="{MARGIN_START}" y1="{MARGIN_TOP + plot_height}" x2="{WIDTH - 8}" y2="{MARGIN_TOP + plot_height}" stroke="{AXIS}"/>',
        f'<text x="{MARGIN_START - 6}" y="{MARGIN_TOP + 4}" text-anchor="end" font-size="12" fill="{AXIS}">{escape(format_number(top))}</text>',
        f'<text x="{MARGIN_START - 6}" y="{MARGIN_TOP + plot_height}" text-anchor="end" font-size="12" fill="{AXIS}">0</text>',
    ]
    for index, point in enumerate(points):
        height = plot_height * point.value / top
        x = MARGIN_START + index * slot + (slot - bar_width) / 2
        y = MARGIN_TOP + plot_height - height
        if point.value:
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" height="{height:.1f}" fill="{BAR}"/>')
        if index % label_every == 0:
            parts.append(
                f'<text x="{x + bar_width / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle" font-size="11" fill="{AXIS}">'
                f"{escape(point.label)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
