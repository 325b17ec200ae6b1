"""The use case behind ``report``: the monthly bulletin or the quarterly review."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liuzhang.domain.plan import DocumentStyle
from liuzhang.i18n import Lang, word
from liuzhang.services import ServiceError, judge, read_store


@dataclass
class Bulletin:
    stem: str  # file name without the extension
    content: dict[str, Any]
    style: DocumentStyle = field(default_factory=DocumentStyle)  # the plan's 公文 fonts


def bulletin(
    data_dir: Path,
    db: str | None,
    month: str | None,
    quarter: str | None,
    lang: Lang = "zh",
    plan: str | None = None,
    date: str | None = None,
    areas: bool = False,
) -> Bulletin:
    """The monthly bulletin (``month``) or quarterly review (``quarter``, exactly one is given)
    of the plan ``plan`` names, else of the period's year; ``date``: its date (成文日期, ISO,
    default today) as ``content["date"]``; ``areas``: with the areas under the plan's area
    compared (``content["areas"]``, as ``compare --parent`` gives them)."""
    from datetime import date as Date

    from liuzhang.domain.periods import month_period, parse_period
    from liuzhang.domain.timeliness import expected_in
    from liuzhang.services.timeliness import arrivals
    from liuzhang.views.bulletin import build_bulletin

    if (month is None) == (quarter is None):
        raise ServiceError("report_period_required", 2)
    period = parse_period(month or quarter or "")
    wanted_kind = "month" if month else "quarter"
    if period is None or period.kind != wanted_kind:
        raise ServiceError("report_period_malformed", 2, value=month or quarter)
    # the plan the period's month belongs to (or --plan's), chosen and loaded once by judge
    judged = judge(data_dir, db, month_period(period.year, period.end_month).text, plan=plan)
    # none yet: all is missing
    key = judged.catalog.key
    day = document_date(date)  # 各单位报送情况 is as of the bulletin's date
    items = [e.item_id for e in expected_in(judged.catalog, period)]
    found = read_store(
        data_dir, db, lambda s: [(s.ingests(plan=key), arrivals(s, key, items))], area=key.area
    )
    records, arrived = found[0] if found else ([], {})
    ingests = [r.as_dict() for r in records]
    readings = [r for rs in judged.readings.values() for r in rs]
    compared = None
    if areas:
        from liuzhang.services.compare import compare_model

        as_of = month_period(period.year, period.end_month).text
        compared = compare_model(data_dir, db, key.year, as_of, parent=key.area)
    content = build_bulletin(
        judged.catalog,
        readings,
        period.end_month,
        quarter=period.index if wanted_kind == "quarter" else None,
        ingests=ingests,
        lang=lang,
        last_year=judged.last_year,
        arrivals=arrived,
        as_of=Date.fromisoformat(day),
        areas=compared,
    )
    content["date"] = day
    kind = "file_bulletin_quarter" if wanted_kind == "quarter" else "file_bulletin_month"
    stem = word(kind, lang, period=period.text)  # the file name, in the bulletin's language
    info = judged.catalog.plan
    return Bulletin(stem, content, info.style if info is not None else DocumentStyle())


def document_date(text: str | None) -> str:
    """The date a document bears (``--date``, ISO), else today; a usage error when malformed."""
    from datetime import date

    if text is None:
        return date.today().isoformat()
    try:
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise ServiceError("report_date_malformed", 2, value=text) from None
