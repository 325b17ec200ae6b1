"""Reading the SQLite store into typed records (through the views of :mod:`.schema`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from liuzhang.store import IngestRecord, StoredValue

_VALUE_COLUMNS = ", ".join(StoredValue.__dataclass_fields__)
_INGEST_COLUMNS = ", ".join(IngestRecord.__dataclass_fields__)


def _values(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[StoredValue]:
    return [StoredValue(*row) for row in conn.execute(sql, params)]


def latest(conn: sqlite3.Connection, as_of_end: str | None = None) -> list[StoredValue]:
    """Every current value (optionally with a period end up to a date), by item, end, id."""
    where, params = ("WHERE period_end <= ?", (as_of_end,)) if as_of_end else ("", ())
    sql = f"SELECT {_VALUE_COLUMNS} FROM current_values {where} ORDER BY item_id, period_end, id"
    return _values(conn, sql, params)


def current_values(conn: sqlite3.Connection, items: Sequence[str]) -> dict[str, list[StoredValue]]:
    """The current values of those of these items that have any, by period end."""
    out: dict[str, list[StoredValue]] = {}
    for start in range(0, len(items), 500):
        chunk = list(items[start : start + 500])
        marks = ",".join("?" * len(chunk))
        sql = f"""SELECT {_VALUE_COLUMNS} FROM current_values WHERE item_id IN ({marks})
                  ORDER BY item_id, period_end, id"""
        for value in _values(conn, sql, chunk):
            out.setdefault(value.item_id, []).append(value)
    return out


def history(conn: sqlite3.Connection, item_id: str) -> list[StoredValue]:
    """Every value of one item (reverted ingests included), by period end, then id."""
    sql = f"SELECT {_VALUE_COLUMNS} FROM history WHERE item_id = ? ORDER BY period_end, id"
    return _values(conn, sql, (item_id,))


def observations(conn: sqlite3.Connection, ingest_id: int) -> list[StoredValue]:
    """The values one ingest stored, by id."""
    sql = f"SELECT {_VALUE_COLUMNS} FROM history WHERE ingest_id = ? ORDER BY id"
    return _values(conn, sql, (ingest_id,))


def ingests(conn: sqlite3.Connection) -> list[IngestRecord]:
    """Every ingest, oldest first."""
    sql = f"SELECT {_INGEST_COLUMNS} FROM ingests ORDER BY id"
    return [IngestRecord(*row) for row in conn.execute(sql)]


def counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Ingests and observations stored."""
    (n_ingests,) = conn.execute("SELECT count(*) FROM ingests").fetchone()
    (n_observations,) = conn.execute("SELECT count(*) FROM observations").fetchone()
    return {"ingests": int(n_ingests), "observations": int(n_observations)}


def find_ingest(conn: sqlite3.Connection, sha256: str) -> int | None:
    """The live ingest of a file with this content, if any."""
    row = conn.execute(
        "SELECT id FROM ingests WHERE sha256 = ? AND reverted_at IS NULL ORDER BY id LIMIT 1",
        (sha256,),
    ).fetchone()
    return int(row[0]) if row else None


def tables(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order (what "nothing changed" compares)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
            "ORDER BY name"
        )
    ]
    return {name: conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall() for name in names}
