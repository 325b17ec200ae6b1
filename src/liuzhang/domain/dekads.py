"""The date rules of the 旬简报: which month was due by a day, which plan month a brief judges
as of, and what the office knew on a day (the values that had arrived by then). Pure.

A 旬 is 上旬 1–10, 中旬 11–20, 下旬 21 to the month's end (:func:`~.periods.dekad_period`).
A month's values are due on the plan's ``monthly_due_day`` of the next month
(:class:`~.plan.Reporting`): by 20 June (due day 5) May's values are due, by 4 June only April's.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from liuzhang.domain.observations import StoredValue
from liuzhang.domain.periods import Period, dekad_period, month_period


def month_due_date(year: int, month: int, due_day: int) -> date:
    """The day a month's values are due: ``due_day`` of the next month (the timeliness rule,
    :func:`liuzhang.domain.timeliness.due_date`)."""
    from liuzhang.domain.plan import Reporting
    from liuzhang.domain.timeliness import due_date

    return due_date(month_period(year, month), Reporting(monthly_due_day=due_day))


def month_due_by(day: date, due_day: int) -> tuple[int, int]:
    """(year, month): the latest month whose values were due on or before ``day``."""
    back = 1 if day.day >= due_day else 2
    index = day.year * 12 + day.month - 1 - back
    return index // 12, index % 12 + 1


def judged_month(day: date, due_day: int, plan_year: int) -> int | None:
    """The month of ``plan_year`` a brief judges as of on ``day``: the latest month due by then
    (:func:`month_due_by`); 12 once the whole year is due; None when none of the year's months
    is due yet."""
    year, month = month_due_by(day, due_day)
    if year < plan_year:
        return None
    return month if year == plan_year else 12


def previous_dekad(period: Period) -> Period:
    """The 旬 before (:meth:`Period.previous`; 下旬 of December for January's 上旬)."""
    return period.previous() or dekad_period(period.year - 1, 12, 3)


def arrived_within(values: Iterable[StoredValue], start: date, end: date) -> list[StoredValue]:
    """The live values (not reverted) whose file arrived from ``start`` to ``end``, inclusive
    (:attr:`StoredValue.arrived`, the one rule of arrival)."""
    return [v for v in values if v.reverted_at is None and start <= v.arrived <= end]


def known_by(values: Iterable[StoredValue], day: date) -> list[StoredValue]:
    """What the office knew at the end of ``day``: of the live values whose file had arrived by
    then, the newest submission per item and period end (the store's rule of the value that
    counts, :meth:`liuzhang.store.Store.latest`), by item, period end."""
    newest: dict[tuple[str, str], StoredValue] = {}
    for v in values:
        if v.reverted_at is not None or v.arrived > day:
            continue
        key = (v.item_id, v.period_end)
        if key not in newest or v.id > newest[key].id:
            newest[key] = v
    return [newest[k] for k in sorted(newest)]
