"""Timeliness (报送及时率): when each expected value was due, whether it came on time, late or
not at all, and the rates. Pure rules.

What is expected of whom is what ``liuzhang missing`` counts: for month ``m``, each target whose
frequency makes a period due by the end of ``m`` that ends in ``m`` (monthly targets every
month from February, quarterly ones in quarter-end months, annual ones in December:
:func:`liuzhang.domain.tracking.due_span`), owed by its lead unit. A value counts as received
on the day its first live value for that item and period end arrived
(:func:`liuzhang.domain.observations.arrival_date`): a later revision does not make an on-time
value late, and a value first sent late stays late.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from liuzhang.domain.periods import Period, month_end
from liuzhang.domain.tracking import due_span

if TYPE_CHECKING:
    from liuzhang.domain.observations import StoredValue
    from liuzhang.domain.plan import Plan, Reporting

ON_TIME = "on_time"
LATE = "late"
MISSING = "missing"
NOT_DUE = "not_due"  # not received and not yet due as of the date asked about
STATUSES = (ON_TIME, LATE, MISSING, NOT_DUE)


def due_date(period: Period, reporting: Reporting) -> date:
    """The last day a value of ``period`` is on time: a month's by ``monthly_due_day`` of the
    next month; a quarter's, half-year's or year's by ``quarterly_due_day`` of the month after
    it ends; a 旬's ``dekad_due_days`` days after it ends."""
    if period.kind == "dekad":
        return period.end + timedelta(days=reporting.dekad_due_days)
    day = reporting.monthly_due_day if period.kind == "month" else reporting.quarterly_due_day
    after = period.end + timedelta(days=1)  # the first day of the month after the period
    return after.replace(day=min(day, month_end(after.year, after.month).day))


def classify(arrived: date | None, due: date, as_of: date) -> str:
    """One expected value as of ``as_of``: on time (arrived by its due date), late (after it),
    missing (not arrived and past due), or not yet due. A value that arrives after ``as_of``
    has not arrived as of then."""
    if arrived is not None and arrived <= as_of:
        return ON_TIME if arrived <= due else LATE
    return MISSING if as_of > due else NOT_DUE


@dataclass(frozen=True, slots=True)
class Expected:
    """One value a unit owes: an item's value for a period."""

    item_id: str
    unit: str
    period: Period


def expected_values(plan: Plan, months: Iterable[int]) -> list[Expected]:
    """The values owed for each of these months of the plan's year, target by target in plan
    order (see the module's docstring)."""
    out: list[Expected] = []
    for month in months:
        for target in plan.targets.values():
            period = due_span(target.frequency, month, plan.year)
            if period is not None and period.end_month == month:
                out.append(Expected(target.id, plan.target_lead(target), period))
    return out


def expected_in(plan: Plan, period: Period) -> list[Expected]:
    """The values owed for the months of ``period`` (a month, or a quarter's three)."""
    return expected_values(plan, range(period.start.month, period.end.month + 1))


def first_arrivals(values: Iterable[StoredValue]) -> dict[tuple[str, date], date]:
    """The day the first live value of each (item, period end) arrived; the values of reverted
    ingests do not count (an ingest taken back is as if it had not been made)."""
    out: dict[tuple[str, date], date] = {}
    for value in values:
        if value.reverted_at is not None:
            continue
        key = (value.item_id, date.fromisoformat(value.period_end))
        arrived = value.arrived
        if key not in out or arrived < out[key]:
            out[key] = arrived
    return out


@dataclass
class Tally:
    """Counts of one unit's (or all units') expected values by status."""

    on_time: int = 0
    late: int = 0
    missing: int = 0
    not_due: int = 0

    @property
    def expected(self) -> int:
        return self.on_time + self.late + self.missing + self.not_due

    @property
    def due(self) -> int:
        """Expected values past due or already received (the rates' denominator)."""
        return self.on_time + self.late + self.missing

    @property
    def on_time_rate(self) -> float | None:
        """On time / expected due; None when nothing is due."""
        return self.on_time / self.due if self.due else None

    @property
    def received_rate(self) -> float | None:
        """(On time + late) / expected due; None when nothing is due."""
        return (self.on_time + self.late) / self.due if self.due else None

    def add(self, status: str, n: int = 1) -> None:
        setattr(self, status, getattr(self, status) + n)


@dataclass(frozen=True, slots=True)
class Judged:
    """One expected value with its due date, first arrival and status."""

    expected: Expected
    due: date
    arrived: date | None
    status: str


def judge_timeliness(
    expected: Iterable[Expected],
    arrivals: Mapping[tuple[str, date], date],
    reporting: Reporting,
    as_of: date,
) -> list[Judged]:
    """Each expected value with its status as of ``as_of`` (arrivals: :func:`first_arrivals`)."""
    out = []
    for e in expected:
        due = due_date(e.period, reporting)
        arrived = arrivals.get((e.item_id, e.period.end))
        out.append(Judged(e, due, arrived, classify(arrived, due, as_of)))
    return out


def tally(judged: Iterable[Judged]) -> dict[str, Tally]:
    """Counts by unit, in the order units first appear."""
    out: dict[str, Tally] = {}
    for j in judged:
        out.setdefault(j.expected.unit, Tally()).add(j.status)
    return out


# -- when a file arrived, as given at intake (``ingest --received``) ----------------------------


def parse_received(text: str) -> date | None:
    """``--received``: an ISO date (``2023-07-04``); None when it is not one."""
    import re

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def ends_after(received: date, periods: Iterable[Period]) -> Period | None:
    """The latest-ending of these periods that ends after the day its file is said to have
    arrived (doubtful: a value sent before its period was over), if any; of several with that
    end, the month."""
    after = [p for p in periods if p.end > received]
    # of those with the same end, the month (2023-06 rather than 2023-Q2)
    return max(after, key=lambda p: (p.end, p.kind == "month", p.text)) if after else None
