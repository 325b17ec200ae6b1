"""The rules of a submission that every checker applies: the row-by-row checker
(:mod:`liuzhang.submissions.intake`), the column-wise one (:mod:`liuzhang.submissions.fast`) and
the workbook reader (:mod:`liuzhang.submissions.xlsx`). Pure functions and tables; a checker
that needs a rule calls it here, so the paths cannot drift apart.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal, getcontext
from typing import TYPE_CHECKING

from liuzhang.domain.plan import PlanKey
from liuzhang.domain.problems import Problem
from liuzhang.domain.quantities import (
    LIMIT,
    QuantityError,
    check_range,
    parse_number,
    to_target_unit,
)
from liuzhang.plandata.catalog import normalize_name

if TYPE_CHECKING:
    from liuzhang.domain.model import Target
    from liuzhang.domain.periods import Period
    from liuzhang.plandata.catalog import Catalog


class Refused(Exception):
    """A column-wise checker is not sure about a file: the row-by-row checker decides."""


# -- bytes and text ---------------------------------------------------------------------------

XLSX_MAGIC = b"PK\x03\x04"  # a zip: an .xlsx workbook
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # an OLE compound file: an old .xls workbook
# Without a byte-order mark a file is UTF-8 if it decodes as such, else this.
FALLBACK_ENCODING = "gb18030"

# Invisible characters that copying from web pages and chat tools leaves in cells (zero-width
# space, non-joiner, joiner, word joiner, BOM): dropped on reading, so an id still matches.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
DROP_INVISIBLE = str.maketrans("", "", INVISIBLE)


def byte_order_mark(raw: bytes) -> tuple[str | None, int]:
    """The encoding a byte-order mark at the start names, and how many bytes to skip before
    decoding with it (the UTF-16 codec reads its mark itself); ``(None, 0)`` without a mark."""
    if raw.startswith(codecs.BOM_UTF8):
        return "utf-8", len(codecs.BOM_UTF8)
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0
    return None, 0


def delimiter(text: str) -> str:
    """The cell separator of a CSV text: tab when its first line has tabs and no commas."""
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    return "\t" if "\t" in first and "," not in first else ","


def is_blank_row(cells: Iterable[str]) -> bool:
    """A row without any non-space cell: skipped (and counted as blank)."""
    return not any(cell.strip() for cell in cells)


def cell_key(text: str) -> str:
    """A header or word cell as it is compared: NFKC, no white space, lower case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


# -- header -----------------------------------------------------------------------------------

# canonical column -> accepted header spellings (compared by cell_key)
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "指标编号", "任务编号"),
    "period": ("period", "期间", "统计期", "报告期"),
    "value": ("value", "数值", "完成值", "实际值", "累计完成"),
    "unit": ("unit", "单位", "计量单位"),
    "status": ("status", "状态", "进展状态"),
    "note": ("note", "备注", "说明"),
    "reported_by": ("reported_by", "填报单位", "报送单位"),
}
REQUIRED = ("id", "period")
ALIASES = {cell_key(s): col for col, spellings in COLUMNS.items() for s in spellings}


def map_header(
    header: list[str], display: str, header_row: int
) -> tuple[dict[str, int], list[Problem]]:
    """Canonical column -> index; problems for duplicated or missing columns."""
    found: dict[str, int] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(header):
        key = cell_key(cell)
        column = ALIASES.get(key)
        if column is None:
            continue
        if column in found:
            problems.append(
                Problem(
                    display,
                    header_row,
                    cell,
                    "column_duplicate",
                    params={"column": cell, "first": header[found[column]]},
                )
            )
            continue
        found[column] = index
    for column in REQUIRED:
        if column not in found:
            problems.append(
                Problem(
                    display,
                    header_row,
                    COLUMNS[column][1],
                    "column_missing",
                    params={"column": f"{column}/{COLUMNS[column][1]}"},
                )
            )
    if "value" not in found and "status" not in found:
        problems.append(
            Problem(
                display,
                header_row,
                "数值",
                "column_missing",
                params={"column": "value/数值 或 status/状态"},
            )
        )
    return found, problems


def column_label(header: list[str], columns: dict[str, int], column: str) -> str:
    """How a problem names a column: the file's header cell, or the column's Chinese name
    when the file has no such column."""
    index = columns.get(column)
    return header[index].strip() if index is not None else COLUMNS[column][1]


def flag_column(code: str) -> str:
    """The column a plausibility warning names: the status for a reopened task, else the
    value."""
    return "status" if code == "task_reopened" else "value"


# -- cells ------------------------------------------------------------------------------------

STATUS_WORDS: dict[str, str] = {
    "not_started": "not_started",
    "未启动": "not_started",
    "未开始": "not_started",
    "尚未启动": "not_started",
    "in_progress": "in_progress",
    "推进中": "in_progress",
    "进行中": "in_progress",
    "正在推进": "in_progress",
    "已启动": "in_progress",
    "实施中": "in_progress",
    "done": "done",
    "已完成": "done",
    "完成": "done",
    "已办结": "done",
}
MILESTONE_VALUES = {"1": "done", "是": "done", "0": "not_started", "否": "not_started"}
# Value cells that mean “nothing to report” for the row (compared by cell_key).
NOTHING_VALUES = frozenset({"—", "——", "-", "--", "–", "/", "无", "不适用", "n/a", "na"})
# The unit of a task's progress value.
TASK_UNIT = "%"


def status_word(text: str) -> str | None:
    """The status a (stripped, non-empty) status cell names, or None for an unknown word."""
    return STATUS_WORDS.get(cell_key(text))


def milestone_status(text: str) -> str | None:
    """The status a milestone's (stripped, non-empty) value cell means (1/是, 0/否), or None."""
    return MILESTONE_VALUES.get(cell_key(text))


def means_nothing(value: str) -> bool:
    """A (stripped) value cell that reports nothing: empty, or “—”, “/”, “无”, “不适用”."""
    return not value or cell_key(value) in NOTHING_VALUES


def reports_nothing(value: str, status: str) -> bool:
    """A row of a form sent back without a value (or with “—”, “/”, “无”, “不适用”) and without
    a status: not reported this period, and not an error (counted as 未填)."""
    return means_nothing(value) and not status


def target_value(text: str, unit: str, target_unit: str | None) -> Decimal:
    """A numeric target's value cell (and unit cell) in the target's unit; raises
    :class:`QuantityError` for a malformed value, a unit that does not fit, or a number out of
    range."""
    value = to_target_unit(text, unit, target_unit)
    check_range(value, text)
    return value


def task_percent(text: str, unit: str) -> Decimal:
    """A task's progress cell (and unit cell) as a percentage from 0 to 100; raises
    :class:`QuantityError` (``value_malformed``, ``value_for_task``, ``task_percent_range``)."""
    reading = parse_number(text)
    given = reading.unit or unit
    if given and normalize_name(given) not in ("%", "％"):
        raise QuantityError("value_for_task", value=text)
    if not Decimal(0) <= reading.amount <= Decimal(100):
        raise QuantityError("task_percent_range", value=text)
    return reading.amount


def value_unit(target: Target | None, has_value: bool) -> str | None:
    """The unit an accepted row's value is stored in: a target's unit; for a task (None),
    :data:`TASK_UNIT` when the row gave a value."""
    if target is not None:
        return target.unit
    return TASK_UNIT if has_value else None


# The digits of a number that the checks never round or refuse: integer part below
# quantities.LIMIT, and at most one digit fewer than the decimal context's precision in all.
INTEGER_DIGITS = LIMIT.adjusted()
FRACTION_DIGITS = getcontext().prec - 1 - INTEGER_DIGITS
# A number whose text is already canonical (quantities.canonical_text of its Decimal): no
# exponent, no “+”, no leading or trailing zeros, no “-0”; within the digits above.
CANONICAL_NUMBER = (
    rf"-?(?:0|[1-9][0-9]{{0,{INTEGER_DIGITS - 1}}})(?:\.[0-9]{{0,{FRACTION_DIGITS - 1}}}[1-9])?"
)
_CANONICAL = re.compile(rf"(?!-0\Z){CANONICAL_NUMBER}\Z")


def is_canonical_number(text: str) -> bool:
    """Whether ``text`` is a number in range whose canonical text is ``text`` itself (then
    a checker may store it as it is, without Decimal arithmetic)."""
    return _CANONICAL.match(text) is not None


# -- periods ----------------------------------------------------------------------------------


def period_key(period: Period) -> str:
    """What makes two rows of an item report the same thing: one value per period end."""
    return period.end.isoformat()


# -- plans: where a row goes ------------------------------------------------------------------


class Plans:
    """The plans a submission's rows go to: the plans of one area, by year. Each catalog is
    loaded when a row first needs it (a file of one year never loads the others).

    ``default``: the year of the plan that checks a row whose period names no plan (empty,
    malformed, or a year without a plan), so that its other cells are still checked.
    """

    def __init__(
        self, area: str, years: Iterable[int], load: Callable[[int], Catalog], default: int
    ) -> None:
        self.area = area
        self.years = tuple(sorted(set(years)))
        if default not in self.years:
            raise ValueError(f"default year {default} is not one of {self.years}")
        self.default = default
        self._load = load
        self._catalogs: dict[int, Catalog] = {}

    @classmethod
    def of(cls, catalog: Catalog) -> Plans:
        """A single plan, already loaded."""
        plans = cls(catalog.key.area, [catalog.year], lambda year: catalog, catalog.year)
        plans._catalogs[catalog.year] = catalog
        return plans

    def catalog(self, year: int) -> Catalog:
        """The catalog of the plan of ``year`` (one of :attr:`years`), loaded once."""
        found = self._catalogs.get(year)
        if found is None:
            found = self._catalogs[year] = self._load(year)
        return found

    def key(self, year: int) -> PlanKey:
        """Which plan the rows of ``year`` go to."""
        return PlanKey(self.area, year)

    def names(self) -> list[str]:
        """The plans, as an error message lists them (joined in the message's language)."""
        return [str(self.key(year)) for year in self.years]


def plans_of(source: Catalog | Plans) -> Plans:
    """The plans a checker routes to: ``source`` itself, or a catalog as the only plan."""
    return source if isinstance(source, Plans) else Plans.of(source)


def period_plan(period: Period, plans: Plans, text: str) -> tuple[str, dict[str, object]] | None:
    """Where a row goes: the plan of its period's year, of the file's area. None when that
    plan exists; else the row error (code, params) that names the period (as ``text`` gave
    it), its year and the plans there are."""
    if period.year in plans.years:
        return None
    return "period_year_no_plan", {"value": text, "year": period.year, "plans": plans.names()}


# -- reporting units --------------------------------------------------------------------------


def reporting_unit(catalog: Catalog, text: str) -> str | None:
    """The canonical name of the unit a reporting-unit cell names (any alias), or None."""
    found = catalog.registry.resolve(text)
    unit = catalog.units.get(found.name) if found else None
    return unit.name if unit else None


def plan_reporter(plans: Plans, year: int, reporter: str | None) -> str | None:
    """The reporting unit of rows without one (``--unit``, canonical in the default plan) as
    the plan of ``year`` names it; as given when that plan does not know it (then it owns
    none of its items)."""
    if not reporter or year == plans.default:
        return reporter
    return reporting_unit(plans.catalog(year), reporter) or reporter


def item_owners(catalog: Catalog, ident: str) -> list[str]:
    """The units an item names (canonical): a target's lead and the units of its linked task;
    a task's lead, responsible and supporting units."""
    target = catalog.targets.get(ident)
    names: list[str] = []
    task = catalog.tasks.get(ident)
    if target is not None:
        names.append(catalog.target_lead(target))
        task = catalog.tasks.get(target.task) if target.task else None
    if task is not None:
        for role in ("lead", "responsible", "supporting"):
            names += catalog.task_units(task, role)
    return list(dict.fromkeys(names))


def unit_scope(catalog: Catalog, reporter: str) -> frozenset[str]:
    """The names an item may name for ``reporter`` (canonical) to own it: the unit itself,
    the groups and committees that list it, and the units it is part of (its parents)."""
    registry = catalog.registry
    mine = {reporter, *registry.groups_of(reporter)}
    unit = catalog.units.get(reporter)
    seen: set[str] = set()
    while unit is not None and unit.parent and unit.name not in seen:
        seen.add(unit.name)
        parent = registry.canonical(unit.parent)
        mine.add(parent)
        unit = catalog.units.get(parent)
    return frozenset(mine)


def owns(
    catalog: Catalog, owners: list[str], reporter: str, scope: frozenset[str] | None = None
) -> bool:
    """Whether ``reporter`` (canonical) may report for an item naming ``owners``: it is one of
    them, a member of a group or committee among them, a part of one (its parent), or an owner
    is a group without a member list (各相关单位, 区直相关单位: any unit). ``scope``: the
    reporter's :func:`unit_scope`, when known."""
    mine = unit_scope(catalog, reporter) if scope is None else scope
    for name in owners:
        if name in mine:
            return True
        owner = catalog.units.get(name)
        if owner is not None and owner.kind == "group" and not owner.members:
            return True
    return False
