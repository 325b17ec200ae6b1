"""The store of reported values: the :class:`Store` protocol the rest of liuzhang uses, the
typed records it returns, and :func:`open_store` / :func:`read_only` to get one.

Every accepted row becomes one stored value of a plan (an area's plan of a year: item ids may
repeat across plans, and their values never mix), tied to its ingest (file, sha256, row,
reporting unit, time); one file may hold rows of several plans. The newest value of an item of
a plan for a period end counts (``2023-Q3`` and ``2023年1-9月`` both end on 30 September,
``2023`` and ``2023-12`` on 31 December: the later submission wins); older ones stay as
revisions. An ingest lands whole or not at all; ``revert`` marks one as taken back and deletes
nothing. The SQLite backend is in :mod:`.sqlite`, the PostgreSQL one in :mod:`.postgres`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

from liuzhang.domain.observations import Column, IngestRecord, Observation, StoredValue
from liuzhang.domain.plan import PlanKey
from liuzhang.domain.problems import LiuzhangError

_T = TypeVar("_T")


class StoreError(LiuzhangError):
    """A store that cannot be used."""


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


@dataclass(frozen=True)
class PlanSpan:
    """What the store holds of one plan (for ``liuzhang plans``)."""

    plan: PlanKey
    values: int  # current values (live ingests)
    ingests: int  # live ingests that stored values of the plan
    first_period: str | None  # the earliest and latest period (canonical text) with a value
    last_period: str | None


class IngestWriter(Protocol):
    """One ingest in progress (:meth:`Store.begin_ingest`): holds the write lock until
    :meth:`finish` or :meth:`abort`."""

    duplicate_of: int | None  # the live ingest of the very same file, if any: nothing to write

    # ``plan`` is required (TypeError without one); rows of several plans come in separate
    # calls, and the ingest is in the log of each plan it was given rows for (even none).
    def add(self, observations: Sequence[Observation], plan: PlanKey | None = None) -> None:
        """Take a chunk of accepted rows of ``plan`` (each (item, period) once per file and
        plan)."""

    def add_columns(self, columns: Mapping[str, Column], plan: PlanKey | None = None) -> None:
        """Take accepted rows of ``plan`` column-wise (see
        :data:`liuzhang.domain.observations.COLUMNS`)."""

    def finish(self, rows_read: int, rejected: int, reported_by: str | None) -> IngestSummary:
        """Commit (a dry run or a duplicate: roll back) and say what happened."""

    def abort(self) -> None:
        """Roll everything back (safe to call twice)."""


class Store(Protocol):
    """What liuzhang needs of a store. Close it with :meth:`close` or ``with``."""

    @property
    def path(self) -> Path | str:
        """Where the store is: its file, or its URL without a password."""

    readonly: bool
    # Called once when a write must wait for another writer (e.g. to say so on stderr).
    on_wait: Callable[[float], None] | None

    def close(self) -> None: ...

    def __enter__(self) -> Store: ...

    def __exit__(self, *exc: object) -> None: ...

    # -- writing
    def find_ingest(self, sha256: str) -> int | None:
        """The live ingest of a file with this content, if any."""

    # ``received``: the ISO date the file arrived when it is not the ingest's (``ingest
    # --received``); kept as ``IngestRecord.received`` / ``StoredValue.received``.
    def begin_ingest(
        self, file: str, sha256: str, dry_run: bool = False, received: str | None = None
    ) -> IngestWriter:
        """Start one ingest; nothing is visible to others before it finishes."""

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
        """Store one file's accepted rows of ``plan`` at once (nothing when ``dry_run``)."""

    def revert(self, ingest_id: int) -> None:
        """Take one ingest back out (its values stop counting; they stay for the audit trail)."""

    # -- reading
    # ``plan``: the values of that plan only (ids may repeat across plans); None: of every plan.
    def ingests(self, *, plan: PlanKey | None = None) -> list[IngestRecord]:
        """Every ingest (whose rows were for ``plan``), oldest first."""

    def latest(
        self, as_of_end: str | None = None, *, plan: PlanKey | None = None
    ) -> list[StoredValue]:
        """The current value of every (item, period end), optionally up to a date; by item,
        period end."""

    def current_values(
        self, items: Sequence[str], *, plan: PlanKey | None = None
    ) -> dict[str, list[StoredValue]]:
        """The current values of those of these items that have any."""

    def newest_values(
        self, plans: Sequence[PlanKey], as_of_end: str
    ) -> dict[PlanKey, list[StoredValue]]:
        """Per plan (of those given), the current value of each item with the latest period end
        in the plan's year up to ``as_of_end`` (ISO date): what judging as of that date uses
        (``compare``: many plans in one read); by item. Plans without values are left out."""

    def history(self, item_id: str, *, plan: PlanKey | None = None) -> list[StoredValue]:
        """Every value of one item (reverted ingests included), by period end, then id."""

    def observations(self, ingest_id: int) -> list[StoredValue]:
        """The values one ingest stored, in the order of their ids."""

    def counts(self) -> dict[str, int]:
        """How many ingests and observations are stored."""

    def plans(self) -> list[PlanSpan]:
        """What the store holds of each plan, by area and year."""

    def schema_version(self) -> int:
        """The version of the layout the store is at."""

    def tables(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, sorted (for audits and tests: what "unchanged" means)."""


def open_store(
    path: str | Path, create: bool = True, readonly: bool = False, legacy_area: str | None = None
) -> Store:
    """Open (and on first use create) the store at ``path``: a file (see
    :meth:`liuzhang.store.sqlite.SqliteStore.open`) or a ``postgresql://`` URL (see
    :meth:`liuzhang.store.postgres.PgStore.open`). ``legacy_area``: the area whose plans the
    values of a store written before plans were kept apart belong to (they migrate to the plan
    of their year of that area)."""
    if is_url(path):
        from liuzhang.store.postgres import PgStore

        return PgStore.open(str(path), create=create, readonly=readonly, legacy_area=legacy_area)
    from liuzhang.store.sqlite import SqliteStore

    return SqliteStore.open(Path(path), create=create, readonly=readonly, legacy_area=legacy_area)


def read_only(path: str | Path, read: Callable[[Store], _T], legacy_area: str | None = None) -> _T:
    """``read(store)`` on the store opened read-only, writing nothing (see
    :func:`liuzhang.store.sqlite.read_only`, :func:`liuzhang.store.postgres.read_only`)."""
    if is_url(path):
        from liuzhang.store import postgres

        return postgres.read_only(str(path), read, legacy_area=legacy_area)
    from liuzhang.store import sqlite

    return sqlite.read_only(Path(path), read, legacy_area=legacy_area)


def is_url(location: object) -> bool:
    """Whether a store's location names a PostgreSQL server (``postgresql://…``), not a file."""
    return isinstance(location, str) and location.lower().startswith(
        ("postgresql://", "postgres://")
    )


def shown_location(place: str | Path) -> str:
    """A store's location as messages show it: a URL without its password."""
    import re

    return re.sub(r"^(\w+://[^:/@?]*):[^@/?]*@", r"\1@", str(place))


def default_db_path(data_dir: Path, explicit: str | None = None) -> Path | str:
    """``--db``, else ``LIUZHANG_DB``, else ``liuzhang.sqlite`` next to the data directory; a
    ``postgresql://`` URL is kept as it is."""
    import os

    chosen = explicit or os.environ.get("LIUZHANG_DB")
    if chosen:
        return chosen if is_url(chosen) else Path(chosen)
    return data_dir.resolve().parent / "liuzhang.sqlite"


def lock_timeout() -> float:
    """How long a writer waits for another: ``LIUZHANG_LOCK_TIMEOUT`` seconds, else 60."""
    import os

    try:
        seconds = float(os.environ.get("LIUZHANG_LOCK_TIMEOUT", ""))
    except ValueError:
        return BUSY_TIMEOUT_S
    return seconds if 0 <= seconds < 86400 else BUSY_TIMEOUT_S


BUSY_TIMEOUT_S = 60.0

_PERIOD_ENDS: dict[str, str] = {}


def period_key(text: str) -> str:
    """What makes two periods the same for an item: the day they end (ISO date).

    ``2023-Q3`` and ``2023-09`` (1-9月) both describe the year to 30 September; ``2023``,
    ``2023-Q4`` and ``2023-12`` the whole year (the 年报 and December's 快报). Among values for the
    same key the later submission counts and the earlier is a revision.
    """
    end = _PERIOD_ENDS.get(text)
    if end is None:
        end = _PERIOD_ENDS[text] = period_facts(text)[1].isoformat()
    return end


def period_facts(text: str) -> tuple[str, date, int]:
    """(kind, end, end month) of a canonical period text."""
    from liuzhang.domain.periods import parse_period

    period = parse_period(text)
    if period is None:  # pragma: no cover - only canonical texts are stored
        raise StoreError("store_not_liuzhang", path=text)
    return period.kind, period.end, period.end_month


__all__ = [
    "IngestRecord",
    "IngestSummary",
    "IngestWriter",
    "PlanSpan",
    "Store",
    "StoreError",
    "StoredValue",
    "default_db_path",
    "is_url",
    "lock_timeout",
    "open_store",
    "period_key",
    "read_only",
    "shown_location",
]
