"""Charts drawn on the server as SVG, so that the page, the PDF and a reader without JavaScript
see the same picture. A chart names itself (role="img" with a <title>) and its numbers are
written next to the bars, so that it reads without colour."""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

WIDTH = 320  # the viewBox's width: the chart scales to its container, a phone's too
LABEL_WIDTH = 130
BAR_HEIGHT = 18
GAP = 6
BAR_COLOUR = "#b4451f"  # --accent of common/css/site.css
TEXT_COLOUR = "#1d2330"  # --ink


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def _shorten(label: str, limit: int = 20) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart_svg(*, chart_id: str, title: str, bars: list[Bar]) -> SafeString:
    """A horizontal bar chart, largest value's bar at full width; empty bars are left out."""
    bars = [bar for bar in bars if bar.value > 0]
    top = max((bar.value for bar in bars), default=0)
    height = max(len(bars), 1) * (BAR_HEIGHT + GAP)
    room = WIDTH - LABEL_WIDTH - 40  # the longest bar, with space for its number
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{escape(chart_id)}-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
    ]
    for index, bar in enumerate(bars):
        y = index * (BAR_HEIGHT + GAP)
        length = max(1, round(room * bar.value / top))
        middle = y + BAR_HEIGHT / 2
        parts += [
            f'<text x="{LABEL_WIDTH - 6}" y="{middle}" dominant-baseline="middle" '
            f'text-anchor="end" font-size="12" fill="{TEXT_COLOUR}">'
            f"{escape(_shorten(bar.label))}</text>",
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>',
            f'<text x="{LABEL_WIDTH + length + 4}" y="{middle}" dominant-baseline="middle" '
            f'font-size="12" fill="{TEXT_COLOUR}">{bar.value}</text>',
        ]
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  # every text in it passed through escape()
