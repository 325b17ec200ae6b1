"""The use case behind ``show``: one item's judgements and every stored value."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from liuzhang.services import Judged, ServiceError, judge, load_plan, read_store

if TYPE_CHECKING:
    from liuzhang.domain.observations import StoredValue
    from liuzhang.plandata.catalog import Catalog


@dataclass
class ItemHistory:
    catalog: Catalog
    judged: Judged | None  # None: no data yet
    history: list[StoredValue]


def item_history(
    data_dir: Path, db: str | None, item: str, as_of_text: str | None
) -> ItemHistory:
    """One item's judgements and every stored value (usage error for an unknown item)."""
    import difflib

    catalog = load_plan(data_dir)
    if item not in catalog.targets and item not in catalog.tasks:
        close = difflib.get_close_matches(item, [*catalog.targets, *catalog.tasks], n=1)
        raise ServiceError("unknown_item", 2, id=item, suggestion=close[0] if close else None)
    judged = judge(data_dir, db, as_of_text, catalog, require_data=False)
    history = read_store(data_dir, db, lambda s: s.history(item))
    return ItemHistory(catalog, judged, history)
