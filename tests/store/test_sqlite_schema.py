"""The SQLite layout itself (schema 7): stores of earlier releases migrate without loss (their
values becoming the plans of an area), and the tables and views read with plain SQL, as an
analyst would (sqlite3, DB Browser, datasette)."""

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
from liuzhang.domain.plan import PlanKey
from liuzhang.i18n import message
from liuzhang.store import PlanSpan, Store, StoreError, open_store, read_only
from liuzhang.store.sqlite import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Written by release 96d5664 (schema 4): the shipped examples, a same-end revision in another
# period form (2023-Q2 then 2023年1-6月), a value with a plausibility flag, and a reverted ingest.
V4_STORE = FIXTURES / "store-v4.sqlite"


# What that release read from it: counts, ingests, latest() and history() of every item.
def _arrival_unknown(expected: Any) -> Any:
    """What an old release read, with ``received`` unknown (None) on every ingest and value:
    stores written before it was kept say nothing of when a file arrived beyond its ingest."""
    if isinstance(expected, dict):
        if "ingested_at" in expected:
            return {**expected, "received": None}
        return {k: _arrival_unknown(v) for k, v in expected.items()}
    if isinstance(expected, list):
        return [_arrival_unknown(v) for v in expected]
    return expected


V4_EXPECTED = _arrival_unknown(
    json.loads((FIXTURES / "store-v4.expected.json").read_text(encoding="utf-8"))
)
# Written by release b3d52e6 (schema 5, before plans were kept apart): examples/2023-05/* then
# examples/2023-06/* ingested with its CLI (a correction among them), then ingest 11 reverted.
V5_STORE = FIXTURES / "store-v5.sqlite"
# What that release read from it: counts, ingests, latest() and history() of every item (every
# field of every value, reverted ones included).
V5_EXPECTED = _arrival_unknown(
    json.loads((FIXTURES / "store-v5.expected.json").read_text(encoding="utf-8"))
)
# Written by the foundation commit 162c62a (schema 6, before the store kept ``received``):
# examples/2023-05/* then examples/2023-06/* one file at a time through its CLI (the correction
# of 区发改财政局 among them), then ingest 11 reverted.
V6_STORE = FIXTURES / "store-v6.sqlite"
# What that release read from it (``received`` None: it did not keep it): counts, ingests,
# latest() and history() of every item with values, every field.
V6_EXPECTED = json.loads((FIXTURES / "store-v6.expected.json").read_text(encoding="utf-8"))
AREA = "大通湖区"
PLAN = PlanKey(AREA, 2023)


def _as_before(record: Any, keys: Any) -> dict[str, Any]:
    """A record as the dict row of the old release (the same keys)."""
    fields = dataclasses.asdict(record)
    return {key: fields[key] for key in keys}


def _copy(tmp_path: Path, fixture: Path = V4_STORE) -> Path:
    db = tmp_path / "store.sqlite"
    shutil.copy(fixture, db)
    return db


def test_a_store_of_release_96d5664_migrates_without_loss(tmp_path: Path) -> None:
    db = _copy(tmp_path)
    with open_store(db, create=False, legacy_area=AREA) as store:
        assert store.schema_version() == SCHEMA_VERSION == 7
        assert store.counts() == V4_EXPECTED["counts"] == {"ingests": 17, "observations": 347}
        for plan in (PLAN, None):  # every ingest stored values of 2023
            assert [r.as_dict() for r in store.ingests(plan=plan)] == V4_EXPECTED["ingests"]
        keys = V4_EXPECTED["latest"][0].keys()
        for plan in (PLAN, None):
            assert [_as_before(r, keys) for r in store.latest(plan=plan)] == V4_EXPECTED["latest"]
            for item, rows in V4_EXPECTED["history"].items():
                got = [_as_before(r, rows[0].keys()) for r in store.history(item, plan=plan)]
                assert got == rows, item
        assert store.latest(plan=PlanKey(AREA, 2024)) == []
        assert store.plans() == [PlanSpan(PLAN, 343, 16, "2023-05", "2023-06")]
        history = store.history("gdp_growth", plan=PLAN)
        latest = [r for r in store.latest(plan=PLAN) if r.item_id == "gdp_growth"]
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

    with open_store(db, create=False, legacy_area=AREA) as store:
        old = june(store)
        assert (old.value, old.ingest_id, old.flags is not None) == ("790", 16, True)
        store.revert(16)
        back = june(store)
        assert (back.value, back.note, back.ingest_id) == ("7.9", "更正：剔除未入库项目", 8)
        new = Observation(
            "key_project_investment", "target", "2023-06", "month", "2023-06-30", 6,
            Decimal("8.1"), None, "亿元", "8.1", "亿元", None, "区发改财政局", 2,
        )  # fmt: skip
        summary = store.ingest("new.csv", "sha-new", "区发改财政局", [new], 1, 0, plan=PLAN)
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
    with open_store(db, create=False, legacy_area=AREA) as store:
        latest = [(r.period, r.value, r.flags) for r in store.latest() if r.item_id == "gdp_growth"]
        history = [(r.period, r.value) for r in store.history("gdp_growth")]
        flagged = [r for r in store.latest() if r.flags]
        assert store.counts() == V4_EXPECTED["counts"]
    assert latest == [("2023-06", "7.4", None)]
    assert history == [("2023-Q2", "7.35"), ("2023-06", "7.4")]
    assert flagged == []


def test_the_views_read_with_plain_sql(tmp_path: Path) -> None:
    """``current_values`` and ``history`` are what the store API returns, column for column,
    then the plan's area and year."""
    db = _copy(tmp_path)
    with open_store(db, create=False, legacy_area=AREA) as store:
        latest = [(*dataclasses.astuple(r), AREA, 2023) for r in store.latest()]
        history = [(*dataclasses.astuple(r), AREA, 2023) for r in store.history("gdp_growth")]
    conn = sqlite3.connect(db)
    try:
        assert (
            conn.execute(
                """SELECT * FROM current_values WHERE area = '大通湖区' AND plan_year = 2023
                   ORDER BY item_id, period_end, id"""
            ).fetchall()
            == latest
        )
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
            "meta", "ingests", "plans", "items", "periods", "units", "reporters", "observations",
            "current", "ingest_plans", "history", "current_values",
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
    open_store(db, create=False, legacy_area=AREA).close()
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
        store.ingest("same.csv", "a" * 64, None, [obs(i, False) for i in range(6)], 6, 0, plan=PLAN)
        store.ingest(
            "mixed.csv", "b" * 64, None, [obs(i, True) for i in range(6, 12)], 6, 0, plan=PLAN
        )
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


# -- schema 5 (release b3d52e6) to 6: the values become the plans of an area --------------------


def _read_all(store: Store, plan: PlanKey | None, expected: Any = None) -> dict[str, Any]:
    """What the expected file holds, read of ``plan`` (None: of every plan)."""
    expected = V5_EXPECTED if expected is None else expected
    return {
        "counts": store.counts(),
        "ingests": [r.as_dict() for r in store.ingests(plan=plan)],
        "latest": [dataclasses.asdict(r) for r in store.latest(plan=plan)],
        "history": {
            item: [dataclasses.asdict(r) for r in store.history(item, plan=plan)]
            for item in expected["history"]
        },
    }


def test_a_store_of_release_b3d52e6_migrates_without_loss(tmp_path: Path) -> None:
    """The log, the current values, and every value and revision (reverted ones included), field
    for field, are what that release read, now all of the plan 大通湖区/2023."""
    db = _copy(tmp_path, V5_STORE)
    with open_store(db, create=False, legacy_area=AREA) as store:
        assert store.schema_version() == 7
        assert _read_all(store, PLAN) == _read_all(store, None) == V5_EXPECTED
        assert store.plans() == [PlanSpan(PLAN, 302, 14, "2023-05", "2023-06")]
        assert _read_all(store, PlanKey("南县", 2023))["latest"] == []
        observations = [v for r in store.ingests() for v in store.observations(r.id)]
    assert V5_EXPECTED["counts"] == {"ingests": 15, "observations": 344}
    assert len(V5_EXPECTED["latest"]) == 302
    reverted = [v for v in observations if v.reverted_at is not None]
    assert {v.ingest_id for v in reverted} == {11} and len(reverted) == 41
    # the correction of June's key project investment is a revision; the later one counts
    june = [
        v for v in observations if (v.item_id, v.period) == ("key_project_investment", "2023-06")
    ]
    assert [(v.value, v.ingest_id) for v in june] == [("7.5", 7), ("7.9", 8)]
    assert [
        (v["value"], v["ingest_id"])
        for v in V5_EXPECTED["latest"]
        if (v["item_id"], v["period"]) == ("key_project_investment", "2023-06")
    ] == [("7.9", 8)]


def test_reading_migrates_it_with_the_area_of_the_plan_read(tmp_path: Path) -> None:
    """The read path the commands take (``read_only``) migrates a writable old store with the
    area it is given, then reads it read-only."""
    db = _copy(tmp_path, V5_STORE)
    assert read_only(db, lambda s: _read_all(s, PLAN), legacy_area=AREA) == V5_EXPECTED
    with open_store(db, create=False) as store:  # migrated: no area needed any more
        assert store.schema_version() == 7


@pytest.mark.parametrize("fixture", [V4_STORE, V5_STORE], ids=["v4", "v5"])
@pytest.mark.parametrize("how", ["open", "read"])
def test_an_old_store_with_values_and_no_area_is_refused_untouched(
    tmp_path: Path, fixture: Path, how: str
) -> None:
    db = _copy(tmp_path, fixture)
    before = db.read_bytes()
    with pytest.raises(StoreError) as caught:
        if how == "open":
            open_store(db, create=False)
        else:
            read_only(db, lambda s: s.latest())
    error = caught.value
    version = 4 if fixture == V4_STORE else 5
    assert (error.code, error.params) == (
        "store_migration_needs_area",
        {"path": str(db), "version": version},
    )
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.sqlite"]
    assert message(error.code, "zh", **error.params) == (
        f"数据库 {db} 来自旧版本（数据库版本 {version}），其中的数据需归入某个地区的计划才能升级："
        "请运行一个带 --plan 的命令（如 liuzhang status --plan 2023），其数据将归入该计划所在地区"
        "相应年份的计划（数据库未做任何修改）"
    )
    english = message(error.code, "en", **error.params)
    assert str(db) in english and "--plan" in english and "nothing was changed" in english


@pytest.mark.parametrize(
    ("fixture", "tables"),
    [
        (V4_STORE, ("segments", "dictionaries", "current", "ingests")),
        (V5_STORE, ("current", "observations", "items", "ingests")),
    ],
    ids=["v4", "v5"],
)
def test_an_empty_old_store_migrates_without_an_area(
    tmp_path: Path, fixture: Path, tables: tuple[str, ...]
) -> None:
    db = _copy(tmp_path, fixture)
    conn = sqlite3.connect(db)
    for table in tables:
        conn.execute(f"DELETE FROM {table}")
    conn.commit()
    conn.close()
    with open_store(db, create=False) as store:
        assert (store.schema_version(), store.plans(), store.latest()) == (7, [], [])
        assert store.counts() == {"ingests": 0, "observations": 0}


def _layout(db: Path) -> list[tuple[str, ...]]:
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))
    finally:
        conn.close()


@pytest.mark.parametrize("fixture", [V4_STORE, V5_STORE, V6_STORE], ids=["v4", "v5", "v6"])
def test_a_migrated_store_has_the_layout_of_a_new_one(tmp_path: Path, fixture: Path) -> None:
    """Every table, index and view, statement for statement (the items' REFERENCES too)."""
    db = _copy(tmp_path, fixture)
    open_store(db, create=False, legacy_area=AREA).close()
    new = tmp_path / "new.sqlite"
    open_store(new).close()
    assert _layout(db) == _layout(new)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_values_of_two_years_become_the_plans_of_their_years(tmp_path: Path) -> None:
    """An item with values of 2023 and 2024 in an old store becomes an item of each plan; each
    value lands in the plan of its period's year and still counts where it counted."""
    db = _copy(tmp_path, V5_STORE)
    conn = sqlite3.connect(db)
    conn.execute(
        """INSERT INTO periods (period, period_kind, period_end, end_month)
           VALUES ('2024-05', 'month', '2024-05-31', 5)"""
    )
    # ingest 1 (examples/2023-05/区发改财政局) as if it had reported May 2024
    conn.execute(
        """UPDATE observations SET period = (SELECT id FROM periods WHERE period = '2024-05')
           WHERE ingest_id = 1"""
    )
    conn.commit()
    before = conn.execute(
        """SELECT o.id, i.item_id, p.period, c.observation_id IS NOT NULL FROM observations o
           JOIN items i ON i.id = o.item JOIN periods p ON p.id = o.period
           LEFT JOIN current c ON c.observation_id = o.id ORDER BY o.id"""
    ).fetchall()
    conn.close()
    may = {r[0] for r in before if r[2] == "2024-05"}
    assert len(may) == 42
    later = PlanKey(AREA, 2024)
    with open_store(db, create=False, legacy_area=AREA) as store:
        by_plan = {
            plan: [
                (v.id, v.item_id, v.period, True)
                for item in V5_EXPECTED["history"]
                for v in store.history(item, plan=plan)
            ]
            for plan in (PLAN, later)
        }
        current = {plan: {v.id for v in store.latest(plan=plan)} for plan in (PLAN, later, None)}
        assert [r.id for r in store.ingests(plan=later)] == [1]
        assert store.ingests(plan=PLAN)[0].id == 2
        spans = store.plans()
        key_project = {
            plan: [(v.period, v.value) for v in store.history("key_project_investment", plan=plan)]
            for plan in (PLAN, later)
        }
    assert {r[0] for r in by_plan[later]} == may
    assert sorted(r[0] for plan in by_plan.values() for r in plan) == [r[0] for r in before]
    assert all(r[2].startswith("2023") for r in by_plan[PLAN])
    assert current[PLAN] | current[later] == current[None] == {r[0] for r in before if r[3]}
    assert current[later] == may
    assert [(s.plan, s.values, s.first_period, s.last_period) for s in spans] == [
        (PLAN, 302 - 42, "2023-05", "2023-06"),
        (later, 42, "2024-05", "2024-05"),
    ]
    # reported in May (moved to 2024) and June 2023: an item of each plan
    assert key_project == {
        PLAN: [("2023-06", "7.5"), ("2023-06", "7.9")],
        later: [("2024-05", "5.81")],
    }


@pytest.mark.parametrize("version", [1, 2])
def test_a_schema_1_or_2_store_of_two_years_becomes_two_plans(tmp_path: Path, version: int) -> None:
    """Stores of schemas 1-4 are rebuilt value by value: each value in the plan of its year."""
    from test_store_safety import _old_store

    db = tmp_path / "old.sqlite"
    _old_store(db, version)  # new_urban_jobs: 2023-05, 2023-06, its revision, a reverted one
    conn = sqlite3.connect(db)
    conn.execute(
        "UPDATE observations SET period = '2024-05', period_end = '2024-05-31' WHERE id = 1"
    )
    conn.commit()
    conn.close()
    later = PlanKey(AREA, 2024)
    with open_store(db, create=False, legacy_area=AREA) as store:
        history = {
            plan: [(v.id, v.period, v.value) for v in store.history("new_urban_jobs", plan=plan)]
            for plan in (PLAN, later)
        }
        latest = {plan: [v.id for v in store.latest(plan=plan)] for plan in (PLAN, later)}
        logs = {plan: [r.id for r in store.ingests(plan=plan)] for plan in (PLAN, later)}
        spans = store.plans()
    assert history == {
        PLAN: [(2, "2023-06", "400"), (3, "2023-06", "450"), (4, "2023-06", "999")],
        later: [(1, "2024-05", "300")],
    }
    assert latest == {PLAN: [3], later: [1]}
    assert logs == {PLAN: [1, 2, 3], later: [1]}
    assert spans == [
        PlanSpan(PLAN, 1, 2, "2023-06", "2023-06"),
        PlanSpan(later, 1, 1, "2024-05", "2024-05"),
    ]


# -- schema 6 (the foundation commit 162c62a) to 7: when each file arrived ----------------------


def test_a_store_of_release_162c62a_migrates_without_loss(tmp_path: Path) -> None:
    """Every ingest, current value and revision, field for field, is what that release read;
    ``received`` is unknown (None) for its ingests, which arrived the day they were ingested.
    No area is needed: its values already belong to plans."""
    db = _copy(tmp_path, V6_STORE)
    with open_store(db, create=False) as store:
        assert store.schema_version() == 7
        assert _read_all(store, PLAN, V6_EXPECTED) == _read_all(store, None, V6_EXPECTED)
        assert _read_all(store, PLAN, V6_EXPECTED) == V6_EXPECTED
        assert store.plans() == [PlanSpan(PLAN, 302, 14, "2023-05", "2023-06")]
        records = store.ingests()
    assert V6_EXPECTED["counts"] == {"ingests": 15, "observations": 344}
    assert all(r["received"] is None for r in V6_EXPECTED["ingests"])
    assert [r.id for r in records if r.reverted_at] == [11]
    assert {r.arrived.isoformat() for r in records} == {"2026-11-30"}  # the day of its ingests


def test_a_migrated_schema_6_store_keeps_received_of_new_ingests(tmp_path: Path) -> None:
    """After the migration an ingest keeps the date its file arrived, in the log, in each value
    and in the views; the old ingests keep theirs unknown."""
    db = _copy(tmp_path, V6_STORE)
    new = Observation(
        "key_project_investment", "target", "2023-07", "month", "2023-07-31", 7,
        Decimal("9.1"), None, "亿元", "9.1", "亿元", None, "区发改财政局", 2,
    )  # fmt: skip
    with open_store(db, create=False) as store:
        summary = store.ingest(
            "july.csv", "sha-july", "区发改财政局", [new], 1, 0, plan=PLAN, received="2023-08-09"
        )
        record = store.ingests()[-1]
        (value,) = [v for v in store.latest() if v.period == "2023-07"]
        assert [r.received for r in store.ingests()[:-1]] == [None] * 15
    assert (summary.ingest_id, record.id, record.received) == (16, 16, "2023-08-09")
    assert (value.received, value.arrived.isoformat()) == ("2023-08-09", "2023-08-09")
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT source_file, received FROM current_values WHERE period = '2023-07'"
        ).fetchall()
        counts = conn.execute(
            "SELECT count(*), count(received) FROM history WHERE ingest_id <= 15"
        ).fetchone()
    finally:
        conn.close()
    assert rows == [("july.csv", "2023-08-09")]
    assert counts == (344, 0)


def test_a_dry_run_and_a_duplicate_keep_no_received(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    obs = Observation(
        "gdp_growth", "target", "2023-06", "month", "2023-06-30", 6,
        Decimal("7"), None, "%", "7", "%", None, "区发改财政局", 2,
    )  # fmt: skip
    with open_store(db) as store:
        store.ingest(
            "a.csv", "a" * 64, None, [obs], 1, 0, dry_run=True, plan=PLAN, received="2023-07-04"
        )
        assert store.ingests() == []
        store.ingest("a.csv", "a" * 64, None, [obs], 1, 0, plan=PLAN)
        again = store.ingest("b.csv", "a" * 64, None, [obs], 1, 0, plan=PLAN, received="2023-07-04")
        assert again.duplicate_of == 1
        assert [(r.id, r.received) for r in store.ingests()] == [(1, None)]


@pytest.mark.parametrize("fixture", [V4_STORE, V5_STORE, V6_STORE], ids=["v4", "v5", "v6"])
def test_old_ingests_keep_their_rows_and_ids(tmp_path: Path, fixture: Path) -> None:
    """The rebuilt ``ingests`` holds every row of the old one, with received NULL."""
    db = _copy(tmp_path, fixture)
    conn = sqlite3.connect(db)
    before = conn.execute("SELECT * FROM ingests ORDER BY id").fetchall()
    conn.close()
    open_store(db, create=False, legacy_area=AREA).close()
    conn = sqlite3.connect(db)
    after = conn.execute("SELECT * FROM ingests ORDER BY id").fetchall()
    conn.close()
    assert after == [(*row, None) for row in before]
