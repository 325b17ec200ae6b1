"""The use case behind ``show``: one item's judgements and every stored value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from liuzhang.services import Judged, ServiceError, judge, load_plan, parse_as_of, read_store

if TYPE_CHECKING:
    from liuzhang.domain.observations import StoredValue
    from liuzhang.plandata.catalog import Catalog


@dataclass
class ItemHistory:
    catalog: Catalog
    judged: Judged | None  # None: no data yet
    history: list[StoredValue]


def item_history(
    data_dir: Path, db: str | None, item: str, as_of_text: str | None, plan: str | None = None
) -> ItemHistory:
    """One item's judgements and every stored value of the plan (``plan``, else the as-of's,
    else the newest; usage error for an unknown item)."""
    import difflib

    period = parse_as_of(as_of_text)
    catalog = load_plan(data_dir, plan, period.year if period else None)
    if item not in catalog.targets and item not in catalog.tasks:
        close = difflib.get_close_matches(item, [*catalog.targets, *catalog.tasks], n=1)
        raise ServiceError("unknown_item", 2, id=item, suggestion=close[0] if close else None)
    judged = judge(data_dir, db, as_of_text, catalog, require_data=False)
    key = catalog.key
    history = read_store(data_dir, db, lambda s: s.history(item, plan=key), area=key.area)
    return ItemHistory(catalog, judged, history)
