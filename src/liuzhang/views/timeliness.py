"""The timeliness table (报送及时率) as plain data: one home for ``liuzhang timeliness`` and the
bulletin's 各单位报送情况 section."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from liuzhang.domain.periods import Period
from liuzhang.domain.plan import Plan, Reporting
from liuzhang.domain.timeliness import (
    LATE,
    MISSING,
    NOT_DUE,
    Judged,
    Tally,
    due_date,
    expected_in,
    judge_timeliness,
    tally,
)
from liuzhang.plandata.catalog import Catalog

# The keys of a row (with ``unit`` first) and of the total, in column order.
COUNTS = ("expected", "on_time", "late", "missing", "not_due")
RATES = ("on_time_rate", "received_rate")


def plan_reporting(catalog: Catalog) -> Reporting:
    """When the plan's values are due (plan.yaml ``reporting``, else the defaults)."""
    return catalog.plan.reporting if catalog.plan is not None else Reporting()


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _counts(t: Tally) -> dict[str, Any]:
    return {
        "expected": t.expected,
        "on_time": t.on_time,
        "late": t.late,
        "missing": t.missing,
        "not_due": t.not_due,
        "on_time_rate": _rate(t.on_time_rate),
        "received_rate": _rate(t.received_rate),
    }


def _worst_first(row: dict[str, Any]) -> tuple[Any, ...]:
    """Lowest on-time rate first, then lowest received rate, most missing; units with nothing
    due yet last."""
    on_time, received = row["on_time_rate"], row["received_rate"]
    return (on_time is None, on_time or 0, received or 0, -row["missing"], row["unit"])


def judge_period(
    plan: Plan,
    reporting: Reporting,
    period: Period,
    arrivals: Mapping[tuple[str, date], date],
    as_of: date,
) -> list[Judged]:
    """Every value owed for the months of ``period`` (a month or a quarter) with its status as
    of ``as_of``."""
    return judge_timeliness(expected_in(plan, period), arrivals, reporting, as_of)


def build_timeliness(
    plan: Plan,
    reporting: Reporting,
    period: Period,
    arrivals: Mapping[tuple[str, date], date],
    as_of: date,
) -> dict[str, Any]:
    """``{"period", "as_of", "due", "reporting" (the plan's due days), "rows": [{unit,
    expected, on_time, late, missing, not_due, on_time_rate, received_rate}], "total": {the
    same without unit}}``: per unit owing values for ``period`` (a month or a quarter), worst
    first; ``due``: when ``period``'s own values were due (a quarter's: its quarterly
    values'); rates 0..1, None when nothing is due."""
    judged = judge_period(plan, reporting, period, arrivals, as_of)
    by_unit = tally(judged)
    total = Tally()
    for t in by_unit.values():
        for status in ("on_time", LATE, MISSING, NOT_DUE):
            total.add(status, getattr(t, status))
    rows = sorted(({"unit": unit, **_counts(t)} for unit, t in by_unit.items()), key=_worst_first)
    return {
        "period": period.text,
        "as_of": as_of.isoformat(),
        "due": due_date(period, reporting).isoformat(),
        "reporting": {
            "monthly_due_day": reporting.monthly_due_day,
            "quarterly_due_day": reporting.quarterly_due_day,
            "dekad_due_days": reporting.dekad_due_days,
        },
        "rows": rows,
        "total": _counts(total),
    }


def overdue_items(judged: list[Judged], names: Mapping[str, str]) -> list[dict[str, Any]]:
    """The values that came late (with the day they came) or not at all (and those not yet
    due), unit by unit: what the office chases."""
    return [
        {
            "unit": j.expected.unit,
            "id": j.expected.item_id,
            "name": names.get(j.expected.item_id, ""),
            "period": j.expected.period.text,
            "due": j.due.isoformat(),
            "arrived": j.arrived.isoformat() if j.arrived and j.status == LATE else None,
            "status": j.status,
        }
        for j in sorted(judged, key=lambda j: (j.expected.unit, j.status, j.expected.item_id))
        if j.status != "on_time"
    ]
