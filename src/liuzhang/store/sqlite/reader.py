"""Reading the SQLite store into typed records (through the views of :mod:`.schema`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from liuzhang.domain.plan import PlanKey
from liuzhang.store import IngestRecord, PlanSpan, StoredValue

_VALUE_COLUMNS = ", ".join(StoredValue.__dataclass_fields__)
_INGEST_COLUMNS = ", ".join(IngestRecord.__dataclass_fields__)


def _values(conn: sqlite3.Connection, sql: str, params: Sequence[Any] = ()) -> list[StoredValue]:
    return [StoredValue(*row) for row in conn.execute(sql, params)]


def _of_plan(plan: PlanKey | None, where: str = "WHERE") -> tuple[str, tuple[Any, ...]]:
    """The condition on a view's rows that keeps those of ``plan`` (none for None), after
    ``where`` (WHERE or AND)."""
    if plan is None:
        return "", ()
    return f"{where} area = ? AND plan_year = ?", (plan.area, plan.year)


def latest(
    conn: sqlite3.Connection, as_of_end: str | None = None, plan: PlanKey | None = None
) -> list[StoredValue]:
    """Every current value (of a plan; optionally with a period end up to a date), by item,
    end, id."""
    where, params = ("WHERE period_end <= ?", (as_of_end,)) if as_of_end else ("", ())
    of_plan, plan_params = _of_plan(plan, "AND" if where else "WHERE")
    sql = f"""SELECT {_VALUE_COLUMNS} FROM current_values {where} {of_plan}
              ORDER BY item_id, period_end, id"""
    return _values(conn, sql, (*params, *plan_params))


def current_values(
    conn: sqlite3.Connection, items: Sequence[str], plan: PlanKey | None = None
) -> dict[str, list[StoredValue]]:
    """The current values of those of these items (of a plan) that have any, by period end."""
    out: dict[str, list[StoredValue]] = {}
    of_plan, plan_params = _of_plan(plan, "AND")
    for start in range(0, len(items), 500):
        chunk = list(items[start : start + 500])
        marks = ",".join("?" * len(chunk))
        sql = f"""SELECT {_VALUE_COLUMNS} FROM current_values WHERE item_id IN ({marks})
                  {of_plan} ORDER BY item_id, period_end, id"""
        for value in _values(conn, sql, (*chunk, *plan_params)):
            out.setdefault(value.item_id, []).append(value)
    return out


def newest_values(
    conn: sqlite3.Connection, plans: Sequence[PlanKey], as_of_end: str
) -> dict[PlanKey, list[StoredValue]]:
    """Per plan, each item's current value with the latest period end in the plan's year up to
    ``as_of_end``; by item. One query per year asked: through the plans' items and their values
    (an index), not every current value; the bare column of ``max()`` comes from the row holding
    the maximum."""
    out: dict[PlanKey, list[StoredValue]] = {}
    for year in sorted({p.year for p in plans}):
        areas = sorted({p.area for p in plans if p.year == year})
        marks = ",".join("?" * len(areas))
        sql = f"""SELECT area, {_VALUE_COLUMNS} FROM (
                    SELECT o.id AS best, max(p.period_end) AS best_end
                    FROM plans pl CROSS JOIN items i ON i.plan = pl.id
                    CROSS JOIN observations o ON o.item = i.id
                    CROSS JOIN current c ON c.observation_id = o.id
                    JOIN periods p ON p.id = o.period
                    WHERE pl.year = ? AND pl.area IN ({marks})
                      AND p.period_end >= ? AND p.period_end <= ?
                    GROUP BY i.id)
                  CROSS JOIN history h ON h.id = best ORDER BY area, item_id"""
        params = (year, *areas, f"{year}-01-01", as_of_end)
        keys = {area: PlanKey(area, year) for area in areas}
        for row in conn.execute(sql, params):
            out.setdefault(keys[row[0]], []).append(StoredValue(*row[1:]))
    return out


def history(
    conn: sqlite3.Connection, item_id: str, plan: PlanKey | None = None
) -> list[StoredValue]:
    """Every value of one item (of a plan; reverted ingests included), by period end, then
    id."""
    of_plan, plan_params = _of_plan(plan, "AND")
    sql = f"""SELECT {_VALUE_COLUMNS} FROM history WHERE item_id = ? {of_plan}
              ORDER BY period_end, id"""
    return _values(conn, sql, (item_id, *plan_params))


def observations(conn: sqlite3.Connection, ingest_id: int) -> list[StoredValue]:
    """The values one ingest stored, by id."""
    sql = f"SELECT {_VALUE_COLUMNS} FROM history WHERE ingest_id = ? ORDER BY id"
    return _values(conn, sql, (ingest_id,))


def ingests(conn: sqlite3.Connection, plan: PlanKey | None = None) -> list[IngestRecord]:
    """Every ingest (of those whose rows were for a plan), oldest first."""
    if plan is None:
        rows = conn.execute(f"SELECT {_INGEST_COLUMNS} FROM ingests ORDER BY id")
    else:
        rows = conn.execute(
            f"""SELECT {_INGEST_COLUMNS} FROM ingests WHERE id IN (
                SELECT ip.ingest_id FROM ingest_plans ip JOIN plans pl ON pl.id = ip.plan
                WHERE pl.area = ? AND pl.year = ?) ORDER BY id""",
            (plan.area, plan.year),
        )
    return [IngestRecord(*row) for row in rows]


def plans(conn: sqlite3.Connection) -> list[PlanSpan]:
    """What the store holds of each plan: current values, live ingests, the first and last
    period with a current value (by period end; of periods with the same end, a month
    before the others, then by text); by area and year."""
    periods: dict[int, list[tuple[str, bool, str]]] = {}
    values: dict[int, int] = {}
    for plan, end, kind, period, n in conn.execute(
        """SELECT i.plan, p.period_end, p.period_kind, p.period, count(*)
           FROM current c CROSS JOIN observations o ON o.id = c.observation_id
           JOIN items i ON i.id = o.item JOIN periods p ON p.id = o.period
           GROUP BY i.plan, p.id"""
    ):
        periods.setdefault(plan, []).append((end, kind != "month", period))
        values[plan] = values.get(plan, 0) + n
    live = dict(
        conn.execute(
            """SELECT ip.plan, count(*) FROM ingest_plans ip
               JOIN ingests g ON g.id = ip.ingest_id AND g.reverted_at IS NULL
               GROUP BY ip.plan"""
        ).fetchall()
    )
    spans = []
    for plan_id, area, year in conn.execute("SELECT id, area, year FROM plans"):
        spanned = sorted(periods.get(plan_id, []))
        last = [p for p in spanned if p[0] == spanned[-1][0]] if spanned else []
        spans.append(
            PlanSpan(
                PlanKey(area, year),
                values.get(plan_id, 0),
                live.get(plan_id, 0),
                spanned[0][2] if spanned else None,
                last[0][2] if last else None,
            )
        )
    return sorted(spans, key=lambda span: span.plan)


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
