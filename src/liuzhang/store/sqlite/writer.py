"""Writing the SQLite store: one ingest in one ``BEGIN IMMEDIATE`` transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from liuzhang.domain.observations import COLUMNS, Coded, Column, Observation, observation_columns
from liuzhang.domain.plan import PlanKey
from liuzhang.store import IngestSummary, period_key
from liuzhang.store.sqlite import reader
from liuzhang.store.sqlite.schema import ITEM_INDEX, Lookups, now

BULK_ROWS = 50_000

if TYPE_CHECKING:
    from liuzhang.store.sqlite import SqliteStore


def _coded(parts: list[Column]) -> tuple[list[str], Any]:
    """A column handed over in parts as (distinct texts, codes): "" for None, each text that a
    row uses once, in order of first appearance for plain lists."""
    import numpy as np

    index: dict[str, int] = {}
    arrays = []
    for part in parts:
        if isinstance(part, Coded):
            in_index = [index.setdefault(t or "", len(index)) for t in part.table]
            codes = np.asarray(part.codes, dtype=np.intp)
            arrays.append(np.asarray(in_index, dtype=np.intp)[codes])
        else:
            arrays.append(np.asarray([index.setdefault(v or "", len(index)) for v in part]))
    table = list(index)
    every = np.concatenate(arrays).astype(np.intp) if arrays else np.zeros(0, dtype=np.intp)
    used = np.bincount(every, minlength=len(table)) > 0
    if used.all():
        return table, every
    # entries no row uses (a Coded table may hold some): left out, codes renumbered
    keep = np.flatnonzero(used)
    remap = np.zeros(len(table), dtype=np.intp)
    remap[keep] = np.arange(len(keep))
    return [table[i] for i in keep.tolist()], remap[every]


def _texts(parts: list[Column]) -> list[str]:
    """A text column, row by row (:data:`TEXT`, "", for an empty field: see :func:`_coded`)."""
    import numpy as np

    table, codes = _coded(parts)
    return list(np.asarray(table, dtype=object)[codes].tolist())


def _looked_up(lookups: Lookups, table: str, parts: list[Column]) -> list[int]:
    """A text column as ids of ``table``, row by row (0 for an empty field: ids start at 1)."""
    import numpy as np

    texts, codes = _coded(parts)
    ids = [0 if i is None else i for i in lookups.ids(table, texts)]
    return list(np.asarray(ids, dtype=np.int64)[codes].tolist())


# The empty field of a column as it is handed to the INSERT: "" for a text (never a value: an
# empty cell is no value), 0 for an id of a lookup table (ids start at 1), None for a column that
# is never empty. Binding None costs the sqlite3 module a failed adaptation (an exception raised
# and cleared), several times an int or a text: the INSERT turns these back into NULL.
TEXT, ID = "", 0


def row_period_ends(periods: list[str], period_codes: Any) -> tuple[list[str], Any]:
    """The distinct period ends of a file's rows (ISO, sorted: :func:`period_key`) and each
    row's index into them (``periods``/``period_codes`` as :func:`_coded` gives them)."""
    import numpy as np

    ends = sorted({period_key(p) for p in periods if p})
    end_index = {e: k for k, e in enumerate(ends)}
    period_end_code = np.asarray([end_index[period_key(p)] if p else 0 for p in periods])
    return ends, period_end_code[period_codes]


@dataclass
class Counted:
    """What a file's rows do to the values that count (:func:`count_rows`)."""

    stored: int
    unchanged: int
    revised: int
    latest: Any  # rows of items new to the store that count: per (item, end) the last row
    current: dict[tuple[int, str], int]  # (item, end) -> the new id that counts, other items
    superseded: list[int]  # current ids of the store that stop counting


def count_rows(
    row_items: Any,
    row_ends: Any,
    ends: list[str],
    values: list[str],
    statuses: list[str],
    first_id: int,
    known: dict[int, dict[str, tuple[str | None, str | None, int]]],
) -> Counted:
    """The rule of which value counts, for every backend: a file's rows (their items' ids,
    period-end indexes, value and status texts, "" for none) get ids from ``first_id`` on;
    against ``known`` (per item with stored values: (value, status, id) per period end) a row
    is stored, unchanged or a revision, and the later of two rows for an (item, end) counts."""
    import numpy as np

    n = len(row_items)
    new_rows = ~np.isin(row_items, list(known)) if known else np.ones(n, dtype=bool)
    # Items new to the store: every row is stored; per (item, end) the last row counts.
    subset = np.flatnonzero(new_rows)
    stored, unchanged, revised = len(subset), 0, 0
    keys = row_items[subset] * len(ends) + row_ends[subset]
    _, back = np.unique(keys[::-1], return_index=True)
    latest = subset[len(subset) - 1 - back]
    current: dict[tuple[int, str], int] = {}
    # Items with stored values: row by row, against the value that counts so far.
    superseded: list[int] = []
    for i in np.flatnonzero(~new_rows).tolist():
        item, end = int(row_items[i]), ends[row_ends[i]]
        before = known[item]
        old = before.get(end)
        now_ = (values[i] or None, statuses[i] or None, first_id + i)
        if old is None:
            stored += 1
        else:
            if old[2] < first_id:
                superseded.append(old[2])
            if old[:2] == now_[:2]:
                unchanged += 1
            else:
                revised += 1
        before[end] = now_
        current[item, end] = first_id + i
    return Counted(stored, unchanged, revised, latest, current, superseded)


def plan_items(lookups: Any, plan_id: int, columns: Mapping[str, list[Column]]) -> Any:
    """The ``items`` id of each row's item in plan ``plan_id`` (a numpy array; the items are
    added on first use, with their kinds, by ``lookups.item_ids``): every backend's writer."""
    import numpy as np

    items, item_codes = _coded(columns["item_id"])
    kinds, kind_codes = _coded(columns["kind"])
    used, firsts = np.unique(item_codes, return_index=True)
    item_ids = lookups.item_ids(
        plan_id,
        {
            items[u]: kinds[k]
            for u, k in zip(used.tolist(), kind_codes[firsts].tolist(), strict=True)
        },
    )
    item_db = np.zeros(len(items), dtype=np.int64)
    item_db[used] = [item_ids[items[u]] for u in used.tolist()]
    return item_db[item_codes]


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


class SqliteIngestWriter:
    """One ingest in progress (see :meth:`SqliteStore.begin_ingest`).

    Accepted rows are collected column-wise (:meth:`add`, :meth:`add_columns`) and written at
    :meth:`finish`: one row per value, and ``current`` updated for the items it touches.
    """

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

    def add(self, observations: Sequence[Observation], plan: PlanKey | None = None) -> None:
        """Take a chunk of accepted rows of ``plan`` (each (id, period) once per file and
        plan)."""
        self.add_columns(observation_columns(observations), plan)

    def add_columns(self, columns: Mapping[str, Column], plan: PlanKey | None = None) -> None:
        """Take accepted rows of ``plan`` column-wise: :data:`COLUMNS` as keys, each a list
        (texts or None; ints for ``row``) or a :class:`Coded` column, all of one length.

        Rows of several plans come in separate calls. The ingest belongs to every plan it is
        given rows of, even none (an ingest whose rows were all blank or refused).
        """
        if not isinstance(plan, PlanKey):
            raise TypeError(f"values are written to a plan (a PlanKey), not {plan!r}")
        parts = self.parts.setdefault(plan, {name: [] for name in COLUMNS})
        for name in COLUMNS:
            if name == "flags" and name not in columns:  # no warnings for any of these rows
                parts[name].append([None] * len(columns["item_id"]))
            else:
                parts[name].append(columns[name])

    def _items(self, lookups: Lookups) -> tuple[dict[str, list[Column]], Any]:
        """The rows of every plan as one set of columns (plan after plan), and the id in
        ``items`` of each row's item (an item id of one plan is an item of its own); the ingest
        linked to its plans."""
        import numpy as np

        by_plan, self.parts = self.parts, {}
        parts: dict[str, list[Column]] = {name: [] for name in COLUMNS}
        row_items = [np.zeros(0, dtype=np.int64)]
        for plan, columns in by_plan.items():
            plan_id = lookups.plan_id(plan)
            if self.ingest_id is not None:
                self.conn.execute(
                    "INSERT OR IGNORE INTO ingest_plans (plan, ingest_id) VALUES (?, ?)",
                    (plan_id, self.ingest_id),
                )
            row_items.append(plan_items(lookups, plan_id, columns))
            for name in COLUMNS:
                parts[name] += columns[name]
        return parts, np.concatenate(row_items)

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
        periods, period_codes = _coded(parts["period"])
        period_ids = lookups.ids("periods", periods)
        ends, row_ends = row_period_ends(periods, period_codes)
        # As the INSERT binds them: "" for an empty field (the store's NULL)
        values, statuses = _texts(parts["value"]), _texts(parts["status"])

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
                ("raw_value", _texts(parts["raw_value"]), TEXT),
                ("raw_unit", _looked_up(lookups, "units", parts["raw_unit"]), ID),
                ("note", _texts(parts["note"]), TEXT),
                ("reported_by", _looked_up(lookups, "reporters", parts["reported_by"]), ID),
                ("flags", _texts(parts["flags"]), TEXT),
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

    def finish(self, rows_read: int, rejected: int, reported_by: str | None) -> IngestSummary:
        """Commit (or, for a dry run or a file ingested before, roll back) and say what happened."""
        if self.duplicate_of is not None:
            self.abort()
            return IngestSummary(None, rows_read, 0, 0, 0, rejected, self.duplicate_of)
        try:
            stored, unchanged, revised = self._write()
            if self.ingest_id is None:  # dry run
                self.abort()
                return IngestSummary(None, rows_read, stored, unchanged, revised, rejected)
            self.conn.execute(
                """UPDATE ingests SET reported_by = ?, rows_read = ?, rows_stored = ?,
                   rows_unchanged = ?, rows_revised = ?, rows_rejected = ? WHERE id = ?""",
                (reported_by, rows_read, stored, unchanged, revised, rejected, self.ingest_id),
            )
            self.conn.execute("COMMIT")
            self.open = False
        except BaseException:
            self.abort()
            raise
        return IngestSummary(self.ingest_id, rows_read, stored, unchanged, revised, rejected)

    def abort(self) -> None:
        """Roll everything back (safe to call twice)."""
        if self.open:
            self.open = False
            self.conn.execute("ROLLBACK")
