"""Pure arithmetic of marks (DOMAIN.md §2): the weighted mean, with no database access."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal


def numeric_value(value: str) -> int | None:
    """The number of a mark («5» → 5); pass/fail marks and absence codes are not numbers and give None."""
    return int(value) if value.isdigit() else None


def weighted_mean(marks: Iterable[tuple[str, Decimal]]) -> Decimal | None:
    """Σ(mᵢ·wᵢ) / Σwᵢ over numeric marks, rounded to two places; None when there is nothing to average.

    >>> weighted_mean([("5", Decimal(2)), ("3", Decimal(1))])
    Decimal('4.33')
    """
    total = Decimal(0)
    weights = Decimal(0)
    for value, weight in marks:
        number = numeric_value(value)
        if number is None:
            continue
        total += number * weight
        weights += weight
    if not weights:
        return None
    return (total / weights).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
