"""The status rules: pure functions from the plan and the latest values to a judgement per item.

As of a month M every target is judged on its newest value for a period ending on or before M:
growth rates and levels against the target itself, cumulative amounts against the target times
the pacing share at the value's month (linear m/12 by default, “时间过半、任务过半”), milestones
as done or not. Statuses: achieved, on_track, at_risk (short by no more than the tolerance),
behind, missed (a final value, for a period ending 31 December, short of the target: no
tolerance), missing (a value is due by M and none came, or the newest is more than
``STALE_AFTER`` due periods old), not_due. Tasks: done, in_progress, not_started, overdue
(deadline at or before M's end and not done; ongoing tasks never are).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Any

from liuzhang.domain.measures import Projection, measure_of
from liuzhang.domain.model import Target, Task, Tolerance
from liuzhang.domain.observations import StoredValue
from liuzhang.domain.periods import (
    Period,
    month_end,
    month_period,
    parse_date,
    parse_deadline,
    quarter_period,
    year_period,
)
from liuzhang.domain.plan import Plan
from liuzhang.domain.quantities import RATE_UNITS

TARGET_STATUSES = ("achieved", "on_track", "at_risk", "behind", "missed", "missing", "not_due")
TASK_STATUSES = ("done", "in_progress", "not_started", "overdue")
STATUSES = TARGET_STATUSES + TASK_STATUSES
# How grave a status is (higher is worse); used for “never worse” rules and sorting.
GRAVITY = {
    "achieved": 0,
    "not_due": 0,
    "done": 0,
    "on_track": 1,
    "in_progress": 1,
    "not_started": 2,
    "at_risk": 2,
    "behind": 3,
    "overdue": 3,
    "missing": 4,
    "missed": 5,  # settled at the year's end: the gravest
}
MONTHS_TO_WARN_MILESTONE = 3
# A value more than this many due periods old no longer counts: the item is missing.
STALE_AFTER = 2
# The months in which a period of each frequency falls due (January comes with February).
DUE_MONTHS = {
    "monthly": tuple(range(2, 13)),
    "quarterly": (3, 6, 9, 12),
    "annual": (12,),
}


@dataclass(frozen=True)
class Reading:
    """The newest value of one item for one period (from the store)."""

    item_id: str
    period: str
    period_kind: str
    period_end: date
    end_month: int
    value: Decimal | None
    status: str | None
    reported_by: str | None = None
    source_file: str | None = None
    row: int | None = None
    seq: int = 0  # the observation id: a later submission has a larger one
    flags: str | None = None  # plausibility warnings (JSON), as stored
    note: str | None = None  # the office's 备注

    @property
    def final(self) -> bool:
        """For a period ending 31 December: the annual, Q4 or December year-to-date value."""
        return (self.period_end.month, self.period_end.day) == (12, 31)

    @cached_property
    def span(self) -> Period:
        """The period of the value, as a type (from its kind and end, as the store keeps them)."""
        return Period.of(self.period_kind, None, self.period_end)

    @property
    def month_fraction(self) -> Decimal:
        """How far into the year the value reaches, in months (a 旬 counts as a third)."""
        return self.span.month_fraction


def reading_from_row(row: StoredValue) -> Reading:
    """A stored value (``Store.latest``) as a Reading."""
    return Reading(
        item_id=row.item_id,
        period=row.period,
        period_kind=row.period_kind,
        period_end=date.fromisoformat(row.period_end),
        end_month=row.end_month,
        value=None if row.value is None else Decimal(row.value),
        status=row.status,
        reported_by=row.reported_by,
        source_file=row.source_file,
        row=row.row,
        seq=row.id,
        flags=row.flags,
        note=row.note or None,
    )


def newest(readings: Iterable[Reading]) -> Reading:
    """The reading that counts: the latest period end; for the same end, the later submission.

    ``2023-Q3`` then ``2023年1-9月`` (both end 30 September): the second one; the 年报 ``2023``
    sent after December's 快报 ``2023-12``: the 年报.
    """
    return max(readings, key=reading_order)


def reading_order(r: Reading) -> tuple[date, int]:
    """Oldest first, as :func:`newest` ranks readings: period end, then the submission."""
    return (r.period_end, r.seq)


def month_values(readings: Iterable[Reading]) -> dict[int, Decimal]:
    """The newest value per end month (months, quarters, halves, the year; 旬 values and
    statuses skipped), ranked as :func:`newest` ranks readings, by month."""
    ranked = sorted((r for r in readings if r.value is not None), key=reading_order)
    found = {r.end_month: r.value for r in ranked if r.period_kind != "dekad"}
    return {m: v for m, v in sorted(found.items()) if v is not None}


@dataclass(frozen=True)
class Judgement:
    """The status of one target or task as of a month, with the numbers behind it."""

    id: str
    kind: str  # target | task
    battle: int
    name: str
    status: str
    lead: list[str]
    responsible: list[str] = field(default_factory=list)
    unit: str | None = None
    target: Decimal | None = None
    actual: Decimal | None = None
    expected: Decimal | None = None
    gap: Decimal | None = None
    remaining: Decimal | None = None
    direction: str | None = None
    measure: str | None = None
    commitment: str | None = None
    period: str | None = None  # the period of the value judged
    due_period: str | None = None  # the newest period due by the as-of month
    stale: bool = False
    owes: str | None = None  # the unit that owes the newer value
    deadline: str | None = None
    progress: Decimal | None = None  # a task's reported percentage
    reported_by: str | None = None
    source_file: str | None = None
    flags: str | None = None  # the plausibility warnings of the value judged (JSON, as stored)
    note: str | None = None  # the office's 备注 of the value judged

    @property
    def gravity(self) -> int:
        return GRAVITY[self.status]


# -- calendar --------------------------------------------------------------------------------


def due_period(frequency: str, as_of: int, year: int) -> tuple[str, int] | None:
    """The newest period whose value is due by the end of month ``as_of``: (text, end month).

    Monthly series publish January with February (1-2月), so nothing is due as of January.
    Quarterly series are due after each quarter, annual ones only at the year's end.
    """
    period = due_span(frequency, as_of, year)
    return None if period is None else (period.text, period.end_month)


def due_span(frequency: str, as_of: int, year: int) -> Period | None:
    """The newest period whose value is due by the end of month ``as_of`` (see
    :func:`due_period`)."""
    if frequency == "monthly":
        return None if as_of < 2 else month_period(year, as_of)
    if frequency == "quarterly":
        quarter = as_of // 3
        return None if quarter == 0 else quarter_period(year, quarter)
    return year_period(year) if as_of == 12 else None


def periods_behind(frequency: str, value_month: int, due_month: int) -> int:
    """How many due periods of the series end after the value's month, up to the due one.

    0: the value is for the period due (or newer); 1 or 2: stale but judged; more: missing.
    """
    return sum(1 for m in DUE_MONTHS.get(frequency, ()) if value_month < m <= due_month)


def tolerance_for(target: Target, default: Tolerance) -> tuple[str, Decimal]:
    """(``points`` or ``ratio``, size): how far short still counts as at risk.

    % and ‰ targets: the smaller of ``points`` and ``ratio`` × |target| percentage points (a 2 %
    target has a 0.2-point band); a target's own tolerance replaces the plan's, and when it sets
    only one of the two only that one applies. Other units: ``ratio`` of the expected value.
    """
    own = target.tolerance or Tolerance()
    if (target.unit or "") not in RATE_UNITS:
        ratio = own.ratio if own.ratio is not None else default.ratio
        return "ratio", ratio if ratio is not None else Decimal(0)
    if own.points is not None or own.ratio is not None:
        points, ratio = own.points, own.ratio
    else:
        points, ratio = default.points, default.ratio
    bands = [points] if points is not None else []
    if ratio is not None and target.target is not None:
        bands.append(ratio * abs(target.target))
    return "points", min(bands, default=Decimal(0))


# -- the rules --------------------------------------------------------------------------------


def classify(
    actual: Decimal, expected: Decimal, direction: str, tolerance: tuple[str, Decimal]
) -> str:
    """on_track, at_risk or behind for one comparison (the pure heart of the rules).

    ``at_least``: at or above ``expected`` is on track. ``at_most``: at or under it is.
    Short by no more than the tolerance (percentage points, or a ratio of ``expected``) is at risk.
    """
    shortfall = expected - actual if direction == "at_least" else actual - expected
    if shortfall <= 0:
        return "on_track"
    kind, size = tolerance
    allowed = size if kind == "points" else size * abs(expected)
    return "at_risk" if shortfall <= allowed else "behind"


def judge_target(
    target: Target,
    readings: Sequence[Reading],
    as_of: int,
    year: int,
    default_tolerance: Tolerance,
    lead: str,
) -> Judgement:
    """The status of a target as of the end of month ``as_of``."""
    due = due_period(target.frequency, as_of, year)
    measure = measure_of(target)
    usable = [r for r in readings if r.end_month <= as_of]
    base: dict[str, Any] = {
        "id": target.id,
        "kind": "target",
        "battle": target.battle,
        "name": target.name,
        "lead": [lead],
        "unit": target.unit,
        "target": target.target,
        "direction": target.direction,
        "measure": target.measure,
        "commitment": target.commitment,
        "due_period": due[0] if due else None,
    }
    if not usable:
        if measure.reports_status:
            due_month = _due_month(target.due, year)
            if due_month is not None and due_month <= as_of:
                return Judgement(status="missing", owes=lead, **base)
            return Judgement(
                status="not_due" if due is None else "missing", owes=lead if due else None, **base
            )
        status = "missing" if due is not None else "not_due"
        remaining = measure.remaining(target, None)
        return Judgement(status=status, owes=lead if due else None, remaining=remaining, **base)
    newest = _newest(usable)
    lag = periods_behind(target.frequency, newest.end_month, due[1]) if due else 0
    stale = lag > 0
    extra: dict[str, Any] = {
        "period": newest.period,
        "stale": stale,
        "owes": lead if stale else None,
        "reported_by": newest.reported_by,
        "source_file": newest.source_file,
        "flags": newest.flags,
        "note": newest.note,
    }
    if measure.reports_status:
        status = _milestone_status(target, newest, as_of, year)
        return Judgement(status=_unless_too_old(status, lag), **base, **extra)
    assert target.target is not None and newest.value is not None
    actual = newest.value
    tolerance = tolerance_for(target, default_tolerance)
    expected = measure.expected(target, newest.month_fraction)
    if measure.achieved(target, actual, newest.final):
        status = "achieved"
    elif newest.final:
        status = "missed"
    else:
        status = classify(actual, expected, target.direction, tolerance)
    remaining = measure.remaining(target, actual)
    status = _unless_too_old(status, lag)
    if status == "missing":  # the last value is shown, but no longer judged
        return Judgement(status=status, actual=actual, remaining=remaining, **base, **extra)
    return Judgement(
        status=status,
        actual=actual,
        expected=expected,
        gap=actual - expected,
        remaining=remaining,
        **base,
        **extra,
    )


_newest = newest  # for the functions below, whose local variables are called ``newest``


def _unless_too_old(status: str, lag: int) -> str:
    """``missing`` when the value is more than ``STALE_AFTER`` due periods old (and the item is
    not achieved for good: a done milestone, a cumulative total that reached the target)."""
    return "missing" if lag > STALE_AFTER and status != "achieved" else status


def _due_month(text: str | None, year: int) -> int | None:
    end = parse_date(text) if text else None
    if end is None:
        return None
    return end.month if end.year == year else (12 if end.year > year else 0)


def _milestone_status(target: Target, reading: Reading, as_of: int, year: int) -> str:
    if reading.status == "done":
        return "achieved"
    if reading.final:  # the year is settled: not done is not done
        return "missed"
    due_month = _due_month(target.due, year) or 12
    if due_month <= as_of:
        return "behind"
    if reading.status == "not_started" and due_month - as_of <= MONTHS_TO_WARN_MILESTONE:
        return "at_risk"
    return "on_track"


def judge_task(
    task: Task,
    readings: Sequence[Reading],
    as_of: int,
    year: int,
    leads: list[str],
    responsible: list[str],
) -> Judgement:
    """done / in_progress / not_started from the latest report; overdue past the deadline."""
    usable = [r for r in readings if r.end_month <= as_of]
    newest = _newest(usable) if usable else None
    reported = newest.status if newest is not None and newest.status else "not_started"
    deadline = parse_deadline(task.deadline)
    as_of_end = month_end(year, as_of)
    status = reported
    if (
        reported != "done"
        and deadline is not None
        and deadline.end is not None
        and deadline.end <= as_of_end
    ):
        status = "overdue"
    return Judgement(
        id=task.id,
        kind="task",
        battle=task.battle,
        name=task.title,
        status=status,
        lead=leads,
        responsible=responsible,
        deadline=task.deadline,
        period=newest.period if newest else None,
        progress=newest.value if newest else None,
        stale=newest is not None and newest.end_month < as_of,
        reported_by=newest.reported_by if newest else None,
        source_file=newest.source_file if newest else None,
        flags=newest.flags if newest else None,
        note=newest.note if newest else None,
    )


# -- the whole plan ---------------------------------------------------------------------------


# Period kinds that move the default as-of month: quarterly, half-year and annual values
# (a Q3 figure, the year's final figure) are not evidence that the year has reached their end.
AS_OF_KINDS = ("month", "dekad")


@dataclass(frozen=True)
class DefaultAsOf:
    """The default as-of month and why: ``monthly`` (the latest month with monthly or 旬
    data) or ``any`` (no such data: the latest month of the quarterly/annual values)."""

    month: int
    basis: str


def default_as_of(readings: Iterable[Reading], year: int) -> DefaultAsOf | None:
    """The as-of month when none is given: the latest month with monthly (or 旬) data of the
    plan year; with only quarterly, half-year or annual values, the latest month among them;
    None when the year has no data."""
    monthly = 0
    any_kind = 0
    for r in readings:
        if r.period_end.year != year:
            continue
        any_kind = max(any_kind, r.end_month)
        if r.period_kind in AS_OF_KINDS:
            monthly = max(monthly, r.end_month)
    if monthly:
        return DefaultAsOf(monthly, "monthly")
    return DefaultAsOf(any_kind, "any") if any_kind else None


def latest_month(readings: Iterable[Reading], year: int) -> int | None:
    """The default as-of month (see :func:`default_as_of`)."""
    found = default_as_of(readings, year)
    return found.month if found else None


def judge_all(catalog: Plan, readings: Iterable[Reading], as_of: int) -> list[Judgement]:
    """Every target, then every task, in catalog order."""
    by_item: dict[str, list[Reading]] = {}
    for reading in readings:
        if reading.period_end.year == catalog.year:
            by_item.setdefault(reading.item_id, []).append(reading)
    out: list[Judgement] = []
    for target in catalog.targets.values():
        out.append(
            judge_target(
                target,
                by_item.get(target.id, []),
                as_of,
                catalog.year,
                catalog.tolerance,
                catalog.target_lead(target),
            )
        )
    for task in catalog.tasks.values():
        out.append(
            judge_task(
                task,
                by_item.get(task.id, []),
                as_of,
                catalog.year,
                catalog.task_units(task, "lead"),
                catalog.task_units(task, "responsible") + catalog.task_units(task, "supporting"),
            )
        )
    return out


def summarize(judgements: Iterable[Judgement]) -> dict[str, int]:
    """Counts by status (every status present, zeros included)."""
    counts = dict.fromkeys(STATUSES, 0)
    for j in judgements:
        counts[j.status] += 1
    return counts


# -- projections (for `show` and the bulletin) ------------------------------------------------


def project(target: Target, reading: Reading) -> Projection | None:
    """Year-end value at the pace so far, along the target's pacing (None: the measure has no
    projection, or there is no value or no pace yet)."""
    if reading.value is None:
        return None
    return measure_of(target).project(
        target, reading.value, reading.month_fraction, reading.end_month
    )


def expected_path(target: Target) -> list[tuple[int, Decimal]]:
    """The expected value at the end of each month (cumulative targets; empty for others)."""
    return measure_of(target).expected_path(target)
