"""Areas side by side: how an indicator rolls up from the areas to the area above them, and how
the areas rank. Pure rules, no I/O.

Roll-up kinds (targets.yaml ``rollup``; as DHIS2 defines aggregation types):

- ``sum``: counts and amounts add up (the city's new enterprises are the sum of its counties'):
  the areas' values for the same period, in one unit (magnitudes converted);
- ``last``: stocks (a total at a moment): the sum of each area's newest value;
- ``average``: the plain mean of the areas' values for the same period;
- ``none``: growth rates, ratios and levels are neither summed nor averaged: shown per area
  only, or, when the indicator names a ``weight`` (the code of its base value, e.g. GDP for GDP
  growth) and every area reports that base for the same period, the mean weighted by it.

A roll-up needs every area: one that is missing a value (or a base, or has a value of another
period) makes it incomplete, with the areas named; it is never computed from part of them.
Values in units that cannot be converted into one another are refused.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from liuzhang.domain.model import Target
from liuzhang.domain.quantities import RATE_UNITS, QuantityError, convert, parse_unit
from liuzhang.domain.tracking import Judgement

ROLLUPS = ("sum", "none", "last", "average")
# Why a roll-up is not given (its ``reason``).
INCOMPLETE = "incomplete"  # an area has no value for the period (``missing`` names them)
NO_BASE = "no_base"  # a weighted ``none``: an area has no base value (``missing`` names them)
UNITS = "units"  # values in units that do not convert into one another
NOT_SUMMED = "not_summed"  # ``none`` without a weight: per area only


def default_rollup(measure: str, unit: str | None) -> str:
    """How an indicator rolls up when targets.yaml does not say: cumulative amounts and counts
    (``cumulative`` measure, not in % or ‰) add up (``sum``); growth rates, ratios, levels and
    milestones do not (``none``)."""
    if measure == "cumulative" and parse_unit(unit).base not in RATE_UNITS:
        return "sum"
    return "none"


@dataclass(frozen=True, slots=True)
class AreaValue:
    """One area's value of an indicator: its newest value up to the month compared (None: it
    has none), the period it is for (its end as an ISO date) and its unit."""

    area: str
    value: Decimal | None
    unit: str | None = None
    period_end: str | None = None


@dataclass(frozen=True, slots=True)
class RollUp:
    """The area above's figure computed from its areas: ``value`` in ``unit`` when ``complete``;
    else the ``reason`` and the areas ``missing`` a value (or a base, or at another period)."""

    kind: str
    value: Decimal | None
    unit: str | None
    complete: bool
    reason: str | None = None
    missing: tuple[str, ...] = field(default_factory=tuple)
    period_end: str | None = None


def common_unit(values: Sequence[AreaValue], unit: str | None) -> list[Decimal | None]:
    """Each value in ``unit`` (None stays None); :class:`QuantityError` when one cannot be."""
    return [None if v.value is None else convert(v.value, v.unit, unit) for v in values]


def comparison_period(values: Sequence[AreaValue]) -> str | None:
    """The period the areas are compared for: the latest period end any of them reports."""
    ends = [v.period_end for v in values if v.value is not None and v.period_end]
    return max(ends) if ends else None


def rollup(
    kind: str,
    values: Sequence[AreaValue],
    unit: str | None,
    weights: Mapping[str, AreaValue] | None = None,
) -> RollUp:
    """Roll ``values`` (one per area) up by ``kind`` into ``unit``; ``weights``: per area, its
    value of the indicator named by ``weight`` (a weighted ``none``)."""
    if kind not in ROLLUPS:
        raise ValueError(kind)
    try:
        amounts = common_unit(values, unit)
    except QuantityError:
        return RollUp(kind, None, unit, False, UNITS)
    if kind == "none" and weights is None:
        return RollUp(kind, None, unit, False, NOT_SUMMED)
    period = comparison_period(values)
    if kind == "last":
        missing = tuple(v.area for v, a in zip(values, amounts, strict=True) if a is None)
    else:
        missing = tuple(
            v.area
            for v, a in zip(values, amounts, strict=True)
            if a is None or v.period_end != period
        )
    if missing or not values:
        return RollUp(kind, None, unit, False, INCOMPLETE, missing, period)
    known = [a for a in amounts if a is not None]
    if kind in ("sum", "last"):
        return RollUp(kind, sum(known, Decimal(0)), unit, True, period_end=period)
    if kind == "average":
        return RollUp(kind, sum(known, Decimal(0)) / len(known), unit, True, period_end=period)
    assert weights is not None
    bases = [weights.get(v.area) for v in values]
    no_base = tuple(
        v.area
        for v, b in zip(values, bases, strict=True)
        if b is None or b.value is None or b.period_end != period
    )
    if no_base:
        return RollUp(kind, None, unit, False, NO_BASE, no_base, period)
    present = [b for b in bases if b is not None]
    try:
        base_amounts = [a for a in common_unit(present, present[0].unit) if a is not None]
    except QuantityError:
        return RollUp(kind, None, unit, False, UNITS)
    total = sum(base_amounts, Decimal(0))
    if total == 0:
        return RollUp(kind, None, unit, False, NO_BASE, tuple(v.area for v in values), period)
    weighted = sum((a * b for a, b in zip(known, base_amounts, strict=True)), Decimal(0))
    return RollUp(kind, weighted / total, unit, True, period_end=period)


def rank(values: Sequence[Decimal | None], direction: str) -> list[int | None]:
    """Each value's rank (1 = best): the largest first for ``at_least``, the smallest first for
    ``at_most``; equal values share a rank and the next rank skips (1, 1, 3); None (no value)
    is unranked."""
    known = sorted(v for v in values if v is not None)
    out: list[int | None] = []
    for v in values:
        if v is None:
            out.append(None)
        elif direction == "at_most":
            out.append(1 + bisect_left(known, v))  # 1 + how many are smaller
        else:
            out.append(1 + len(known) - bisect_right(known, v))  # 1 + how many are larger
    return out


# -- the comparison of areas (what services.compare finds, views.compare lays out) --------


def indicator_of(target: Target) -> str:
    """A target's indicator code: targets.yaml ``indicator``, else its id."""
    return target.indicator or target.id


def rollup_of(target: Target) -> str:
    """How a target's indicator rolls up: targets.yaml ``rollup``, else by its measure and unit
    (:func:`liuzhang.domain.rollup.default_rollup`)."""
    return target.rollup or default_rollup(target.measure, target.unit)


@dataclass
class AreaRow:
    """One area's figure of an indicator: its target and judgement (in its own plan's unit),
    the value and target in the indicator's unit, and its rank (None: unranked)."""

    area: str
    target: Target
    judgement: Judgement
    actual: Decimal | None
    goal: Decimal | None
    rank: int | None = None


@dataclass
class Compared:
    """One indicator across the areas: rows best first (unranked last), the parent's own figure
    (``parent``: None when the parent's plan has no such target), the roll-up."""

    indicator: str
    name: str
    unit: str | None
    direction: str
    rollup_kind: str
    period: str | None  # the period compared (the latest any area reports), canonical text
    rows: list[AreaRow]
    parent: AreaRow | None = None
    rollup: RollUp | None = None
    refused: bool = False  # units that do not convert: no ranks, no roll-up
    weight: str | None = None  # the code of the base weighting a ``none`` roll-up


@dataclass
class Comparison:
    year: int
    as_of: int
    parent: str | None
    areas: list[str]
    indicators: list[Compared]
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
