"""What every backend's store class shares: the reads of the :class:`~liuzhang.store.Store`
protocol, each a call of the backend's reader module (``reader``:
:mod:`liuzhang.store.sqlite.reader`, :mod:`liuzhang.store.postgres.reader`) on the store's
connection, and :meth:`StoreBase.ingest` (a whole file through ``begin_ingest``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Self

from liuzhang.domain.observations import IngestRecord, Observation, StoredValue
from liuzhang.domain.plan import PlanKey
from liuzhang.store import IngestSummary, IngestWriter, PlanSpan


class StoreBase:
    """Mixin of a backend's store class: ``reader`` is its reader module, ``conn`` its
    connection."""

    reader: ClassVar[Any]
    conn: Any

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def begin_ingest(
        self, file: str, sha256: str, dry_run: bool = False, received: str | None = None
    ) -> IngestWriter:
        raise NotImplementedError  # each backend's own

    def ingest(
        self,
        file: str,
        sha256: str,
        reported_by: str | None,
        observations: Sequence[Observation],
        rows_read: int,
        rejected: int,
        dry_run: bool = False,
        plan: PlanKey | None = None,
        received: str | None = None,
    ) -> IngestSummary:
        """Store one file's accepted rows in one transaction (nothing when ``dry_run``).

        The same file (by sha256) ingested again changes nothing and names the earlier ingest.
        """
        writer = self.begin_ingest(file, sha256, dry_run, received)
        if writer.duplicate_of is None:
            try:
                writer.add(observations, plan)
            except BaseException:
                writer.abort()
                raise
        return writer.finish(rows_read, rejected, reported_by)

    # ``plan``: of that plan only; None: of every plan.
    def ingests(self, *, plan: PlanKey | None = None) -> list[IngestRecord]:
        return list(self.reader.ingests(self.conn, plan))

    def latest(
        self, as_of_end: str | None = None, *, plan: PlanKey | None = None
    ) -> list[StoredValue]:
        return list(self.reader.latest(self.conn, as_of_end, plan))

    def current_values(
        self, items: Sequence[str], *, plan: PlanKey | None = None
    ) -> dict[str, list[StoredValue]]:
        return dict(self.reader.current_values(self.conn, items, plan))

    def newest_values(
        self, plans: Sequence[PlanKey], as_of_end: str
    ) -> dict[PlanKey, list[StoredValue]]:
        return dict(self.reader.newest_values(self.conn, plans, as_of_end))

    def history(self, item_id: str, *, plan: PlanKey | None = None) -> list[StoredValue]:
        return list(self.reader.history(self.conn, item_id, plan))

    def observations(self, ingest_id: int) -> list[StoredValue]:
        return list(self.reader.observations(self.conn, ingest_id))

    def counts(self) -> dict[str, int]:
        return dict(self.reader.counts(self.conn))

    def plans(self) -> list[PlanSpan]:
        return list(self.reader.plans(self.conn))

    def tables(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table (for tests: what "nothing changed" compares)."""
        return dict(self.reader.tables(self.conn))

    def schema_version(self) -> int:
        """The version of the layout the store is at."""
        (value,) = self.conn.execute(
            "SELECT value FROM meta WHERE key = 'schema_version'"
        ).fetchone()
        return int(value)
