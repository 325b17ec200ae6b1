"""What the status rules need of a plan, as a protocol (``plandata.catalog.Catalog`` is one):
the domain depends on no loader."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

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


# The roles a 公文 names a font for (plan.yaml ``documents``: ``<role>_font``; ``--font role=…``).
FONT_ROLES = ("title", "body", "heading1", "heading2", "page_number")


@dataclass(frozen=True, slots=True)
class DocumentStyle:
    """How a plan's official documents (公文, GB/T 9704) are typeset (plan.yaml ``documents``):
    the font names the document asks for (not embedded) and the 整改时限 of a 督办通知."""

    title_font: str = "方正小标宋简体"
    body_font: str = "仿宋_GB2312"
    heading1_font: str = "黑体"
    heading2_font: str = "楷体_GB2312"
    page_number_font: str = "宋体"
    reply_days: int = 5  # working days after the bulletin's date
    holidays: tuple[str, ...] = ()  # ISO days off that fall on weekdays (法定节假日)
    workdays: tuple[str, ...] = ()  # ISO weekend days worked (调休)

    def fonts(self) -> dict[str, str]:
        """Role (:data:`FONT_ROLES`) → the font named for it."""
        return {role: str(getattr(self, f"{role}_font")) for role in FONT_ROLES}

    def with_fonts(self, fonts: Mapping[str, str]) -> DocumentStyle:
        """This style with the fonts of some roles replaced (``{"title": "思源宋体"}``)."""
        from dataclasses import replace

        changes: dict[str, Any] = {f"{role}_font": name for role, name in fonts.items()}
        return replace(self, **changes)


@dataclass(frozen=True, slots=True)
class Reporting:
    """When a plan's values are due (plan.yaml ``reporting``): month values by
    ``monthly_due_day`` of the next month, quarter/half/year values by ``quarterly_due_day`` of
    the month after, a 旬's values ``dekad_due_days`` days after it ends."""

    monthly_due_day: int = 5
    quarterly_due_day: int = 10
    dekad_due_days: int = 2


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
    parent: str | None = None  # the area above (南县 → 益阳市), for roll-ups and comparison
    style: DocumentStyle = field(default_factory=DocumentStyle)
    reporting: Reporting = field(default_factory=Reporting)

    @property
    def key(self) -> PlanKey:
        return PlanKey(self.area, self.year)

    def text(self, field: str, lang: str) -> str:
        """``field`` (area, title, name, office) in ``lang``: the English one when given."""
        english = getattr(self, f"{field}_en", None) if lang == "en" else None
        return str(english or getattr(self, field) or "")
