"""The SQLite layout itself (schema 5): stores of earlier releases migrate without loss, and the
tables and views read with plain SQL, as an analyst would (sqlite3, DB Browser, datasette)."""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from liuzhang.domain.observations import Observation, StoredValue
from liuzhang.store import Store, open_store
from liuzhang.store.sqlite import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Written by release 96d5664 (schema 4): the shipped examples, a same-end revision in another
# period form (2023-Q2 then 2023年1-6月), a value with a plausibility flag, and a reverted ingest.
V4_STORE = FIXTURES / "store-v4.sqlite"
# What that release read from it: counts, ingests, latest() and history() of every item.
V4_EXPECTED = json.loads((FIXTURES / "store-v4.expected.json").read_text(encoding="utf-8"))


def _as_before(record: Any, keys: Any) -> dict[str, Any]:
    """A record as the dict row of the old release (the same keys)."""
    fields = dataclasses.asdict(record)
    return {key: fields[key] for key in keys}


def _copy(tmp_path: Path) -> Path:
    db = tmp_path / "store.sqlite"
    shutil.copy(V4_STORE, db)
    return db


def test_a_store_of_release_96d5664_migrates_without_loss(tmp_path: Path) -> None:
    db = _copy(tmp_path)
    with open_store(db, create=False) as store:
        assert store.schema_version() == SCHEMA_VERSION == 5
        assert store.counts() == V4_EXPECTED["counts"] == {"ingests": 17, "observations": 347}
        assert [r.as_dict() for r in store.ingests()] == V4_EXPECTED["ingests"]
        keys = V4_EXPECTED["latest"][0].keys()
        assert [_as_before(r, keys) for r in store.latest()] == V4_EXPECTED["latest"]
        for item, rows in V4_EXPECTED["history"].items():
            assert [_as_before(r, rows[0].keys()) for r in store.history(item)] == rows, item
        history = store.history("gdp_growth")
        latest = [r for r in store.latest() if r.item_id == "gdp_growth"]
    # the revision of 2023-Q2 by 2023年1-6月 (stored as 2023-06) survives, the later counting
    assert [(r.period, r.value, r.ingest_id) for r in history] == [
        ("2023-Q2", "7.35", 7),
        ("2023-06", "7.4", 16),
    ]
    assert [(r.period, r.value, r.note) for r in latest] == [
        ("2023-06", "7.4", "按半年报更正, 含逗号")
    ]


def test_the_migrated_store_takes_new_ingests_and_reverts(tmp_path: Path) -> None:
    """Ids go on after the migrated ones; a revert brings back the value before."""
    db = _copy(tmp_path)

    def june(store: Store) -> StoredValue:
        return next(
            r
            for r in store.latest()
            if (r.item_id, r.period) == ("key_project_investment", "2023-06")
        )

    with open_store(db, create=False) as store:
        old = june(store)
        assert (old.value, old.ingest_id, old.flags is not None) == ("790", 16, True)
        store.revert(16)
        back = june(store)
        assert (back.value, back.note, back.ingest_id) == ("7.9", "更正：剔除未入库项目", 8)
        new = Observation(
            "key_project_investment", "target", "2023-06", "month", "2023-06-30", 6,
            Decimal("8.1"), None, "亿元", "8.1", "亿元", None, "区发改财政局", 2,
        )  # fmt: skip
        summary = store.ingest("new.csv", "sha-new", "区发改财政局", [new], 1, 0)
        assert (summary.ingest_id, summary.revised) == (18, 1)
        assert (june(store).value, june(store).id) == ("8.1", 348)


def test_a_schema_3_store_is_migrated_to_one_value_per_period_end(tmp_path: Path) -> None:
    """Schema 3 had no flags field and kept 2023-Q2 and 2023-06 apart in ``current``: migrated,
    the later one counts, both stay in the history, and no value has flags."""
    db = _copy(tmp_path)
    conn = sqlite3.connect(db)
    conn.execute("ALTER TABLE segments DROP COLUMN flags")
    conn.execute("ALTER TABLE current DROP COLUMN flags")
    conn.execute("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with open_store(db, create=False) as store:
        latest = [(r.period, r.value, r.flags) for r in store.latest() if r.item_id == "gdp_growth"]
        history = [(r.period, r.value) for r in store.history("gdp_growth")]
        flagged = [r for r in store.latest() if r.flags]
        assert store.counts() == V4_EXPECTED["counts"]
    assert latest == [("2023-06", "7.4", None)]
    assert history == [("2023-Q2", "7.35"), ("2023-06", "7.4")]
    assert flagged == []


def test_the_views_read_with_plain_sql(tmp_path: Path) -> None:
    """``current_values`` and ``history`` are what the store API returns, column for column."""
    db = _copy(tmp_path)
    with open_store(db, create=False) as store:
        latest = [dataclasses.astuple(r) for r in store.latest()]
        history = [dataclasses.astuple(r) for r in store.history("gdp_growth")]
    conn = sqlite3.connect(db)
    try:
        assert conn.execute(
            "SELECT * FROM current_values ORDER BY item_id, period_end, id"
        ).fetchall() == [r[:-1] + r[-1:] for r in latest]
        assert (
            conn.execute(
                "SELECT * FROM history WHERE item_id = 'gdp_growth' ORDER BY period_end, id"
            ).fetchall()
            == history
        )
        tables = {
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")
        }
        assert tables == {
            "meta", "ingests", "items", "periods", "units", "reporters", "observations",
            "current", "history", "current_values",
        }  # fmt: skip
        # an analyst's query: the values a unit reported for June, with the file they came in
        june = conn.execute(
            """SELECT item_id, value, unit, source_file FROM current_values
               WHERE reported_by = '区应急局' AND period = '2023-06' ORDER BY item_id LIMIT 2"""
        ).fetchall()
        assert len(june) == 2 and all(r[3].endswith("区应急局_2023-06.csv") for r in june)
    finally:
        conn.close()


@pytest.mark.parametrize("table", ["observations", "items", "periods", "units", "reporters"])
def test_nothing_is_packed(tmp_path: Path, table: str) -> None:
    """No control characters of the old column-packed format remain in any text column."""
    db = _copy(tmp_path)
    open_store(db, create=False).close()
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(f"SELECT * FROM {table}").fetchall()
    finally:
        conn.close()
    texts = [v for row in rows for v in row if isinstance(v, str)]
    assert texts and not any(set(t) & {"\x1b", "\x1c", "\x1d", "\x1e", "\x1f"} for t in texts)


@pytest.mark.parametrize(
    ("note", "status", "unit", "flags"),
    [
        (None, None, None, None),  # every row empty: the INSERT spells NULL
        ("备注", "done", "万元", '[{"code":"x","params":{}}]'),  # every row the same
    ],
)
def test_empty_fields_are_null_whatever_the_mix(
    tmp_path: Path, note: str | None, status: str | None, unit: str | None, flags: str | None
) -> None:
    """The writer binds an empty field as "" or 0 and stores NULL: never "" or 0 in a column,
    whether a column is empty in every row, in some rows, or in none."""

    def obs(i: int, mixed: bool) -> Observation:
        empty = mixed and i % 2 == 0
        return Observation(
            f"item{i % 3}",
            "target",
            f"2023-{i % 12 + 1:02d}",
            "month",
            "2023-01-31",
            1,
            Decimal(i),
            None if empty else status,
            None if empty else unit,
            str(i),
            None if empty else unit,
            None if empty else note,
            None if empty else "区发改局",
            i + 2,
            None if empty else flags,
        )

    db = tmp_path / "s.sqlite"
    with open_store(db) as store:
        store.ingest("same.csv", "a" * 64, None, [obs(i, False) for i in range(6)], 6, 0)
        store.ingest("mixed.csv", "b" * 64, None, [obs(i, True) for i in range(6, 12)], 6, 0)
        history = [v for item in ("item0", "item1", "item2") for v in store.history(item)]
    assert len(history) == 12
    for v in history:
        empty = v.source_file == "mixed.csv" and v.row % 2 == 0
        assert (v.note, v.status, v.unit, v.raw_unit, v.flags) == (
            (None,) * 5 if empty else (note, status, unit, unit, flags)
        )
        assert v.reported_by == (None if empty else "区发改局")
    conn = sqlite3.connect(db)
    for column in ("status", "note", "flags", "raw_value", "value"):
        assert conn.execute(
            f"SELECT count(*) FROM observations WHERE {column} = ''"
        ).fetchone() == (0,)
    for column in ("unit", "raw_unit", "reported_by"):
        assert conn.execute(f"SELECT count(*) FROM observations WHERE {column} = 0").fetchone() == (
            0,
        )
    conn.close()
