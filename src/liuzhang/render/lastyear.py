"""去年同期 as text: one cell rule for the status table, ``show`` and every bulletin writer, and
the bulletin's overview sentence. Pure functions (no rich, no openpyxl)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, TypeVar

from liuzhang.i18n import Lang, word
from liuzhang.render.outtext import number_text

Number = Decimal | int | float
_T = TypeVar("_T")


def change_text(change: Number | None, unit: str | None, lang: Lang = "zh") -> str:
    """+0.7个百分点 (a rate), −3.2% (an amount); "" when there is no change."""
    if change is None or unit is None:
        return ""
    key = "last_year_change_pp" if unit == "pp" else "last_year_change_percent"
    return word(key, lang, change=number_text(change, signed=True))


def last_year_text(
    value: Number | None,
    change: Number | None = None,
    change_unit: str | None = None,
    unit: str | None = None,
    this_unit: str | None = None,
    lang: Lang = "zh",
) -> str:
    """A 去年同期 cell: 6.8（+0.7个百分点）; the value alone when there is no change; with its
    ``unit`` when it is not this year's ``this_unit`` (then never compared); "—" for none."""
    if value is None:
        return "—"
    shown = number_text(value) + (f" {unit}" if unit and unit != this_unit else "")
    changed = change_text(change, change_unit, lang)
    return word("last_year_cell", lang, value=shown, change=changed) if changed else shown


def record_text(record: Mapping[str, Any], lang: Lang = "zh") -> str:
    """The 去年同期 cell of a record (:func:`liuzhang.views.records.as_record`)."""
    return last_year_text(
        record.get("last_year"),
        record.get("last_year_change"),
        record.get("last_year_change_unit"),
        record.get("last_year_unit"),
        record.get("unit"),
        lang,
    )


def any_last_year(records: Iterable[Mapping[str, Any]]) -> bool:
    """Whether any record has a value last year (the 去年同期 column is shown only then)."""
    return any(r.get("last_year") is not None for r in records)


def ahead_text(headline: Mapping[str, Any], lang: Lang = "zh") -> str | None:
    """N 项指标好于去年同期（可比 M 项）: the bulletin's overview sentence; None when no target
    can be compared with last year."""
    compared = headline.get("compared_with_last_year")
    if not compared:
        return None
    ahead = headline.get("ahead_of_last_year") or 0
    return word("b_ahead_of_last_year", lang, ahead=ahead, compared=compared)


def last_year_table(
    table: Callable[[list[Any], list[list[Any]]], _T],
    headers: list[Any],
    rows: list[list[Any]],
    records: list[Mapping[str, Any]],
    after: int,
    shown: bool,
    lang: Lang = "zh",
    cell: Callable[[str], Any] = str,
) -> _T:
    """``table(headers, rows)`` with a 去年同期 column after column ``after`` when ``shown``
    (one cell per record, made by ``cell`` from :func:`record_text`)."""
    if shown:
        headers.insert(after + 1, word("last_year", lang))
        for row, record in zip(rows, records, strict=True):
            row.insert(after + 1, cell(record_text(record, lang)))
    return table(headers, rows)


def change_unit_word(unit: str | None, lang: Lang = "zh") -> str:
    """个百分点 or %: the unit of a change, for a column of its own (spreadsheets)."""
    if unit is None:
        return ""
    return word("last_year_unit_pp" if unit == "pp" else "last_year_unit_percent", lang)
