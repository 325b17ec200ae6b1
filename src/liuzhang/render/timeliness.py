"""The timeliness table (报送及时率) in words: its columns, cells and the sentence that says how
it is counted; shared by ``liuzhang timeliness`` and the bulletin's writers."""

from __future__ import annotations

from typing import Any

from liuzhang.i18n import Lang, word
from liuzhang.render.text import date_text, period_label

COUNT_KEYS = ("expected", "on_time", "late", "missing", "not_due")
RATE_KEYS = ("on_time_rate", "received_rate")


def keys(model: dict[str, Any]) -> list[str]:
    """The columns of the table: ``not_due`` only when some value is not yet due."""
    shown = [k for k in COUNT_KEYS if k != "not_due" or model["total"].get("not_due")]
    return ["unit", *shown, *RATE_KEYS]


def headers(model: dict[str, Any], lang: Lang = "zh") -> list[str]:
    return [word(f"tl_{k}", lang) for k in keys(model)]


def rate_text(rate: float | None) -> str:
    """0.8571 → 85.7%; “—” when nothing was due."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


def cells(row: dict[str, Any], model: dict[str, Any], lang: Lang = "zh") -> list[str]:
    """One row (or the total, ``unit`` absent: 合计) as texts, in the columns of :func:`keys`."""
    out = []
    for k in keys(model):
        if k == "unit":
            out.append(row.get("unit") or word("tl_total", lang))
        elif k in RATE_KEYS:
            out.append(rate_text(row[k]))
        else:
            out.append(str(row[k]))
    return out


def body(model: dict[str, Any], lang: Lang = "zh") -> list[list[str]]:
    """Every unit's row, worst first, then the total."""
    return [cells(r, model, lang) for r in model["rows"]] + [cells(model["total"], model, lang)]


def period_words(period: str, lang: Lang = "zh") -> str:
    """2023-06 → 2023年6月, 2023-Q2 → 2023年第2季度."""
    return period_label(period, lang)


def basis(model: dict[str, Any], lang: Lang = "zh") -> str:
    """How the table is counted: when the period's values were due, as of when."""
    reporting = model["reporting"]
    return word(
        "tl_basis_quarter" if "Q" in model["period"] else "tl_basis",
        lang,
        period=period_words(model["period"], lang),
        due=date_text(model["due"], lang),
        monthly=reporting["monthly_due_day"],
        quarterly=reporting["quarterly_due_day"],
        as_of=date_text(model["as_of"], lang),
    )
