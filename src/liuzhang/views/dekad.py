"""The 旬简报 (ten-day brief): what the office knew at the end of a 旬 against the end of the one
before. Plain data (JSON-ready); :mod:`liuzhang.render.dekad` lays it out.

- **received**: the values whose file arrived within the 旬's dates (the one rule of arrival,
  :attr:`~liuzhang.domain.observations.StoredValue.arrived`), as they stood at its end (a value
  revised within the 旬 once, its newest), by the office that sent them, each with the value
  known before the 旬 for the same item and period (none: a new value); values reported for a
  旬 (period kind ``dekad``) apart.
- **the two judgements**: at the end of the 旬 and at the end of the one before, every item
  judged on the values that had arrived by then, as of the latest month of the plan's year whose
  values were due by then (:func:`~liuzhang.domain.dekads.judged_month`).
- **changes**: :func:`liuzhang.views.bulletin.status_changes` of the two judgements;
  **newly behind**: behind, missed or overdue at the end and not at the end of the 旬 before
  (an item whose first value shows it behind included); **not submitted**: what each office owes
  at the end (the ``liuzhang missing`` list of that judgement, by office).
- **received_offices**: per office that sent something in the 旬, how many values (targets,
  tasks), the periods, the arrival dates and how many changed an earlier value: the rows of the
  one-page brief's table (the per-value list stays in ``received``).

The changes and the newly-behind items are ordered as the bulletin's 督办清单
(:func:`~liuzhang.views.bulletin.watch_key` of their judgement at the end): the writers show the
gravest first and count the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from liuzhang.domain.dekads import arrived_within, known_by, month_due_date, previous_dekad
from liuzhang.domain.observations import StoredValue
from liuzhang.domain.periods import Period, month_period
from liuzhang.domain.tracking import Judgement
from liuzhang.plandata.catalog import Catalog
from liuzhang.views.bulletin import plan_identity, status_changes, watch_key
from liuzhang.views.records import json_number

# The statuses an item is "behind" in, for the newly-behind list.
BEHIND_STATUSES = ("behind", "missed", "overdue")


@dataclass(frozen=True)
class Standing:
    """Every item judged at the end of a 旬: ``as_of`` the plan month judged (None when none of
    the plan's months was due yet, and no judgement)."""

    end: date
    as_of: int | None
    judgements: list[Judgement] | None


def newly_behind(now: list[Judgement], before: list[Judgement] | None) -> list[dict[str, Any]]:
    """Items behind, missed or overdue now that were not before (none without a judgement
    before): ``from`` is the earlier status (None when the item was not judged)."""
    if before is None:
        return []
    earlier = {j.id: j.status for j in before}
    out = []
    for j in now:
        old = earlier.get(j.id)
        if j.status in BEHIND_STATUSES and old not in BEHIND_STATUSES:
            out.append(
                {
                    "id": j.id,
                    "name": j.name,
                    "kind": j.kind,
                    "battle": j.battle,
                    "from": old,
                    "to": j.status,
                    "actual": json_number(j.actual),
                    "expected": json_number(j.expected),
                    "gap": json_number(j.gap),
                    "unit": j.unit,
                    "period": j.period,
                    "lead": j.lead,
                }
            )
    return out


def build_dekad_brief(
    catalog: Catalog,
    dekad: Period,
    values: Sequence[StoredValue],
    now: Standing,
    before: Standing,
    owed: list[dict[str, Any]],
    due_day: int,
    lang: str = "zh",
) -> dict[str, Any]:
    """The brief of ``dekad`` from every stored value of the plan (``values``, revisions and
    reverted ones included), the two judgements, and ``owed``: the missing list of ``now``
    (:func:`liuzhang.services.missing_list`); ``due_day``: the plan's monthly due day."""
    previous = previous_dekad(dekad)
    received = _received(catalog, values, dekad, previous.end)
    plain = [r for r in received if r["period_kind"] != "dekad"]
    changes = (
        status_changes(now.judgements, before.judgements)
        if now.judgements is not None and before.judgements is not None
        else status_changes([], None)
    )
    behind = newly_behind(now.judgements or [], before.judgements)
    rank = {j.id: n for n, j in enumerate(sorted(now.judgements or [], key=watch_key))}
    for key in ("improved", "worsened", "new_overdue", "newly_missing"):
        changes[key] = ranked(changes[key], rank)
    behind = ranked(behind, rank)
    not_submitted = _by_office(owed)
    return {
        "kind": "dekad",
        "plan": catalog.plan_name(lang),
        "plan_info": plan_identity(catalog, lang),
        "year": catalog.year,
        "dekad": dekad.text,
        "month": dekad.end_month,
        "index": dekad.index,
        "start": dekad.start.isoformat(),
        "end": dekad.end.isoformat(),
        "previous": {
            "dekad": previous.text,
            "end": previous.end.isoformat(),
            **_judged(catalog.year, before, due_day),
        },
        **_judged(catalog.year, now, due_day),
        "due_day": due_day,
        "summary": {
            "received": len(plain),
            "received_offices": len({r["office"] for r in plain}),
            "dekad_values": len(received) - len(plain),
            "improved": len(changes["improved"]),
            "worsened": len(changes["worsened"]),
            "new_overdue": len(changes["new_overdue"]),
            "newly_missing": len(changes["newly_missing"]),
            "newly_behind": len(behind),
            "not_submitted_offices": len(not_submitted),
            "not_submitted_items": len(owed),
        },
        "received_offices": office_counts(received),
        "received": _grouped(plain),
        "dekad_values": [r for r in received if r["period_kind"] == "dekad"],
        "changes": changes,
        "newly_behind": behind,
        "not_submitted": not_submitted,
    }


def ranked(items: list[dict[str, Any]], rank: dict[str, int]) -> list[dict[str, Any]]:
    """``items`` in the order of ``rank`` (item id → place in the 督办清单), stably."""
    return sorted(items, key=lambda x: rank.get(x["id"], len(rank)))


def office_counts(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per office (in the rows' order), of the values received: how many, of which targets and
    tasks, the periods and arrival dates (sorted, distinct), how many revised an earlier value."""
    out: dict[str | None, dict[str, Any]] = {}
    for r in rows:
        o = out.setdefault(
            r["office"],
            {"office": r["office"], "values": 0, "targets": 0, "tasks": 0, "revised": 0},
        )
        o["values"] += 1
        o["targets" if r["kind"] == "target" else "tasks"] += 1
        o["revised"] += int(r["revised"])
        o.setdefault("periods", set()).add(r["period"])
        o.setdefault("arrived", set()).add(r["arrived"])
    return [
        {**o, "periods": sorted(o["periods"]), "arrived": sorted(o["arrived"])}
        for o in out.values()
    ]


def _judged(year: int, standing: Standing, due_day: int) -> dict[str, Any]:
    """The month a standing judges as of (canonical text) and the day its values were due."""
    if standing.as_of is None:
        return {"as_of": None, "as_of_due": None}
    due = month_due_date(year, standing.as_of, due_day)
    return {"as_of": month_period(year, standing.as_of).text, "as_of_due": due.isoformat()}


def _received(
    catalog: Catalog, values: Sequence[StoredValue], dekad: Period, previous_end: date
) -> list[dict[str, Any]]:
    """The values received within the 旬, as they stood at its end, in the plan's order, each with
    the value known before it for the same item and period."""
    current = {v.id for v in known_by(values, dekad.end)}
    earlier = {(v.item_id, v.period_end): v for v in known_by(values, previous_end)}
    order = {item: n for n, item in enumerate([*catalog.targets, *catalog.tasks])}
    rows: list[tuple[tuple[str, int, str], dict[str, Any]]] = []
    for v in arrived_within(values, dekad.start, dekad.end):
        if v.id not in current:
            continue  # revised again within the 旬: its newest is listed
        old = earlier.get((v.item_id, v.period_end))
        place = (v.reported_by or "", order.get(v.item_id, len(order)), v.period_end)
        rows.append(
            (
                place,
                {
                    "office": v.reported_by,
                    "id": v.item_id,
                    "name": _name(catalog, v.item_id),
                    "kind": v.kind,
                    "period": v.period,
                    "period_kind": v.period_kind,
                    "value": _number(v.value),
                    "status": v.status,
                    "unit": v.unit,
                    "earlier": None if old is None else _number(old.value),
                    "earlier_status": None if old is None else old.status,
                    "revised": old is not None,
                    "arrived": v.arrived.isoformat(),
                    "source_file": v.source_file,
                    "row": v.row,
                    "note": v.note or None,
                },
            )
        )
    return [row for _, row in sorted(rows, key=lambda r: r[0])]


def _grouped(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows by office (in the rows' order): ``[{office, values}]``."""
    out: dict[str | None, list[dict[str, Any]]] = {}
    for r in rows:
        out.setdefault(r["office"], []).append(r)
    return [{"office": office, "values": items} for office, items in out.items()]


def _by_office(owed: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The missing list (by unit already) as ``[{unit, items}]``."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in owed:
        out.setdefault(r["unit"], []).append({k: v for k, v in r.items() if k != "unit"})
    return [{"unit": unit, "items": items} for unit, items in out.items()]


def _name(catalog: Catalog, item_id: str) -> str:
    if item_id in catalog.targets:
        return catalog.targets[item_id].name
    task = catalog.tasks.get(item_id)
    return task.title if task is not None else item_id


def _number(text: str | None) -> int | float | None:
    return None if text is None else json_number(Decimal(text))
