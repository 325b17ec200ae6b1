"""The comparison of areas as plain data (JSON-ready): ``compare``'s table, JSON and CSV, and the
bulletin's areas section are all laid out from :func:`comparison_model`."""

from __future__ import annotations

from typing import Any

from liuzhang.domain.periods import month_period
from liuzhang.domain.rollup import AreaRow, Compared, Comparison, RollUp
from liuzhang.views.records import json_number

# The columns of every row (an area's, and the parent's roll-up row: ``row`` says which).
ROW_COLUMNS = [
    "indicator",
    "name",
    "row_type",
    "area",
    "actual",
    "target",
    "status",
    "rank",
    "unit",
    "period",
    "direction",
    "id",
    "rollup",
    "rollup_kind",
    "rollup_complete",
    "rollup_reason",
    "rollup_missing",
]


def comparison_model(c: Comparison) -> dict[str, Any]:
    """The comparison: the month, the parent and its areas, and per indicator its rows (best
    first, unranked last) and the parent's roll-up row (None without a parent)."""
    return {
        "year": c.year,
        "as_of": month_period(c.year, c.as_of).text,
        "parent": c.parent,
        "areas": list(c.areas),
        "indicators": [_indicator(x, c.parent) for x in c.indicators],
        "warnings": [{"code": code, "params": params} for code, params in c.warnings],
    }


def rows(model: dict[str, Any]) -> list[dict[str, Any]]:
    """The flat rows of ``compare --format json/csv``: each indicator's areas, then its roll-up
    row."""
    out: list[dict[str, Any]] = []
    for item in model["indicators"]:
        out += item["rows"]
        if item["parent_row"] is not None:
            out.append(item["parent_row"])
    return out


def _indicator(x: Compared, parent: str | None) -> dict[str, Any]:
    base = {"indicator": x.indicator, "name": x.name}
    return {
        **base,
        "unit": x.unit,
        "direction": x.direction,
        "rollup_kind": x.rollup_kind,
        "weight": x.weight,
        "period": x.period,
        "refused": x.refused,
        "rows": [_row(base, r, x, "area") for r in x.rows],
        "parent_row": None if parent is None else _parent_row(base, x, parent),
    }


def _row(base: dict[str, Any], r: AreaRow, x: Compared, kind: str) -> dict[str, Any]:
    return {
        **base,
        "row_type": kind,
        "area": r.area,
        "actual": json_number(r.actual),
        "target": json_number(r.goal),
        "status": r.judgement.status,
        "rank": r.rank,
        "unit": x.unit if not x.refused else r.target.unit,
        "period": r.judgement.period,
        "direction": r.target.direction,
        "id": r.target.id,
        "rollup": None,
        "rollup_kind": None,
        "rollup_complete": None,
        "rollup_reason": None,
        "rollup_missing": [],
    }


def _parent_row(base: dict[str, Any], x: Compared, parent: str) -> dict[str, Any]:
    own = x.parent
    roll: RollUp | None = x.rollup
    return {
        **base,
        "row_type": "rollup",
        "area": parent,
        "actual": json_number(own.actual) if own else None,
        "target": json_number(own.goal) if own else None,
        "status": own.judgement.status if own else None,
        "rank": None,
        "unit": x.unit,
        "period": own.judgement.period if own else None,
        "direction": x.direction,
        "id": own.target.id if own else None,
        "rollup": json_number(roll.value) if roll else None,
        "rollup_kind": x.rollup_kind,
        "rollup_complete": roll.complete if roll else False,
        "rollup_reason": roll.reason if roll else None,
        "rollup_missing": list(roll.missing) if roll else [],
    }
