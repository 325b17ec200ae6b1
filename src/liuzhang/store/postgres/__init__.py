"""The PostgreSQL store (psycopg 3): the layout of :mod:`.schema` in one database.

An ingest is one transaction: it lands whole or not at all. Many writers work at once: a file
is told from another by its sha256 (an advisory lock per content and a unique index of the live
ingests: the same file arriving twice at once is stored once), and the writing of one plan's
values waits for another writer of the same plan (an advisory lock per plan), so that every
(item, period end) has one current value. Readers are never blocked (MVCC): a read-only store
reads one snapshot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from liuzhang.domain.plan import PlanKey
from liuzhang.store import (
    StoreError,
    shown_location,
)
from liuzhang.store import lock_timeout as _lock_timeout
from liuzhang.store.postgres import reader, schema
from liuzhang.store.postgres.schema import APP_ID, SCHEMA_VERSION
from liuzhang.store.shared import StoreBase

if TYPE_CHECKING:
    from liuzhang.store.postgres.writer import PgIngestWriter

_T = TypeVar("_T")

__all__ = ["APP_ID", "SCHEMA_VERSION", "PgStore", "read_only", "shown"]

# Advisory lock keys (pg_advisory_xact_lock takes one bigint): creating the tables, reserving
# observation ids; per file content and per plan they are hashes of a text (see lock_key).
CREATE_KEY = 0x6C697A68_00000001
IDS_KEY = 0x6C697A68_00000002


def shown(url: str) -> str:
    """The URL as messages show it: without a password."""
    return shown_location(url)


def now() -> str:
    return datetime.now(UTC).astimezone().isoformat(timespec="seconds")


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise StoreError("store_pg_driver_missing") from None
    return psycopg


def connect(url: str, readonly: bool = False) -> Any:
    """A connection in autocommit mode (transactions are begun explicitly); a server that cannot
    be reached is ``store_pg_unreachable``, a database that does not exist ``store_missing``."""
    psycopg = _psycopg()
    options = "-c default_transaction_read_only=on" if readonly else ""
    try:
        return psycopg.connect(url, autocommit=True, options=options, connect_timeout=10)
    except psycopg.OperationalError as exc:
        reason = _reason(exc)
        if "does not exist" in reason and "database" in reason:
            raise StoreError("store_missing", path=shown(url)) from None
        raise StoreError("store_pg_unreachable", path=shown(url), reason=reason) from None
    except psycopg.ProgrammingError as exc:  # a URL psycopg cannot read
        raise StoreError("store_pg_unreachable", path=shown(url), reason=_reason(exc)) from None


def _reason(exc: BaseException) -> str:
    """The driver's message: the server's primary message, else its first line."""
    diag = getattr(exc, "diag", None)
    primary = getattr(diag, "message_primary", None)
    if primary:
        return str(primary)
    text = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return text[0] if text else type(exc).__name__


def create_database(url: str) -> None:
    """Create the database the URL names, through the server's ``postgres`` database."""
    psycopg = _psycopg()
    from psycopg import sql
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    params = conninfo_to_dict(url)
    name = str(params.get("dbname") or "")
    if not name:
        raise StoreError("store_missing", path=shown(url))
    try:
        with psycopg.connect(
            make_conninfo(url, dbname="postgres"), autocommit=True, connect_timeout=10
        ) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.Error as exc:
        # another process may have made it meanwhile (DuplicateDatabase, or a unique violation
        # when both asked at once)
        if not isinstance(exc, psycopg.errors.DuplicateDatabase | psycopg.errors.UniqueViolation):
            raise StoreError("store_unwritable", path=shown(url), reason=_reason(exc)) from None


class PgStore(StoreBase):
    """A liuzhang store in a PostgreSQL database. Use :meth:`open`; close with :meth:`close`
    or ``with``."""

    reader: ClassVar[Any] = reader  # the reads: liuzhang.store.shared

    readonly = False
    on_wait: Callable[[float], None] | None = None

    def __init__(self, conn: Any, url: str) -> None:
        self.conn = conn
        self.url = url
        self.path = shown(url)

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(
        cls, url: str, create: bool = True, readonly: bool = False, legacy_area: str | None = None
    ) -> PgStore:
        """Open (and on first use create: the database too) the store; refuse a database that
        holds other tables, or a layout newer than this release's. ``legacy_area`` is unused:
        PostgreSQL stores have kept plans apart from the start."""
        del legacy_area
        if readonly:
            return _ReadOnlyStore.open_existing(url)
        try:
            conn = connect(url)
        except StoreError as exc:
            if exc.code != "store_missing" or not create:
                raise
            create_database(url)
            conn = connect(url)
        store = cls(conn, url)
        try:
            with store._errors("store_unwritable"):
                if store._tables() and not store._has_meta():
                    raise StoreError("store_not_liuzhang", path=store.path)
                if not store._has_meta():
                    if not create:
                        raise StoreError("store_missing", path=store.path)
                    store._create()
                store._check_ours()
        except BaseException:
            conn.close()
            raise
        return store

    def _tables(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            "current_schema() ORDER BY 1"
        ).fetchall()
        return [r[0] for r in rows]

    def _has_meta(self) -> bool:
        return "meta" in self._tables()

    def _create(self) -> None:
        with self.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (CREATE_KEY,))
            if not self._has_meta():  # another process may have made it while we waited
                schema.create(self.conn, now())

    def _check_ours(self) -> None:
        meta = dict(self.conn.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("app") != APP_ID:
            raise StoreError("store_not_liuzhang", path=self.path)
        try:
            version = int(str(meta.get("schema_version", "")))
        except ValueError:
            raise StoreError("store_not_liuzhang", path=self.path) from None
        if version > SCHEMA_VERSION:
            raise StoreError(
                "store_too_new", path=self.path, version=version, supported=SCHEMA_VERSION
            )
        if version < SCHEMA_VERSION:
            if self.readonly:
                raise StoreError("store_needs_migration", path=self.path, version=version)
            with self.transaction():
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (CREATE_KEY,))
                (current,) = self.conn.execute(
                    "SELECT value FROM meta WHERE key = 'schema_version'"
                ).fetchone()
                schema.migrate(self.conn, int(current))

    @contextmanager
    def _errors(self, failure: str) -> Iterator[None]:
        """The driver's errors as a coded :class:`StoreError` naming the store."""
        psycopg = _psycopg()
        try:
            yield
        except psycopg.errors.LockNotAvailable:
            raise StoreError("store_busy", path=self.path, seconds=f"{_lock_timeout():g}") from None
        except psycopg.Error as exc:
            raise StoreError(failure, path=self.path, reason=_reason(exc)) from exc

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """``BEGIN`` … ``COMMIT``; rolled back on any exception."""
        self.conn.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def lock(self, keys: Sequence[int]) -> None:
        """Take these advisory locks (held to the end of the transaction), in order. While
        another writer holds one, call :attr:`on_wait` once and wait up to
        :func:`liuzhang.store.lock_timeout` seconds; then ``store_busy``."""
        waited = False
        for key in keys:
            (got,) = self.conn.execute("SELECT pg_try_advisory_xact_lock(%s)", (key,)).fetchone()
            if got:
                continue
            timeout = _lock_timeout()
            if not waited and self.on_wait is not None:
                self.on_wait(timeout)
            waited = True
            self.conn.execute(f"SET LOCAL lock_timeout = {int(timeout * 1000)}")
            with self._errors("store_unwritable"):
                self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (key,))

    # -- writing ------------------------------------------------------------------------------

    def find_ingest(self, sha256: str) -> int | None:
        return reader.find_ingest(self.conn, sha256)

    def begin_ingest(
        self, file: str, sha256: str, dry_run: bool = False, received: str | None = None
    ) -> PgIngestWriter:
        """Start one ingest: a transaction held until ``finish``/``abort``; nothing is visible
        to others before ``finish`` commits."""
        from liuzhang.store.postgres.writer import PgIngestWriter

        return PgIngestWriter(self, file, sha256, dry_run, received)

    def revert(self, ingest_id: int) -> None:
        """Take one ingest back out (its rows stop counting; they stay for the audit trail)."""
        from liuzhang.store.postgres.writer import plan_lock, rebuild_current

        with self._errors("store_unwritable"), self.transaction():
            row = self.conn.execute(
                "SELECT reverted_at FROM ingests WHERE id = %s FOR UPDATE", (ingest_id,)
            ).fetchone()
            if row is None:
                raise StoreError("ingest_unknown", id=ingest_id)
            if row[0] is not None:
                raise StoreError("ingest_already_reverted", id=ingest_id, at=row[0])
            plans = self.conn.execute(
                """SELECT pl.area, pl.year FROM ingest_plans ip JOIN plans pl ON pl.id = ip.plan
                   WHERE ip.ingest_id = %s""",
                (ingest_id,),
            ).fetchall()
            self.lock(sorted(plan_lock(PlanKey(a, y)) for a, y in plans))
            self.conn.execute(
                "UPDATE ingests SET reverted_at = %s WHERE id = %s", (now(), ingest_id)
            )
            rebuild_current(self.conn, ingest_id)

    # -- reading: liuzhang.store.shared (through this backend's reader module)


class _ReadOnlyStore(PgStore):
    """A store read in one read-only snapshot (``REPEATABLE READ READ ONLY``): never blocked by
    a writer, and every read sees the same committed state."""

    readonly = True

    @classmethod
    def open_existing(cls, url: str) -> _ReadOnlyStore:
        conn = connect(url, readonly=True)
        store = cls(conn, url)
        try:
            with store._errors("store_unreadable"):
                conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                if not store._has_meta():
                    if store._tables():
                        raise StoreError("store_not_liuzhang", path=store.path)
                    raise StoreError("store_missing", path=store.path)
                store._check_ours()
        except BaseException:
            conn.close()
            raise
        return store

    def close(self) -> None:
        try:
            self.conn.execute("ROLLBACK")
        finally:
            self.conn.close()


def read_only(url: str, read: Callable[[Any], _T], legacy_area: str | None = None) -> _T:
    """``read(store)`` on the store in one read-only snapshot (it writes nothing). A store of
    an older layout is migrated first."""
    try:
        store = _ReadOnlyStore.open_existing(url)
    except StoreError as exc:
        if exc.code != "store_needs_migration":
            raise
        PgStore.open(url, create=False, legacy_area=legacy_area).close()  # migrates
        store = _ReadOnlyStore.open_existing(url)
    with store, store._errors("store_unreadable"):
        return read(store)
