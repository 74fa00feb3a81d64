"""Pure arithmetic of marks (DOMAIN.md §2): the weighted mean, with no database access.

The journal grid, the cabinet, its forecast and the demo all average through here, so they never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def numeric_value(value: str) -> int | None:
    """The number of a mark («5» → 5); pass/fail marks and absence codes are not numbers and give None."""
    return int(value) if value.isdigit() else None


def numeric_marks(marks: Iterable[tuple[str, Decimal]]) -> list[tuple[Decimal, Decimal]]:
    """(value, weight) pairs of the marks that count in the mean; «зач», «н/а» and absence codes are left out."""
    return [(Decimal(number), weight) for value, weight in marks if (number := numeric_value(value)) is not None]


def mean_of(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Σ(mᵢ·wᵢ) / Σwᵢ of numeric pairs, rounded half up to two places; None when there is nothing to average."""
    total = weights = Decimal(0)
    for number, weight in pairs:
        total += number * weight
        weights += weight
    if not weights:
        return None
    return (total / weights).quantize(CENT, rounding=ROUND_HALF_UP)


def weighted_mean(marks: Iterable[tuple[str, Decimal]]) -> Decimal | None:
    """The weighted mean of marks as the journal stores them.

    >>> weighted_mean([("5", Decimal(2)), ("3", Decimal(1))])
    Decimal('4.33')
    """
    return mean_of(numeric_marks(marks))
