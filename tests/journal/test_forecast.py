"""Forecast cases computed by hand (DOMAIN.md §2–3, default thresholds 4.60 / 3.60 / 2.60)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from journal.forecast import Confidence, Thresholds, forecast
from journal.grading import mean_of as weighted_mean

D = Decimal
DEFAULT = Thresholds(five=D("4.60"), four=D("3.60"), three=D("2.60"))


def marks(*pairs: tuple[int, float]) -> list[tuple[Decimal, Decimal]]:
    return [(D(v), D(str(w))) for v, w in pairs]


def test_it_computes_the_weighted_mean_of_the_domain_example() -> None:
    # A test 5 (weight 2) and an answer 3 (weight 1): (10 + 3) / 3 = 4.33.
    assert weighted_mean(marks((5, 2), (3, 1))) == D("4.33")
    assert weighted_mean([]) is None


def test_it_rounds_half_up_and_compares_the_rounded_mean() -> None:
    # 119 fives and 81 fours: 919 / 200 = 4.595, shown as 4.60 and forecast as 5 — what the family sees decides.
    result = forecast(marks(*[(5, 1)] * 119, *[(4, 1)] * 81), thresholds=DEFAULT)
    assert result is not None
    assert (result.average, result.mark) == (D("4.60"), 5)
    assert DEFAULT.mark_for(D("4.59")) == 4


def test_it_says_one_more_five_gives_five() -> None:
    # 5, 4, 5, 4: mean 4.50 → 4; with one more 5: 23/5 = 4.60 → 5. A 2 now: 20/5 = 4.00 → still 4.
    result = forecast(marks((5, 1), (4, 1), (5, 1), (4, 1)), thresholds=DEFAULT)
    assert result is not None
    assert (result.mark, result.average, result.top_marks_for_next, result.low_mark_drops_to) == (4, D("4.50"), 1, None)
    assert result.to_next == D("0.10")
    assert result.margin == D("0.90")


def test_it_says_a_two_now_gives_three() -> None:
    # 4, 4, 3: mean 3.67 → 4; one more 2: 13/4 = 3.25 → 3. One 5: 16/4 = 4.00 → 4; two 5s: 21/5 = 4.20; three: 26/6 =
    # 4.33; four: 31/7 = 4.43; five: 36/8 = 4.50; six: 41/9 = 4.56; seven: 46/10 = 4.60 → 5.
    result = forecast(marks((4, 1), (4, 1), (3, 1)), thresholds=DEFAULT)
    assert result is not None
    assert (result.mark, result.average, result.low_mark_drops_to, result.top_marks_for_next) == (4, D("3.67"), 3, 7)
    assert result.confidence == Confidence.MEDIUM  # only 0.07 above the threshold of 4


def test_it_weights_a_test_twice() -> None:
    # A контрольная 2 (weight 2) and two answers 5: (4 + 10) / 4 = 3.50 → 3; one more 5: 19/5 = 3.80 → 4.
    result = forecast(marks((2, 2), (5, 1), (5, 1)), thresholds=DEFAULT)
    assert result is not None
    assert (result.mark, result.average, result.top_marks_for_next) == (3, D("3.50"), 1)


def test_it_is_sure_of_a_steady_five() -> None:
    result = forecast(marks(*[(5, 1)] * 8), thresholds=DEFAULT)
    assert result is not None
    assert (result.mark, result.to_next, result.top_marks_for_next) == (5, None, None)
    assert result.low_mark_drops_to is None  # a 2 gives (40 + 2) / 9 = 4.67: still 5
    assert result.confidence == Confidence.HIGH


def test_it_warns_a_single_two_can_cost_a_five() -> None:
    result = forecast(marks(*[(5, 1)] * 6), thresholds=DEFAULT)
    assert result is not None
    # (30 + 2) / 7 = 4.57 → 4.
    assert result.low_mark_drops_to == 4


def test_it_says_when_the_next_mark_is_out_of_reach() -> None:
    # Thirty 2s of weight 2: even ten more 5s give (120 + 50) / 70 = 2.43 < 2.60.
    result = forecast(marks(*[(2, 2)] * 30), thresholds=DEFAULT)
    assert result is not None
    assert result.mark == 2
    assert result.top_marks_for_next is None  # (120 + 5·10) / 70 = 2.43 < 2.60


def test_it_is_unsure_with_few_marks_and_has_no_forecast_without_marks() -> None:
    result = forecast(marks((5, 1)), thresholds=DEFAULT)
    assert result is not None
    assert result.confidence == Confidence.LOW
    assert forecast([], thresholds=DEFAULT) is None


@pytest.mark.parametrize(
    ("pairs", "text"),
    [
        ([(5, 1), (4, 1), (5, 1), (4, 1)], "Средний балл 4,50 по 4 отметкам: вероятная отметка 4. Ещё одна 5 даст 5."),
        ([(4, 1), (4, 1), (3, 1)], "Ещё 7 отметок 5 дадут 5. Отметка 2 сейчас даст 3."),
        ([(5, 1)], "Слишком мало отметок для уверенного прогноза."),
    ],
)
def test_it_explains_in_russian(pairs: list[tuple[int, float]], text: str) -> None:
    with translation.override("ru"):
        result = forecast(marks(*pairs), thresholds=DEFAULT)
    assert result is not None
    assert text in result.explanation
