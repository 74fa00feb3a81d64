"""The forecast of a period mark (R6, DOMAIN.md §3): the likely mark, how sure it is, and what it takes.

Pure functions over (value, weight) pairs so that the cabinet, the digest and the paper extract explain the same
thing in the same words. The weighted mean is Σ(mᵢ·wᵢ) / Σwᵢ (DOMAIN.md §2), rounded half up to 2 decimals; the
rounded mean is what families see, so it is also what the thresholds are compared with (4.595 shows as 4.60 and
forecasts 5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from journal.grading import mean_of

# A mark added "now" in the explanation is an ordinary one: weight 1 (an answer in class).
ORDINARY_WEIGHT = Decimal(1)
# Beyond this many extra top marks the forecast says the next mark is out of reach this period.
MAX_EXTRA_MARKS = 10


@dataclass(frozen=True)
class Thresholds:
    five: Decimal
    four: Decimal
    three: Decimal

    def mark_for(self, mean: Decimal) -> int:
        if mean >= self.five:
            return 5
        if mean >= self.four:
            return 4
        if mean >= self.three:
            return 3
        return 2

    def lower_bound(self, mark: int) -> Decimal | None:
        return {5: self.five, 4: self.four, 3: self.three}.get(mark)

    def upper_bound(self, mark: int) -> Decimal | None:
        return {4: self.five, 3: self.four, 2: self.three}.get(mark)


class Confidence(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class Forecast:
    mark: int
    average: Decimal
    marks_count: int
    confidence: Confidence
    to_next: Decimal | None  # how much the mean must still rise for the next mark; None at 5
    margin: Decimal | None  # how far the mean is above the current mark's threshold; None at 2
    top_marks_for_next: int | None  # how many more top marks (weight 1) give the next mark; None if out of reach
    low_mark_drops_to: int | None  # the mark that one more lowest mark (weight 1) would bring; None if no drop
    explanation: str


def _with(marks: Sequence[tuple[Decimal, Decimal]], value: int, count: int) -> Decimal:
    mean = mean_of([*marks, *[(Decimal(value), ORDINARY_WEIGHT)] * count])
    return mean if mean is not None else Decimal(0)


def forecast(
    marks: Sequence[tuple[Decimal, Decimal]], *, thresholds: Thresholds, top: int = 5, lowest: int = 2
) -> Forecast | None:
    """The forecast for numeric marks (pass/fail marks and absences are left out by the caller); None without marks."""
    average = mean_of(marks)
    if average is None:
        return None
    mark = thresholds.mark_for(average)
    upper = thresholds.upper_bound(mark)
    lower = thresholds.lower_bound(mark)
    to_next = (upper - average) if upper is not None else None
    margin = (average - lower) if lower is not None else None
    top_needed = next(
        (k for k in range(1, MAX_EXTRA_MARKS + 1) if upper is not None and _with(marks, top, k) >= upper), None
    )
    drop = thresholds.mark_for(_with(marks, lowest, 1))
    drops_to = drop if drop < mark else None
    count = len(marks)
    if count < 3:
        confidence = Confidence.LOW
    elif count >= 5 and min(x for x in (to_next, margin, Decimal(9)) if x is not None) >= Decimal("0.15"):
        confidence = Confidence.HIGH
    else:
        confidence = Confidence.MEDIUM
    return Forecast(
        mark=mark,
        average=average,
        marks_count=count,
        confidence=confidence,
        to_next=to_next,
        margin=margin,
        top_marks_for_next=top_needed,
        low_mark_drops_to=drops_to,
        explanation=explain(mark, average, count, upper, top_needed, top, lowest, drops_to),
    )


def explain(
    mark: int,
    average: Decimal,
    count: int,
    upper: Decimal | None,
    top_needed: int | None,
    top: int,
    lowest: int,
    drops_to: int | None,
) -> str:
    parts = [
        ngettext(
            "Average %(average)s from %(count)d mark: the likely mark is %(mark)d.",
            "Average %(average)s from %(count)d marks: the likely mark is %(mark)d.",
            count,
        )
        % {"average": f"{average:.2f}".replace(".", ","), "count": count, "mark": mark}
    ]
    if upper is not None and top_needed is not None:
        parts.append(
            ngettext(
                "One more %(top)d gives %(next)d.",
                "%(count)d more marks of %(top)d give %(next)d.",
                top_needed,
            )
            % {"count": top_needed, "top": top, "next": mark + 1}
        )
    elif upper is not None:
        parts.append(_("%(next)d is out of reach this period.") % {"next": mark + 1})
    if drops_to is not None:
        parts.append(_("A %(low)d now gives %(drop)d.") % {"low": lowest, "drop": drops_to})
    if count < 3:
        parts.append(_("Too few marks for a sure forecast."))
    return " ".join(parts)
