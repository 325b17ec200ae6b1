"""The use case behind ``report --dekad``: the 旬简报 (see :mod:`liuzhang.views.dekad`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from liuzhang.i18n import Lang, word
from liuzhang.services import Judged, ServiceError, load_plan, missing_list, read_store
from liuzhang.services.bulletin import Bulletin, document_date

if TYPE_CHECKING:
    from liuzhang.domain.observations import StoredValue
    from liuzhang.domain.periods import Period
    from liuzhang.plandata.catalog import Catalog
    from liuzhang.views.dekad import Standing


def parse_dekad(text: str) -> Period:
    """The 旬 ``--dekad`` names (``2023-06-中旬``, ``2023年6月中旬``); a usage error otherwise."""
    from liuzhang.domain.periods import parse_period

    period = parse_period(text)
    if period is None or period.kind != "dekad":
        raise ServiceError("dekad_malformed", 2, value=text)
    return period


def dekad_brief(
    data_dir: Path,
    db: str | None,
    dekad: str,
    lang: Lang = "zh",
    plan: str | None = None,
    date_text: str | None = None,
) -> Bulletin:
    """The 旬简报 of ``dekad`` for the plan ``plan`` names, else the plan of the 旬's year;
    ``date_text``: its date (成文日期, ISO, default today) as ``content["date"]``; the plan's
    document style with it (the 公文)."""
    from liuzhang.domain.dekads import previous_dekad
    from liuzhang.domain.plan import DocumentStyle, Reporting
    from liuzhang.views.dekad import build_dekad_brief

    period = parse_dekad(dekad)
    document = document_date(date_text)
    catalog = load_plan(data_dir, plan, None if plan else period.year)
    key = catalog.key
    items = [*catalog.targets, *catalog.tasks]
    values = read_store(
        data_dir,
        db,
        lambda s: [v for item in items for v in s.history(item, plan=key)],
        area=key.area,
    )
    reporting = catalog.plan.reporting if catalog.plan is not None else Reporting()
    due_day = reporting.monthly_due_day
    now = _standing(catalog, values, period.end, due_day)
    before = _standing(catalog, values, previous_dekad(period).end, due_day)
    owed = []
    if now.judgements is not None and now.as_of is not None:
        owed = missing_list(Judged(catalog, now.as_of, now.judgements, {}), None)
    content = build_dekad_brief(catalog, period, values, now, before, owed, due_day, lang)
    content["date"] = document
    style = catalog.plan.style if catalog.plan is not None else DocumentStyle()
    return Bulletin(word("file_dekad_brief", lang, period=period.text), content, style)


def _standing(catalog: Catalog, values: list[StoredValue], end: date, due_day: int) -> Standing:
    """Every item judged at the end of the day ``end`` on the values that had arrived by then,
    as of the latest month of the plan's year due by then."""
    from liuzhang.domain.dekads import judged_month, known_by
    from liuzhang.domain.tracking import judge_all, reading_from_row
    from liuzhang.views.dekad import Standing

    as_of = judged_month(end, due_day, catalog.year)
    if as_of is None:
        return Standing(end, None, None)
    readings = [reading_from_row(v) for v in known_by(values, end)]
    return Standing(end, as_of, judge_all(catalog, readings, as_of))
