"""Writing the SQLite store: one ingest in one ``BEGIN IMMEDIATE`` transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from liuzhang.domain.observations import Column
from liuzhang.domain.plan import PlanKey
from liuzhang.store.sqlite import reader
from liuzhang.store.sqlite.schema import ITEM_INDEX, Lookups, now
from liuzhang.store.writing import IngestWriterBase, coded, count_rows, row_period_ends, row_texts

BULK_ROWS = 50_000

if TYPE_CHECKING:
    from liuzhang.store.sqlite import SqliteStore


def _looked_up(lookups: Lookups, table: str, parts: list[Column]) -> list[int]:
    """A text column as ids of ``table``, row by row (0 for an empty field: ids start at 1)."""
    import numpy as np

    texts, codes = coded(parts)
    ids = [0 if i is None else i for i in lookups.ids(table, texts)]
    return list(np.asarray(ids, dtype=np.int64)[codes].tolist())


# The empty field of a column as it is handed to the INSERT: "" for a text (never a value: an
# empty cell is no value), 0 for an id of a lookup table (ids start at 1), None for a column that
# is never empty. Binding None costs the sqlite3 module a failed adaptation (an exception raised
# and cleared), several times an int or a text: the INSERT turns these back into NULL.
TEXT, ID = "", 0


def _literal(column: Sequence[Any], empty: str | int | None) -> str | None:
    """The SQL literal of a column that is the same id, or empty, in every row, else None."""
    if not column:
        return None
    first = column[0]
    if first == empty and type(first) is type(empty) and column.count(first) == len(column):
        return "NULL"
    if type(first) is int and empty != TEXT and column.count(first) == len(column):
        return str(first)
    return None


def _insert_observations(
    conn: Any, first_id: int, n: int, columns: list[tuple[str, Sequence[Any], str | int | None]]
) -> None:
    """Insert ``n`` observations with ids from ``first_id``, one row per value; ``columns``:
    (name, one entry per row, the entry that stands for an empty field: TEXT, ID or None).

    Binding a parameter costs about as much as storing it: a column that is the same id (or
    empty) for every row (the ingest, often the unit and the reporter) is written into the
    statement as a literal, and SQLite numbers the rows itself (from ``first_id``: the writer
    holds the write lock, so nothing else can take an id in between; checked afterwards).
    """
    names: list[str] = []
    spelled: list[str] = []
    bound: list[Sequence[Any]] = []
    for name, column, empty in columns:
        literal = _literal(column, empty)
        names.append(name)
        if literal is not None:
            spelled.append(literal)
            continue
        spelled.append("?" if empty is None or empty not in column else f"NULLIF(?, {empty!r})")
        bound.append(column)
    conn.executemany(
        f"INSERT INTO observations ({', '.join(names)}) VALUES ({', '.join(spelled)})",
        zip(*bound, strict=True) if bound else ([()] * n),
    )
    (last,) = conn.execute("SELECT max(id) FROM observations").fetchone()
    if last != first_id + n - 1:  # pragma: no cover - the lock makes this impossible
        raise RuntimeError(f"observation ids {first_id}..{last}, expected {n} rows")


def _insert_current(conn: Any, ids: Any) -> None:
    """Add these observation ids (sorted numpy array) to ``current``: each run of consecutive
    ids in one statement (a first file is one run), else one by one."""
    import numpy as np

    if len(ids) == 0:
        return
    breaks = np.flatnonzero(np.diff(ids) != 1) + 1
    if len(breaks) * 4 > len(ids):  # scattered: plain inserts are cheaper
        conn.executemany("INSERT INTO current (observation_id) VALUES (?)", zip(ids.tolist()))
        return
    firsts = np.concatenate(([0], breaks))
    lasts = np.concatenate((breaks - 1, [len(ids) - 1]))
    conn.executemany(
        "INSERT INTO current (observation_id) SELECT id FROM observations WHERE id BETWEEN ? AND ?",
        zip(ids[firsts].tolist(), ids[lasts].tolist(), strict=True),
    )


class SqliteIngestWriter(IngestWriterBase):
    """One ingest in progress (see :meth:`SqliteStore.begin_ingest`).

    Accepted rows are collected column-wise (:meth:`add`, :meth:`add_columns`) and written at
    :meth:`finish`: one row per value, and ``current`` updated for the items it touches.
    """

    MARK = "?"

    def __init__(
        self, store: SqliteStore, file: str, sha256: str, dry_run: bool, received: str | None = None
    ) -> None:
        self.store = store
        self.conn = store.conn
        self.dry_run = dry_run
        self.ingest_id: int | None = None
        self.open = True
        self.parts: dict[PlanKey, dict[str, list[Column]]] = {}  # per plan, in order of use
        store.begin_immediate()
        try:
            self.duplicate_of = reader.find_ingest(self.conn, sha256)
            if self.duplicate_of is None and not dry_run:
                cursor = self.conn.execute(
                    """INSERT INTO ingests (file, sha256, rows_read, rows_stored, rows_unchanged,
                       rows_revised, rows_rejected, ingested_at, received)
                       VALUES (?, ?, 0, 0, 0, 0, 0, ?, ?)""",
                    (file, sha256, now(), received),
                )
                self.ingest_id = int(cursor.lastrowid or 0)
        except BaseException:
            self.abort()
            raise

    def _write(self) -> tuple[int, int, int]:
        """Write one row per value and update ``current``; (stored, unchanged, revised).

        Vectorised for files of a million rows: texts are looked up once per distinct value,
        and only the rows of items already in the store are compared one by one.
        """
        import numpy as np

        conn = self.conn
        lookups = Lookups(conn)
        parts, row_items = self._items(lookups)
        n = len(row_items)
        if n == 0:
            return 0, 0, 0
        periods, period_codes = coded(parts["period"])
        period_ids = lookups.ids("periods", periods)
        ends, row_ends = row_period_ends(periods, period_codes)
        # As the INSERT binds them: "" for an empty field (the store's NULL)
        values, statuses = row_texts(parts["value"]), row_texts(parts["status"])

        (last_id,) = conn.execute("SELECT coalesce(max(id), 0) FROM observations").fetchone()
        first_id = int(last_id) + 1
        known = self._current(np.unique(row_items).tolist())
        counted = count_rows(row_items, row_ends, ends, values, statuses, first_id, known)
        stored, unchanged, revised = counted.stored, counted.unchanged, counted.revised
        latest, current, superseded = counted.latest, counted.current, counted.superseded
        if self.ingest_id is not None:
            rows = np.concatenate([np.asarray(p, dtype=np.int64) for p in parts["row"]])
            # A file larger than all that is stored (the first of a province): building the
            # item index once afterwards is faster than adding to it row by row.
            rebuild = n >= max(first_id, BULK_ROWS)
            if rebuild:
                conn.execute("DROP INDEX observations_item")
            columns: list[tuple[str, Sequence[Any], str | int | None]] = [
                ("ingest_id", [self.ingest_id], None),  # one value for every row
                ("row", rows.tolist(), None),
                ("item", row_items.tolist(), None),
                ("period", np.asarray(period_ids, dtype=np.int64)[period_codes].tolist(), None),
                ("value", values, TEXT),
                ("status", statuses, TEXT),
                ("unit", _looked_up(lookups, "units", parts["unit"]), ID),
                ("raw_value", row_texts(parts["raw_value"]), TEXT),
                ("raw_unit", _looked_up(lookups, "units", parts["raw_unit"]), ID),
                ("note", row_texts(parts["note"]), TEXT),
                ("reported_by", _looked_up(lookups, "reporters", parts["reported_by"]), ID),
                ("flags", row_texts(parts["flags"]), TEXT),
            ]
            _insert_observations(conn, first_id, n, columns)
            if rebuild:
                conn.execute(ITEM_INDEX)
            conn.executemany(
                "DELETE FROM current WHERE observation_id = ?", [(k,) for k in sorted(superseded)]
            )
            ids = np.concatenate((latest + first_id, np.fromiter(current.values(), np.int64)))
            _insert_current(conn, np.sort(ids))
        return stored, unchanged, revised

    def _current(
        self, items: list[int]
    ) -> dict[int, dict[str, tuple[str | None, str | None, int]]]:
        """(value, status, id) per period end of those of these items (ids) that have any."""
        out: dict[int, dict[str, tuple[str | None, str | None, int]]] = {}
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            marks = ",".join("?" * len(chunk))
            # CROSS JOIN: through the current values, never an item's whole history
            for item, end, value, status, obs_id in self.conn.execute(
                f"""SELECT o.item, p.period_end, o.value, o.status, o.id
                    FROM current c CROSS JOIN observations o ON o.id = c.observation_id
                    JOIN periods p ON p.id = o.period WHERE o.item IN ({marks})""",
                chunk,
            ):
                out.setdefault(item, {})[end] = (value, status, obs_id)
        return out
