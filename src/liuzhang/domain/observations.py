"""Accepted rows as intake hands them to the store: one :class:`Observation` per row, or the
same rows column-wise (:data:`COLUMNS`), large files as :class:`Coded` columns. Pure data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from liuzhang.domain.quantities import canonical_text

# The columns of an accepted row (besides its item and kind), in the order the store keeps them.
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


def observation_columns(observations: Sequence[Observation]) -> dict[str, list[Any]]:
    """Observations column-wise (:data:`COLUMNS` as keys), as an ingest writer takes them."""
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


@dataclass(frozen=True, slots=True)
class StoredValue:
    """One reported value as stored, with its provenance."""

    id: int  # a later submission has a larger id
    ingest_id: int
    item_id: str
    kind: str  # target | task
    period: str  # canonical period text
    period_kind: str  # month | dekad | quarter | half | year
    period_end: str  # ISO date: the key of revisions (see period_key)
    end_month: int
    value: str | None  # canonical decimal text
    status: str | None
    unit: str | None
    raw_value: str | None
    raw_unit: str | None
    note: str | None
    reported_by: str | None
    flags: str | None  # plausibility warnings (JSON), None when none
    row: int  # the row in the source file
    source_file: str
    sha256: str
    ingested_at: str
    reverted_at: str | None = None  # set when its ingest was taken back
    received: str | None = None  # ISO date of arrival (ingest --received)

    @property
    def arrived(self) -> date:
        """The day its file arrived (see :func:`arrival_date`)."""
        return arrival_date(self.ingested_at, self.received)


@dataclass(frozen=True, slots=True)
class IngestRecord:
    """One ingest (one file) and what it did."""

    id: int
    file: str
    sha256: str
    reported_by: str | None
    rows_read: int
    rows_stored: int
    rows_unchanged: int
    rows_revised: int
    rows_rejected: int
    ingested_at: str
    reverted_at: str | None
    received: str | None = None  # ISO date of arrival (ingest --received)

    @property
    def arrived(self) -> date:
        """The day the file arrived (see :func:`arrival_date`)."""
        return arrival_date(self.ingested_at, self.received)

    @property
    def rows_unfilled(self) -> int:
        """Rows read that were neither stored, unchanged, revised nor rejected (left blank)."""
        return max(
            self.rows_read
            - self.rows_stored
            - self.rows_unchanged
            - self.rows_revised
            - self.rows_rejected,
            0,
        )

    def as_dict(self) -> dict[str, Any]:
        """The record as plain data (for JSON and CSV output)."""
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def arrival_date(ingested_at: str, received: str | None) -> date:
    """The one rule of when a file arrived: the date given at intake (``ingest --received``,
    for files ingested late), else the local date of its ingest (timeliness, 旬简报)."""
    if received:
        return date.fromisoformat(received)
    return datetime.fromisoformat(ingested_at).date()
