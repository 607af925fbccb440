"""Bar charts as SVG, drawn on the server: no chart library, no JavaScript.

Each chart is paired in the page with a table of the same numbers (the accessible version);
the SVG itself is an image with a title and a one-line description for screen readers.
Pure functions of their input, tested in tests/studio/test_charts.py.
"""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The SVG is drawn at its displayed size (no viewBox, so nothing scales its text down): bars are
# placed in percentages of the width, heights and text in CSS pixels. Labels stay 13 px on a
# 360 px phone and on a wide screen alike.
HEIGHT = 180
MARGIN_TOP, MARGIN_BOTTOM = 24, 28
FONT_SIZE = 13
BAR = "#0b4f8a"  # the site's brand blue: 8.6:1 on white
AXIS = "#4a4a4a"  # 8.9:1 on white
GRID = "#c8ced6"


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
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    slot = 100 / max(len(points), 1)  # percent of the width
    bar_width = slot * 0.75
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" height="{HEIGHT}" class="chart" role="img" '
        f'aria-label="{escape(title)}" direction="ltr">',
        f"<title>{escape(title)}</title><desc>{escape(description)}</desc>",
        # The scale: its top value above a dotted line at the top of the plot; the axis is zero.
        f'<text x="0" y="{MARGIN_TOP - 8}" font-size="{FONT_SIZE}" fill="{AXIS}">{escape(format_number(top))}</text>',
        f'<line x1="0" y1="{MARGIN_TOP}" x2="100%" y2="{MARGIN_TOP}" stroke="{GRID}" stroke-dasharray="3 3"/>',
        f'<line x1="0" y1="{MARGIN_TOP + plot_height}" x2="100%" y2="{MARGIN_TOP + plot_height}" stroke="{AXIS}"/>',
    ]
    last = len(points) - 1
    for index, point in enumerate(points):
        height = plot_height * point.value / top
        x = index * slot + (slot - bar_width) / 2
        y = MARGIN_TOP + plot_height - height
        if point.value:
            parts.append(f'<rect x="{x:.2f}%" y="{y:.1f}" width="{bar_width:.2f}%" height="{height:.1f}" fill="{BAR}"/>')
        if index % label_every == 0:
            # The first and last labels keep inside the edges.
            anchor, at = ("start", index * slot) if index == 0 else ("end", 100) if index == last else ("middle", x + bar_width / 2)
            parts.append(
                f'<text x="{at:.2f}%" y="{HEIGHT - 8}" text-anchor="{anchor}" font-size="{FONT_SIZE}" fill="{AXIS}">'
                f"{escape(point.label)}</text>"
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))
