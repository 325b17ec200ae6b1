"""Writing the PostgreSQL store: one ingest in one transaction, the values by COPY.

Locks (advisory, held to the end of the ingest's transaction): one per file content, taken at
:meth:`PgIngestWriter.__init__` (the same file arriving twice at once: the second waits, then
finds the first); one per plan, taken before the values of that plan are written (so that per
item and period end exactly one value counts, and a later submission has a larger id). Writers
of different plans do not wait for each other; readers never wait.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from liuzhang.domain.observations import Column
from liuzhang.domain.plan import PlanKey
from liuzhang.store.postgres import IDS_KEY, now, reader
from liuzhang.store.writing import (
    IngestWriterBase,
    LookupsBase,
    coded,
    count_rows,
    row_period_ends,
    row_texts,
)

if TYPE_CHECKING:
    from liuzhang.store.postgres import PgStore

COPY_CHUNK = 100_000  # rows per block handed to COPY
# From this many rows the tables' statistics are refreshed after the commit: the first large file
# of a store would otherwise be read with the plans of an empty one until autovacuum comes by.
ANALYZE_ROWS = 50_000
OBSERVATION_COLUMNS = (
    'id, ingest_id, "row", item, period, value, status, unit, raw_value, raw_unit, note, '
    "reported_by, flags"
)


def lock_key(text: str) -> int:
    """A signed 64-bit advisory lock key for a text."""
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


def sha_lock(sha256: str) -> int:
    return lock_key(f"liuzhang file {sha256}")


def plan_lock(plan: PlanKey) -> int:
    return lock_key(f"liuzhang plan {plan.area}/{plan.year}")


def copy_text(text: str | None) -> str:
    r"""A text as a field of COPY's text format (``\N``: NULL, as is an empty text)."""
    if not text:
        return r"\N"
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
        text = text.replace("\r", "\\r")
    return text


def copy_rows(conn: Any, statement: str, columns: Sequence[Sequence[str]], n: int) -> None:
    """COPY ``n`` rows given as columns of COPY fields, in blocks."""
    with conn.cursor() as cursor, cursor.copy(statement) as copy:
        for start in range(0, n, COPY_CHUNK):
            stop = min(start + COPY_CHUNK, n)
            block = zip(*(c[start:stop] for c in columns), strict=True)
            copy.write("".join("\t".join(row) + "\n" for row in block))


class Lookups(LookupsBase):
    """Ids of the lookup tables' texts, added on first use (inside the caller's transaction;
    a text another writer is adding waits for it: ON CONFLICT)."""

    MARK = "%s"

    def _add_periods(self, rows: list[tuple[str, str, str, int]]) -> None:
        with self.conn.cursor() as cursor:
            cursor.executemany(
                """INSERT INTO periods (period, period_kind, period_end, end_month)
                   VALUES (%s, %s, %s, %s) ON CONFLICT (period) DO NOTHING""",
                rows,
            )

    def _add_texts(self, table: str, column: str, texts: list[str]) -> None:
        self.conn.execute(
            f"""INSERT INTO {table} ({column}) SELECT t FROM unnest(%s::text[]) AS t
                ON CONFLICT ({column}) DO NOTHING""",
            (texts,),
        )

    def _add_items(self, plan: int, items: list[tuple[str, str]]) -> None:
        new = sorted(items)  # one order for every writer: no deadlock on the unique index
        self.conn.execute(
            """INSERT INTO items (plan, item_id, kind)
               SELECT %s, i, k FROM unnest(%s::text[], %s::text[]) AS t (i, k)
               ON CONFLICT (plan, item_id) DO NOTHING""",
            (plan, [i for i, _ in new], [k for _, k in new]),
        )

    def _select(self, query: str, column: str, texts: list[str]) -> Iterable[tuple[str, int]]:
        rows: list[tuple[str, int]] = self.conn.execute(
            f"{query}{column} = ANY(%s)", (texts,)
        ).fetchall()
        return rows


class PgIngestWriter(IngestWriterBase):
    """One ingest in progress (see :meth:`PgStore.begin_ingest`): rows are collected
    column-wise and written at :meth:`finish`."""

    MARK = "%s"

    def __init__(
        self, store: PgStore, file: str, sha256: str, dry_run: bool, received: str | None
    ) -> None:
        self.store = store
        self.conn = store.conn
        self.dry_run = dry_run
        self.ingest_id: int | None = None
        self.written = 0
        self.parts: dict[PlanKey, dict[str, list[Column]]] = {}
        self.conn.execute("BEGIN")
        self.open = True
        try:
            with store._errors("store_unwritable"):
                store.lock([sha_lock(sha256)])
                self.duplicate_of = reader.find_ingest(self.conn, sha256)
                if self.duplicate_of is None and not dry_run:
                    (self.ingest_id,) = self.conn.execute(
                        """INSERT INTO ingests (file, sha256, rows_read, rows_stored,
                           rows_unchanged, rows_revised, rows_rejected, ingested_at, received)
                           VALUES (%s, %s, 0, 0, 0, 0, 0, %s, %s) RETURNING id""",
                        (file, sha256, now(), received),
                    ).fetchone()
        except BaseException:
            self.abort()
            raise

    def _plan_order(
        self, by_plan: dict[PlanKey, dict[str, list[Column]]]
    ) -> Iterable[tuple[PlanKey, dict[str, list[Column]]]]:
        """By area and year: writers of several plans add plans and items in one order, so
        that they cannot deadlock on the lookup tables' unique indexes."""
        return sorted(by_plan.items(), key=lambda kv: (kv[0].area, kv[0].year))

    def _reserve(self, n: int) -> int:
        """The first of ``n`` consecutive observation ids no one else will take."""
        conn = self.conn
        if self.ingest_id is None:  # dry run: ids above every stored one, never written
            (last,) = conn.execute("SELECT coalesce(max(id), 0) FROM observations").fetchone()
            return int(last) + 1
        seq = "pg_get_serial_sequence('observations', 'id')"
        conn.execute("SELECT pg_advisory_lock(%s)", (IDS_KEY,))
        try:
            (last,) = conn.execute(
                f"SELECT setval({seq}, nextval({seq}) + %s - 1)", (n,)
            ).fetchone()
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (IDS_KEY,))
        return int(last) - n + 1

    def _write(self) -> tuple[int, int, int]:
        """Write one row per value (COPY) and update ``current``; (stored, unchanged, revised).
        The same rule as SQLite's (:func:`liuzhang.store.writing.count_rows`)."""
        import numpy as np

        conn = self.conn
        self.store.lock(sorted(plan_lock(p) for p in self.parts))
        lookups = Lookups(conn)
        parts, row_items = self._items(lookups)
        n = len(row_items)
        if n == 0:
            return 0, 0, 0
        periods, period_codes = coded(parts["period"])
        period_ids = lookups.ids("periods", periods)
        units, unit_codes = coded(parts["unit"])
        raw_units, raw_unit_codes = coded(parts["raw_unit"])
        lookups.ids("units", units + raw_units)  # one sorted insert: no deadlock between writers
        ends, row_ends = row_period_ends(periods, period_codes)
        values, statuses = row_texts(parts["value"]), row_texts(parts["status"])

        first_id = self._reserve(n)
        known = self._current(np.unique(row_items).tolist())
        counted = count_rows(row_items, row_ends, ends, values, statuses, first_id, known)
        stored, unchanged, revised = counted.stored, counted.unchanged, counted.revised
        latest, current, superseded = counted.latest, counted.current, counted.superseded
        if self.ingest_id is None:
            return stored, unchanged, revised

        def ids(table: str, texts: list[str], codes: Any) -> list[str]:
            found = [r"\N" if i is None else str(i) for i in lookups.ids(table, texts)]
            return list(np.asarray(found, dtype=object)[codes].tolist())

        def fields(column: list[Column]) -> list[str]:
            table, codes = coded(column)
            return list(np.asarray([copy_text(t) for t in table], dtype=object)[codes].tolist())

        rows = np.concatenate([np.asarray(p, dtype=np.int64) for p in parts["row"]])
        period_fields = np.asarray([str(i) for i in period_ids], dtype=object)[period_codes]
        columns = [
            [str(i) for i in range(first_id, first_id + n)],
            [str(self.ingest_id)] * n,
            [str(r) for r in rows.tolist()],
            [str(i) for i in row_items.tolist()],
            list(period_fields.tolist()),
            fields(parts["value"]),
            fields(parts["status"]),
            ids("units", units, unit_codes),
            fields(parts["raw_value"]),
            ids("units", raw_units, raw_unit_codes),
            fields(parts["note"]),
            ids("reporters", *coded(parts["reported_by"])),
            fields(parts["flags"]),
        ]
        copy_rows(conn, f"COPY observations ({OBSERVATION_COLUMNS}) FROM STDIN", columns, n)
        self.written = n
        if superseded:
            conn.execute(
                'DELETE FROM "current" WHERE observation_id = ANY(%s)', (sorted(superseded),)
            )
        counting = np.sort(
            np.concatenate((latest + first_id, np.fromiter(current.values(), np.int64)))
        )
        copy_rows(
            conn,
            'COPY "current" (observation_id) FROM STDIN',
            [[str(i) for i in counting.tolist()]],
            len(counting),
        )
        return stored, unchanged, revised

    def _current(
        self, items: list[int]
    ) -> dict[int, dict[str, tuple[str | None, str | None, int]]]:
        """(value, status, id) per period end of those of these items (ids) that have any."""
        out: dict[int, dict[str, tuple[str | None, str | None, int]]] = {}
        for item, end, value, status, obs_id in self.conn.execute(
            """SELECT o.item, p.period_end, o.value, o.status, o.id
               FROM "current" c JOIN observations o ON o.id = c.observation_id
               JOIN periods p ON p.id = o.period WHERE o.item = ANY(%s)""",
            (items,),
        ):
            out.setdefault(item, {})[end] = (value, status, obs_id)
        return out

    def _guard(self) -> AbstractContextManager[None]:
        return self.store._errors("store_unwritable")

    def _after_commit(self) -> None:
        if self.written >= ANALYZE_ROWS:
            self.conn.execute('ANALYZE observations, "current", items')


def rebuild_current(conn: Any, ingest_id: int) -> None:
    """Recompute ``current`` for the items of one ingest from the live values: per item and
    period end, the observation with the largest id."""
    items = "SELECT DISTINCT item FROM observations WHERE ingest_id = %s"
    conn.execute(
        f"""DELETE FROM "current" c USING observations o
            WHERE o.id = c.observation_id AND o.item IN ({items})""",
        (ingest_id,),
    )
    conn.execute(
        f"""INSERT INTO "current" (observation_id)
            SELECT max(o.id) FROM observations o
            JOIN periods p ON p.id = o.period
            JOIN ingests g ON g.id = o.ingest_id AND g.reverted_at IS NULL
            WHERE o.item IN ({items})
            GROUP BY o.item, p.period_end ORDER BY 1""",
        (ingest_id,),
    )
