"""The weighted mean of DOMAIN.md §2, as pure arithmetic."""

from __future__ import annotations

from decimal import Decimal

from journal.grading import weighted_mean


def test_it_weights_a_test_twice_an_answer() -> None:
    assert weighted_mean([("5", Decimal(2)), ("3", Decimal(1))]) == Decimal("4.33")


def test_it_leaves_out_pass_fail_marks_and_absence_codes() -> None:
    assert weighted_mean([("4", Decimal(1)), ("зач", Decimal(1)), ("н", Decimal(1)), ("5", Decimal("1.5"))]) == (
        Decimal("4.60")
    )


def test_it_has_no_mean_without_numeric_marks() -> None:
    assert weighted_mean([]) is None
    assert weighted_mean([("незач", Decimal(1))]) is None
