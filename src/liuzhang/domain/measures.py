"""Measure kinds: how a target's reported value is compared, one class each, in one registry.

A target's ``measure`` names its kind: ``growth`` (a year-to-date growth rate), ``level`` (a state
to reach or hold), ``cumulative`` (an amount that accumulates towards an annual total, paced
through the year) and ``milestone`` (done or not by a date). The engine, the plausibility rules,
both submission checkers, the plan schema and the views ask :func:`measure_of` what a kind does
instead of comparing the kind's name; a new kind is one subclass of :class:`Measure` passed to
:func:`register`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from liuzhang.domain.model import Target

YEAR = Decimal(12)


@dataclass(frozen=True)
class Projection:
    """Where a target ends the year at its pace so far."""

    year_end: Decimal
    reach_month: int | None  # the month the target is reached at this pace (None: never)
    reaches_in_year: bool


def reached(target: Target, value: Decimal) -> bool:
    """The value reaches the target in its direction (at least / at most)."""
    assert target.target is not None
    return value >= target.target if target.direction == "at_least" else value <= target.target


def pacing_share(target: Target, months: Decimal) -> Decimal:
    """The share of the annual total expected after ``months`` (0–12) of the year: m/12 for
    linear pacing; a declared profile steps at its months (and is interpolated into a month that
    starts a new share, for a 旬)."""
    months = min(max(months, Decimal(0)), YEAR)
    if not isinstance(target.pacing, dict):
        return months / 12
    shares = target.pacing
    whole = int(months)
    share = Decimal(0)
    for month in sorted(shares):
        if month <= whole:
            share = shares[month]
    if months != whole and whole + 1 in shares:  # part-way into a month with a new share
        share += (shares[whole + 1] - share) * (months - whole)
    return share


def pacing_problem(shares: dict[int, Decimal]) -> tuple[str, dict[str, int | str]] | None:
    """What is wrong with a declared pacing as (code, params), None when usable: months 1–12,
    shares in [0, 1], never decreasing, reaching 1 in December."""
    previous = Decimal(0)
    last_month, last_share = 0, Decimal(0)
    for month in sorted(shares):
        share = shares[month]
        if not 1 <= month <= 12:
            return "pacing_month", {"month": month}
        if not Decimal(0) <= share <= Decimal(1):
            return "pacing_share", {"month": month, "share": str(share)}
        if share < previous:
            return "pacing_decreasing", {
                "month": month,
                "share": str(share),
                "previous": str(previous),
            }
        previous = share
        last_month, last_share = month, share
    if last_month != 12 or last_share != 1:
        return "pacing_incomplete", {"month": last_month, "share": str(last_share)}
    return None


class Measure:
    """A measure kind. The base compares a reported value with the target itself at every point
    of the year (growth and level)."""

    name: ClassVar[str]
    reports_status: ClassVar[bool] = False  # a status (done, in progress…) instead of a value
    year_to_date: ClassVar[bool] = False  # the value accumulates over the year
    paced: ClassVar[bool] = False  # may declare a pacing profile

    @property
    def needs_target(self) -> bool:
        """A target value is required in targets.yaml."""
        return not self.reports_status

    def expected(self, target: Target, months: Decimal) -> Decimal:
        """The value expected ``months`` (0–12) into the year."""
        assert target.target is not None
        return target.target

    def achieved(self, target: Target, value: Decimal, final: bool) -> bool:
        """The target counts as achieved with this value (``final``: a period ending 31 Dec)."""
        return final and reached(target, value)

    def remaining(self, target: Target, value: Decimal | None) -> Decimal | None:
        """How far the value still is from the target (None: no value and nothing to say)."""
        if value is None or target.target is None:
            return None
        goal = target.target
        return max(goal - value if target.direction == "at_least" else value - goal, Decimal(0))

    def project(
        self, target: Target, value: Decimal, months: Decimal, end_month: int
    ) -> Projection | None:
        """Where the value ends the year at its pace so far (None: no projection)."""
        return None

    def expected_path(self, target: Target) -> list[tuple[int, Decimal]]:
        """The expected value at the end of each month (empty: none to draw)."""
        return []


class Growth(Measure):
    """A year-on-year growth rate to date (累计增速), compared with the annual target."""

    name = "growth"


class Level(Measure):
    """A state to reach or hold (粮食产量, PM2.5), compared with the target."""

    name = "level"


class Cumulative(Measure):
    """An amount that accumulates towards the annual total: expected is the target times the
    pacing share; an at-least total that reaches the target is achieved for good."""

    name = "cumulative"
    year_to_date = True
    paced = True

    def expected(self, target: Target, months: Decimal) -> Decimal:
        assert target.target is not None
        return target.target * pacing_share(target, months)

    def achieved(self, target: Target, value: Decimal, final: bool) -> bool:
        return reached(target, value) and (final or target.direction == "at_least")

    def remaining(self, target: Target, value: Decimal | None) -> Decimal | None:
        if value is None:
            return target.target  # nothing reported yet: all of it
        return super().remaining(target, value)

    def project(
        self, target: Target, value: Decimal, months: Decimal, end_month: int
    ) -> Projection | None:
        """The value over the share expected so far, carried along the pacing to December
        (linear pacing: the value spread over the months it took). No projection while the
        pacing expects nothing yet."""
        if target.target is None or months <= 0:
            return None
        share = pacing_share(target, months)
        if share <= 0:
            return None
        goal = target.target
        year_end = value / share
        if target.direction != "at_least":
            return Projection(year_end, None, year_end <= goal)
        if value >= goal:
            return Projection(year_end, end_month, True)
        if value <= 0:
            return Projection(year_end, None, False)
        if not isinstance(target.pacing, dict):  # linear: may run past December
            month = math.ceil(goal / (value / months))
            return Projection(year_end, month, month <= 12)
        months_left = range(end_month, 13)
        first = next(
            (m for m in months_left if year_end * pacing_share(target, Decimal(m)) >= goal), None
        )
        return Projection(year_end, first, first is not None)

    def expected_path(self, target: Target) -> list[tuple[int, Decimal]]:
        if target.target is None:
            return []
        return [(m, self.expected(target, Decimal(m))) for m in range(1, 13)]


class Milestone(Measure):
    """Done or not by a date: reported as a status, not a value."""

    name = "milestone"
    reports_status = True

    def remaining(self, target: Target, value: Decimal | None) -> Decimal | None:
        return None


MEASURES: dict[str, Measure] = {}


def register(measure: Measure) -> Measure:
    """Add a measure kind to the registry (under its ``name``)."""
    MEASURES[measure.name] = measure
    return measure


def measure_of(target: Target | str) -> Measure:
    """The measure of a target (or of a kind's name); KeyError for a kind never registered."""
    return MEASURES[target if isinstance(target, str) else target.measure]


for _kind in (Growth(), Cumulative(), Level(), Milestone()):
    register(_kind)
