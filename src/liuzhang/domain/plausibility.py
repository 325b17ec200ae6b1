"""Plausibility warnings: doubtful but possible values, found at intake and stored with them.

A warning is a :class:`Flag` (a message code and its evidence); the flags of one observation
are stored as JSON text (``Observation.flags``): ``[{"code": "ytd_decrease", "params": {...}}]``.
The rules are pure functions of the item, the value and the item's earlier values:

- ``rate_fraction``: a rate (%, ‰) whose value looks like a fraction (0 < |v| < 1, |target| ≥ 2);
- ``rate_scale``: a rate about 100× off its target (|v| ≥ 100 × |target|, target ≠ 0);
- ``over_target``: any other value over 10× the annual target (|v| > 10 × |target|, target ≠ 0);
- ``ytd_decrease``: a year-to-date cumulative value below the previous period's value;
- ``task_reopened``: a task (or milestone) going from done back to in progress / not started;
- ``repeated_value``: the same value as in each of the two previous months (3 months running).

“Earlier values” are the item's values for period ends before the row's (from the store and from
rows above in the same file); 旬 (dekad) values take no part in those comparisons.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from liuzhang.domain.measures import measure_of
from liuzhang.domain.model import Target
from liuzhang.domain.periods import Period
from liuzhang.domain.quantities import RATE_UNITS, canonical_text

FRACTION_BELOW = Decimal(1)  # |v| under this looks like a fraction ...
FRACTION_TARGET = Decimal(2)  # ... of a rate target at least this large
SCALE_FACTOR = Decimal(100)  # a rate this many times its target is on the wrong scale
OVER_FACTOR = Decimal(10)  # any other value over this many times the annual target
REOPENED = ("in_progress", "not_started")
CODES = (
    "rate_fraction",
    "rate_scale",
    "over_target",
    "ytd_decrease",
    "repeated_value",
    "task_reopened",
)


@dataclass(frozen=True)
class Flag:
    """One warning: a message code (worded by :mod:`liuzhang.i18n`) and its evidence."""

    code: str
    params: dict[str, str] = field(default_factory=dict)


def to_json(flags: Sequence[Flag]) -> str | None:
    """The stored form of an observation's flags (None when there are none)."""
    if not flags:
        return None
    return _ENCODER.encode([{"code": f.code, "params": f.params} for f in flags])


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def from_json(text: str | None) -> list[Flag]:
    """The flags of a stored observation (none for None or "")."""
    if not text:
        return []
    return [
        Flag(str(f["code"]), {str(k): str(v) for k, v in f["params"].items()})
        for f in json.loads(text)
    ]



class Point(NamedTuple):
    """One value of an item at a period end (what the sequence rules compare); a named tuple,
    as a large file makes hundreds of thousands of them."""

    end: str  # ISO date of the period end
    period: str  # canonical period text
    end_month: int
    value: Decimal | None
    status: str | None


def point_at(period: Period, value: Decimal | None, status: str | None) -> Point:
    """The point of a value reported for ``period``."""
    return Point(period.end.isoformat(), period.text, period.end_month, value, status)


def _num(value: Decimal) -> str:
    return canonical_text(value)


def value_flags(target: Target | None, value: Decimal | None) -> list[Flag]:
    """The rules that need only the value and the target (rate scale, over target)."""
    if target is None or value is None or target.target is None:
        return []
    if measure_of(target).reports_status:
        return []
    goal, unit = target.target, target.unit or ""
    size, scale = abs(value), abs(goal)
    params = {"value": _num(value), "target": _num(goal), "unit": unit}
    if unit in RATE_UNITS:
        if 0 < size < FRACTION_BELOW and scale >= FRACTION_TARGET:
            return [Flag("rate_fraction", {**params, "scaled": _num(value * 100)})]
        if goal != 0 and size >= SCALE_FACTOR * scale:
            return [Flag("rate_scale", params)]
        return []
    if goal != 0 and size > OVER_FACTOR * scale:
        return [Flag("over_target", params)]
    return []


def sequence_flags(target: Target | None, point: Point, earlier: Sequence[Point]) -> list[Flag]:
    """The rules that compare with the item's earlier values (``earlier``: ascending by end,
    all before ``point.end``; only the last two matter). ``target`` None: a task."""
    if not earlier:
        return []
    previous = earlier[-1]
    out: list[Flag] = []
    has_status = target is None or measure_of(target).reports_status
    if (
        target is not None
        and measure_of(target).year_to_date
        and point.value is not None
        and previous.value is not None
        and point.value < previous.value
    ):
        out.append(
            Flag(
                "ytd_decrease",
                {
                    "value": _num(point.value),
                    "previous": _num(previous.value),
                    "previous_period": previous.period,
                    "unit": target.unit or "",
                },
            )
        )
    if (
        target is not None
        and not has_status
        and point.value is not None
        and len(earlier) >= 2
        and previous.end_month == point.end_month - 1
        and earlier[-2].end_month == point.end_month - 2
        and previous.value == point.value
        and earlier[-2].value == point.value
        and not _reached_total(target, point.value)
    ):
        out.append(
            Flag(
                "repeated_value",
                {
                    "value": _num(point.value),
                    "periods": f"{earlier[-2].period}、{previous.period}",
                    "unit": target.unit or "",
                },
            )
        )
    if has_status and previous.status == "done" and point.status in REOPENED:
        out.append(
            Flag(
                "task_reopened",
                {"previous_period": previous.period, "status": point.status or ""},
            )
        )
    return out


def _reached_total(target: Target, value: Decimal) -> bool:
    """A year-to-date total that has reached its annual target: it stays put for good reason."""
    return (
        measure_of(target).year_to_date
        and target.direction == "at_least"
        and target.target is not None
        and value >= target.target
    )


def row_flags(
    target: Target | None, point: Point, earlier: Sequence[Point], dekad: bool = False
) -> list[Flag]:
    """Every warning for one row, in a fixed order (value rules, then sequence rules);
    a 旬 value gets only the value rules."""
    out = value_flags(target, point.value)
    if not dekad:
        out += sequence_flags(target, point, earlier)
    return out


class Known:
    """An item's known values by period end (from the store, then the file's rows as they are
    accepted): what :func:`row_flags` compares a new row with."""

    def __init__(self, points: Sequence[Point]) -> None:
        self.points: dict[str, Point] = {p.end: p for p in points}
        self._sorted: list[Point] | None = None

    def earlier(self, end: str) -> list[Point]:
        """The (at most two) values just before ``end``, ascending."""
        if self._sorted is None:
            self._sorted = sorted(self.points.values(), key=lambda p: p.end)
        before = [p for p in self._sorted if p.end < end]
        return before[-2:]

    def add(self, point: Point) -> None:
        self.points[point.end] = point
        self._sorted = None
