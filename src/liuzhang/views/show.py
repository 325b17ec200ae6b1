"""`liuzhang show`: the view model of one item, shared by the table (:mod:`liuzhang.render.show`)
and JSON."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from liuzhang.domain import tracking
from liuzhang.domain.lastyear import LastYear
from liuzhang.domain.observations import StoredValue
from liuzhang.plandata.catalog import Catalog
from liuzhang.views import plan
from liuzhang.views.bulletin import projection
from liuzhang.views.records import as_record as record
from liuzhang.views.records import json_number as num
from liuzhang.views.records import records

BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[Decimal | None], top: Decimal) -> str:
    """One character per month; blank where there is no value."""
    if top <= 0:
        top = Decimal(1)
    out = []
    for value in values:
        if value is None:
            out.append(" ")
            continue
        level = int((max(value, Decimal(0)) / top) * (len(BLOCKS) - 1))
        out.append(BLOCKS[min(max(level, 0), len(BLOCKS) - 1)])
    return "".join(out)


def build(
    catalog: Catalog,
    item: str,
    judgements: list[tracking.Judgement],
    history: list[StoredValue],
    as_of: int | None,
    lang: Any = "zh",
    last_year: LastYear | None = None,
) -> dict[str, Any]:
    """Everything about one target or task, as plain data (warnings' messages in ``lang``;
    ``last_year``: the target's value for the same period last year, in its status record)."""
    judgement = next((j for j in judgements if j.id == item), None)
    numbers = revision_numbers(history)
    rows = []
    for h, revision in zip(history, numbers, strict=True):
        rows.append(
            {
                "period": h.period,
                "value": h.value,
                "status": h.status,
                "unit": h.unit,
                "raw_value": h.raw_value,
                "raw_unit": h.raw_unit,
                "note": h.note,
                "revision": revision,
                "reported_by": h.reported_by,
                "source_file": h.source_file,
                "row": h.row,
                "sha256": h.sha256,
                "ingested_at": h.ingested_at,
                "reverted": h.reverted_at is not None,
                "flags": records(h.flags, lang),
            }
        )
    view: dict[str, Any] = {
        "id": item,
        "kind": "target" if item in catalog.targets else "task",
        "as_of": as_of,
        "status": record(judgement, lang, last_year) if judgement else None,
        "history": rows,
    }
    if item in catalog.targets:
        target = catalog.targets[item]
        view["definition"] = plan.target_record(catalog, target)
        view["sources"] = [{"ref": s.ref, "quote": s.quote} for s in target.sources]
        view["note"] = target.note
        path = tracking.expected_path(target)
        view["expected_path"] = [{"month": m, "expected": num(v)} for m, v in path]
        monthly = _monthly_actuals(history)
        view["monthly_actual"] = {str(m): num(v) for m, v in sorted(monthly.items())}
        goal = target.target or Decimal(0)
        top = max([goal, *(v for v in monthly.values())]) if monthly or goal else Decimal(1)
        view["sparkline"] = {
            "actual": sparkline([monthly.get(m) for m in range(1, 13)], top),
            "expected": sparkline([v for _, v in path], top) if path else "",
        }
        view["projection"] = projection(target, _latest_readings(history, as_of))
    else:
        task = catalog.tasks[item]
        view["definition"] = plan.task_record(catalog, task)
        view["text"] = task.text
        view["note"] = task.note
        view["checkpoints"] = [{"date": c.date, "what": c.what} for c in task.checkpoints]
    return view


def revision_numbers(history: list[StoredValue]) -> list[int]:
    """Per value (oldest first): 0 for the first value of its period, then 1, 2… for revisions.

    Periods that end on the same day are one period (2023-Q3 and 2023年1-9月; the annual figure
    and December's); a 旬 stays apart from its month.
    """
    seen: dict[tuple[str, bool], int] = {}
    numbers = []
    for h in sorted(history, key=lambda h: h.id):
        key = (str(h.period_end), h.period_kind == "dekad")
        seen[key] = seen.get(key, -1) + 1
        numbers.append((h.id, seen[key]))
    by_id = dict(numbers)
    return [by_id[h.id] for h in history]


def _latest_readings(history: list[StoredValue], as_of: int | None) -> list[tracking.Reading]:
    """The newest live value of each period end up to the as-of month, as the store keeps them
    (2023-Q3 then 2023年1-9月: the later one; a 旬 stays apart from its month)."""
    newest: dict[tuple[str, bool], StoredValue] = {}
    for h in sorted(history, key=lambda h: h.id):
        if h.reverted_at is None:
            newest[(str(h.period_end), h.period_kind == "dekad")] = h
    readings = [tracking.reading_from_row(h) for h in newest.values()]
    return [r for r in readings if as_of is None or r.end_month <= as_of]


def _monthly_actuals(history: list[StoredValue]) -> dict[int, Decimal]:
    """The newest live value per month-end (months, quarters, halves, years; 旬 values skipped)."""
    live = (tracking.reading_from_row(h) for h in history if h.reverted_at is None)
    return tracking.month_values(live)
