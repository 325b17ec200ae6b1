"""The use case behind ``compare`` (and the bulletin's areas section): the areas under a parent
side by side, for each indicator they share — each area judged by its own plan, ranked, and
rolled up to the parent (see :mod:`liuzhang.domain.rollup`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liuzhang.domain.rollup import AreaRow, Compared, Comparison, indicator_of, rollup_of
from liuzhang.services import (
    ServiceError,
    load_plan_folder,
    open_workspace,
    parse_as_of,
    read_store,
)

if TYPE_CHECKING:
    from liuzhang.domain.model import Target
    from liuzhang.domain.rollup import RollUp
    from liuzhang.domain.tracking import Judgement, Reading
    from liuzhang.plandata.catalog import Catalog


def compare(
    data_dir: Path,
    db: str | None,
    year: int | None = None,
    as_of_text: str | None = None,
    indicator: str | None = None,
    parent: str | None = None,
) -> Comparison:
    """Compare the areas whose plans (of ``year``, else the as-of's, else the newest year) name
    ``parent`` as theirs (without it: the one parent they all name, else every plan of the
    year, without a roll-up) as of the month ``as_of_text`` (default: the latest month with
    monthly data among them); ``indicator``: that one only. Usage errors (exit 2) for an
    unknown parent or indicator, a year without plans, an as-of outside the year."""
    from liuzhang.domain.tracking import default_as_of, judge_all, reading_from_row
    from liuzhang.store import default_db_path

    workspace = open_workspace(data_dir)
    period = parse_as_of(as_of_text)
    if year is None:
        year = period.year if period else max(p.year for p in workspace.plans)
    elif period is not None and period.year != year:
        raise ServiceError("compare_as_of_year", 2, value=as_of_text, year=year)
    refs = [p for p in workspace.plans if p.year == year]
    if not refs:
        raise ServiceError("plan_year_none", 2, year=year, choices=workspace.choices())
    catalogs = {ref.area: load_plan_folder(ref.folder) for ref in refs}
    chosen, members = _areas(catalogs, parent)
    above = catalogs.get(chosen) if chosen else None
    keys = [catalogs[a].key for a in members] + ([above.key] if above else [])

    def read(end: str) -> dict[Any, list[Any]]:
        found = read_store(data_dir, db, lambda s: [s.newest_values(keys, end)], area=keys[0].area)
        return found[0] if found else {}

    values = read(f"{year}-12-31" if period is None else period.end.isoformat())
    if period is None:
        readings = [reading_from_row(v) for rows in values.values() for v in rows]
        default = default_as_of(readings, year)
        if default is None:
            path = str(default_db_path(data_dir, db))
            raise ServiceError("no_data", 1, path=path, plan=str(year))
        month = default.month
        values = read(date(year, month, 1).replace(day=_last_day(year, month)).isoformat())
    else:
        month = period.end_month
    by_code: dict[str, list[tuple[str, Target]]] = {}
    for area in members:
        for target in catalogs[area].targets.values():
            by_code.setdefault(indicator_of(target), []).append((area, target))
    if indicator is not None:
        known = set(by_code) | (
            {indicator_of(t) for t in above.targets.values()} if above else set()
        )
        if indicator not in known:
            raise ServiceError(
                "compare_indicator_unknown", 2, value=indicator, choices=_few(sorted(known))
            )
        codes = [indicator] if indicator in by_code else []
    else:
        codes = sorted(c for c, items in by_code.items() if len(items) >= 2)
    # judge only the targets compared (and those weighting them)
    weighing = [t for c in codes for _, t in by_code[c]]
    if above:
        weighing += [t for t in above.targets.values() if indicator_of(t) in codes]
    needed = set(codes) | {t.weight for t in weighing if t.weight}
    judged: dict[str, dict[str, Judgement]] = {}  # by area, by target id
    for area in [*members, *([above.key.area] if above else [])]:
        catalog = catalogs[area]
        readings = _share_spans([reading_from_row(v) for v in values.get(catalog.key, [])])
        targets = _TargetsOnly(catalog, needed)
        judged[area] = {j.id: j for j in judge_all(targets, readings, month)}
    above_targets = {indicator_of(t): t for t in above.targets.values()} if above else {}
    result = Comparison(year, month, chosen, members, [])
    for wanted in codes:
        compared = _compare_one(
            wanted, by_code, judged, above_targets, chosen if above else None,
            members if chosen else None,
        )  # fmt: skip
        if compared.refused:
            units = sorted({r.target.unit or "—" for r in compared.rows})
            code = "compare_units_refused"
            result.warnings.append((code, {"indicator": compared.indicator, "units": units}))
        result.indicators.append(compared)
    return result


def _share_spans(readings: list[Reading]) -> list[Reading]:
    """The readings, those of the same period sharing one :attr:`Reading.span` (a cached
    property: working it out is most of judging a value, and the areas' values mostly share a
    few periods)."""
    spans: dict[tuple[str, date], Any] = {}
    for reading in readings:
        key = (reading.period_kind, reading.period_end)
        span = spans.get(key)
        if span is None:
            spans[key] = reading.span
        else:
            reading.__dict__["span"] = span
    return readings


def _last_day(year: int, month: int) -> int:
    import calendar

    return calendar.monthrange(year, month)[1]


def _few(names: list[str], limit: int = 20) -> str:
    return ", ".join(names[:limit]) + (" …" if len(names) > limit else "")


def _areas(catalogs: dict[str, Catalog], parent: str | None) -> tuple[str | None, list[str]]:
    """The parent compared under and its areas (by name)."""
    parents = sorted({c.plan.parent for c in catalogs.values() if c.plan and c.plan.parent})
    if parent is not None:
        members = sorted(a for a, c in catalogs.items() if c.plan and c.plan.parent == parent)
        if not members:
            raise ServiceError("compare_parent_unknown", 2, value=parent, choices=_few(parents))
        return parent, members
    # the parent whose own plan is here (a city's workspace: the city and its counties), else
    # the only parent named; else every plan of the year, side by side
    here = [p for p in parents if p in catalogs]
    chosen = here if len(here) == 1 else parents if len(parents) == 1 else []
    if chosen:
        members = sorted(a for a, c in catalogs.items() if c.plan and c.plan.parent == chosen[0])
        return chosen[0], members
    return None, sorted(catalogs)


class _TargetsOnly:
    """A plan seen as its targets of some indicators only, without its tasks (what compare
    judges)."""

    def __init__(self, catalog: Catalog, codes: set[str]) -> None:
        self.catalog = catalog
        self.year = catalog.year
        self.tolerance = catalog.tolerance
        self.targets = {k: t for k, t in catalog.targets.items() if indicator_of(t) in codes}
        self.tasks: dict[str, Any] = {}

    def target_lead(self, target: Target) -> str:
        return self.catalog.target_lead(target)

    def task_units(self, task: Any, role: str) -> list[str]:  # pragma: no cover - no tasks
        return []


def _compare_one(
    code: str,
    by_code: dict[str, list[tuple[str, Target]]],
    judged: dict[str, dict[str, Judgement]],
    above_targets: dict[str, Target],
    above: str | None,
    areas: list[str] | None,
) -> Compared:
    """One indicator: values in one unit, ranks, the parent's figure and the roll-up of
    ``areas`` (None: no roll-up; an area whose plan lacks the indicator makes it incomplete)."""
    from liuzhang.domain.quantities import QuantityError, convert
    from liuzhang.domain.rollup import AreaValue, RollUp, comparison_period, rank, rollup

    items = by_code[code]
    own = above_targets.get(code)
    first = own or items[0][1]
    unit, direction = first.unit, first.direction
    kind = rollup_of(first)
    rows = [AreaRow(a, t, judged[a][t.id], None, None) for a, t in items]
    values = [
        AreaValue(r.area, r.judgement.actual, r.target.unit, _end(r.judgement.period)) for r in rows
    ]
    refused = False
    try:
        for r in rows:
            r.actual = _convert(convert, r.judgement.actual, r.target.unit, unit)
            r.goal = _convert(convert, r.target.target, r.target.unit, unit)
    except QuantityError:
        refused = True
        for r in rows:
            r.actual, r.goal = r.judgement.actual, r.target.target
    period_end = comparison_period(values)
    if not refused:
        ranked = rank(
            [
                r.actual if v.period_end == period_end else None
                for r, v in zip(rows, values, strict=True)
            ],
            direction,
        )
        for r, n in zip(rows, ranked, strict=True):
            r.rank = n
    rows.sort(key=lambda r: (r.rank is None, r.rank or 0, r.area))
    parent_row = None
    if own is not None and above is not None:
        j = judged[above][own.id]
        parent_row = AreaRow(above, own, j, j.actual, own.target)
    result: RollUp | None = None
    if refused and areas is not None:
        from liuzhang.domain.rollup import UNITS

        result = RollUp(kind, None, unit, False, UNITS)
    elif areas is not None:
        weights = None
        if kind == "none" and first.weight:
            weights = _weights(first.weight, rows, by_code, judged)
        present = {r.area for r in rows}
        every = values + [AreaValue(a, None) for a in areas if a not in present]
        result = rollup(kind, sorted(every, key=lambda v: v.area), unit, weights)
    name = first.name
    period = next(
        (r.judgement.period for r in rows if _end(r.judgement.period) == period_end), None
    )
    compared = Compared(code, name, unit, direction, kind, period, rows, parent_row, result)
    compared.refused, compared.weight = refused, first.weight
    return compared


def _weights(
    weight: str,
    rows: list[AreaRow],
    by_code: dict[str, list[tuple[str, Target]]],
    judged: dict[str, dict[str, Judgement]],
) -> dict[str, Any]:
    """Per area, its value of the base indicator ``weight`` (areas without it left out)."""
    from liuzhang.domain.rollup import AreaValue

    bases = {a: t for a, t in by_code.get(weight, [])}
    out: dict[str, Any] = {}
    for r in rows:
        target = bases.get(r.area)
        if target is not None:
            j = judged[r.area][target.id]
            out[r.area] = AreaValue(r.area, j.actual, target.unit, _end(j.period))
    return out


def _convert(convert: Any, value: Decimal | None, unit: str | None, to: str | None) -> Any:
    if value is None or unit == to:  # the common case, and the cheap one
        return value
    return convert(value, unit or to, to)


def _end(period: str | None) -> str | None:
    """The ISO end date of a canonical period text (None for None)."""
    if period is None:
        return None
    from liuzhang.store import period_key

    return period_key(period)


def compare_model(
    data_dir: Path,
    db: str | None,
    year: int | None = None,
    as_of_text: str | None = None,
    indicator: str | None = None,
    parent: str | None = None,
) -> dict[str, Any]:
    """:func:`compare` as plain data (:func:`liuzhang.views.compare.comparison_model`): what
    ``compare`` shows and the bulletin's areas section holds."""
    from liuzhang.views.compare import comparison_model

    return comparison_model(compare(data_dir, db, year, as_of_text, indicator, parent))
