"""The embedded store: SQLite (stdlib), append-only observations with full provenance.

Every accepted row becomes an observation tied to its ingest (file, sha256, row, reporting
unit, time). The newest observation of an (id, period) counts; older ones stay as revisions.
An ingest is one ``BEGIN IMMEDIATE`` transaction: it lands whole or not at all, and a second
writer waits for the first. ``revert`` marks an ingest as taken back; nothing is deleted.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from liuzhang.problems import CodedError

APP_ID = "liuzhang"
SCHEMA_VERSION = 2
BUSY_TIMEOUT_S = 60.0

_CURRENT_TABLE = """
CREATE TABLE IF NOT EXISTS current (
    item_id TEXT NOT NULL,
    period TEXT NOT NULL,
    observation_id INTEGER NOT NULL REFERENCES observations (id),
    PRIMARY KEY (item_id, period)
) STRICT, WITHOUT ROWID"""

_SCHEMA = """
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
    reverted_at TEXT
) STRICT;
CREATE INDEX ingests_sha ON ingests (sha256);
CREATE TABLE observations (
    id INTEGER PRIMARY KEY,
    ingest_id INTEGER NOT NULL REFERENCES ingests (id),
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('target', 'task')),
    period TEXT NOT NULL,
    period_kind TEXT NOT NULL,
    period_end TEXT NOT NULL,
    end_month INTEGER NOT NULL,
    value TEXT,
    status TEXT CHECK (status IS NULL OR status IN ('not_started', 'in_progress', 'done')),
    unit TEXT,
    raw_value TEXT,
    raw_unit TEXT,
    note TEXT,
    reported_by TEXT,
    row INTEGER NOT NULL
) STRICT;
CREATE INDEX observations_item ON observations (item_id, period, id);
CREATE INDEX observations_ingest ON observations (ingest_id);
CREATE VIEW live_observations AS
    SELECT o.*, i.file AS source_file, i.sha256 AS sha256, i.ingested_at AS ingested_at
    FROM observations o JOIN ingests i ON i.id = o.ingest_id
    WHERE i.reverted_at IS NULL;
"""


class StoreError(CodedError):
    """A store that cannot be used."""


@dataclass(frozen=True, slots=True)
class Observation:
    """One accepted row, ready to store."""

    item_id: str
    kind: str
    period: str
    period_kind: str
    period_end: str
    end_month: int
    value: Decimal | None
    status: str | None
    unit: str | None
    raw_value: str | None
    raw_unit: str | None
    note: str | None
    reported_by: str | None
    row: int


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest did."""

    ingest_id: int | None
    rows_read: int
    stored: int
    unchanged: int
    revised: int
    rejected: int
    duplicate_of: int | None = None  # the earlier ingest of the very same file


def _now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def _text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


class Store:
    """A liuzhang database file. Use :meth:`open`; close with :meth:`close` or ``with``."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, create: bool = True) -> Store:
        """Open (and on first use create) the store; refuse files that are not ours.

        A store from an older release is migrated in place; one from a newer release, a file
        that is not a liuzhang database, a directory, or a place that cannot be written is
        refused with a message naming the path, and nothing is changed.
        """
        if path.is_dir():
            raise StoreError("store_not_liuzhang", path=str(path))
        exists = path.exists() and path.stat().st_size > 0
        if not exists and not create:
            raise StoreError("store_missing", path=str(path))
        try:
            if exists:
                with path.open("rb") as handle:
                    if handle.read(16) != b"SQLite format 3\x00":
                        raise StoreError("store_not_liuzhang", path=str(path))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except OSError as exc:
            raise StoreError("store_unwritable", path=str(path), reason=exc.strerror) from exc
        except sqlite3.Error as exc:
            raise StoreError("store_unwritable", path=str(path), reason=str(exc)) from exc
        try:
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(conn, path)
            if exists:
                store._check_ours()
            else:
                store._create()
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -131072")  # 128 MiB: large ingests insert faster
        except sqlite3.OperationalError as exc:
            conn.close()
            raise StoreError("store_unwritable", path=str(path), reason=str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError("store_not_liuzhang", path=str(path)) from exc
        except StoreError:
            conn.close()
            raise
        return store

    def _check_ours(self) -> None:
        tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        if "meta" not in tables:
            raise StoreError("store_not_liuzhang", path=str(self.path))
        meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("app") != APP_ID:
            raise StoreError("store_not_liuzhang", path=str(self.path))
        try:
            version = int(str(meta.get("schema_version", "")))
        except ValueError:
            raise StoreError("store_not_liuzhang", path=str(self.path)) from None
        if version > SCHEMA_VERSION:
            raise StoreError(
                "store_too_new", path=str(self.path), version=version, supported=SCHEMA_VERSION
            )
        if version < SCHEMA_VERSION:
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Bring an older store up to :data:`SCHEMA_VERSION`, in one transaction."""
        with self.transaction():
            if version < 2:  # 2 added the `current` index of the newest live observations
                self.conn.execute(_CURRENT_TABLE)
                self.conn.execute("DELETE FROM current")  # rebuilt from the history below
                self.conn.execute(
                    """INSERT INTO current (item_id, period, observation_id)
                       SELECT o.item_id, o.period, max(o.id)
                       FROM observations o JOIN ingests i ON i.id = o.ingest_id
                       WHERE i.reverted_at IS NULL GROUP BY o.item_id, o.period"""
                )
            self.conn.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),)
            )

    def _create(self) -> None:
        with self.transaction():
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
            if "meta" in tables:  # another process created it while we waited
                return
            for statement in [*_SCHEMA.split(";"), _CURRENT_TABLE]:
                if statement.strip():
                    self.conn.execute(statement)
            self.conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)",
                [("app", APP_ID), ("schema_version", str(SCHEMA_VERSION)), ("created_at", _now())],
            )

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back on any exception."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    # -- writing ------------------------------------------------------------------------------

    def find_ingest(self, sha256: str) -> int | None:
        """The live ingest of a file with this content, if any."""
        row = self.conn.execute(
            "SELECT id FROM ingests WHERE sha256 = ? AND reverted_at IS NULL ORDER BY id LIMIT 1",
            (sha256,),
        ).fetchone()
        return int(row[0]) if row else None

    def _latest_values(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], tuple[Any, Any]]:
        """Current (value, status) of the given (item, period) keys."""
        out: dict[tuple[str, str], tuple[Any, Any]] = {}
        items = sorted({k[0] for k in keys})
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for item_id, period, value, status in self.conn.execute(
                f"""SELECT c.item_id, c.period, o.value, o.status
                    FROM current c JOIN observations o ON o.id = c.observation_id
                    WHERE c.item_id IN ({marks})""",
                chunk,
            ):
                if (item_id, period) in keys:
                    out[(item_id, period)] = (value, status)
        return out

    def begin_ingest(self, file: str, sha256: str, dry_run: bool = False) -> IngestWriter:
        """Start one ingest: a ``BEGIN IMMEDIATE`` transaction held until ``finish``/``abort``.

        Rows are added in chunks as they are checked, so a large file is never held in memory;
        nothing is visible to others (or kept after a crash) before ``finish`` commits.
        """
        return IngestWriter(self, file, sha256, dry_run)

    def ingest(
        self,
        file: str,
        sha256: str,
        reported_by: str | None,
        observations: Sequence[Observation],
        rows_read: int,
        rejected: int,
        dry_run: bool = False,
    ) -> IngestSummary:
        """Store one file's accepted rows in one transaction (nothing when ``dry_run``).

        The same file (by sha256) ingested again changes nothing and names the earlier ingest.
        """
        writer = self.begin_ingest(file, sha256, dry_run)
        if writer.duplicate_of is None:
            writer.add(observations)
        return writer.finish(rows_read, rejected, reported_by)

    def revert(self, ingest_id: int) -> None:
        """Take one ingest back out (its rows stop counting; they stay for the audit trail)."""
        with self.transaction():
            row = self.conn.execute(
                "SELECT reverted_at FROM ingests WHERE id = ?", (ingest_id,)
            ).fetchone()
            if row is None:
                raise StoreError("ingest_unknown", id=ingest_id)
            if row[0] is not None:
                raise StoreError("ingest_already_reverted", id=ingest_id, at=row[0])
            self.conn.execute(
                "UPDATE ingests SET reverted_at = ? WHERE id = ?", (_now(), ingest_id)
            )
            # Point every key the ingest touched back at its newest live observation (or drop it).
            touched = "SELECT item_id, period FROM observations WHERE ingest_id = :id"
            self.conn.execute(
                f"DELETE FROM current WHERE (item_id, period) IN ({touched})", {"id": ingest_id}
            )
            self.conn.execute(
                f"""INSERT INTO current (item_id, period, observation_id)
                    SELECT o.item_id, o.period, max(o.id)
                    FROM observations o JOIN ingests i ON i.id = o.ingest_id
                    WHERE i.reverted_at IS NULL AND (o.item_id, o.period) IN ({touched})
                    GROUP BY o.item_id, o.period""",
                {"id": ingest_id},
            )

    # -- reading ------------------------------------------------------------------------------

    def ingests(self) -> list[dict[str, Any]]:
        """Every ingest, oldest first."""
        cursor = self.conn.execute("SELECT * FROM ingests ORDER BY id")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def latest(self, as_of_end: str | None = None) -> list[dict[str, Any]]:
        """The newest live observation of every (item, period), optionally up to a date."""
        where = "WHERE o.period_end <= :end" if as_of_end else ""
        cursor = self.conn.execute(
            f"""SELECT o.*, i.file AS source_file, i.sha256 AS sha256, i.ingested_at AS ingested_at
                FROM current c
                JOIN observations o ON o.id = c.observation_id
                JOIN ingests i ON i.id = o.ingest_id
                {where}
                ORDER BY o.item_id, o.period_end, o.id""",
            {"end": as_of_end},
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def history(self, item_id: str) -> list[dict[str, Any]]:
        """Every observation of one item (reverted ingests included, flagged), oldest first."""
        cursor = self.conn.execute(
            """SELECT o.*, i.file AS source_file, i.sha256 AS sha256,
                      i.ingested_at AS ingested_at, i.reverted_at AS reverted_at
               FROM observations o JOIN ingests i ON i.id = o.ingest_id
               WHERE o.item_id = ? ORDER BY o.period_end, o.period, o.id""",
            (item_id,),
        )
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def counts(self) -> dict[str, int]:
        """Rows per table (for tests and `log`)."""
        return {
            table: int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("ingests", "observations")
        }


def default_db_path(data_dir: Path, explicit: str | None = None) -> Path:
    """``--db``, else ``LIUZHANG_DB``, else ``liuzhang.sqlite`` next to the data directory."""
    import os

    chosen = explicit or os.environ.get("LIUZHANG_DB")
    if chosen:
        return Path(chosen)
    return data_dir.resolve().parent / "liuzhang.sqlite"


_INSERT_OBSERVATION = """INSERT INTO observations (ingest_id, item_id, kind, period, period_kind,
    period_end, end_month, value, status, unit, raw_value, raw_unit, note, reported_by, row)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""


class IngestWriter:
    """One ingest in progress (see :meth:`Store.begin_ingest`)."""

    def __init__(self, store: Store, file: str, sha256: str, dry_run: bool) -> None:
        self.store = store
        self.conn = store.conn
        self.dry_run = dry_run
        self.stored = self.unchanged = self.revised = 0
        self.ingest_id: int | None = None
        self.open = True
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.duplicate_of = store.find_ingest(sha256)
            if self.duplicate_of is None and not dry_run:
                cursor = self.conn.execute(
                    """INSERT INTO ingests (file, sha256, rows_read, rows_stored, rows_unchanged,
                       rows_revised, rows_rejected, ingested_at) VALUES (?, ?, 0, 0, 0, 0, 0, ?)""",
                    (file, sha256, _now()),
                )
                self.ingest_id = int(cursor.lastrowid or 0)
        except BaseException:
            self.abort()
            raise

    def add(self, observations: Sequence[Observation]) -> None:
        """Classify (new, unchanged, revised) and, unless a dry run, insert a chunk of rows."""
        # The checker lets each (id, period) through once per file, so only the stored values
        # of this chunk's keys are needed (nothing accumulates across chunks).
        known = self.store._latest_values({(o.item_id, o.period) for o in observations})
        for obs in observations:
            before = known.get((obs.item_id, obs.period))
            if before is None:
                self.stored += 1
            elif before == (_text(obs.value), obs.status):
                self.unchanged += 1
            else:
                self.revised += 1
        if self.ingest_id is not None:
            ingest_id = self.ingest_id
            self.conn.executemany(
                _INSERT_OBSERVATION,
                (
                    (
                        ingest_id,
                        o.item_id,
                        o.kind,
                        o.period,
                        o.period_kind,
                        o.period_end,
                        o.end_month,
                        _text(o.value),
                        o.status,
                        o.unit,
                        o.raw_value,
                        o.raw_unit,
                        o.note,
                        o.reported_by,
                        o.row,
                    )
                    for o in observations
                ),
            )

    def finish(self, rows_read: int, rejected: int, reported_by: str | None) -> IngestSummary:
        """Commit (or, for a dry run or a file ingested before, roll back) and say what happened."""
        if self.duplicate_of is not None:
            self.abort()
            return IngestSummary(None, rows_read, 0, 0, 0, rejected, self.duplicate_of)
        if self.ingest_id is None:  # dry run
            self.abort()
            return IngestSummary(
                None, rows_read, self.stored, self.unchanged, self.revised, rejected
            )
        try:
            self.conn.execute(
                """UPDATE ingests SET reported_by = ?, rows_read = ?, rows_stored = ?,
                   rows_unchanged = ?, rows_revised = ?, rows_rejected = ? WHERE id = ?""",
                (
                    reported_by,
                    rows_read,
                    self.stored,
                    self.unchanged,
                    self.revised,
                    rejected,
                    self.ingest_id,
                ),
            )
            self.conn.execute(
                """INSERT INTO current (item_id, period, observation_id)
                   SELECT item_id, period, max(id) FROM observations WHERE ingest_id = ?
                   GROUP BY item_id, period
                   ON CONFLICT (item_id, period)
                   DO UPDATE SET observation_id = excluded.observation_id""",
                (self.ingest_id,),
            )
            self.conn.execute("COMMIT")
            self.open = False
        except BaseException:
            self.abort()
            raise
        return IngestSummary(
            self.ingest_id, rows_read, self.stored, self.unchanged, self.revised, rejected
        )

    def abort(self) -> None:
        """Roll everything back (safe to call twice)."""
        if self.open:
            self.open = False
            self.conn.execute("ROLLBACK")
