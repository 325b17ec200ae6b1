"""Judgements as plain records: the JSON/CSV shape shared by status, show and the bulletin."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from liuzhang.domain.plausibility import Flag, from_json
from liuzhang.domain.quantities import json_number as to_json_number
from liuzhang.domain.tracking import Judgement
from liuzhang.i18n import message

if TYPE_CHECKING:
    from liuzhang.domain.lastyear import LastYear

# The 去年同期 fields of a record (null when the target has no value last year).
LAST_YEAR_FIELDS = (
    "last_year",
    "last_year_period",
    "last_year_unit",
    "last_year_change",
    "last_year_change_unit",
    "last_year_ahead",
)


def json_number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number rounded to 4 decimals (int when whole)."""
    return to_json_number(value, 4)


def flag_message(flag: Flag, lang: Any = "zh") -> str:
    """A warning in ``lang`` (a task's status in words: 推进中, not in_progress)."""
    return message(flag.code, lang, **flag.params)


def records(text: str | None, lang: Any = "zh") -> list[dict[str, Any]]:
    """Stored flags as ``{code, message, params}`` records (JSON output, the bulletin)."""
    return [
        {"code": f.code, "message": flag_message(f, lang), "params": f.params}
        for f in from_json(text)
    ]


def as_record(j: Judgement, lang: Any = "zh", last_year: LastYear | None = None) -> dict[str, Any]:
    """The JSON/CSV shape of a judgement (used by status, show and the bulletin).

    ``flags``: the warnings of the value judged as ``{code, message, params}`` (messages in
    ``lang``), ``[]`` when there are none; ``note``: the office's 备注 of that value;
    ``last_year…``: the same period last year (:func:`last_year_record`).
    """
    n = json_number
    return {
        "id": j.id,
        "kind": j.kind,
        "battle": j.battle,
        "name": j.name,
        "status": j.status,
        "actual": n(j.actual),
        "expected": n(j.expected),
        "gap": n(j.gap),
        "target": n(j.target),
        "remaining": n(j.remaining),
        "unit": j.unit,
        "direction": j.direction,
        "measure": j.measure,
        "commitment": j.commitment,
        "period": j.period,
        "due_period": j.due_period,
        "stale": j.stale,
        "owes": j.owes,
        "lead": j.lead,
        "responsible": j.responsible,
        "deadline": j.deadline,
        "progress": n(j.progress),
        "reported_by": j.reported_by,
        "source_file": j.source_file,
        **last_year_record(last_year),
        "flags": records(j.flags, lang),
        "note": j.note,
    }


def last_year_record(found: LastYear | None) -> dict[str, Any]:
    """The 去年同期 fields: last year's value for the same period (``last_year``, in
    ``last_year_unit``), its period, the change (``pp``: percentage points, ``%``: percent) and
    whether this year's value is ahead; all null when there is none."""
    if found is None:
        return dict.fromkeys(LAST_YEAR_FIELDS)
    return {
        "last_year": json_number(found.value),
        "last_year_period": found.period,
        "last_year_unit": found.unit,
        "last_year_change": json_number(found.change),
        "last_year_change_unit": found.change_unit,
        "last_year_ahead": found.ahead,
    }


def csv_flags(record: dict[str, Any]) -> dict[str, Any]:
    """A record of :func:`as_record` for CSV: its warnings as their messages joined by “；”."""
    return {**record, "flags": "；".join(f["message"] for f in record["flags"])}
