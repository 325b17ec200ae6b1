"""The use case behind ``timeliness`` (报送及时率), and the arrivals the bulletin's 各单位报送情况
section counts from (one home: :func:`arrivals`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liuzhang.services import ServiceError, load_plan, read_store

if TYPE_CHECKING:
    from liuzhang.domain.periods import Period
    from liuzhang.domain.plan import PlanKey
    from liuzhang.store import Store


def arrivals(store: Store, plan: PlanKey, items: Iterable[str]) -> dict[tuple[str, date], date]:
    """When the first live value of each (item, period end) of these items of ``plan`` arrived
    (:func:`liuzhang.domain.timeliness.first_arrivals` over each item's history)."""
    from liuzhang.domain.timeliness import first_arrivals

    return first_arrivals(v for item in sorted(set(items)) for v in store.history(item, plan=plan))


def as_of_date(text: str | None) -> date:
    """``--as-of-date`` (ISO), else today; a usage error when malformed."""
    from liuzhang.domain.timeliness import parse_received

    if text is None:
        return date.today()
    parsed = parse_received(text)
    if parsed is None:
        raise ServiceError("timeliness_date_malformed", 2, value=text)
    return parsed


def chosen_period(month: str | None, quarter: str | None) -> Period:
    """The month (``--month``) or quarter (``--quarter``) asked about: exactly one."""
    from liuzhang.domain.periods import parse_period

    if (month is None) == (quarter is None):
        raise ServiceError("timeliness_period_required", 2)
    period = parse_period(month or quarter or "")
    if period is None or period.kind != ("month" if month else "quarter"):
        raise ServiceError("timeliness_period_malformed", 2, value=month or quarter)
    return period


def timeliness(
    data_dir: Path,
    db: str | None,
    month: str | None,
    quarter: str | None,
    as_of: str | None = None,
    plan: str | None = None,
) -> dict[str, Any]:
    """Per unit owing values for the month or quarter: expected, on time, late, missing, not yet
    due as of ``as_of`` (default today), the rates and the total (see
    :func:`liuzhang.views.timeliness.build_timeliness`), with ``plan`` (the plan's area/year)
    and ``items``: each value that came late or not at all."""
    from liuzhang.domain.timeliness import expected_in
    from liuzhang.views.timeliness import (
        build_timeliness,
        judge_period,
        overdue_items,
        plan_reporting,
    )

    period = chosen_period(month, quarter)
    day = as_of_date(as_of)
    catalog = load_plan(data_dir, plan, period.year)  # the period's year's (usage error else)
    key = catalog.key
    reporting = plan_reporting(catalog)
    items = [e.item_id for e in expected_in(catalog, period)]
    found = read_store(data_dir, db, lambda s: [arrivals(s, key, items)], area=key.area)
    arrived = found[0] if found else {}
    model = build_timeliness(catalog, reporting, period, arrived, day)
    judged = judge_period(catalog, reporting, period, arrived, day)
    names = {t.id: t.name for t in catalog.targets.values()}
    return {"plan": str(key), **model, "items": overdue_items(judged, names)}
