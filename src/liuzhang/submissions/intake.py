"""Reading units' submissions (CSV in UTF-8/BOM/GBK/GB18030, .xlsx) and checking every row.

``parse_table`` turns a file's bytes into a header and text rows (or one file-level problem);
``check_submission`` validates each row against the catalog and returns the observations to
store and a problem per bad cell, each with file, row, column and reason. Nothing here writes.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from liuzhang.domain.measures import measure_of
from liuzhang.domain.observations import Observation
from liuzhang.domain.periods import Period, parse_period
from liuzhang.domain.plausibility import Flag, Known, Point, point_at, row_flags, to_json
from liuzhang.domain.problems import CodedError, Problem
from liuzhang.domain.quantities import QuantityError
from liuzhang.plandata.catalog import Catalog
from liuzhang.store import Store
from liuzhang.submissions.rules import (
    COLUMNS,
    DROP_INVISIBLE,
    FALLBACK_ENCODING,
    INVISIBLE,
    XLS_MAGIC,
    XLSX_MAGIC,
    byte_order_mark,
    column_label,
    delimiter,
    flag_column,
    is_blank_row,
    item_owners,
    map_header,
    means_nothing,
    milestone_status,
    owns,
    period_key,
    reporting_unit,
    reports_nothing,
    status_word,
    target_value,
    task_percent,
    unit_scope,
    value_unit,
)

MAX_FILE_BYTES = 512 * 1024 * 1024
# Unknown ids for which the closest known id is suggested (each costs a comparison with every
# known id); later ones are reported without a suggestion.
MAX_SUGGESTED_IDS = 1000



class IntakeError(CodedError):
    """A file that cannot be read at all; ``line`` is where the reading stopped."""

    def __init__(self, code: str, line: int = 1, **params: object) -> None:
        super().__init__(code, **params)
        self.line = line


@dataclass
class Table:
    """A submission as text: header cells and (row number, cells) pairs.

    ``issues`` holds cells the reader could not turn into text (row -> (column index, code,
    params)); the reader fills it for a row before it yields that row, and the checker rejects
    such a row.
    """

    header: list[str]
    rows: Iterable[tuple[int, list[str]]]
    header_row: int = 1
    issues: dict[int, list[tuple[int, str, dict[str, object]]]] = field(default_factory=dict)


# The header is the first of this many non-blank rows that has the required columns (title
# rows above it are skipped).
HEADER_SEARCH = 10


def sha256_of(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


# -- reading ----------------------------------------------------------------------------------


def decode(raw: bytes) -> str:
    """BOM (UTF-8, UTF-16) → strict UTF-8 → GB18030; else ``encoding_unknown`` with its line."""
    encoding, skip = byte_order_mark(raw)
    if encoding is not None:
        return _strict(raw[skip:], encoding, skip, raw)
    if b"\x00" in raw:
        offset = raw.index(b"\x00")
        raise IntakeError("not_text", raw[:offset].count(b"\n") + 1, offset=offset)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as utf8:
        utf8_stop = utf8.start
    try:
        return raw.decode(FALLBACK_ENCODING)
    except UnicodeDecodeError as gb:
        # Neither fits: name the place where the decoder that read furthest had to stop.
        stop = max(utf8_stop, gb.start)
        raise IntakeError("encoding_unknown", raw[:stop].count(b"\n") + 1, offset=stop) from None


def _strict(body: bytes, encoding: str, skip: int, raw: bytes) -> str:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        raise IntakeError(
            "encoding_unknown", raw[:offset].count(b"\n") + 1, offset=offset
        ) from None


def _lines(text: str) -> Iterator[str]:
    """The text's lines with their endings, without copying the whole text (as StringIO does)."""
    start, size = 0, len(text)
    find = text.find
    while start < size:
        end = find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def read_csv_text(text: str) -> Table:
    """The header now, the rows lazily (a large file is never held as a list of rows)."""
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # CR-only line ends (classic Mac OS, some exports)
    if any(ch in text for ch in INVISIBLE):
        text = text.translate(DROP_INVISIBLE)
    reader = csv.reader(_lines(text), delimiter=delimiter(text), strict=True)

    def records() -> Iterator[tuple[int, list[str]]]:
        start = 1  # a record is reported at the line where it starts
        try:
            for cells in reader:
                yield start, cells
                start = reader.line_num + 1
        except csv.Error as exc:
            raise IntakeError("csv_malformed", start, reason=str(exc)) from None

    header_row, header, rows = find_header(records())
    return Table(header, rows, header_row)


def find_header(
    records: Iterator[tuple[int, list[str]]],
) -> tuple[int, list[str], Iterator[tuple[int, list[str]]]]:
    """The header's row, its cells and the rows below it.

    The header is the first of the first :data:`HEADER_SEARCH` non-blank rows that
    :func:`map_header` accepts (rows above it, such as a title, are skipped); when none is,
    the first non-blank row, so that the checker names the missing columns. Raises
    ``file_empty`` when there is no non-blank row, and a reading error met before any
    non-blank row.
    """
    seen: list[tuple[int, list[str]]] = []
    error: IntakeError | None = None
    try:
        for number, cells in records:
            if is_blank_row(cells):
                if seen:
                    seen.append((number, cells))
                continue
            if not map_header(cells, "-", number)[1]:
                return number, cells, records
            seen.append((number, cells))
            if sum(1 for _, c in seen if any(x.strip() for x in c)) >= HEADER_SEARCH:
                break
    except IntakeError as exc:
        if not seen:
            raise
        error = exc
    if not seen:
        raise IntakeError("file_empty")
    (number, cells), pending = seen[0], seen[1:]

    def rest() -> Iterator[tuple[int, list[str]]]:
        yield from pending
        if error is not None:
            raise error
        yield from records

    return number, cells, rest()


def read_xlsx(raw: bytes, sheet: str | None) -> Table:
    """The submission sheet (or ``sheet``) of an .xlsx workbook, values as text, streamed."""
    from liuzhang.submissions.xlsx import read_workbook

    return read_workbook(raw, sheet)


def read_bytes(path: Path) -> bytes:
    """A submission's bytes; raises :class:`IntakeError` for a missing, huge or empty file."""
    if path.is_dir():
        raise IntakeError("file_is_directory")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise IntakeError("file_too_large", limit_mb=MAX_FILE_BYTES // 2**20)
        raw = path.read_bytes()
    except FileNotFoundError:
        raise IntakeError("file_missing") from None
    except IsADirectoryError:
        raise IntakeError("file_is_directory") from None
    except OSError as exc:
        raise IntakeError("file_unreadable", reason=exc.strerror) from None
    if not raw.strip():
        raise IntakeError("file_empty")
    return raw


def is_xlsx(path: Path, raw: bytes) -> bool:
    return raw.startswith(XLSX_MAGIC) or path.suffix.lower() in (".xlsx", ".xlsm")


def parse_table(path: Path, raw: bytes, sheet: str | None = None) -> Table:
    """The submission as a header and rows; raises :class:`IntakeError` when unreadable."""
    if is_xlsx(path, raw):
        return read_xlsx(raw, sheet)
    if raw.startswith(XLS_MAGIC) or path.suffix.lower() == ".xls":
        raise IntakeError("xls_unsupported")
    return read_csv_text(decode(raw))


# -- checking ---------------------------------------------------------------------------------




@dataclass
class Checked:
    """The outcome of checking one file's rows."""

    observations: list[Observation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: dict[int, list[str]] = field(default_factory=dict)  # row -> cells
    rows_read: int = 0
    blank: int = 0
    duplicates: int = 0
    reporters: set[str] = field(default_factory=set)
    unfilled: int = 0  # rows with an id but no value and no status: nothing reported
    warnings: list[Problem] = field(default_factory=list)  # accepted rows' warnings
    other_units: int = 0  # rows accepted from a unit that does not own the item

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)


History = Callable[[list[str]], dict[str, list[Point]]]


@dataclass(frozen=True)
class CheckOptions:
    """How strict the row checks are, and where an item's stored values come from.

    ``history(item_ids)``: those items' stored values of the plan year (no 旬 values; each
    item's ascending by period end), for the plausibility rules; ``strict``: a row with a
    warning is refused; ``allow_other_units``: a row from a unit that does not own the item
    is accepted (and counted).
    """

    history: History | None = None
    strict: bool = False
    allow_other_units: bool = False


class _RowChecker:
    def __init__(
        self,
        catalog: Catalog,
        display: str,
        header: list[str],
        columns: dict[str, int],
        reporter: str | None,
        options: CheckOptions | None = None,
    ) -> None:
        self.catalog = catalog
        self.display = display
        self.header = header
        self.columns = columns
        self.reporter = reporter
        self.options = options or CheckOptions()
        self.periods: dict[str, Period | None] = {}
        self.period_ends: dict[str, str] = {}
        self.reporters: dict[str, str | None] = {}
        self.seen: dict[tuple[str, str], tuple[int, Any]] = {}
        self.owners: dict[tuple[str, str], list[str] | None] = {}  # (id, unit) -> owners if not
        self.known: dict[str, Known] = {}
        self.scopes: dict[str, frozenset[str]] = {}
        self.suggestions: dict[str, str | None] = {}  # unknown id -> closest known id
        self.known_ids: list[str] = []
        # Column positions in the order check() reads them (-1: the file has no such column).
        self.order = [self.columns.get(c, -1) for c in COLUMNS]

    def name(self, column: str) -> str:
        return column_label(self.header, self.columns, column)

    def check(self, row: int, cells: list[str], out: Checked) -> None:
        problems: list[Problem] = []

        def bad(where: str, code: str, **params: object) -> None:
            problems.append(Problem(self.display, row, self.name(where), code, params=params))

        width = len(cells)
        if width > len(self.header) and not is_blank_row(cells[len(self.header) :]):
            problems.append(
                Problem(
                    self.display,
                    row,
                    f"#{len(self.header) + 1}",
                    "extra_cells",
                    params={"count": width, "columns": len(self.header)},
                )
            )
        ident, period_text, value_text, unit_text, status_text, note_text, reporter_text = (
            cells[i].strip() if 0 <= i < width else "" for i in self.order
        )
        if value_text and means_nothing(value_text):
            value_text = ""  # “—”, “/”, “无”, “不适用”: nothing to report
        if ident and reports_nothing(value_text, status_text) and not problems:
            out.unfilled += 1  # a form's row left blank: not reported, not an error
            return
        target = self.catalog.targets.get(ident)
        task = self.catalog.tasks.get(ident)
        if not ident:
            bad("id", "id_empty")
        elif target is None and task is None:
            bad("id", "id_unknown", id=ident, suggestion=self.suggest_id(ident))
        period = self._period(period_text, bad)
        status: str | None = None
        value: Decimal | None = None
        warnings: list[Problem] = []
        if status_text:
            status = status_word(status_text)
            if status is None:
                bad("status", "status_unknown", value=status_text)
        if target is not None:
            if measure_of(target).reports_status:
                if value_text:
                    from_value = milestone_status(value_text)
                    if from_value is None:
                        bad("value", "milestone_value", value=value_text)
                    elif status is None and not status_text:
                        status = from_value
            else:
                if status_text and value_text:
                    # A status on a numeric target: ignored, the value counts.
                    warnings.append(self._warning(row, "status", "status_ignored", id=ident))
                    status = None
                elif status_text:
                    bad("status", "status_for_target", id=ident)  # and no value
                if not value_text:
                    if not status_text:
                        bad("value", "value_missing")
                else:
                    try:
                        value = target_value(value_text, unit_text, target.unit)
                    except QuantityError as exc:
                        column = (
                            "unit"
                            if exc.code in ("unit_mismatch", "unit_conflict") and unit_text
                            else "value"
                        )
                        bad(column, exc.code, **exc.params)
        elif task is not None:
            if not status_text:
                bad("status", "status_missing")
            if value_text:
                try:
                    value = task_percent(value_text, unit_text)
                except QuantityError as exc:
                    bad("value", exc.code, **exc.params)
        reporter = self.reporter
        if reporter_text:
            if reporter_text not in self.reporters:
                self.reporters[reporter_text] = reporting_unit(self.catalog, reporter_text)
            reporter = self.reporters[reporter_text]
            if reporter is None:
                bad(
                    "reported_by",
                    "unknown_unit",
                    name=reporter_text,
                    suggestion=self.catalog.registry.suggest(reporter_text),
                )
        other_unit = False
        if reporter and (target or task):
            owners = self._not_owned(ident, reporter)
            if owners is not None:
                other_unit = True
                if not self.options.allow_other_units:
                    bad("reported_by", "not_owner", unit=reporter, id=ident, owners=owners)
        if not problems and period is not None and (target or task):
            key = (ident, self.period_ends[period.text])  # one value per period end
            fingerprint = (value, status)
            earlier = self.seen.get(key)
            if earlier is not None:
                if earlier[1] != fingerprint:
                    bad(
                        "value" if target else "status",
                        "conflicting_duplicate",
                        row=earlier[0],
                        id=ident,
                        period=period.text,
                    )
                else:
                    out.duplicates += 1
                    return
            else:
                self.seen[key] = (row, fingerprint)
        flags: list[Flag] = []
        point: Point | None = None
        if not problems and period is not None:
            point = point_at(period, value, status)
            known = self._known(ident)
            dekad = period.kind == "dekad"
            flags = row_flags(target, point, [] if dekad else known.earlier(point.end), dekad)
            if dekad:
                point = None
            for flag in flags:
                column = flag_column(flag.code)
                warnings.append(self._warning(row, column, flag.code, **flag.params))
        if warnings and self.options.strict:
            problems.extend(replace(w, severity="error") for w in warnings)
        if problems:
            out.problems.extend(problems)
            out.rejected_rows[row] = cells
            return
        assert period is not None
        out.warnings.extend(warnings)
        if point is not None:
            self._known(ident).add(point)
        if reporter:
            out.reporters.add(reporter)
        if other_unit:
            out.other_units += 1
        out.observations.append(
            Observation(
                item_id=ident,
                kind="target" if target is not None else "task",
                period=period.text,
                period_kind=period.kind,
                period_end=self.period_ends[period.text],
                end_month=period.end_month,
                value=value,
                status=status,
                unit=value_unit(target, value is not None),
                raw_value=value_text or None,
                raw_unit=unit_text or None,
                note=note_text or None,
                reported_by=reporter,
                row=row,
                flags=to_json(flags),
            )
        )

    def _warning(self, row: int, column: str, code: str, **params: object) -> Problem:
        return Problem(
            self.display, row, self.name(column), code, params=params, severity="warning"
        )

    def _not_owned(self, ident: str, reporter: str) -> str | None:
        """The owners of the item (joined) when ``reporter`` is not one of them, else None."""
        key = (ident, reporter)
        if key not in self.owners:
            owners = item_owners(self.catalog, ident)
            if reporter not in self.scopes:
                self.scopes[reporter] = unit_scope(self.catalog, reporter)
            allowed = owns(self.catalog, owners, reporter, self.scopes[reporter])
            self.owners[key] = None if allowed else owners
        found = self.owners[key]
        return None if found is None else "、".join(found)

    def _known(self, ident: str) -> Known:
        known = self.known.get(ident)
        if known is None:
            history = self.options.history
            known = self.known[ident] = Known(history([ident]).get(ident, []) if history else [])
        return known

    def suggest_id(self, ident: str) -> str | None:
        """The known id closest to an unknown one (None: none is close): worked out once per
        distinct id, and only for the first :data:`MAX_SUGGESTED_IDS` of them (a file of a
        wrong export can hold a million ids, each costing a comparison with every known id)."""
        if ident in self.suggestions:
            return self.suggestions[ident]
        if len(self.suggestions) >= MAX_SUGGESTED_IDS:
            return None
        import difflib

        if not self.known_ids:
            self.known_ids = [*self.catalog.targets, *self.catalog.tasks]
        close = difflib.get_close_matches(ident, self.known_ids, n=1, cutoff=0.7)
        found = self.suggestions[ident] = close[0] if close else None
        return found

    def _period(self, text: str, bad: Callable[..., None]) -> Period | None:
        if not text:
            bad("period", "period_empty")
            return None
        if text not in self.periods:
            parsed = parse_period(text)
            self.periods[text] = parsed
            if parsed is not None:
                self.period_ends[parsed.text] = period_key(parsed)
        period = self.periods[text]
        if period is None:
            bad("period", "period_malformed", value=text)
        elif period.year != self.catalog.year:
            bad("period", "period_outside_year", value=text, year=self.catalog.year)
            return None
        return period


def _reject_unread(table: Table, row: int, cells: list[str], display: str, out: Checked) -> bool:
    """Reject a row with cells the reader could not read (``Table.issues``); False if none."""
    issues = table.issues.pop(row, None)
    if not issues:
        return False
    out.rows_read += 1
    out.rejected_rows[row] = cells
    for index, code, params in issues:
        column = table.header[index].strip() if index < len(table.header) else f"#{index + 1}"
        out.problems.append(Problem(display, row, column or f"#{index + 1}", code, params=params))
    return True


def stored_history(catalog: Catalog, store: Store) -> Callable[[list[str]], dict[str, list[Point]]]:
    """``CheckOptions.history`` from a store: the items' current values of the plan year
    (旬 values left out), ascending by period end, read once per call."""

    def history(items: list[str]) -> dict[str, list[Point]]:
        out: dict[str, list[Point]] = {}
        for item_id, values in store.current_values(items).items():
            points = []
            for v in values:
                period = parse_period(v.period)
                if period is None or period.kind == "dekad" or period.year != catalog.year:
                    continue
                points.append(point_at(period, Decimal(v.value) if v.value else None, v.status))
            out[item_id] = sorted(points, key=lambda p: p.end)
        return out

    return history


def check_submission(
    catalog: Catalog,
    table: Table,
    display: str,
    reporter: str | None = None,
    progress: Callable[[int], None] | None = None,
    sink: Callable[[list[Observation]], None] | None = None,
    chunk: int = 5000,
    options: CheckOptions | None = None,
) -> Checked:
    """Check every row; blank rows are skipped, a header with missing columns rejects all.

    With ``sink``, accepted observations are handed over in chunks as they are checked (and
    not kept in ``Checked.observations``), so a large file is never held in memory.
    """
    out = Checked()
    columns, header_problems = map_header(table.header, display, table.header_row)
    if header_problems:
        out.problems.extend(header_problems)
        try:
            for row, cells in table.rows:
                if not is_blank_row(cells):
                    out.rows_read += 1
                    out.rejected_rows[row] = cells
        except IntakeError as exc:
            out.problems.append(Problem(display, exc.line, "-", exc.code, params=dict(exc.params)))
        return out
    checker = _RowChecker(catalog, display, table.header, columns, reporter, options)
    try:
        for n, (row, cells) in enumerate(table.rows, 1):
            if progress is not None and n % 5000 == 0:
                progress(5000)
            if table.issues and _reject_unread(table, row, cells, display, out):
                continue
            if is_blank_row(cells):
                out.blank += 1
                continue
            out.rows_read += 1
            checker.check(row, cells, out)
            if sink is not None and len(out.observations) >= chunk:
                sink(out.observations)
                out.observations = []
    except IntakeError as exc:  # e.g. an unterminated quote half-way through a CSV
        out.problems.append(Problem(display, exc.line, "-", exc.code, params=dict(exc.params)))
        return out
    if sink is not None and out.observations:
        sink(out.observations)
        out.observations = []
    if out.rows_read == 0:
        out.problems.append(Problem(display, table.header_row, "", "no_data_rows"))
    return out

