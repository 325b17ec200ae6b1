"""Same period last year (去年同期): which of last year's values a target is compared with, and
the change.

A target of this year's plan is matched with the target of the same id (or of its
``previous_id``) in last year's plan of the same area. Its value for a period (``2024-06``,
``2024-Q2``) is compared with last year's value whose period ends on the same day a year earlier
(``2023-06``, ``2023-Q2`` or ``2023-H1``: all end on 30 June), the newest for that end as
:func:`liuzhang.domain.tracking.newest` ranks them; a 旬 only with a 旬. Nothing is invented: no
value last year, no comparison. Last year's value is converted to this year's unit (万元 and
亿元 share a base); units that cannot be converted are never compared.

The change: rates (% and ‰) in percentage points (this year − last year; ‰ points are a tenth of
a percentage point), amounts and counts in percent ((this − last) / |last| × 100, none when last
year is 0). Ahead of last year: better in the target's direction (higher for ``at_least``, lower
for ``at_most``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from liuzhang.domain.model import Target
from liuzhang.domain.periods import (
    Period,
    dekad_period,
    half_period,
    month_period,
    parse_period,
    quarter_period,
    year_period,
)
from liuzhang.domain.quantities import convert, parse_unit
from liuzhang.domain.tracking import Judgement, Reading, newest

POINTS = "pp"  # percentage points (个百分点): the change of a rate
PERCENT = "%"  # percent of last year's value: the change of an amount or a count
_PER_MILLE = Decimal("0.1")  # one ‰ point in percentage points


@dataclass(frozen=True)
class LastYear:
    """Last year's value of a target for the same period, and how this year's compares.

    ``value`` is in ``unit``: this year's unit when last year's could be converted to it, else
    last year's own (and then there is no ``change`` and no ``ahead``).
    """

    value: Decimal
    period: str  # canonical text of last year's period (2023-06)
    unit: str | None
    change: Decimal | None = None  # this year − last year, in ``change_unit``
    change_unit: str | None = None  # POINTS or PERCENT
    ahead: bool | None = None  # better than last year in the target's direction


def a_year_earlier(period: Period) -> Period:
    """The same period one year earlier (2024-Q2 → 2023-Q2, 2024-06-上旬 → 2023-06-上旬)."""
    year = period.year - 1
    if period.kind == "dekad":
        return dekad_period(year, period.end_month, period.index)
    if period.kind == "quarter":
        return quarter_period(year, period.index)
    if period.kind == "half":
        return half_period(year, period.index)
    if period.kind == "year":
        return year_period(year)
    return month_period(year, period.end_month)


def same_period_value(readings: Iterable[Reading], period: Period) -> Reading | None:
    """Last year's value for ``period`` of this year: among last year's values whose period
    ends on the same day one year earlier (a 旬 only with a 旬), the one that counts
    (:func:`~liuzhang.domain.tracking.newest`: the later submission); None when there is none,
    or it carries no number (a status)."""
    end = a_year_earlier(period).end
    dekad = period.kind == "dekad"
    same = [r for r in readings if r.period_end == end and (r.period_kind == "dekad") == dekad]
    found = newest(same) if same else None
    return found if found is not None and found.value is not None else None


def in_unit(value: Decimal, unit: str | None, wanted: str | None) -> Decimal | None:
    """``value`` (in ``unit``) expressed in ``wanted``; None when the units cannot be converted
    (different bases, or one of them without a base): never compared unconverted."""
    if (unit or "") == (wanted or ""):
        return value
    source, target = parse_unit(unit), parse_unit(wanted)
    if not source.base or source.base != target.base:
        return None
    return convert(value, unit, wanted)


def change(this: Decimal, last: Decimal, unit: str | None) -> tuple[Decimal | None, str]:
    """(change, its unit): percentage points for a rate (% or ‰), else percent of last year's
    value (None when last year's is 0)."""
    base = parse_unit(unit).base
    if base == "%":
        return this - last, POINTS
    if base == "‰":
        return (this - last) * _PER_MILLE, POINTS
    if last == 0:
        return None, PERCENT
    return (this - last) / abs(last) * 100, PERCENT


def ahead(this: Decimal, last: Decimal, direction: str) -> bool:
    """Better than last year in the target's direction (an equal value is not ahead)."""
    return this < last if direction == "at_most" else this > last


def compare(
    target: Target, actual: Decimal | None, past: Reading, past_unit: str | None
) -> LastYear:
    """This year's ``actual`` of ``target`` against last year's value ``past`` (in
    ``past_unit``, last year's unit of the target; it has a value)."""
    assert past.value is not None
    value = in_unit(past.value, past_unit, target.unit)
    if value is None:  # not comparable: last year's value as it was measured
        return LastYear(past.value, past.period, past_unit)
    if actual is None:
        return LastYear(value, past.period, target.unit)
    amount, unit = change(actual, value, target.unit)
    return LastYear(
        value, past.period, target.unit, amount, unit, ahead(actual, value, target.direction)
    )


def previous_target(target: Target, previous: Mapping[str, Target]) -> Target | None:
    """The target of last year's plan this one continues: its ``previous_id``, else its id."""
    return previous.get(target.previous_id or target.id)


def last_year_all(
    targets: Mapping[str, Target],
    judgements: Iterable[Judgement],
    previous: Mapping[str, Target],
    readings: Iterable[Reading],
) -> dict[str, LastYear]:
    """Per target of this year's plan (by id): last year's value for the period of the value
    judged (else of the period due), from ``readings`` (the values of last year's plan; those of
    other years are skipped)."""
    by_item: dict[str, list[Reading]] = {}
    for reading in readings:
        by_item.setdefault(reading.item_id, []).append(reading)
    out: dict[str, LastYear] = {}
    for j in judgements:
        target = targets.get(j.id) if j.kind == "target" else None
        old = previous_target(target, previous) if target is not None else None
        text = j.period or j.due_period
        period = parse_period(text) if text else None
        if target is None or old is None or period is None:
            continue
        past = same_period_value(by_item.get(old.id, ()), period)
        if past is not None:
            out[j.id] = compare(target, j.actual, past, old.unit)
    return out
