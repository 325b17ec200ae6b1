"""What the status rules need of a plan, as a protocol (``plandata.catalog.Catalog`` is one):
the domain depends on no loader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # the workspace reads plan keys without loading the model (start-up speed)
    from liuzhang.domain.model import Target, Task, Tolerance


class Plan(Protocol):
    """A validated plan: its year, tolerance, items, and the canonical units of an item."""

    @property
    def year(self) -> int: ...

    @property
    def tolerance(self) -> Tolerance: ...

    @property
    def targets(self) -> Mapping[str, Target]: ...

    @property
    def tasks(self) -> Mapping[str, Task]: ...

    def target_lead(self, target: Target) -> str: ...

    def task_units(self, task: Task, role: str) -> list[str]: ...


# The administrative levels a plan may belong to (plan.yaml ``level``).
LEVELS = ("province", "city", "county", "district", "township", "department")


@dataclass(frozen=True, order=True, slots=True)
class PlanKey:
    """Which plan: an area's plan of a year. ``str()`` gives ``南县/2023``."""

    area: str
    year: int

    def __str__(self) -> str:
        return f"{self.area}/{self.year}"


@dataclass(frozen=True, slots=True)
class PlanInfo:
    """Who issued a plan, for where and which year (plan.yaml without its sections)."""

    area: str
    level: str
    year: int
    title: str  # the document's title
    name: str  # what bulletins are titled after (a short title)
    office: str  # who runs the follow-up and signs the bulletins
    document: str | None = None  # the document number (文号)
    issued: str | None = None  # ISO date
    issuer: str | None = None
    area_en: str | None = None
    title_en: str | None = None
    name_en: str | None = None
    office_en: str | None = None

    @property
    def key(self) -> PlanKey:
        return PlanKey(self.area, self.year)

    def text(self, field: str, lang: str) -> str:
        """``field`` (area, title, name, office) in ``lang``: the English one when given."""
        english = getattr(self, f"{field}_en", None) if lang == "en" else None
        return str(english or getattr(self, field) or "")
