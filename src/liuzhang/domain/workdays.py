"""Working days (工作日): Monday to Friday, less the public holidays, plus the weekend days
worked in exchange (调休). Pure: the holidays and the exchanged days are data the caller gives
(plan.yaml may list them one day)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


def is_workday(day: date, holidays: Iterable[date] = (), workdays: Iterable[date] = ()) -> bool:
    """Whether ``day`` is worked: a weekday that is not a holiday, or a 调休 weekend day."""
    if day in set(workdays):
        return True
    return day.weekday() < 5 and day not in set(holidays)


def add_workdays(
    start: date, days: int, holidays: Iterable[date] = (), workdays: Iterable[date] = ()
) -> date:
    """The ``days``-th working day after ``start`` (``start`` itself is not counted; ``days``
    ≥ 1): Friday + 1 is Monday. ``holidays`` are weekdays not worked, ``workdays`` weekend days
    worked (调休); a day in both is worked."""
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}")
    off, on = frozenset(holidays), frozenset(workdays)
    day, counted = start, 0
    while counted < days:
        day += timedelta(days=1)
        if is_workday(day, off, on):
            counted += 1
    return day
