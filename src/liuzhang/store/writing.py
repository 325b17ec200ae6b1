"""What every backend's ingest writer shares: a file's rows collected column-wise per plan
(:class:`IngestWriterBase`), the texts of a column coded once per distinct value, and the rule
of which value counts (:func:`count_rows`). The backends differ only in how they write."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any, ClassVar

from liuzhang.domain.observations import COLUMNS, Coded, Column, Observation, observation_columns
from liuzhang.domain.plan import PlanKey
from liuzhang.store import IngestSummary, period_facts, period_key


def coded(parts: list[Column]) -> tuple[list[str], Any]:
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


def row_texts(parts: list[Column]) -> list[str]:
    """A text column, row by row ("" for an empty field: see :func:`coded`)."""
    import numpy as np

    table, codes = coded(parts)
    return list(np.asarray(table, dtype=object)[codes].tolist())


def row_period_ends(periods: list[str], period_codes: Any) -> tuple[list[str], Any]:
    """The distinct period ends of a file's rows (ISO, sorted: :func:`period_key`) and each
    row's index into them (``periods``/``period_codes`` as :func:`coded` gives them)."""
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

    items, item_codes = coded(columns["item_id"])
    kinds, kind_codes = coded(columns["kind"])
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


# The text column of each lookup table.
TEXT_COLUMN = {"items": "item_id", "periods": "period", "units": "unit", "reporters": "reporter"}


class LookupsBase:
    """Ids of the lookup tables' texts (periods, units, reporters; a plan's items; plans),
    read once and added on first use, inside the caller's transaction. A backend sets
    ``MARK`` and says how rows are added (:meth:`_add_periods`, :meth:`_add_texts`,
    :meth:`_add_items`) and how texts are looked up (:meth:`_select`)."""

    MARK: ClassVar[str]

    def __init__(self, conn: Any) -> None:
        self.conn = conn
        self.cache: dict[str, dict[str, int]] = {}

    def ids(self, table: str, texts: Iterable[str | None]) -> list[int | None]:
        """The id of each text in ``table`` (None for None or ""), adding those not there
        (a period with its kind and end)."""
        texts = list(texts)
        known = self._read(table, texts)
        new = sorted({t for t in texts if t and t not in known})
        if new and table == "periods":
            rows = []
            for text in new:
                kind, end, end_month = period_facts(text)
                rows.append((text, kind, end.isoformat(), end_month))
            self._add_periods(rows)
        elif new:
            self._add_texts(table, TEXT_COLUMN[table], new)
        known = self._read(table, new)
        return [known[t] if t else None for t in texts]

    def plan_id(self, plan: PlanKey) -> int:
        """The id of a plan, adding it on first use."""
        key = str(plan)
        known = self.cache.setdefault("plans", {})
        if key not in known:
            mark = self.MARK
            self.conn.execute(
                f"INSERT INTO plans (area, year) VALUES ({mark}, {mark}) ON CONFLICT DO NOTHING",
                (plan.area, plan.year),
            )
            (known[key],) = self.conn.execute(
                f"SELECT id FROM plans WHERE area = {mark} AND year = {mark}",
                (plan.area, plan.year),
            ).fetchone()
        return known[key]

    def item_ids(self, plan: int, kinds: dict[str, str]) -> dict[str, int]:
        """The id of each item of a plan (item id -> kind), adding those not there."""
        known = self._read("items", list(kinds), plan)
        new = [(item, kind) for item, kind in kinds.items() if item not in known]
        if new:
            self._add_items(plan, new)
            known = self._read("items", [item for item, _ in new], plan)
        return {item: known[item] for item in kinds}

    def _read(
        self, table: str, texts: Sequence[str | None], plan: int | None = None
    ) -> dict[str, int]:
        """The cache of ``table`` (of the items: of one plan), with those of these texts the
        table has read into it."""
        known = self.cache.setdefault(table if plan is None else f"{table}/{plan}", {})
        missing = sorted({t for t in texts if t and t not in known})
        if missing:
            column = TEXT_COLUMN[table]
            of_plan = "" if plan is None else f"plan = {int(plan)} AND "
            known.update(
                self._select(f"SELECT {column}, id FROM {table} WHERE {of_plan}", column, missing)
            )
        return known

    def _add_periods(self, rows: list[tuple[str, str, str, int]]) -> None:
        """Add periods: (period, period_kind, period_end, end_month) each."""
        raise NotImplementedError

    def _add_texts(self, table: str, column: str, texts: list[str]) -> None:
        """Add texts (sorted, none there yet) to a lookup table."""
        raise NotImplementedError

    def _add_items(self, plan: int, items: list[tuple[str, str]]) -> None:
        """Add (item id, kind) pairs, in the order given, to a plan."""
        raise NotImplementedError

    def _select(self, query: str, column: str, texts: list[str]) -> Iterable[tuple[str, int]]:
        """(text, id) of those of ``texts`` found: ``query`` ends in WHERE, ready for a
        condition on ``column``."""
        raise NotImplementedError


class IngestWriterBase:
    """One ingest in progress, the part both backends share: :meth:`add`/:meth:`add_columns`
    collect the accepted rows per plan; :meth:`finish` writes them (the backend's
    :meth:`_write`), records the counts and commits; :meth:`abort` rolls back.

    A backend sets ``MARK`` (its SQL placeholder) and ``conn``, ``ingest_id`` (None: a dry
    run, or a file stored before: ``duplicate_of``), ``open`` and ``parts`` in its
    ``__init__``, and may override :meth:`_plan_order`, :meth:`_guard` and
    :meth:`_after_commit`.
    """

    MARK: ClassVar[str]
    conn: Any
    ingest_id: int | None
    duplicate_of: int | None
    open: bool
    parts: dict[PlanKey, dict[str, list[Column]]]  # per plan, in order of use

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

    def _plan_order(
        self, by_plan: dict[PlanKey, dict[str, list[Column]]]
    ) -> Iterable[tuple[PlanKey, dict[str, list[Column]]]]:
        """The order the plans' rows are written in: as they were added."""
        return by_plan.items()

    def _items(self, lookups: Any) -> tuple[dict[str, list[Column]], Any]:
        """The rows of every plan as one set of columns (plan after plan), and the id in
        ``items`` of each row's item (an item id of one plan is an item of its own); the ingest
        linked to its plans."""
        import numpy as np

        by_plan, self.parts = self.parts, {}
        parts: dict[str, list[Column]] = {name: [] for name in COLUMNS}
        row_items = [np.zeros(0, dtype=np.int64)]
        mark = self.MARK
        for plan, columns in self._plan_order(by_plan):
            plan_id = lookups.plan_id(plan)
            if self.ingest_id is not None:
                self.conn.execute(
                    f"""INSERT INTO ingest_plans (plan, ingest_id) VALUES ({mark}, {mark})
                        ON CONFLICT DO NOTHING""",
                    (plan_id, self.ingest_id),
                )
            row_items.append(plan_items(lookups, plan_id, columns))
            for name in COLUMNS:
                parts[name] += columns[name]
        return parts, np.concatenate(row_items)

    def _write(self) -> tuple[int, int, int]:
        """Write the collected rows; (stored, unchanged, revised). Each backend's own."""
        raise NotImplementedError

    def _guard(self) -> AbstractContextManager[None]:
        """Around the writing: how the backend's errors are told (here: as they are)."""
        return nullcontext()

    def _after_commit(self) -> None:
        """Work after the commit (here: none)."""

    def finish(self, rows_read: int, rejected: int, reported_by: str | None) -> IngestSummary:
        """Commit (or, for a dry run or a file ingested before, roll back) and say what happened."""
        if self.duplicate_of is not None:
            self.abort()
            return IngestSummary(None, rows_read, 0, 0, 0, rejected, self.duplicate_of)
        mark = self.MARK
        try:
            with self._guard():
                stored, unchanged, revised = self._write()
                if self.ingest_id is None:  # dry run
                    self.abort()
                    return IngestSummary(None, rows_read, stored, unchanged, revised, rejected)
                self.conn.execute(
                    f"""UPDATE ingests SET reported_by = {mark}, rows_read = {mark},
                        rows_stored = {mark}, rows_unchanged = {mark}, rows_revised = {mark},
                        rows_rejected = {mark} WHERE id = {mark}""",
                    (reported_by, rows_read, stored, unchanged, revised, rejected, self.ingest_id),
                )
                self.conn.execute("COMMIT")
                self.open = False
                self._after_commit()
        except BaseException:
            self.abort()
            raise
        return IngestSummary(self.ingest_id, rows_read, stored, unchanged, revised, rejected)

    def abort(self) -> None:
        """Roll everything back (safe to call twice)."""
        if self.open:
            self.open = False
            self.conn.execute("ROLLBACK")
