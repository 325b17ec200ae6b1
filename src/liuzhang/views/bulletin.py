"""The monthly bulletin (月通报) and quarterly review (季总结): one model, several writers.

``build_bulletin`` turns the plan and the stored values into plain data (JSON-ready); the
writers in :mod:`liuzhang.render.html`, :mod:`~liuzhang.render.xlsx` and
:mod:`~liuzhang.render.md` only lay that data out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from liuzhang.domain.lastyear import LastYear
from liuzhang.domain.model import Target
from liuzhang.domain.periods import Period, month_period, quarter_period
from liuzhang.domain.quantities import RATE_UNITS
from liuzhang.domain.tracking import (
    GRAVITY,
    TARGET_STATUSES,
    TASK_STATUSES,
    Judgement,
    Reading,
    expected_path,
    judge_all,
    month_values,
    newest,
    project,
    reading_order,
    summarize,
)
from liuzhang.plandata.catalog import Catalog
from liuzhang.views.records import as_record, json_number, records
from liuzhang.views.timeliness import build_timeliness, plan_reporting

WATCH_STATUSES = ("missed", "behind", "at_risk", "missing", "overdue")
# Order of the 督办清单: the gravest first.
_STATUS_ORDER = {"missed": -1, "behind": 0, "overdue": 0, "missing": 1, "at_risk": 2}
_COMMITMENT_ORDER = {"确保": 0, None: 1, "力争": 2}


def relative_shortfall(j: Judgement) -> Decimal:
    """How far short, as a share of what was expected (comparable across units)."""
    if j.gap is None or j.expected is None:
        return Decimal(0)
    shortfall = -j.gap if j.direction == "at_least" else j.gap
    if (j.unit or "") in RATE_UNITS:
        return shortfall / 100  # percentage points: small numbers, one scale
    return shortfall / abs(j.expected) if j.expected else shortfall


def watch_key(j: Judgement) -> tuple[int, int, Decimal, str]:
    """确保 before 力争, missed before behind before at risk, the largest gap first."""
    return (
        _COMMITMENT_ORDER.get(j.commitment, 1),
        _STATUS_ORDER.get(j.status, 3),
        -relative_shortfall(j),
        j.id,
    )


def status_changes(now: list[Judgement], before: list[Judgement] | None) -> dict[str, Any]:
    """What changed between two judgements of every item (the bulletin's and the 旬简报's):
    improved, worsened, newly overdue, newly missing (a value arriving is not progress)."""
    if before is None:
        return {
            "previous": None,
            "improved": [],
            "worsened": [],
            "new_overdue": [],
            "newly_missing": [],
        }
    earlier = {j.id: j for j in before}
    improved, worsened, new_overdue, newly_missing = [], [], [], []
    no_value = ("missing", "not_due")
    for j in now:
        old = earlier.get(j.id)
        if old is None:
            continue
        change = {
            "id": j.id,
            "name": j.name,
            "kind": j.kind,
            "battle": j.battle,
            "from": old.status,
            "to": j.status,
            "lead": j.lead,
        }
        if j.status == "missing" and old.status not in no_value:
            newly_missing.append(change)
        elif j.status in no_value or old.status in no_value or not (j.period and old.period):
            pass  # a value (or a task's first report) arriving is not progress
        elif GRAVITY[j.status] < GRAVITY[old.status]:
            improved.append(change)
        elif GRAVITY[j.status] > GRAVITY[old.status]:
            worsened.append(change)
        if j.status == "overdue" and old.status != "overdue":
            new_overdue.append(change)
    return {
        "improved": improved,
        "worsened": worsened,
        "new_overdue": new_overdue,
        "newly_missing": newly_missing,
    }


def build_bulletin(
    catalog: Catalog,
    readings: Iterable[Reading],
    month: int,
    quarter: int | None = None,
    ingests: list[dict[str, Any]] | None = None,
    lang: str = "zh",
    last_year: Mapping[str, LastYear] | None = None,
    arrivals: Mapping[tuple[str, date], date] | None = None,
    as_of: date | None = None,
    areas: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole bulletin for month ``month`` (or the quarterly review for ``quarter``); the
    plan's and battles' names and the warnings' messages in ``lang``; ``last_year``: per target,
    its value for the same period last year (:func:`liuzhang.domain.lastyear.last_year_all`).

    ``as_of`` (the bulletin's date) and ``arrivals`` (when each value first arrived): the
    各单位报送情况 section, ``"timeliness"`` (:func:`liuzhang.views.timeliness.build_timeliness`;
    None without ``as_of``). ``areas``: the areas under the plan's area compared (``report
    --areas``: the model of :func:`liuzhang.views.compare.comparison_model`, kept as ``areas``)."""
    readings = list(readings)
    past = last_year or {}
    now = judge_all(catalog, readings, month)
    step = 3 if quarter else 1
    before = judge_all(catalog, readings, month - step) if month - step >= 1 else None
    targets = [j for j in now if j.kind == "target"]
    tasks = [j for j in now if j.kind == "task"]
    changes = status_changes(now, before)
    changes["previous"] = (month - step) if before is not None else None
    changes["previous_period"] = _previous_period(catalog.year, month, quarter)
    headline = {
        "targets": summarize(targets),
        "tasks": summarize(tasks),
        "by_battle": [
            {
                "battle": n,
                "name": catalog.battle_name(n, lang),
                "targets": summarize(j for j in targets if j.battle == n),
                "tasks": summarize(j for j in tasks if j.battle == n),
            }
            for n in catalog.battle_numbers()
        ],
        "changes": changes,
        **ahead_of_last_year(targets, past),
    }
    battles = [
        {
            "battle": n,
            "name": catalog.battle_name(n, lang),
            "targets": [as_record(j, lang, past.get(j.id)) for j in targets if j.battle == n],
            "tasks": [as_record(j, lang) for j in tasks if j.battle == n],
        }
        for n in catalog.battle_numbers()
    ]
    watch = sorted((j for j in now if j.status in WATCH_STATUSES), key=watch_key)
    units = _units(catalog, now)
    by_item: dict[str, list[Reading]] = {}
    for reading in readings:
        by_item.setdefault(reading.item_id, []).append(reading)
    projections = []
    charts = []
    for target in catalog.targets.values():
        usable = [
            r for r in by_item.get(target.id, []) if r.end_month <= month and r.value is not None
        ]
        monthly = {m: json_number(v) for m, v in month_values(usable).items()}
        if monthly:
            charts.append(
                {
                    "id": target.id,
                    "name": target.name,
                    "unit": target.unit,
                    "measure": target.measure,
                    "direction": target.direction,
                    "target": json_number(target.target),
                    "expected": [
                        {"month": m, "value": json_number(v)} for m, v in expected_path(target)
                    ],
                    "actual": [{"month": m, "value": v} for m, v in monthly.items()],
                }
            )
        record = projection(target, usable)
        if record is not None:
            projections.append(
                {
                    "id": target.id,
                    "name": target.name,
                    "battle": target.battle,
                    "unit": target.unit,
                    "direction": target.direction,
                    "target": json_number(target.target),
                    **record,
                    "lead": catalog.target_lead(target),
                }
            )
    used_files = sorted({j.source_file for j in now if j.source_file})
    content = {
        "kind": "quarterly" if quarter else "monthly",
        "plan": catalog.plan_name(lang),
        "plan_info": plan_identity(catalog, lang),
        "year": catalog.year,
        "month": month,
        "quarter": quarter,
        "period": _period(catalog.year, month, quarter).text,
        "headline": headline,
        "battles": battles,
        "watchlist": [as_record(j, lang, past.get(j.id)) for j in watch],
        "units": units,
        "timeliness": None
        if as_of is None
        else build_timeliness(
            catalog,
            plan_reporting(catalog),
            _period(catalog.year, month, quarter),
            arrivals or {},
            as_of,
        ),
        "projections": projections,
        "charts": charts,
        "doubts": doubts(now, by_item, lang),
        "data_note": {
            "as_of": month_period(catalog.year, month).text,
            "stale": [_stale_record(j, catalog.year, month) for j in now if j.stale],
            "files": [f for f in (ingests or []) if f["file"] in used_files]
            if ingests
            else [{"file": f} for f in used_files],
            "tolerance": {
                "points": json_number(catalog.tolerance.points),
                "ratio": json_number(catalog.tolerance.ratio),
            },
        },
    }
    if areas is not None:
        content["areas"] = areas
    return content


def ahead_of_last_year(
    targets: Iterable[Judgement], last_year: Mapping[str, LastYear]
) -> dict[str, int]:
    """How many targets are ahead of last year's value for the same period (better in their
    direction), of how many can be compared (a value both years, in units that agree)."""
    compared = [last_year[j.id].ahead for j in targets if j.id in last_year]
    known = [a for a in compared if a is not None]
    return {"ahead_of_last_year": sum(known), "compared_with_last_year": len(known)}


def _period(year: int, month: int, quarter: int | None) -> Period:
    """The period the bulletin covers: the month, or the quarter of a review."""
    return quarter_period(year, quarter) if quarter else month_period(year, month)


def _previous_period(year: int, month: int, quarter: int | None) -> str | None:
    """The period compared with: the previous month, or the previous quarter of a review."""
    previous = _period(year, month, quarter).previous()
    return previous.text if previous else None


def _stale_record(j: Judgement, year: int, month: int) -> dict[str, Any]:
    """A stale item for the data note: what it used, what is due, and who owes it.

    A task's report is due every month from its lead units (the form lists it every month).
    """
    record = as_record(j)
    if j.kind == "task":
        record["due_period"] = j.due_period or month_period(year, month).text
        record["owes"] = j.owes or "、".join(j.lead)
    return record


def doubts(
    judgements: list[Judgement], by_item: dict[str, list[Reading]], lang: str = "zh"
) -> list[dict[str, Any]]:
    """The 数据疑点: every value judged that has plausibility warnings, by battle, with its
    warnings (messages in ``lang`` with their evidence), who sent it and from which file and row."""
    out = []
    for j in sorted((j for j in judgements if j.flags), key=lambda j: j.battle):
        reading = newest(r for r in by_item.get(j.id, []) if r.period == j.period)
        out.append(
            {
                "id": j.id,
                "kind": j.kind,
                "battle": j.battle,
                "name": j.name,
                "period": j.period,
                "value": json_number(reading.value),
                "status": reading.status,
                "unit": j.unit,
                "flags": records(j.flags, lang),
                "note": j.note,
                "reported_by": j.reported_by,
                "source_file": j.source_file,
                "row": reading.row,
            }
        )
    return out


def reached_since(target: Target, readings: Sequence[Reading]) -> Reading | None:
    """The reading from which an at-least cumulative target has stayed reached (None: the newest
    value does not reach it)."""
    goal = target.target
    if goal is None or target.direction != "at_least":
        return None
    since = None
    for reading in sorted(readings, key=reading_order, reverse=True):
        if reading.value is None or reading.value < goal:
            break
        since = reading
    return since


def projection(target: Target, readings: Sequence[Reading]) -> dict[str, Any] | None:
    """Year-end at the pace so far for a cumulative target, from the readings up to the as-of
    month; a target already reached says since when (``reached_period``), not a forecast."""
    usable = [r for r in readings if r.value is not None]
    if not usable:
        return None
    latest = newest(usable)
    result = project(target, latest)
    if result is None:
        return None
    reached = reached_since(target, usable)
    return {
        "actual": json_number(latest.value),
        "period": latest.period,
        "year_end": json_number(result.year_end),
        "reach_month": reached.end_month if reached else result.reach_month,
        "reaches_in_year": result.reaches_in_year,
        "reached_period": reached.period if reached else None,
    }


def _units(catalog: Catalog, judgements: list[Judgement]) -> list[dict[str, Any]]:
    """Per lead unit: its items by status, its watch items and what it owes."""
    out: dict[str, dict[str, Any]] = {}
    for j in judgements:
        for lead in j.lead:
            entry = out.setdefault(
                lead, {"unit": lead, "counts": Counter(), "watch": [], "owes": []}
            )
            entry["counts"][j.status] += 1
            if j.status in WATCH_STATUSES:
                entry["watch"].append(as_record(j))
        if j.owes:
            entry = out.setdefault(
                j.owes, {"unit": j.owes, "counts": Counter(), "watch": [], "owes": []}
            )
            entry["owes"].append(
                {"id": j.id, "name": j.name, "due_period": j.due_period, "last_period": j.period}
            )
    rows = []
    for entry in out.values():
        counts = entry["counts"]
        rows.append(
            {**entry, "counts": {s: counts.get(s, 0) for s in TARGET_STATUSES + TASK_STATUSES}}
        )
    rows.sort(key=lambda r: (-(len(r["watch"]) + len(r["owes"])), r["unit"]))
    return rows


def plan_identity(catalog: Catalog, lang: str = "zh") -> dict[str, Any]:
    """Who the bulletin is for and by (plan.yaml): area, title, name and office in ``lang`` (the
    Chinese ones without an English one), document, issuer, issued date and year."""
    info = catalog.plan
    if info is None:
        return {}
    return {
        "area": info.text("area", lang),
        "title": info.text("title", lang),
        "name": info.text("name", lang),
        "office": info.text("office", lang),
        "document": info.document,
        "issuer": info.issuer,
        "issued": info.issued,
        "year": info.year,
    }
