"""The validated plan as plain, frozen dataclasses.

The schema (pydantic) checks the YAML files; once checked, the catalog holds these
light records instead, so that everyday commands (and the catalog cache) need not import or build
the pydantic models at all. Field names match the schema's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class Source:
    ref: str
    quote: str


@dataclass(frozen=True, slots=True)
class Tolerance:
    points: Decimal | None = None
    ratio: Decimal | None = None


# The tolerance of a plan that states none: 1 point for rates, else 10% (see domain.tracking).
DEFAULT_TOLERANCE = Tolerance(points=Decimal(1), ratio=Decimal("0.1"))


@dataclass(frozen=True, slots=True)
class Battle:
    """A section of the plan (a battle, 战役): its number, names and lead unit, as plan.yaml
    gives them."""

    number: int
    name: str
    name_en: str | None = None
    short: str | None = None  # short name for tables (plan.yaml ``short``)
    lead: str | None = None  # the unit that leads the section (as written)


@dataclass(frozen=True, slots=True)
class Target:
    id: str
    battle: int
    name: str
    direction: str
    measure: str
    frequency: str
    lead: str
    sources: tuple[Source, ...]
    target: Decimal | None = None
    unit: str | None = None
    pacing: str | dict[int, Decimal] = "linear"
    tolerance: Tolerance | None = None
    commitment: str | None = None
    task: str | None = None
    due: str | None = None
    note: str | None = None
    previous_id: str | None = None  # its id in last year's plan, when it changed (去年同期)
    # Across areas (domain.rollup): the indicator code (None: the id), how it rolls up (None:
    # by its measure and unit) and the code of the base value weighting a ``none`` roll-up.
    indicator: str | None = None
    rollup: str | None = None
    weight: str | None = None


@dataclass(frozen=True, slots=True)
class Checkpoint:
    date: str
    what: str


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    battle: int
    ref: str
    title: str
    lead: tuple[str, ...]
    deadline: str
    group: str | None = None
    text: str = ""
    responsible: tuple[str, ...] = ()
    supporting: tuple[str, ...] = ()
    deadline_stated: bool = True
    lead_inferred: bool = False
    checkpoints: tuple[Checkpoint, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    members: tuple[str, ...] = field(default_factory=tuple)
    note: str | None = None


def _reduce(self: Any) -> tuple[type, tuple[Any, ...]]:
    """Pickle as a constructor call: several times faster to load than dataclass state."""
    return (type(self), tuple(getattr(self, name) for name in self.__slots__))


for _record in (Source, Tolerance, Battle, Target, Checkpoint, Task, Unit):
    _record.__reduce__ = _reduce  # type: ignore[method-assign]


def _tolerance(value: Any) -> Tolerance | None:
    return None if value is None else Tolerance(value.points, value.ratio)


def target_from(m: Any) -> Target:
    """A validated :class:`liuzhang.plandata.schema.Target` as a plain record."""
    return Target(
        id=m.id,
        battle=m.battle,
        name=m.name,
        direction=m.direction,
        measure=m.measure,
        frequency=m.frequency,
        lead=m.lead,
        sources=tuple(Source(s.ref, s.quote) for s in m.sources),
        target=m.target,
        unit=m.unit,
        pacing=dict(m.pacing) if isinstance(m.pacing, dict) else m.pacing,
        tolerance=_tolerance(m.tolerance),
        commitment=m.commitment,
        task=m.task,
        due=m.due,
        note=m.note,
        previous_id=m.previous_id,
        indicator=m.indicator,
        rollup=m.rollup,
        weight=m.weight,
    )


def task_from(m: Any) -> Task:
    """A validated :class:`liuzhang.plandata.schema.Task` as a plain record."""
    return Task(
        id=m.id,
        battle=m.battle,
        ref=m.ref,
        title=m.title,
        lead=tuple(m.lead),
        deadline=m.deadline,
        group=m.group,
        text=m.text,
        responsible=tuple(m.responsible),
        supporting=tuple(m.supporting),
        deadline_stated=m.deadline_stated,
        lead_inferred=m.lead_inferred,
        checkpoints=tuple(Checkpoint(c.date, c.what) for c in m.checkpoints),
        note=m.note,
    )


def unit_from(m: Any) -> Unit:
    """A validated :class:`liuzhang.plandata.schema.Unit` as a plain record."""
    return Unit(
        name=m.name,
        kind=m.kind,
        aliases=tuple(m.aliases),
        parent=m.parent,
        members=tuple(m.members),
        note=m.note,
    )
