"""Reading the PostgreSQL store into typed records (through the views of :mod:`.schema`); what
needs no parameters is SQLite's reader itself (:mod:`liuzhang.store.sqlite.reader`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from liuzhang.domain.plan import PlanKey
from liuzhang.store import IngestRecord, PlanSpan, StoredValue
from liuzhang.store.sqlite import reader as sqlite_reader

_VALUE_COLUMNS = ", ".join('"row"' if f == "row" else f for f in StoredValue.__dataclass_fields__)
_INGEST_COLUMNS = ", ".join(IngestRecord.__dataclass_fields__)


def _values(conn: Any, sql: str, params: Sequence[Any] = ()) -> list[StoredValue]:
    return [StoredValue(*row) for row in conn.execute(sql, params)]


def _of_plan(plan: PlanKey | None, where: str = "WHERE") -> tuple[str, tuple[Any, ...]]:
    if plan is None:
        return "", ()
    return f"{where} area = %s AND plan_year = %s", (plan.area, plan.year)


def latest(
    conn: Any, as_of_end: str | None = None, plan: PlanKey | None = None
) -> list[StoredValue]:
    where, params = ("WHERE period_end <= %s", (as_of_end,)) if as_of_end else ("", ())
    of_plan, plan_params = _of_plan(plan, "AND" if where else "WHERE")
    sql = f"""SELECT {_VALUE_COLUMNS} FROM current_values {where} {of_plan}
              ORDER BY item_id COLLATE "C", period_end, id"""
    return _values(conn, sql, (*params, *plan_params))


def current_values(
    conn: Any, items: Sequence[str], plan: PlanKey | None = None
) -> dict[str, list[StoredValue]]:
    out: dict[str, list[StoredValue]] = {}
    of_plan, plan_params = _of_plan(plan, "AND")
    sql = f"""SELECT {_VALUE_COLUMNS} FROM current_values WHERE item_id = ANY(%s) {of_plan}
              ORDER BY item_id COLLATE "C", period_end, id"""
    for value in _values(conn, sql, (list(items), *plan_params)):
        out.setdefault(value.item_id, []).append(value)
    return out


def newest_values(
    conn: Any, plans: Sequence[PlanKey], as_of_end: str
) -> dict[PlanKey, list[StoredValue]]:
    """Per plan, each item's current value with the latest period end in the plan's year up to
    ``as_of_end``; by item (as :func:`liuzhang.store.sqlite.reader.newest_values`). One query
    per year asked."""
    out: dict[PlanKey, list[StoredValue]] = {}
    for year in sorted({p.year for p in plans}):
        areas = sorted({p.area for p in plans if p.year == year})
        sql = f"""SELECT DISTINCT ON (area, item_id) area, {_VALUE_COLUMNS} FROM current_values
                  WHERE plan_year = %s AND area = ANY(%s)
                    AND period_end >= %s AND period_end <= %s
                  ORDER BY area, item_id, period_end DESC, id DESC"""
        rows = conn.execute(sql, (year, areas, f"{year}-01-01", as_of_end)).fetchall()
        for row in sorted(rows, key=lambda r: (r[0], r[3])):  # area, item_id (as SQLite sorts)
            out.setdefault(PlanKey(row[0], year), []).append(StoredValue(*row[1:]))
    return out


def history(conn: Any, item_id: str, plan: PlanKey | None = None) -> list[StoredValue]:
    of_plan, plan_params = _of_plan(plan, "AND")
    sql = f"""SELECT {_VALUE_COLUMNS} FROM history WHERE item_id = %s {of_plan}
              ORDER BY period_end, id"""
    return _values(conn, sql, (item_id, *plan_params))


def observations(conn: Any, ingest_id: int) -> list[StoredValue]:
    sql = f"SELECT {_VALUE_COLUMNS} FROM history WHERE ingest_id = %s ORDER BY id"
    return _values(conn, sql, (ingest_id,))


def ingests(conn: Any, plan: PlanKey | None = None) -> list[IngestRecord]:
    if plan is None:
        rows = conn.execute(f"SELECT {_INGEST_COLUMNS} FROM ingests ORDER BY id")
    else:
        rows = conn.execute(
            f"""SELECT {_INGEST_COLUMNS} FROM ingests WHERE id IN (
                SELECT ip.ingest_id FROM ingest_plans ip JOIN plans pl ON pl.id = ip.plan
                WHERE pl.area = %s AND pl.year = %s) ORDER BY id""",
            (plan.area, plan.year),
        )
    return [IngestRecord(*row) for row in rows]


def plans(conn: Any) -> list[PlanSpan]:
    return sqlite_reader.plans(cast(Any, _Quoted(conn)))


def counts(conn: Any) -> dict[str, int]:
    return sqlite_reader.counts(conn)


def find_ingest(conn: Any, sha256: str) -> int | None:
    row = conn.execute(
        "SELECT id FROM ingests WHERE sha256 = %s AND reverted_at IS NULL ORDER BY id LIMIT 1",
        (sha256,),
    ).fetchone()
    return int(row[0]) if row else None


def tables(conn: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order (what "nothing changed" compares)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        )
    ]
    return {name: conn.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall() for name in names}


def columns(conn: Any, table: str) -> list[str]:
    """The columns of a table, in order."""
    rows = conn.execute(
        """SELECT column_name FROM information_schema.columns
           WHERE table_schema = current_schema() AND table_name = %s ORDER BY ordinal_position""",
        (table,),
    ).fetchall()
    return [r[0] for r in rows]


class _Quoted:
    """A connection that runs SQLite's parameterless queries (``current`` quoted, no CROSS
    JOIN … ON)."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def execute(self, sql: str) -> Any:
        sql = sql.replace("FROM current c", 'FROM "current" c')
        return self.conn.execute(sql.replace("CROSS JOIN", "JOIN"))
