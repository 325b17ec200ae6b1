"""Moving a store to another backend without loss (``liuzhang store copy``): every row of every
table with its id (ingests with their times, ``received`` and reverted state; values with their
revisions and flags; which values count), in one transaction, then verified through the
:class:`~liuzhang.store.Store` protocol: the same log, current values and history."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liuzhang.store import Store, StoreError, is_url, open_store, read_only, shown_location

# The tables of values, in the order their rows can be loaded (the links after what they name).
TABLES = (
    "ingests",
    "plans",
    "items",
    "periods",
    "units",
    "reporters",
    "observations",
    "current",
    "ingest_plans",
)


@dataclass(frozen=True)
class Snapshot:
    """What a store holds, as the protocol reads it (what a copy must keep)."""

    log: list[Any]
    current: list[Any]
    history: dict[str, list[Any]]  # per item id, of every plan
    plans: list[Any]
    counts: dict[str, int]


def snapshot(store: Store) -> Snapshot:
    items = sorted({v.item_id for r in store.ingests() for v in store.observations(r.id)})
    return Snapshot(
        store.ingests(),
        store.latest(),
        {item: store.history(item) for item in items},
        store.plans(),
        store.counts(),
    )


def _columns(store: Any, table: str) -> list[str]:
    """The columns of a table of either backend, in the order of its rows."""
    from liuzhang.store.postgres import PgStore

    if isinstance(store, PgStore):
        from liuzhang.store.postgres.reader import columns

        return columns(store.conn, table)
    return [r[1] for r in store.conn.execute(f'PRAGMA table_info("{table}")')]


def _dump(store: Store) -> tuple[dict[str, tuple[list[str], list[tuple[Any, ...]]]], Snapshot]:
    rows = store.tables()
    return {name: (_columns(store, name), rows[name]) for name in TABLES}, snapshot(store)


def same_place(source: str | Path, target: str | Path) -> bool:
    if is_url(source) or is_url(target):
        return str(source) == str(target)
    return Path(source).resolve() == Path(target).resolve()


def copy_store(source: str | Path, target: str | Path) -> Snapshot:
    """Copy the store at ``source`` into a new or empty store at ``target`` (a file or a
    ``postgresql://`` URL, either way), then check that the target reads the same; what was
    copied. Refuses a non-empty target, a target that cannot keep a column the source uses,
    and the same store twice; nothing is written then."""
    if same_place(source, target):
        raise StoreError("store_copy_same", path=shown_location(source))
    tables, before = read_only(source, _dump)
    with open_store(target) as store:
        counts = store.counts()
        if counts["ingests"] or counts["observations"] or store.plans():
            raise StoreError(
                "store_copy_target_not_empty", path=str(store.path), ingests=counts["ingests"]
            )
        plan = _layout(store, tables)
        _load(store, plan)
    after = read_only(target, snapshot)
    for what in ("log", "current", "history", "plans", "counts"):
        if getattr(before, what) != getattr(after, what):
            raise StoreError("store_copy_mismatch", path=shown_location(target), what=what)
    return after


Loads = list[tuple[str, list[str], list[tuple[Any, ...]]]]


def _layout(store: Any, tables: dict[str, tuple[list[str], list[tuple[Any, ...]]]]) -> Loads:
    """Each table's rows as the target's columns take them (a column the target lacks must be
    empty in every row; one the source lacks stays NULL)."""
    loads: Loads = []
    for name in TABLES:
        columns, rows = tables[name]
        theirs = _columns(store, name)
        for k, column in enumerate(columns):
            if column not in theirs:
                used = sum(1 for r in rows if r[k] is not None)
                if used:
                    raise StoreError(
                        "store_copy_loses", path=str(store.path), column=f"{name}.{column}",
                        rows=used,
                    )  # fmt: skip
        keep = [k for k, column in enumerate(columns) if column in theirs]
        loads.append((name, [columns[k] for k in keep], [tuple(r[k] for k in keep) for r in rows]))
    return loads


def _load(store: Any, loads: Loads) -> None:
    """Write the rows in one transaction (PostgreSQL: COPY, then the id sequences moved past
    the ids copied)."""
    from liuzhang.store.postgres import PgStore

    with store.transaction():
        for name, columns, rows in loads:
            quoted = ", ".join(f'"{c}"' for c in columns)
            if isinstance(store, PgStore):
                with store.conn.cursor() as cursor:
                    with cursor.copy(f'COPY "{name}" ({quoted}) FROM STDIN') as copy:
                        for row in rows:
                            copy.write_row(row)
                    if "id" in columns:
                        cursor.execute(
                            f"""SELECT setval(pg_get_serial_sequence('{name}', 'id'),
                                coalesce(max(id), 0) + 1, false) FROM "{name}" """
                        )
            else:
                marks = ", ".join("?" * len(columns))
                store.conn.executemany(f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})', rows)
