"""The SQLite store (stdlib ``sqlite3``): one file, schema in :mod:`.schema`.

An ingest is one ``BEGIN IMMEDIATE`` transaction: it lands whole or not at all, and a second
writer waits for the first. Readers open the file read-only (:func:`read_only`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from liuzhang.store import (
    BUSY_TIMEOUT_S,
    StoreError,
    lock_timeout,
)
from liuzhang.store.shared import StoreBase
from liuzhang.store.sqlite import reader, schema
from liuzhang.store.sqlite.schema import APP_ID, SCHEMA_VERSION

if TYPE_CHECKING:
    from liuzhang.store.sqlite.writer import SqliteIngestWriter

_T = TypeVar("_T")

__all__ = ["APP_ID", "SCHEMA_VERSION", "SqliteStore", "read_only"]


class SqliteStore(StoreBase):
    """A liuzhang database file. Use :meth:`open`; close with :meth:`close` or ``with``."""

    reader: ClassVar[Any] = reader  # the reads: liuzhang.store.shared

    readonly = False  # opened with ``readonly=True`` (see :func:`read_only`)
    on_wait: Callable[[float], None] | None = None

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path,
        create: bool = True,
        readonly: bool = False,
        legacy_area: str | None = None,
    ) -> SqliteStore:
        """Open (and on first use create) the store; refuse files that are not ours.

        A store from an older release is migrated in place, its values becoming the plans of
        ``legacy_area`` of their years (``store_migration_needs_area`` when it holds values and
        none is given); one from a newer release, a file that is not a liuzhang database, a
        directory, or a place that cannot be written is refused with a message naming the path,
        and nothing is changed.

        ``readonly``: open an existing store without writing anything, not even SQLite's -wal
        and -shm files when no one else has it open (:func:`read_only` reads safely that way).
        """
        if readonly:
            return _ReadOnlyStore.open_existing(path, immutable=True)
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
        with _opening(conn, path, "store_unwritable"):
            # The REFERENCES in the schema document the links (tools draw them); the writer
            # keeps them, and checking each of a million rows would double the ingest time.
            conn.execute("PRAGMA foreign_keys = OFF")
            store = cls(conn, path)
            if exists:
                store._check_ours(legacy_area)
            else:
                store._create()
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -131072")  # 128 MiB: large ingests insert faster
        return store

    def _check_ours(self, legacy_area: str | None = None) -> None:
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
            if self.readonly:
                raise StoreError("store_needs_migration", path=str(self.path), version=version)
            with self.transaction():
                if version < 6 and legacy_area is None and schema.has_values(self.conn):
                    raise StoreError(
                        "store_migration_needs_area", path=str(self.path), version=version
                    )
                schema.migrate(self.conn, version, legacy_area)

    def _create(self) -> None:
        with self.transaction():
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
            if "meta" in tables:  # another process created it while we waited
                return
            schema.create(self.conn)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; rolled back on any exception."""
        self.begin_immediate()
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def begin_immediate(self) -> None:
        """``BEGIN IMMEDIATE``: take the write lock. While another process holds it, call
        :attr:`on_wait` and wait up to :func:`lock_timeout` seconds; then ``store_busy``."""
        conn = self.conn
        timeout = lock_timeout()
        try:
            conn.execute("PRAGMA busy_timeout = 0")
            try:
                conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
            if self.on_wait is not None:
                self.on_wait(timeout)
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if not _busy(exc):
                    raise
                raise StoreError(
                    "store_busy", path=str(self.path), seconds=f"{timeout:g}"
                ) from None
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")

    # -- writing ------------------------------------------------------------------------------

    def find_ingest(self, sha256: str) -> int | None:
        """The live ingest of a file with this content, if any."""
        return reader.find_ingest(self.conn, sha256)

    def begin_ingest(
        self, file: str, sha256: str, dry_run: bool = False, received: str | None = None
    ) -> SqliteIngestWriter:
        """Start one ingest: a ``BEGIN IMMEDIATE`` transaction held until ``finish``/``abort``.

        Nothing is visible to others (or kept after a crash) before ``finish`` commits.
        """
        from liuzhang.store.sqlite.writer import SqliteIngestWriter

        return SqliteIngestWriter(self, file, sha256, dry_run, received)

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
                "UPDATE ingests SET reverted_at = ? WHERE id = ?", (schema.now(), ingest_id)
            )
            schema.rebuild_current(self.conn, ingest_id)

    # -- reading: liuzhang.store.shared (through this backend's reader module)


class _ReadOnlyStore(SqliteStore):
    """A store opened read-only (``mode=ro``), as an immutable file when ``immutable``."""

    readonly = True

    def __init__(self, conn: sqlite3.Connection, path: Path, immutable: bool) -> None:
        super().__init__(conn, path)
        self.immutable = immutable
        self.opened_as = _file_state(path)

    @classmethod
    def open_existing(cls, path: Path, immutable: bool) -> _ReadOnlyStore:
        """Open without writing. ``immutable`` is ignored while a -wal file is beside the store
        (someone has it open, or a writer stopped before folding its log in): then SQLite's
        locks and the log are needed to read it right."""
        if path.is_dir():
            raise StoreError("store_not_liuzhang", path=str(path))
        try:
            if path.stat().st_size == 0:
                raise StoreError("store_missing", path=str(path))
            with path.open("rb") as handle:
                if handle.read(16) != b"SQLite format 3\x00":
                    raise StoreError("store_not_liuzhang", path=str(path))
        except FileNotFoundError:
            raise StoreError("store_missing", path=str(path)) from None
        except OSError as exc:
            raise StoreError("store_unreadable", path=str(path), reason=exc.strerror) from exc
        immutable = immutable and not _wal_of(path).exists()
        uri = path.resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
        try:
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError("store_unreadable", path=str(path), reason=str(exc)) from exc
        with _opening(conn, path, "store_unreadable"):
            conn.execute("PRAGMA query_only = ON")
            store = cls(conn, path, immutable)
            store._check_ours()
        return store

    def changed(self) -> bool:
        """Whether a writer has come in since the store was opened as an immutable file."""
        return self.immutable and _file_state(self.path) != self.opened_as


def _busy(exc: sqlite3.OperationalError) -> bool:
    """Whether SQLite refused because another connection holds the lock."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in str(exc)


@contextmanager
def _opening(conn: sqlite3.Connection, path: Path, failure: str) -> Iterator[None]:
    """Close ``conn`` when opening fails; SQLite's errors as a coded :class:`StoreError`
    (``failure`` when it could not do its work, else ``store_not_liuzhang``)."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        conn.close()
        raise StoreError(failure, path=str(path), reason=str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError("store_not_liuzhang", path=str(path)) from exc
    except BaseException:
        conn.close()
        raise


def _wal_of(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _file_state(path: Path) -> tuple[int, ...]:
    """What changes when anyone writes to the store: its size and times, and its -wal file."""
    try:
        st = path.stat()
    except OSError:
        return ()
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, int(_wal_of(path).exists()))


def _may_write(path: Path) -> bool:
    """Whether the user lets this store be written: the file is not marked read-only (no write
    permission bit, which even root respects here) and file and folder are writable."""
    import os
    import stat

    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and all(
        os.access(p, os.W_OK) for p in (path, path.parent)
    )


def read_only(path: Path, read: Callable[[Any], _T], legacy_area: str | None = None) -> _T:
    """``read(store)`` on the store opened read-only: it writes nothing, and works on a store
    in a read-only place (an archived store).

    When no one else has the store open it is read as an immutable file (no -wal or -shm file
    is created beside it); if a writer came in meanwhile, it is read again through SQLite's
    locks. A store of an older release is migrated first when it may be written; otherwise
    ``store_needs_migration`` says it must be opened once where it can be written.
    """
    try:
        store = _ReadOnlyStore.open_existing(path, immutable=True)
    except StoreError as exc:
        if exc.code != "store_needs_migration" or not _may_write(path):
            raise
        try:
            SqliteStore.open(path, create=False, legacy_area=legacy_area).close()  # migrates
        except StoreError as failed:
            if failed.code == "store_migration_needs_area":
                raise
            raise exc from None
        store = _ReadOnlyStore.open_existing(path, immutable=True)
    with store:
        try:
            result = read(store)
            if not store.changed():
                return result
        except sqlite3.DatabaseError:
            if not store.immutable:
                raise
    with _ReadOnlyStore.open_existing(path, immutable=False) as shared:
        return read(shared)
