"""Schema 7 of the SQLite store: one row per reported value, texts that repeat in small lookup
tables, views for the history and the current values; and the migrations from schemas 1-6.

Every value belongs to a plan (an area's plan of a year) through its item: ``items`` holds one
row per plan and item id, so the same id in two plans is two items whose values never mix.
Read it with any SQLite tool: ``SELECT * FROM current_values WHERE area = '…' AND plan_year =
2024`` / ``SELECT * FROM history``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from liuzhang.domain.plan import PlanKey
from liuzhang.store import period_facts
from liuzhang.store.writing import LookupsBase

APP_ID = "liuzhang"
SCHEMA_VERSION = 7

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
CREATE TABLE ingests (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    reported_by TEXT,
    rows_read INTEGER NOT NULL,
    rows_stored INTEGER NOT NULL,
    rows_unchanged INTEGER NOT NULL,
    rows_revised INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    ingested_at TEXT NOT NULL,
    reverted_at TEXT,
    received TEXT  -- ISO date the file arrived when given (ingest --received), else NULL
) STRICT;
CREATE INDEX ingests_sha ON ingests (sha256);
"""
# The tables of the values (what the migrations build next to the meta and ingests above):
# the plans and their items, the values, and what links them (views included).
PLANS_SCHEMA = """
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    area TEXT NOT NULL,  -- plan.yaml's area and year
    year INTEGER NOT NULL,
    UNIQUE (area, year)
) STRICT;
-- an item of one plan: the same id in two plans is two items
CREATE TABLE items (
    id INTEGER PRIMARY KEY,
    plan INTEGER NOT NULL REFERENCES plans (id),
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('target', 'task')),
    UNIQUE (plan, item_id)
) STRICT;
-- an item id in every plan (reads of all plans)
CREATE INDEX items_item ON items (item_id);
"""
OBSERVATIONS_SCHEMA = """
CREATE TABLE periods (
    id INTEGER PRIMARY KEY,
    period TEXT NOT NULL UNIQUE,  -- canonical text: 2023-06, 2023-06-上旬, 2023-Q2, 2023-H1, 2023
    period_kind TEXT NOT NULL,  -- month | dekad | quarter | half | year
    period_end TEXT NOT NULL,  -- ISO date: values of an item with the same end revise each other
    end_month INTEGER NOT NULL
) STRICT;
CREATE TABLE units (id INTEGER PRIMARY KEY, unit TEXT NOT NULL UNIQUE) STRICT;
CREATE TABLE reporters (id INTEGER PRIMARY KEY, reporter TEXT NOT NULL UNIQUE) STRICT;
CREATE TABLE observations (
    id INTEGER PRIMARY KEY,  -- a later submission has a larger id
    ingest_id INTEGER NOT NULL REFERENCES ingests (id),
    row INTEGER NOT NULL,  -- the row in the source file
    item INTEGER NOT NULL REFERENCES items (id),
    period INTEGER NOT NULL REFERENCES periods (id),
    value TEXT,  -- canonical decimal text in the item's unit
    status TEXT,
    unit INTEGER REFERENCES units (id),
    raw_value TEXT,  -- as written in the file
    raw_unit INTEGER REFERENCES units (id),
    note TEXT,
    reported_by INTEGER REFERENCES reporters (id),
    flags TEXT  -- plausibility warnings found at intake (JSON)
) STRICT;
CREATE INDEX observations_item ON observations (item, id);
-- the values that count: per item (of a plan) and period end, the newest of a live ingest
CREATE TABLE current (observation_id INTEGER PRIMARY KEY REFERENCES observations (id)) STRICT;
"""
LINKS_SCHEMA = """
-- the plans an ingest's rows were for (one file may hold rows of several years)
CREATE TABLE ingest_plans (
    plan INTEGER NOT NULL REFERENCES plans (id),
    ingest_id INTEGER NOT NULL REFERENCES ingests (id),
    PRIMARY KEY (plan, ingest_id)
) STRICT, WITHOUT ROWID;
"""
VIEWS_SCHEMA = """
CREATE VIEW history AS
SELECT o.id, o.ingest_id, i.item_id, i.kind, p.period, p.period_kind, p.period_end,
       p.end_month, o.value, o.status, u.unit, o.raw_value, ru.unit AS raw_unit, o.note,
       r.reporter AS reported_by, o.flags, o.row, g.file AS source_file, g.sha256,
       g.ingested_at, g.reverted_at, g.received, pl.area, pl.year AS plan_year
FROM observations o
JOIN items i ON i.id = o.item
JOIN plans pl ON pl.id = i.plan
JOIN periods p ON p.id = o.period
JOIN ingests g ON g.id = o.ingest_id
LEFT JOIN units u ON u.id = o.unit
LEFT JOIN units ru ON ru.id = o.raw_unit
LEFT JOIN reporters r ON r.id = o.reported_by;
-- CROSS JOIN: through the current values (a few thousand), not every stored value
CREATE VIEW current_values AS
SELECT h.* FROM current c CROSS JOIN history h ON h.id = c.observation_id;
"""
VALUES_SCHEMA = PLANS_SCHEMA + OBSERVATIONS_SCHEMA + LINKS_SCHEMA + VIEWS_SCHEMA

# (column of observations, its lookup table, the table's text column)
LOOKUPS = {
    "unit": ("units", "unit"),
    "raw_unit": ("units", "unit"),
    "reported_by": ("reporters", "reporter"),
}


def now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


class Lookups(LookupsBase):
    """Ids of the lookup tables' texts, added on first use (inside the caller's transaction)."""

    MARK = "?"

    def _add_periods(self, rows: list[tuple[str, str, str, int]]) -> None:
        self.conn.executemany(
            """INSERT INTO periods (period, period_kind, period_end, end_month)
               VALUES (?, ?, ?, ?)""",
            rows,
        )

    def _add_texts(self, table: str, column: str, texts: list[str]) -> None:
        self.conn.executemany(f"INSERT INTO {table} ({column}) VALUES (?)", [(t,) for t in texts])

    def _add_items(self, plan: int, items: list[tuple[str, str]]) -> None:
        self.conn.executemany(
            "INSERT INTO items (plan, item_id, kind) VALUES (?, ?, ?)",
            [(plan, item, kind) for item, kind in items],
        )

    def _select(self, query: str, column: str, texts: list[str]) -> Iterable[tuple[str, int]]:
        for start in range(0, len(texts), 500):
            chunk = texts[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.conn.execute(f"{query}{column} IN ({marks})", chunk).fetchall()


def create(conn: sqlite3.Connection) -> None:
    """The tables of a new store (inside the caller's transaction)."""
    for statement in (SCHEMA + VALUES_SCHEMA).split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.executemany(
        "INSERT INTO meta (key, value) VALUES (?, ?)",
        [("app", APP_ID), ("schema_version", str(SCHEMA_VERSION)), ("created_at", now())],
    )


ITEM_INDEX = "CREATE INDEX observations_item ON observations (item, id)"
INSERT_OBSERVATION = """INSERT INTO observations (id, ingest_id, row, item, period, value,
    status, unit, raw_value, raw_unit, note, reported_by, flags)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""


def insert_rows(conn: sqlite3.Connection, rows: list[tuple[Any, ...]], area: str) -> None:
    """Store observations given as ``(id, ingest_id, item_id, kind, *FIELDS)`` (texts, None for
    none; see :data:`liuzhang.domain.observations.FIELDS`), each in the plan of ``area`` of
    its period's year."""
    lookups = Lookups(conn)
    years = [period_facts(r[4])[1].year for r in rows]
    items: dict[tuple[int, str], int] = {}
    for year in sorted(set(years)):
        plan = lookups.plan_id(PlanKey(area, year))
        of_year = zip(reversed(rows), reversed(years), strict=True)
        mine = {r[2]: r[3] for r, y in of_year if y == year}
        items.update(((year, k), v) for k, v in lookups.item_ids(plan, mine).items())
    periods = lookups.ids("periods", [r[4] for r in rows])
    units = lookups.ids("units", [r[7] for r in rows])
    raw_units = lookups.ids("units", [r[9] for r in rows])
    reporters = lookups.ids("reporters", [r[11] for r in rows])
    conn.executemany(
        INSERT_OBSERVATION,
        [
            (r[0], r[1], r[13], items[y, r[2]], p, r[5], r[6], u, r[8], ru, r[10], rep, r[12])
            for r, y, p, u, ru, rep in zip(
                rows, years, periods, units, raw_units, reporters, strict=True
            )
        ],
    )


def rebuild_current(conn: sqlite3.Connection, ingest_id: int | None = None) -> None:
    """Recompute ``current`` for the items of one ingest (all when None) from the live values:
    per item and period end, the observation with the largest id."""
    items = "SELECT DISTINCT item FROM observations WHERE ingest_id = ?"
    where = "" if ingest_id is None else f"WHERE o.item IN ({items})"
    params: tuple[Any, ...] = () if ingest_id is None else (ingest_id,)
    conn.execute(
        f"""DELETE FROM current WHERE observation_id IN (
            SELECT c.observation_id FROM current c CROSS JOIN observations o
            ON o.id = c.observation_id {where})""",
        params,
    )
    conn.execute(
        f"""INSERT INTO current (observation_id)
            SELECT max(o.id) FROM observations o
            JOIN periods p ON p.id = o.period
            JOIN ingests g ON g.id = o.ingest_id AND g.reverted_at IS NULL
            {where}
            GROUP BY o.item, p.period_end ORDER BY 1""",
        params,
    )


def has_values(conn: sqlite3.Connection) -> bool:
    """Whether a store of any schema holds values (schemas 3 and 4 packed them in
    ``segments``)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return any(
        conn.execute(f"SELECT EXISTS (SELECT 1 FROM {name})").fetchone()[0]
        for name in ("observations", "segments")
        if name in tables
    )


def migrate(conn: sqlite3.Connection, version: int, area: str | None) -> None:
    """Bring a store of schema 1-6 up to :data:`SCHEMA_VERSION` (inside the caller's
    transaction). Ids, values, revisions and provenance carry over unchanged; every value of a
    store before schema 6 becomes the plan of ``area`` of its period's year (``area`` may be
    None only when the store holds no values, or from schema 6 on).

    Schemas 1 and 2 kept a row per observation with the texts inline (2 added an index of
    current values); 3 and 4 packed them column-wise per item and ingest (4 added ``flags``);
    5 had the layout of 6 without plans: one item per item id; 6 that of 7 without
    ``ingests.received`` (unknown, NULL, for the ingests of older stores).
    """
    if version < 6 and area is None and has_values(conn):
        raise ValueError("a store with values migrates to the plans of an area")
    _add_received(conn)
    if version == 6:
        _create(conn, VIEWS_SCHEMA)
    elif version == 5:
        _add_plans(conn, area or "")
    else:
        _rebuild_values(conn, version, area or "")
    if version < 6:
        conn.execute(
            """INSERT INTO ingest_plans (plan, ingest_id)
               SELECT DISTINCT i.plan, o.ingest_id FROM observations o
               JOIN items i ON i.id = o.item ORDER BY 1, 2"""
        )
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),))


def _create(conn: sqlite3.Connection, statements: str) -> None:
    """Run the ``;``-separated statements of a schema text."""
    for statement in statements.split(";"):
        if statement.strip():
            conn.execute(statement)


def _add_received(conn: sqlite3.Connection) -> None:
    """Schema 7's ``ingests`` (with ``received``, NULL for every old ingest), its rows and ids
    unchanged. The views go first (they name the table; the steps after make them anew), and
    the table is made anew rather than altered so that a migrated store has the layout of a
    new one, statement for statement."""
    views = conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'").fetchall()
    for (name,) in views:
        conn.execute(f'DROP VIEW "{name}"')
    old = [r[1] for r in conn.execute("PRAGMA table_info(ingests)")]
    legacy = conn.execute("PRAGMA legacy_alter_table").fetchone()[0]
    # Renaming ``ingests`` must not rewrite the REFERENCES of the other tables to it.
    conn.execute("PRAGMA legacy_alter_table = ON")
    conn.execute("ALTER TABLE ingests RENAME TO old_ingests")
    conn.execute("DROP INDEX IF EXISTS ingests_sha")
    _create(conn, SCHEMA.split(";", 1)[1])  # ingests and its index (meta stays)
    columns = ", ".join(c for c in old if c != "received")
    conn.execute(f"INSERT INTO ingests ({columns}) SELECT {columns} FROM old_ingests ORDER BY id")
    conn.execute("DROP TABLE old_ingests")
    conn.execute(f"PRAGMA legacy_alter_table = {int(legacy)}")


def _add_plans(conn: sqlite3.Connection, area: str) -> None:
    """Schema 5 to 6: each item becomes the item of the plan of ``area`` of its values' year
    (keeping its id; an item with values of several years becomes one item per year, the
    later years' values moved to new ids). Observations and ``current`` stay as they are: the
    values that count per item and period end are the same per plan item, as a period end has
    one year."""
    legacy = conn.execute("PRAGMA legacy_alter_table").fetchone()[0]
    # Renaming ``items`` must not rewrite the REFERENCES of ``observations`` to the old table.
    conn.execute("PRAGMA legacy_alter_table = ON")
    conn.execute("ALTER TABLE items RENAME TO old_items")
    _create(conn, PLANS_SCHEMA + LINKS_SCHEMA + VIEWS_SCHEMA)
    lookups = Lookups(conn)
    year = "CAST(substr(p.period_end, 1, 4) AS INTEGER)"
    years: dict[int, list[int]] = {}
    for item, item_year in conn.execute(
        f"""SELECT DISTINCT o.item, {year} FROM observations o
            JOIN periods p ON p.id = o.period ORDER BY 1, 2"""
    ):
        years.setdefault(item, []).append(item_year)
    every_year = sorted({y for ys in years.values() for y in ys})
    plans = {y: lookups.plan_id(PlanKey(area, y)) for y in every_year}
    moved: list[tuple[int, int, str, str]] = []  # (old item, year, item id, kind)
    old_items = conn.execute("SELECT id, item_id, kind FROM old_items ORDER BY id").fetchall()
    for old, item_id, kind in old_items:
        if old not in years:  # no values: nothing refers to it
            continue
        first, *later = years[old]
        conn.execute(
            "INSERT INTO items (id, plan, item_id, kind) VALUES (?, ?, ?, ?)",
            (old, plans[first], item_id, kind),
        )
        moved += [(old, y, item_id, kind) for y in later]
    for old, item_year, item_id, kind in moved:
        new = lookups.item_ids(plans[item_year], {item_id: kind})[item_id]
        conn.execute(
            f"""UPDATE observations SET item = ? WHERE item = ? AND period IN (
                SELECT p.id FROM periods p WHERE {year} = ?)""",
            (new, old, item_year),
        )
    conn.execute("DROP TABLE old_items")
    conn.execute(f"PRAGMA legacy_alter_table = {int(legacy)}")


def _rebuild_values(conn: sqlite3.Connection, version: int, area: str) -> None:
    """Schemas 1-4 to 6 (7): every value read out of the old tables and written anew."""
    from liuzhang.domain.observations import FIELDS

    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for name in ("live_observations",):
        conn.execute(f"DROP VIEW IF EXISTS {name}")
    for name in ("current", "segments", "dictionaries", "observations"):
        if name in tables:
            conn.execute(f"ALTER TABLE {name} RENAME TO old_{name}")
    for (index,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name LIKE 'old_%'"
    ).fetchall():
        conn.execute(f'DROP INDEX "{index}"')
    for statement in VALUES_SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    if version < 3:
        columns = ", ".join(f for f in FIELDS if f != "flags")
        cursor = conn.execute(
            f"SELECT id, ingest_id, item_id, kind, {columns} FROM old_observations ORDER BY id"
        )
        # flags (between reported_by and row): none
        source: Iterable[tuple[Any, ...]] = ((*r[:12], None, r[12]) for r in cursor)
    else:
        conn.execute("ALTER TABLE old_segments RENAME TO segments")
        if "dictionaries" in tables:
            conn.execute("ALTER TABLE old_dictionaries RENAME TO dictionaries")
        from liuzhang.store.sqlite.legacy import packed_rows

        source = packed_rows(conn, version)
    rows: list[tuple[Any, ...]] = [tuple(None if v == "" else v for v in r) for r in source]
    rows.sort(key=lambda r: int(r[0]))
    insert_rows(conn, rows, area)
    for name in ("old_current", "segments", "dictionaries", "old_observations"):
        conn.execute(f"DROP TABLE IF EXISTS {name}")
    conn.execute("DELETE FROM meta WHERE key = 'last_observation_id'")
    rebuild_current(conn)
