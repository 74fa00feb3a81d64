"""Benchmarks run at two data sizes and print their figures (make bench); they never fail on time."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

SIZES = {"typical": 350, "large": 2500}


@contextmanager
def timed(label: str, results: dict[str, float]) -> Iterator[None]:
    started = time.perf_counter()
    yield
    results[label] = time.perf_counter() - started


def report(title: str, rows: dict[str, float], unit: Callable[[float], str] = lambda s: f"{s * 1000:.1f} ms") -> None:
    print(f"\n{title}")
    for label, value in rows.items():
        print(f"  {label:<40} {unit(value)}")
