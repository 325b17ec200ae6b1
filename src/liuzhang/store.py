"""The embedded store: SQLite (stdlib), append-only observations with full provenance.

Every accepted row becomes an observation tied to its ingest (file, sha256, row, reporting
unit, time). The newest observation of an item for a period end counts (``2023-Q3`` and
``2023年1-9月`` both end on 30 September, ``2023`` and ``2023-12`` on 31 December: the later
submission wins); older ones stay as revisions.
An ingest is one ``BEGIN IMMEDIATE`` transaction: it lands whole or not at all, and a second
writer waits for the first. ``revert`` marks an ingest as taken back; nothing is deleted.

Layout (schema 3). Observations are stored column-wise, one SQLite row per item and ingest
(``segments``), so that a file of a million rows costs tens of thousands of rows, not a
million: each column holds the item's values in that file joined by U+001F (or, when a value
itself contains U+001E or U+001F, as a JSON array after U+001E); an empty field is NULL.
``current`` holds, per item, the newest live observation of every period end in the same form, so
``status`` reads one row per item however long the history. Read them through :class:`Store`.
"""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

from liuzhang.domain.problems import CodedError
from liuzhang.domain.quantities import canonical_text

APP_ID = "liuzhang"
SCHEMA_VERSION = 4
BUSY_TIMEOUT_S = 60.0

# The columns of an observation as the store keeps them (besides its id and ingest).
FIELDS = (
    "period",
    "value",
    "status",
    "unit",
    "raw_value",
    "raw_unit",
    "note",
    "reported_by",
    "flags",  # plausibility warnings found at intake (JSON), empty when none
    "row",
)
# An accepted file handed over column by column: these keys, lists of equal length.
COLUMNS = ("item_id", "kind", *FIELDS)
SEP = "\x1f"
JSON_MARK = "\x1e"
SAME = "\x1d"  # the column holds one value, the same for all n observations
DICT = "\x1c"  # one character per observation: its index in the ingest's dictionary of the field
DELTA = "\x1b"  # one character per (row) number: its difference from the one before (from 0)
# Index k is the character _CODE_BASE + k, skipping the surrogates (U+D800..U+DFFF), which
# UTF-8 cannot hold: over a million distinct values per field and ingest.
_CODE_BASE = 0x20
_SURROGATES = (0xD800, 0x800)  # first surrogate, how many
DICT_MAX = 0x110000 - _CODE_BASE - _SURROGATES[1]

_FIELD_COLUMNS = ", ".join(f"{name} TEXT NOT NULL" for name in FIELDS)
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
"""
_OBSERVATION_SCHEMA = f"""
CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    ingest_id INTEGER NOT NULL REFERENCES ingests (id),
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('target', 'task')),
    n INTEGER NOT NULL,
    first_id INTEGER NOT NULL,  -- observation ids first_id ... first_id + n - 1
    obs_id TEXT,  -- or, when they are not consecutive (migrated stores), these ids packed
    {_FIELD_COLUMNS}
) STRICT;
CREATE INDEX segments_item ON segments (item_id, id);
CREATE INDEX segments_ingest ON segments (ingest_id);
-- the distinct texts of one field in one ingest, as a JSON list (see DICT)
CREATE TABLE dictionaries (
    ingest_id INTEGER NOT NULL REFERENCES ingests (id),
    field TEXT NOT NULL,
    entries TEXT NOT NULL,
    PRIMARY KEY (ingest_id, field)
) STRICT;
CREATE TABLE current (
    item_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('target', 'task')),
    -- every current value of the item is in this segment ...
    segment_id INTEGER,
    -- ... or, when they come from several, they are packed here
    n INTEGER,
    ingest_id TEXT,
    obs_id TEXT,
    {", ".join(f"{name} TEXT" for name in FIELDS)}
) STRICT;
"""


_T = TypeVar("_T")


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
    flags: str | None = None  # plausibility warnings as JSON (see liuzhang.domain.plausibility)


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


def observation_columns(observations: Sequence[Observation]) -> dict[str, list[Any]]:
    """Observations as the columns :meth:`IngestWriter.add_columns` takes."""
    out: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for o in observations:
        out["item_id"].append(o.item_id)
        out["kind"].append(o.kind)
        out["period"].append(o.period)
        out["value"].append(None if o.value is None else canonical_text(o.value))
        out["status"].append(o.status)
        out["unit"].append(o.unit)
        out["raw_value"].append(o.raw_value)
        out["raw_unit"].append(o.raw_unit)
        out["note"].append(o.note)
        out["reported_by"].append(o.reported_by)
        out["flags"].append(o.flags)
        out["row"].append(o.row)
    return out


# -- the packed column format -----------------------------------------------------------------


def _safe(texts: list[str]) -> bool:
    """Whether these fields can be joined by SEP and split back unchanged."""
    joined = SEP.join(texts)
    return joined.count(SEP) == len(texts) - 1 and not _MARKS.search(joined)


_MARKS = re.compile(f"[{JSON_MARK}{SAME}{DICT}{DELTA}]")


def _pack(texts: Sequence[str], safe: bool) -> str:
    """Fields (already text, "" for none) as one column value."""
    if not safe:
        return JSON_MARK + json.dumps(list(texts), ensure_ascii=False)
    if len(texts) > 2 and texts.count(texts[0]) == len(texts):
        return SAME + texts[0]  # one value for every observation (a status, a unit, a note)
    return SEP.join(texts)


def _unpack(text: str, n: int) -> list[str]:
    """The fields of one packed column value (DICT codes aside: see :func:`_decode`)."""
    if text.startswith(JSON_MARK):
        return list(json.loads(text[1:]))
    if text.startswith(SAME):
        return [text[1:]] * n
    return text.split(SEP)


@dataclass(frozen=True, slots=True)
class Coded:
    """A column as its distinct values and, per row, the index of the row's value.

    ``codes`` is a 1-d numpy integer array; large files are handed to the store this way.
    """

    table: Sequence[str | None]
    codes: Any

    def __len__(self) -> int:
        return len(self.codes)

    def tolist(self) -> list[str | None]:
        return [self.table[i] for i in self.codes.tolist()]


Column = Sequence[Any] | Coded


def _coded(parts: list[Column]) -> tuple[list[str], Any]:
    """A column handed over in parts as (distinct texts, codes): "" for None, each text once,
    in order of first appearance for plain lists."""
    import numpy as np

    index: dict[str, int] = {}
    arrays = []
    for part in parts:
        if isinstance(part, Coded):
            remap = [index.setdefault(t or "", len(index)) for t in part.table]
            arrays.append(np.asarray(remap, dtype=np.intp)[np.asarray(part.codes, dtype=np.intp)])
        else:
            codes = [index.setdefault(v or "", len(index)) for v in part]
            arrays.append(np.asarray(codes, dtype=np.intp))
    return list(index), np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.intp)


def _slices(texts: list[str], bounds: list[int], lengths: Any = None) -> list[str]:
    """Each group's texts (``texts[bounds[k]:bounds[k + 1]]``, groups in a row) packed.

    ``lengths``, if known, are those of the texts (a numpy integer array).
    """
    import numpy as np

    joined = SEP.join(texts)
    if joined.count(SEP) != len(texts) - 1 or _MARKS.search(joined):
        return [_pack(texts[a:b], False) for a, b in itertools.pairwise(bounds)]
    if lengths is None:
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    ends = np.concatenate(([0], np.cumsum(lengths + 1)))[bounds].tolist()
    return [joined[a : b - 1] for a, b in itertools.pairwise(ends)]


def _digits(numbers: Any) -> Any:
    """How many characters ``str(n)`` has, for a numpy array of integers."""
    import numpy as np

    count = 1 + (numbers < 0).astype(np.int64)
    magnitude = np.abs(numbers)
    for power in range(1, 19):
        count += magnitude >= 10**power
    return count


def _pack_numbers(numbers: Any, bounds: list[int]) -> list[str]:
    """Each group's numbers (a numpy integer array, groups in a row): as DELTA steps when they
    rise within each group, as rows of a file do; else joined."""
    import numpy as np

    steps = numbers.copy()
    steps[1:] -= numbers[:-1]
    starts = np.asarray(bounds[:-1])
    starts = starts[starts < len(numbers)]
    steps[starts] = numbers[starts]
    if len(steps) and int(steps.min()) >= 0 and int(steps.max()) < DICT_MAX:
        chars = _code_chars(steps)
        return [DELTA + chars[a:b] for a, b in itertools.pairwise(bounds)]
    return _slices(list(map(str, numbers.tolist())), bounds, _digits(numbers))


def _code_chars(codes: Any) -> str:
    """DICT codes as text: one character per index (a numpy integer array)."""
    points = codes.astype("<u4") + _CODE_BASE
    first, count = _SURROGATES
    points[points >= first] += count
    return str(points.tobytes().decode("utf-32-le"))


def _undelta(text: str) -> list[str]:
    """The numbers of a DELTA column value, as text."""
    first, count = _SURROGATES
    steps = [p - _CODE_BASE - (count if p >= first else 0) for p in map(ord, text)]
    return list(map(str, itertools.accumulate(steps)))


def _by_code(entries: list[str]) -> list[str]:
    """A dictionary's entries placed so that ``[ord(c)]`` finds the one a DICT code names."""
    first, count = _SURROGATES
    below = first - _CODE_BASE
    if len(entries) <= below:
        return [""] * _CODE_BASE + entries
    return [""] * _CODE_BASE + entries[:below] + [""] * count + entries[below:]


def _as_text(column: list[Any]) -> list[str]:
    """A column as text fields: None and "" are both the empty field."""
    return ["" if v is None else str(v) for v in column]


_PERIODS: dict[str, tuple[str, str, int]] = {}


def _period_facts(text: str) -> tuple[str, str, int]:
    """(kind, end date, end month) of a canonical period text."""
    facts = _PERIODS.get(text)
    if facts is None:
        from liuzhang.domain.periods import parse_period

        period = parse_period(text)
        if period is None:  # pragma: no cover - only canonical texts are stored
            raise StoreError("store_not_liuzhang", path=text)
        facts = _PERIODS[text] = (period.kind, period.end.isoformat(), period.end_month)
    return facts


def period_key(text: str) -> str:
    """What makes two periods the same for an item: the day they end.

    ``2023-Q3`` and ``2023-09`` (1-9月) both describe the year to 30 September; ``2023``,
    ``2023-Q4`` and ``2023-12`` the whole year (the 年报 and December's 快报). Among values for the
    same key the later submission counts and the earlier is a revision.
    """
    return _period_facts(text)[1]


@dataclass
class _Entries:
    """Observations of one item, column-wise (decoded from a segment or a current row)."""

    item_id: str
    kind: str
    ids: list[int]
    ingests: list[int]
    fields: dict[str, list[str]]  # FIELDS -> texts ("" for none)

    def columns(self) -> list[list[str]]:
        return [self.fields[name] for name in FIELDS]

    def rows(self) -> Iterator[dict[str, Any]]:
        f = self.fields
        for obs_id, ingest_id, period, *texts, row in zip(
            self.ids, self.ingests, *(f[name] for name in FIELDS), strict=True
        ):
            kind, end, end_month = _period_facts(period)
            yield {
                "id": obs_id,
                "ingest_id": ingest_id,
                "item_id": self.item_id,
                "kind": self.kind,
                "period": period,
                "period_kind": kind,
                "period_end": end,
                "end_month": end_month,
                **{name: text or None for name, text in zip(_TEXT_FIELDS, texts, strict=True)},
                "row": int(row),
            }


_TEXT_FIELDS = FIELDS[1:-1]  # between the period and the row


Dictionary = Callable[[int, str], list[str]]


def _decode(row: Sequence[Any], dictionary: Dictionary) -> _Entries:
    """Entries from a row of :data:`_SEGMENT_READ` or :data:`_CURRENT_READ`.

    ``dictionary(ingest_id, field)`` gives the entries of an ingest's dictionary, preceded by
    blanks where no code points (:func:`_by_code`), so that ``entries[ord(code)]`` is the text
    of a DICT code.
    """
    item_id, kind, n, ingests, obs_id, first_id, *packed = row
    fields: dict[str, list[str]] = {}
    for name, text in zip(FIELDS, packed, strict=True):
        mark = text[:1]
        if mark == DICT:  # only in segments, which come from one ingest
            fields[name] = list(map(dictionary(ingests, name).__getitem__, map(ord, text[1:])))
        elif mark == DELTA:
            fields[name] = _undelta(text[1:])
        else:
            fields[name] = _unpack(text, n)
    ids = [int(v) for v in _unpack(obs_id, n)] if obs_id else list(range(first_id, first_id + n))
    ingest_ids = (
        [ingests] * n if isinstance(ingests, int) else [int(v) for v in _unpack(ingests, n)]
    )
    return _Entries(item_id, kind, ids, ingest_ids, fields)


# (item, kind, n, ingest id(s), packed ids or NULL, first id, *FIELDS) of segments and of current
_SEGMENT_READ = (
    "SELECT s.item_id, s.kind, s.n, s.ingest_id, s.obs_id, s.first_id, {} FROM segments s"
)
_SEGMENT_READ = _SEGMENT_READ.format(", ".join(f"s.{f}" for f in FIELDS))
_CURRENT_READ = """SELECT c.item_id, c.kind, coalesce(c.n, s.n),
    coalesce(c.ingest_id, s.ingest_id), coalesce(c.obs_id, s.obs_id), s.first_id, {}
    FROM current c LEFT JOIN segments s ON s.id = c.segment_id""".format(
    ", ".join(f"coalesce(c.{f}, s.{f})" for f in FIELDS)
)
_SEGMENT_INSERT = "INSERT INTO segments (id, ingest_id, item_id, kind, n, first_id, obs_id, {})"
_SEGMENT_INSERT = (
    _SEGMENT_INSERT.format(", ".join(FIELDS)) + f" VALUES ({', '.join('?' * (7 + len(FIELDS)))})"
)
_CURRENT_INSERT = "INSERT OR REPLACE INTO current (item_id, kind, segment_id, n, ingest_id, obs_id"
_CURRENT_INSERT += f", {', '.join(FIELDS)}) VALUES ({', '.join('?' * (6 + len(FIELDS)))})"


class Store:
    """A liuzhang database file. Use :meth:`open`; close with :meth:`close` or ``with``."""

    readonly = False  # opened with ``readonly=True`` (see :func:`read_only`)
    # Called once when a write must wait for another writer (e.g. to say so on stderr).
    on_wait: Callable[[float], None] | None = None

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        self._dictionaries: dict[int, dict[str, list[str]]] = {}

    def _dictionary(self, ingest_id: int, field: str) -> list[str]:
        """One ingest's dictionary of one field, as :func:`_decode` takes it (cached)."""
        fields = self._dictionaries.get(ingest_id)
        if fields is None:
            fields = self._dictionaries[ingest_id] = {
                name: _by_code(json.loads(entries))
                for name, entries in self.conn.execute(
                    "SELECT field, entries FROM dictionaries WHERE ingest_id = ?", (ingest_id,)
                )
            }
        return fields[field]

    # -- opening ------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, create: bool = True, readonly: bool = False) -> Store:
        """Open (and on first use create) the store; refuse files that are not ours.

        A store from an older release is migrated in place; one from a newer release, a file
        that is not a liuzhang database, a directory, or a place that cannot be written is
        refused with a message naming the path, and nothing is changed.

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
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(conn, path)
            if exists:
                store._check_ours()
            else:
                store._create()
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute("PRAGMA cache_size = -131072")  # 128 MiB: large ingests insert faster
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
            if self.readonly:
                raise StoreError("store_needs_migration", path=str(self.path), version=version)
            self._migrate(version)

    def _migrate(self, version: int) -> None:
        """Bring an older store up to :data:`SCHEMA_VERSION`, in one transaction.

        Schemas 1 and 2 kept one SQLite row per observation (2 added an index of current
        values); 3 keeps them column-wise per item and ingest; 4 adds the ``flags`` field and
        keys ``current`` by period end (:func:`period_key`). Ids, values and provenance carry
        over unchanged.
        """
        with self.transaction():
            if version < 3:
                self._migrate_to_columns()
            else:  # 3 -> 4: the new field, empty (SAME + "") for every stored observation
                for table, rule in (("segments", f"NOT NULL DEFAULT '{SAME}'"), ("current", "")):
                    self.conn.execute(f"ALTER TABLE {table} ADD COLUMN flags TEXT {rule}")
            self._rebuild_current(None)
            self.conn.execute(
                "UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION),)
            )

    def _migrate_to_columns(self) -> None:
        """Schema 1 or 2 (a row per observation) to the column-wise segments of today."""
        conn = self.conn
        conn.execute("DROP VIEW IF EXISTS live_observations")
        conn.execute("DROP TABLE IF EXISTS current")
        conn.execute("ALTER TABLE observations RENAME TO observations_v2")
        for statement in _OBSERVATION_SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        names = ("item_id", "kind", "period", "value", "status", "unit", "raw_value")
        cursor = conn.execute(
            f"""SELECT ingest_id, id, {", ".join(names)}, raw_unit, note, reported_by, row
                FROM observations_v2 ORDER BY ingest_id, item_id, id"""
        )
        group: list[tuple[Any, ...]] = []
        for row in cursor.fetchall():
            if group and (group[0][0], group[0][2]) != (row[0], row[2]):
                self._migrate_segment(group)
                group = []
            group.append(row)
        if group:
            self._migrate_segment(group)
        conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) SELECT 'last_observation_id', "
            "CAST(coalesce(max(id), 0) AS TEXT) FROM observations_v2"
        )
        conn.execute("DROP TABLE observations_v2")

    def _migrate_segment(self, group: list[tuple[Any, ...]]) -> None:
        ingest_id, _, item_id, kind = group[0][:4]
        columns = [list(c) for c in zip(*group, strict=True)]
        # (ingest, id, item, kind, period, value, status, unit, raw_value, raw_unit, note,
        #  reported_by, row): ids as they were, then FIELDS
        ids = _as_text(columns[1])
        texts = [_as_text(c) for c in columns[4:]]
        texts.insert(FIELDS.index("flags"), [""] * len(group))  # after reported_by, before row
        self.conn.execute(
            _SEGMENT_INSERT,
            (
                None,
                ingest_id,
                item_id,
                kind,
                len(group),
                columns[1][0],
                _pack(ids, True),
                *(_pack(t, _safe(t)) for t in texts),
            ),
        )

    def _create(self) -> None:
        with self.transaction():
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
            if "meta" in tables:  # another process created it while we waited
                return
            for statement in (_SCHEMA + _OBSERVATION_SCHEMA).split(";"):
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
        row = self.conn.execute(
            "SELECT id FROM ingests WHERE sha256 = ? AND reverted_at IS NULL ORDER BY id LIMIT 1",
            (sha256,),
        ).fetchone()
        return int(row[0]) if row else None

    def begin_ingest(self, file: str, sha256: str, dry_run: bool = False) -> IngestWriter:
        """Start one ingest: a ``BEGIN IMMEDIATE`` transaction held until ``finish``/``abort``.

        Nothing is visible to others (or kept after a crash) before ``finish`` commits.
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
            items = [
                r[0]
                for r in self.conn.execute(
                    "SELECT DISTINCT item_id FROM segments WHERE ingest_id = ?", (ingest_id,)
                )
            ]
            self._rebuild_current(items)

    def _rebuild_current(self, items: list[str] | None) -> None:
        """Recompute ``current`` for these items (all when None) from the live segments."""
        if items is None:
            self.conn.execute("DELETE FROM current")
            items = [r[0] for r in self.conn.execute("SELECT DISTINCT item_id FROM segments")]
        for item_id in items:
            newest: dict[str, tuple[int, int, list[str]]] = {}  # period key -> newest
            kind = "target"
            for row in self.conn.execute(
                f"""{_SEGMENT_READ} JOIN ingests i ON i.id = s.ingest_id
                    WHERE i.reverted_at IS NULL AND s.item_id = ?""",
                (item_id,),
            ):
                entries = _decode(row, self._dictionary)
                kind = entries.kind
                for k, obs_id in enumerate(entries.ids):
                    key = period_key(entries.fields["period"][k])
                    if key not in newest or newest[key][0] < obs_id:
                        values = [entries.fields[f][k] for f in FIELDS]
                        newest[key] = (obs_id, entries.ingests[k], values)
            self.conn.execute("DELETE FROM current WHERE item_id = ?", (item_id,))
            if newest:
                self.conn.execute(_CURRENT_INSERT, _current_row(item_id, kind, newest))

    # -- reading ------------------------------------------------------------------------------

    def current_of(self, items: list[str]) -> dict[str, _Entries]:
        """The ``current`` values of those of these items that have any."""
        out: dict[str, _Entries] = {}
        for start in range(0, len(items), 500):
            chunk = items[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(f"{_CURRENT_READ} WHERE c.item_id IN ({marks})", chunk):
                out[row[0]] = _decode(row, self._dictionary)
        return out

    def ingests(self) -> list[dict[str, Any]]:
        """Every ingest, oldest first."""
        cursor = self.conn.execute("SELECT * FROM ingests ORDER BY id")
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor]

    def _sources(self) -> dict[int, tuple[str, str, str, str | None]]:
        return {
            r[0]: (r[1], r[2], r[3], r[4])
            for r in self.conn.execute(
                "SELECT id, file, sha256, ingested_at, reverted_at FROM ingests"
            )
        }

    def latest(self, as_of_end: str | None = None) -> list[dict[str, Any]]:
        """The newest live observation of every (item, period), optionally up to a date."""
        sources = self._sources()
        out: list[dict[str, Any]] = []
        for stored in self.conn.execute(_CURRENT_READ):
            for row in _decode(stored, self._dictionary).rows():
                if as_of_end is not None and row["period_end"] > as_of_end:
                    continue
                row["source_file"], row["sha256"], row["ingested_at"], _ = sources[row["ingest_id"]]
                out.append(row)
        out.sort(key=itemgetter("item_id", "period_end", "id"))
        return out

    def history(self, item_id: str) -> list[dict[str, Any]]:
        """Every observation of one item (reverted ingests included, flagged), oldest first."""
        sources = self._sources()
        out: list[dict[str, Any]] = []
        for stored in self.conn.execute(f"{_SEGMENT_READ} WHERE s.item_id = ?", (item_id,)):
            for row in _decode(stored, self._dictionary).rows():
                file, sha, at, reverted = sources[row["ingest_id"]]
                row.update(source_file=file, sha256=sha, ingested_at=at, reverted_at=reverted)
                out.append(row)
        out.sort(key=itemgetter("period_end", "id"))
        return out

    def observations(self, ingest_id: int) -> list[dict[str, Any]]:
        """The observations one ingest stored, in the order of their ids."""
        out: list[dict[str, Any]] = []
        for stored in self.conn.execute(f"{_SEGMENT_READ} WHERE s.ingest_id = ?", (ingest_id,)):
            out.extend(_decode(stored, self._dictionary).rows())
        out.sort(key=itemgetter("id"))
        return out

    def counts(self) -> dict[str, int]:
        """Ingests and observations stored (for tests and `log`)."""
        ingests = self.conn.execute("SELECT count(*) FROM ingests").fetchone()[0]
        observations = self.conn.execute("SELECT coalesce(sum(n), 0) FROM segments").fetchone()[0]
        return {"ingests": int(ingests), "observations": int(observations)}


def _current_row(
    item_id: str, kind: str, entries: dict[str, tuple[int, int, list[str]]]
) -> tuple[Any, ...]:
    """A packed ``current`` row from period -> (observation id, ingest id, field texts)."""
    values = list(entries.values())
    ids = [str(e[0]) for e in values]
    ingests = [str(e[1]) for e in values]
    columns = [list(c) for c in zip(*(e[2] for e in values), strict=True)]
    packed = [_pack(c, _safe(c)) for c in columns]
    return (item_id, kind, None, len(values), _pack(ingests, True), _pack(ids, True), *packed)


class _ReadOnlyStore(Store):
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


def lock_timeout() -> float:
    """How long a writer waits for another: ``LIUZHANG_LOCK_TIMEOUT`` seconds, else
    :data:`BUSY_TIMEOUT_S`."""
    import os

    try:
        seconds = float(os.environ.get("LIUZHANG_LOCK_TIMEOUT", ""))
    except ValueError:
        return BUSY_TIMEOUT_S
    return seconds if 0 <= seconds < 86400 else BUSY_TIMEOUT_S


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


def read_only(path: Path, read: Callable[[Store], _T]) -> _T:
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
            Store.open(path, create=False).close()  # migrates in place
        except StoreError:
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


def default_db_path(data_dir: Path, explicit: str | None = None) -> Path:
    """``--db``, else ``LIUZHANG_DB``, else ``liuzhang.sqlite`` next to the data directory."""
    import os

    chosen = explicit or os.environ.get("LIUZHANG_DB")
    if chosen:
        return Path(chosen)
    return data_dir.resolve().parent / "liuzhang.sqlite"


class IngestWriter:
    """One ingest in progress (see :meth:`Store.begin_ingest`).

    Accepted rows are collected column-wise (:meth:`add`, :meth:`add_columns`) and written at
    :meth:`finish`: one segment per item, and the item's row in ``current`` updated.
    """

    def __init__(self, store: Store, file: str, sha256: str, dry_run: bool) -> None:
        self.store = store
        self.conn = store.conn
        self.dry_run = dry_run
        self.ingest_id: int | None = None
        self.open = True
        self.parts: dict[str, list[Column]] = {name: [] for name in COLUMNS}
        store.begin_immediate()
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
        """Take a chunk of accepted rows (each (id, period) once per file)."""
        self.add_columns(observation_columns(observations))

    def add_columns(self, columns: Mapping[str, Column]) -> None:
        """Take accepted rows column-wise: :data:`COLUMNS` as keys, each a list (texts or None;
        ints for ``row``) or a :class:`Coded` column, all of one length."""
        for name in COLUMNS:
            if name == "flags" and name not in columns:  # no warnings for any of these rows
                self.parts[name].append([None] * len(columns["item_id"]))
            else:
                self.parts[name].append(columns[name])

    def _write(self) -> tuple[int, int, int]:
        """Write one segment per item and update ``current``; (stored, unchanged, revised).

        Vectorised for files of a million rows: rows are ordered by item once, and each field
        is packed for all items at once (as DICT codes, or joined and cut), not item by item.
        """
        import numpy as np

        items, item_codes = _coded(self.parts["item_id"])
        n = len(item_codes)
        if n == 0:
            return 0, 0, 0
        order = np.argsort(item_codes, kind="stable")
        sizes = np.bincount(item_codes, minlength=len(items))
        bounds = np.concatenate(([0], np.cumsum(sizes))).tolist()
        # Items in order of their first row (a stable sort puts it first in each group).
        firsts = order[np.minimum(bounds[:-1], n - 1)]
        sequence = [k for k in np.argsort(firsts, kind="stable").tolist() if sizes[k]]

        kinds, kind_codes = _coded(self.parts["kind"])
        kind_of = [kinds[c] for c in kind_codes[firsts].tolist()]
        coded: dict[str, tuple[list[str], Any]] = {}  # field -> (distinct texts, codes)
        packed: list[list[str]] = []  # per field, per item (in code order)
        dictionaries: list[tuple[str, list[str]]] = []
        for name in FIELDS[:-1]:  # the texts; the row numbers (last) below
            table, codes = coded[name] = _coded(self.parts[name])
            if len(table) == 1:
                packed.append([SAME + table[0]] * len(items))
            elif len(table) <= min(n // 2, DICT_MAX):  # values that repeat: DICT codes
                chars = _code_chars(codes[order])
                packed.append([DICT + chars[a:b] for a, b in itertools.pairwise(bounds)])
                dictionaries.append((name, table))
            else:
                packed.append(
                    _slices(np.asarray(table, dtype=object)[codes[order]].tolist(), bounds)
                )
        rows = np.concatenate([np.asarray(p, dtype=np.int64) for p in self.parts["row"]])
        packed.append(_pack_numbers(rows[order], bounds))
        self.parts = {name: [] for name in COLUMNS}

        conn = self.conn
        meta = conn.execute("SELECT value FROM meta WHERE key = 'last_observation_id'").fetchone()
        next_id = int(meta[0]) + 1 if meta else 1
        segment_id = int(conn.execute("SELECT coalesce(max(id), 0) FROM segments").fetchone()[0])
        known = self._current([items[k] for k in sequence])
        texts: dict[str, list[str]] = {}  # every field as text, row by row, to merge with current
        if known:
            for name, (table, codes) in coded.items():
                texts[name] = np.asarray(table, dtype=object)[codes].tolist()
            texts["row"] = list(map(str, rows.tolist()))
        ingest_id = self.ingest_id or 0
        segments: list[tuple[Any, ...]] = []
        current: list[tuple[Any, ...]] = []
        pointers: list[tuple[str, str, int]] = []  # items whose values are all in the segment
        stored = unchanged = revised = 0
        for k in sequence:
            item_id, kind, size = items[k], kind_of[k], bounds[k + 1] - bounds[k]
            segment_id += 1
            fields = [column[k] for column in packed]
            segments.append((segment_id, ingest_id, item_id, kind, size, next_id, None, *fields))
            before = known.get(item_id)
            if before is None:
                stored += size
                pointers.append((item_id, kind, segment_id))
            else:
                merged = {
                    period_key(period): (
                        before.ids[j],
                        before.ingests[j],
                        [f[j] for f in before.columns()],
                    )
                    for j, period in enumerate(before.fields["period"])
                }
                for j, i in enumerate(order[bounds[k] : bounds[k + 1]].tolist()):
                    values = [texts[name][i] for name in FIELDS]
                    key = period_key(values[0])
                    old = merged.get(key)
                    if old is None:
                        stored += 1
                    elif old[2][1:3] == values[1:3]:  # the same value and status
                        unchanged += 1
                    else:
                        revised += 1
                    merged[key] = (next_id + j, ingest_id, values)
                current.append(_current_row(item_id, kind, merged))
            next_id += size
        if self.ingest_id is not None:
            conn.executemany(_SEGMENT_INSERT, segments)
            conn.executemany(_CURRENT_INSERT, current)
            pointers.sort()  # in key order: faster into the index
            conn.executemany(
                "INSERT OR REPLACE INTO current (item_id, kind, segment_id) VALUES (?, ?, ?)",
                pointers,
            )
            conn.executemany(
                "INSERT INTO dictionaries (ingest_id, field, entries) VALUES (?, ?, ?)",
                [
                    (ingest_id, name, json.dumps(table, ensure_ascii=False))
                    for name, table in dictionaries
                ],
            )
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_observation_id', ?)",
                (str(next_id - 1),),
            )
        return stored, unchanged, revised

    def _current(self, items: list[str]) -> dict[str, _Entries]:
        """The ``current`` values of those of these items that have any."""
        return self.store.current_of(items)

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
