"""The records extraction passes between its steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from liuzhang.domain.problems import LiuzhangError


class ExtractError(LiuzhangError):
    """A document that cannot be read as a plan (empty, binary, not a Word file, a PDF without a
    text layer, no targets): a message code and its parameters."""


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, or one row of a table, in document order, its text normalised.

    ``where`` says where it is in words a person can find (第12段 / 表2第3行);
    ``cells`` and ``header`` are the row's cells and its table's header row (empty for a
    paragraph)."""

    index: int
    kind: Literal["paragraph", "row"]
    text: str
    where: str
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    table: int | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where an item comes from: an exact quote (a substring of the block's text) and where."""

    quote: str
    where: str


@dataclass
class DraftTarget:
    """A target as drafted: the value with its unit and direction, how it is measured, and the
    evidence. ``reasons``: what was guessed (each makes ``needs_review`` true)."""

    name: str
    target: Decimal | None
    unit: str | None
    direction: Literal["at_least", "at_most"]
    measure: Literal["growth", "cumulative", "level", "milestone"]
    frequency: Literal["monthly", "quarterly", "annual"]
    sources: list[Evidence]
    commitment: Literal["确保", "力争"] | None = None
    stretch: Decimal | None = None  # 确保X力争Y: Y
    lead: str | None = None
    section: int | None = None
    due: str | None = None
    id: str = ""
    reasons: list[str] = field(default_factory=list)

    @property
    def needs_review(self) -> bool:
        return bool(self.reasons)


@dataclass
class DraftTask:
    """A task as drafted: its text, units (as written), deadline and evidence."""

    title: str
    text: str
    lead: list[str]
    responsible: list[str]
    deadline: str  # as the schema takes it: 2023-06, 2023-06-30, 2023-12 or ongoing
    sources: list[Evidence]
    deadline_stated: bool = True
    section: int | None = None
    ref: str = ""
    id: str = ""
    reasons: list[str] = field(default_factory=list)

    @property
    def needs_review(self) -> bool:
        return bool(self.reasons)


@dataclass
class DraftUnit:
    """A unit the draft names: known (resolved against a registry) or new (its raw spelling)."""

    name: str
    kind: str  # as units.yaml: office, town, group, ...
    aliases: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    known: bool = False


@dataclass
class Qualitative:
    """A goal without a number (listed for review, not a target)."""

    text: str
    where: str


@dataclass
class Draft:
    """Everything drafted from one document."""

    plan: dict[str, object]
    targets: list[DraftTarget]
    tasks: list[DraftTask]
    units: list[DraftUnit]
    qualitative: list[Qualitative] = field(default_factory=list)
