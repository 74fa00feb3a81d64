"""Server-rendered SVG charts: they need no JavaScript and print the same in PDFs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT, PAD = 320, 120, 22


def trend_svg(
    points: Sequence[tuple[dt.date, int, Decimal]], *, starts: dt.date, ends: dt.date, title: str
) -> SafeString:
    """Marks (dots) and the running weighted mean (line) of one subject across a period."""
    span = max((ends - starts).days, 1)

    def x(day: dt.date) -> float:
        return PAD + (WIDTH - 2 * PAD) * min(max((day - starts).days, 0), span) / span

    def y(value: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * (value - 2) / 3

    total = weights = Decimal(0)
    line: list[tuple[float, float]] = []
    for day, value, weight in points:
        total += value * weight
        weights += weight
        line.append((x(day), y(float(total / weights))))
    grid = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="grid"/><text x="4" y="{}" class="axis">{}</text>',
        ((PAD, f"{y(v):.1f}", WIDTH - PAD, f"{y(v):.1f}", f"{y(v) + 4:.1f}", v) for v in (2, 3, 4, 5)),
    )
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="4" class="mark m{}"><title>{}: {}</title></circle>',
        ((f"{x(day):.1f}", f"{y(value):.1f}", value, day.strftime("%d.%m"), value) for day, value, _w in points),
    )
    path = " ".join(f"{'M' if i == 0 else 'L'}{px:.1f},{py:.1f}" for i, (px, py) in enumerate(line))
    return format_html(
        '<svg class="trend" viewBox="0 0 {} {}" role="img" aria-label="{}">{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        _("%(subject)s: marks and the average over the period") % {"subject": title},
        grid,
        format_html('<path d="{}" class="mean"/>', path) if path else "",
        dots,
    )
