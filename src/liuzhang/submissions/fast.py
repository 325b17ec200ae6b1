"""A column-wise fast path for large, clean CSV submissions.

:func:`check_fast` reads a whole CSV with pandas and checks it over distinct values (ids,
periods, statuses, units, value spellings) instead of row by row. It never reports problems:
for any file it is not sure about it returns None, and the caller runs the exact row-by-row
checker (:func:`intake.check_submission`). When it returns columns, they are exactly
the observations that checker would accept, in file order.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import gc
import io
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from liuzhang.domain.measures import measure_of
from liuzhang.domain.observations import Coded, Column
from liuzhang.domain.periods import Period, parse_period
from liuzhang.domain.plan import PlanKey
from liuzhang.domain.plausibility import Known, Point, row_flags, to_json
from liuzhang.domain.problems import Problem
from liuzhang.domain.quantities import (
    RATE_UNITS,
    QuantityError,
    canonical_text,
    to_target_unit,
)
from liuzhang.submissions.intake import CheckOptions
from liuzhang.submissions.rules import (
    CANONICAL_NUMBER,
    FALLBACK_ENCODING,
    INVISIBLE,
    TASK_UNIT,
    XLS_MAGIC,
    XLSX_MAGIC,
    Plans,
    byte_order_mark,
    column_label,
    delimiter,
    flag_column,
    is_blank_row,
    item_owners,
    map_header,
    milestone_status,
    owns,
    period_key,
    period_plan,
    plan_reporter,
    plans_of,
    reporting_unit,
    status_word,
    target_value,
    task_percent,
    unit_scope,
    value_unit,
)
from liuzhang.submissions.rules import Refused as _Refused

if TYPE_CHECKING:
    import numpy.typing as npt

    from liuzhang.plandata.catalog import Catalog

    Codes = npt.NDArray[np.intp]
    Objects = npt.NDArray[np.object_]

# Columns with few distinct cells in a valid file: pandas reads them as categoricals.
_CATEGORICAL = ("id", "period", "unit", "status", "reported_by")

# Item classes.
_NUMBER, _MILESTONE, _TASK = 0, 1, 2
# Value shapes: a canonical number, a canonical number with %, anything else, nothing.
_PLAIN, _PERCENT, _OTHER, _EMPTY = 0, 1, 2, 3
# A number whose text is already canonical (rules.CANONICAL_NUMBER), optionally 下降 before it
# and % after it.
_SHAPE = re.compile(rf"(下降)?((?!-0(?![.0-9])){CANONICAL_NUMBER})(%?)\Z")
# The lines of a text that are not such a number without 下降 and % (the common case).
_NOT_PLAIN = re.compile(rf"^(?!(?!-0$){CANONICAL_NUMBER}$).*$", re.MULTILINE)
# The characters whose NFKC form is an ASCII character that _SHAPE accepts.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％－", "0123456789.%-")


T = TypeVar("T")


@dataclass
class FastChecked:
    """Accepted rows column-wise (keys: :data:`COLUMNS`), the plan they go to and the counts
    of the check."""

    columns: dict[str, Column]
    plan: PlanKey
    rows_read: int
    blank: int
    reporters: set[str]
    warnings: list[Problem] = field(default_factory=list)  # the first MAX_WARNINGS
    warned: int = 0  # rows with warnings
    other_units: int = 0  # rows accepted from units that do not own the item

    def lists(self) -> dict[str, list[Any]]:
        """The columns as plain lists (row by row)."""
        return {
            name: column.tolist() if isinstance(column, Coded) else list(column)
            for name, column in self.columns.items()
        }


MAX_WARNINGS = 1000  # warnings returned as problems (all are counted and stored)


def check_fast(
    plans: Plans | Catalog,
    raw: bytes,
    reporter: str | None,
    options: CheckOptions | None = None,
    display: str = "-",
    *,
    strict: bool = False,
) -> FastChecked | None:
    """The checked rows of a clean CSV submission of one year, or None for anything else (any
    problem, irregularity or doubt, rows of several years): the caller then runs the exact
    row-by-row checker.

    ``plans``: the plans of the file's area (or one catalog); ``reporter`` is the canonical
    reporting unit for rows without one; ``options`` as for :func:`intake.check_submission` (a
    warning under ``options.strict`` returns None).
    ``strict``: an unexpected exception (a bug of this path) is raised, not turned into None;
    only a :class:`~liuzhang.submissions.rules.Refused` file returns None (for tests).
    """
    return _quietly(lambda: _check(plans_of(plans), _read(raw), reporter, options, display), strict)


def check_fast_rows(
    plans: Plans | Catalog,
    header: list[str],
    rows: Iterable[tuple[int, list[str]]],
    reporter: str | None,
    options: CheckOptions | None = None,
    display: str = "-",
    *,
    strict: bool = False,
) -> FastChecked | None:
    """:func:`check_fast` for a table already read as text (a workbook's): ``rows`` are
    (row number, cells) below the header, numbered on from the header's row with no gaps, as
    wide as the header. None for anything the CSV path would not accept either (a cell with a
    line break); ``strict`` as for :func:`check_fast` (``rows`` may raise ``Refused``)."""
    return _quietly(
        lambda: _check_rows(plans_of(plans), header, rows, reporter, options, display), strict
    )


# Every check strict, whatever its caller asks (the test suite sets it).
STRICT = False


def _quietly(check: Callable[[], FastChecked], strict: bool) -> FastChecked | None:
    enabled = gc.isenabled()
    gc.disable()  # many new objects, none of them cyclic
    try:
        return check()
    except _Refused:  # not sure about the file, by design
        return None
    except Exception:  # a bug of this path: the row-by-row checker decides, unless strict
        if strict or STRICT:
            raise
        return None
    finally:
        if enabled:
            gc.enable()


# Rows coded at a time by _check_rows (their cells are Python strings until coded).
_BATCH = 16384
# Characters of a cell that a CSV of one line a row cannot carry (see _read).
_NOT_IN_ONE_LINE = "\n\r\x00" + INVISIBLE


class _Index(dict[str, int]):
    """Each distinct cell's code, in order of appearance."""

    def __missing__(self, cell: str) -> int:
        self[cell] = code = len(self)
        return code


def _check_rows(
    plans: Plans,
    header: list[str],
    rows: Iterable[tuple[int, list[str]]],
    reporter: str | None,
    options: CheckOptions | None,
    display: str,
) -> FastChecked:
    found, problems = map_header(header, "-", 1)
    if problems or is_blank_row(header):
        raise _Refused
    width = len(header)
    indexes = [_Index() for _ in range(width)]
    codes: list[list[Codes]] = [[] for _ in range(width)]
    first = next_row = -1
    stream = iter(rows)
    while batch := list(islice(stream, _BATCH)):
        numbers: list[int] = list(map(itemgetter(0), batch))
        if first < 0:
            first = next_row = numbers[0]
        if numbers != list(range(next_row, next_row + len(batch))):
            raise _Refused  # a gap
        next_row += len(batch)
        lines = list(map(itemgetter(1), batch))
        if set(map(len, lines)) != {width}:
            raise _Refused  # a row of another width
        for k, (index, parts) in enumerate(zip(indexes, codes, strict=True)):
            cells = map(index.__getitem__, map(itemgetter(k), lines))
            parts.append(np.fromiter(cells, np.intp, len(lines)))
    if first < 0:
        raise _Refused  # no rows below the header
    body: list[_Column] = []
    for index, parts in zip(indexes, codes, strict=True):
        distinct = list(index)
        joined = "".join(distinct)
        if any(ch in joined for ch in _NOT_IN_ONE_LINE):
            raise _Refused  # as in a CSV (see _read)
        body.append(_Column(np.concatenate(parts), distinct, None))
    return _check(plans, (found, body, header), reporter, options, display, first)


# -- reading ----------------------------------------------------------------------------------


class _Column:
    """One column's cells below the header: codes into distinct cells, or the cells."""

    def __init__(
        self, codes: Codes | None, distinct: list[str] | None, cells: Objects | None
    ) -> None:
        self._codes = codes
        self._distinct = distinct
        self._cells = cells

    def take(self, rows: npt.NDArray[Any]) -> _Column:
        if self._codes is not None:
            return _Column(self._codes[rows], self._distinct, None)
        assert self._cells is not None
        return _Column(None, None, self._cells[rows])

    def texts(self, rows: npt.NDArray[Any]) -> list[str]:
        """The cells of these rows."""
        if self._codes is not None:
            assert self._distinct is not None
            distinct = self._distinct
            return [distinct[c] for c in self._codes[rows].tolist()]
        assert self._cells is not None
        return list(self._cells[rows].tolist())

    def coded(self) -> tuple[Codes, list[str]]:
        """Codes into only the distinct cells these rows use."""
        if self._codes is None:
            import pandas as pd  # type: ignore[import-untyped]

            assert self._cells is not None
            codes, distinct = pd.factorize(self._cells)
            return np.asarray(codes, dtype=np.intp), list(distinct)
        assert self._distinct is not None
        return _compact(self._codes, self._distinct)


def _compact(codes: Codes, distinct: list[T]) -> tuple[Codes, list[T]]:
    present = np.zeros(len(distinct), dtype=bool)
    present[codes] = True
    if present.all():
        return codes, distinct
    used = np.flatnonzero(present)
    remap = np.zeros(len(distinct), dtype=np.intp)
    remap[used] = np.arange(len(used), dtype=np.intp)
    return remap[codes], [distinct[i] for i in used.tolist()]


def _utf8(raw: bytes) -> tuple[bytes, bool]:
    """The bytes to parse (without a UTF-8 BOM) and whether the file had that BOM."""
    if not raw or raw.isspace() or b"\x00" in raw:
        raise _Refused
    if raw.startswith((XLSX_MAGIC, XLS_MAGIC)):
        raise _Refused  # a workbook
    encoding, skip = byte_order_mark(raw)
    if encoding not in (None, "utf-8"):
        raise _Refused  # UTF-16
    return raw[skip:], encoding is not None


def _delimiter(data: bytes) -> str:
    """:func:`rules.delimiter` of the first line (tab and comma are the same byte in UTF-8
    and Latin-1, which decodes any bytes)."""
    end = data.find(b"\n")
    return delimiter((data if end < 0 else data[:end]).decode("latin-1"))


def _one_record(line: bytes, sep: str) -> list[str]:
    """A line's cells as the csv module reads them; refused unless exactly one record."""
    try:
        records = list(csv.reader([line.decode("utf-8")], delimiter=sep, strict=True))
    except csv.Error:
        raise _Refused from None
    if len(records) != 1:
        raise _Refused
    return records[0]


def _parse(data: bytes, sep: str) -> tuple[dict[str, int], list[_Column], int, list[str]]:
    """Column map, columns and number of records below the header; UnicodeDecodeError when
    the bytes are not UTF-8."""
    import pandas as pd

    end = data.find(b"\n")
    header = _one_record(data if end < 0 else data[: end + 1], sep)
    found, problems = map_header(header, "-", 1)
    if problems or is_blank_row(header):
        raise _Refused  # blank lines before the header too
    categorical = {found[name] for name in _CATEGORICAL if name in found}
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            sep=sep,
            header=None,
            dtype={i: "category" if i in categorical else object for i in range(len(header))},
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            encoding="utf-8",
            encoding_errors="strict",
            engine="c",
            low_memory=False,
        )
    except UnicodeDecodeError:
        raise
    except Exception:  # a ragged row, an unterminated quote…
        raise _Refused from None
    if len(frame.columns) != len(header) or len(frame) < 2:
        raise _Refused
    columns: list[_Column] = []
    for i, name in enumerate(frame.columns):
        series = frame[name]
        if i in categorical:
            codes = np.asarray(series.array.codes, dtype=np.intp)
            if int(codes.min()) < 0:
                raise _Refused
            distinct = [str(c) for c in series.array.categories.to_numpy(dtype=object)]
            if distinct[codes[0]] != header[i]:
                raise _Refused
            columns.append(_Column(codes[1:], distinct, None))
        else:
            cells = series.to_numpy(dtype=object)
            if cells[0] != header[i]:
                raise _Refused
            columns.append(_Column(None, None, cells[1:]))
    return found, columns, len(frame) - 1, header


def _read(raw: bytes) -> tuple[dict[str, int], list[_Column], list[str]]:
    """The column map and the columns below the header.

    Refuses unless each record is one physical line and pandas read exactly what the csv
    module reads in :func:`reading.read_csv_text` (after :func:`reading.decode`).
    """
    data, bom = _utf8(raw)
    try:
        found, columns, records, header = _parse(data, _delimiter(data))
    except UnicodeDecodeError:
        if bom:
            raise _Refused from None
        try:  # decode() falls back to GB18030: parse that text as UTF-8
            data = raw.decode(FALLBACK_ENCODING).encode("utf-8")
            found, columns, records, header = _parse(data, _delimiter(data))
        except UnicodeError:
            raise _Refused from None
    if data.startswith(codecs.BOM_UTF8):
        raise _Refused  # pandas drops a BOM that decode() keeps
    if any(ch.encode() in data for ch in INVISIBLE):
        raise _Refused  # read_csv_text drops them
    _check_line_length(data)
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        raise _Refused  # a bare CR ends a line for pandas, not for the csv module
    if b'"' in data:
        lines = _check_quoted(data, _delimiter(data), columns, records)
    else:
        lines = data.count(b"\n")
    if lines + (0 if data.endswith(b"\n") else 1) != records + 1:
        raise _Refused  # a quoted line break
    return found, columns, header


def _check_line_length(data: bytes) -> None:
    """No cell may reach the csv module's field size limit: every block of half that size
    must hold a line feed (then no line, so no cell, is that long)."""
    block = csv.field_size_limit() // 2
    if block < 4096:
        raise _Refused
    for start in range(0, len(data) - block + 1, block):
        if data.find(b"\n", start, start + block) < 0:
            raise _Refused


def _check_quoted(data: bytes, sep: str, columns: list[_Column], records: int) -> int:
    """Every line with a quote must read, on its own, as one record with the same cells.
    Returns the number of line feeds in ``data``."""
    numbers: list[int] = []
    texts: list[bytes] = []
    line = counted = 0
    pos = data.find(b'"')
    while pos >= 0:
        start = data.rfind(b"\n", 0, pos) + 1
        line += data.count(b"\n", counted, start)
        counted = start
        end = data.find(b"\n", pos)
        end = len(data) if end < 0 else end + 1
        numbers.append(line)
        texts.append(data[start:end])
        pos = data.find(b'"', end)
    lines = line + data.count(b"\n", counted)
    if numbers[0] == 0:  # the header, compared in _parse
        del numbers[0], texts[0]
    where = np.array(numbers, dtype=np.intp) - 1
    if len(where) and int(where.max()) >= records:
        raise _Refused  # more lines than records
    parsed = [column.texts(where) for column in columns]
    width = len(columns)
    for k, chunk in enumerate(texts):
        try:
            cells = _one_record(chunk, sep)
        except UnicodeDecodeError:
            raise _Refused from None
        if len(cells) > width:
            raise _Refused
        cells += [""] * (width - len(cells))
        if cells != [column[k] for column in parsed]:
            raise _Refused
    return lines


# -- checking ---------------------------------------------------------------------------------


def _combine(*parts: tuple[Codes, int]) -> tuple[Codes, list[tuple[int, ...]]]:
    """Each row's index into the distinct combinations of several code columns (given with
    their sizes), and those combinations."""
    rows = len(parts[0][0])
    dense = 4 * rows + 65536
    total = 1
    for _, size in parts:
        total *= size
    used: list[list[int]] = []
    key = np.zeros(rows, dtype=np.intp)
    if total <= dense:  # small enough to index by the combined code directly
        for codes, size in parts:
            used.append(list(range(size)))
            key = key * size + codes
    else:
        total = 1
        for codes, size in parts:
            compact, kept = _compact(codes, list(range(size)))
            used.append(kept)
            total *= len(kept)
            if total >= 2**62:
                raise _Refused
            key = key * len(kept) + compact
    if total <= dense:
        present = np.zeros(total, dtype=bool)
        present[key] = True
        distinct = np.flatnonzero(present)
        remap = np.zeros(total, dtype=np.intp)
        remap[distinct] = np.arange(len(distinct), dtype=np.intp)
        inverse = remap[key]
    else:
        distinct, inverse = np.unique(key, return_inverse=True)
    combos: list[tuple[int, ...]] = []
    for value in distinct.tolist():
        combo: list[int] = []
        for kept in reversed(used):
            value, rest = divmod(value, len(kept))
            combo.append(kept[rest])
        combos.append(tuple(reversed(combo)))
    return np.asarray(inverse, dtype=np.intp).reshape(-1), combos


def _check(
    plans: Plans,
    table: tuple[dict[str, int], list[_Column], list[str]],
    reporter: str | None,
    options: CheckOptions | None,
    display: str,
    first_row: int = 2,
) -> FastChecked:
    """The check of a table as :func:`_read` returns it whose first row below the header is
    row ``first_row`` of the file."""
    found, body, header = table
    options = options or CheckOptions()

    # Rows whose id is blank must be blank throughout.
    id_codes, id_distinct = body[found["id"]].coded()
    blank_ids = [i for i, cell in enumerate(id_distinct) if not cell.strip()]
    blank = 0
    rows: list[int] | None = None
    if blank_ids:
        is_blank = np.isin(id_codes, blank_ids)
        for column in body:
            if not is_blank_row(column.texts(is_blank)):
                raise _Refused
        blank = int(is_blank.sum())
        keep = np.flatnonzero(~is_blank)
        if len(keep) == 0:
            raise _Refused  # no data rows
        rows = (keep + first_row).tolist()
        body = [column.take(keep) for column in body]
        id_codes, id_distinct = body[found["id"]].coded()
    n = len(id_codes)

    def coded(name: str) -> tuple[Codes, list[str]]:
        if name in found:
            return body[found[name]].coded()
        return np.zeros(n, dtype=np.intp), [""]

    # Periods: the rows of a file of one year go to that year's plan (rules.period_plan); a
    # file mixing years, or of a year without a plan, is left to the row checker.
    period_codes, period_distinct = coded("period")
    period_index: dict[str, int] = {}
    period_of = np.zeros(len(period_distinct), dtype=np.intp)
    period_texts: list[str] = []
    period_list: list[Period] = []
    for i, cell in enumerate(period_distinct):
        text = cell.strip()
        period = parse_period(text) if text else None
        if period is None or period_plan(period, plans, text) is not None:
            raise _Refused
        period_texts.append(period.text)
        period_list.append(period)
        # One value per item and period end, as the row-by-row checker keys them.
        period_of[i] = period_index.setdefault(period_key(period), len(period_index))
    years = {period.year for period in period_list}
    if len(years) != 1:
        raise _Refused
    year = years.pop()
    catalog = plans.catalog(year)
    reporter = plan_reporter(plans, year, reporter)

    # Items: canonical id, class and unit per distinct id cell.
    stripped = [cell.strip() for cell in id_distinct]
    item_ids = list(dict.fromkeys(stripped))
    items = id_codes
    if len(item_ids) != len(stripped):
        position = {ident: i for i, ident in enumerate(item_ids)}
        items = np.array([position[ident] for ident in stripped], dtype=np.intp)[id_codes]
    targets = [catalog.targets.get(ident) for ident in item_ids]
    tasks = catalog.tasks
    if any(t is None and ident not in tasks for t, ident in zip(targets, item_ids, strict=True)):
        raise _Refused  # an unknown id
    classes = [
        _TASK if t is None else _MILESTONE if measure_of(t).reports_status else _NUMBER
        for t in targets
    ]
    item_units = [None if t is None else t.unit for t in targets]
    item_class = np.array(classes, dtype=np.intp)[items]

    # Any (id, period) twice, even the same row again: the row-by-row checker counts those.
    pairs = items * len(period_index) + period_of[period_codes]
    if len(item_ids) * len(period_index) <= 4 * n + 65536:
        seen = np.zeros(len(item_ids) * len(period_index), dtype=bool)
        seen[pairs] = True
        if int(np.count_nonzero(seen)) != n:
            raise _Refused
    elif len(np.unique(pairs)) != n:
        raise _Refused
    del pairs

    # Statuses.
    status_codes, status_distinct = coded("status")
    status_words: list[str | None] = []
    for cell in status_distinct:
        text = cell.strip()
        word = status_word(text) if text else None
        if text and word is None:
            raise _Refused
        status_words.append(word)

    unit_codes, unit_distinct = coded("unit")
    units = [cell.strip() for cell in unit_distinct]
    value_codes, value_distinct = coded("value")
    values = [cell.strip() for cell in value_distinct]

    # Per row, an index into a table of output values (integer arrays, not object arrays).
    value_table: list[str | None] = [None]
    value_at = np.zeros(n, dtype=np.intp)
    status_table: list[str | None] = [None]
    status_at = np.zeros(n, dtype=np.intp)
    unit_table = list(dict.fromkeys([None, TASK_UNIT, *item_units]))
    unit_code = {unit: i for i, unit in enumerate(unit_table)}
    unit_at = np.array([unit_code[value_unit(t, True)] for t in targets], dtype=np.intp)[items]

    number_rows = np.flatnonzero(item_class == _NUMBER)
    if len(number_rows):
        given = np.array([w is not None for w in status_words], dtype=bool)
        if given[status_codes[number_rows]].any():
            raise _Refused  # a status for a target
        texts, at = _numbers(
            item_units,
            items[number_rows],
            value_codes[number_rows],
            unit_codes[number_rows],
            values,
            units,
        )
        value_at[number_rows] = at + len(value_table)
        value_table += texts

    milestone_rows = np.flatnonzero(item_class == _MILESTONE)
    if len(milestone_rows):
        inverse, combos = _combine(
            (status_codes[milestone_rows], len(status_distinct)),
            (value_codes[milestone_rows], len(value_distinct)),
        )
        milestone_statuses: list[str] = []
        for s, v in combos:
            status = status_words[s]
            if values[v]:
                from_value = milestone_status(values[v])
                if from_value is None:
                    raise _Refused
                status = status or from_value
            if status is None:
                raise _Refused  # neither a value nor a status
            milestone_statuses.append(status)
        status_at[milestone_rows] = inverse + len(status_table)
        status_table += milestone_statuses

    task_rows = np.flatnonzero(item_class == _TASK)
    if len(task_rows):
        inverse, combos = _combine(
            (status_codes[task_rows], len(status_distinct)),
            (value_codes[task_rows], len(value_distinct)),
            (unit_codes[task_rows], len(unit_distinct)),
        )
        task_values: list[str | None] = []
        task_statuses: list[str | None] = []
        for s, v, u in combos:
            if status_words[s] is None:
                raise _Refused  # a task needs a status
            task_statuses.append(status_words[s])
            task_values.append(_task_percent(values[v], units[u]) if values[v] else None)
        value_at[task_rows] = inverse + len(value_table)
        value_table += task_values
        status_at[task_rows] = inverse + len(status_table)
        status_table += task_statuses
        task_units = [unit_code[value_unit(None, v is not None)] for v in task_values]
        unit_at[task_rows] = np.array(task_units, dtype=np.intp)[inverse]

    # Reporting units.
    reporter_codes, reporter_distinct = coded("reported_by")
    names = [_reporter(catalog, cell.strip(), reporter) for cell in reporter_distinct]
    reporters = {name for name in names if name}
    other_units = _ownership(catalog, options, item_ids, items, reporter_codes, names)

    rows_numbers = rows if rows is not None else list(range(first_row, n + first_row))
    flag_column, warnings, warned = _Flagger(
        catalog, options, item_ids, targets, items, period_list, period_codes
    ).run(value_table, value_at, status_table, status_at, rows_numbers, display, header, found)

    note_codes, note_distinct = coded("note")
    body.clear()
    del number_rows, milestone_rows, task_rows
    # Each output column as a table and per-row indexes into it (see store.Coded).
    out: dict[str, Column] = {
        "item_id": Coded(item_ids, items),
        "kind": Coded(["target", "target", "task"], item_class),
        "period": Coded(period_texts, period_codes),
        "value": Coded(value_table, value_at),
        "status": Coded(status_table, status_at),
        "unit": Coded(unit_table, unit_at),
        "raw_value": Coded([v or None for v in values], value_codes),
        "raw_unit": Coded([u or None for u in units], unit_codes),
        "note": Coded([c.strip() or None for c in note_distinct], note_codes),
        "reported_by": Coded(names, reporter_codes),
        "flags": flag_column,
        "row": rows_numbers,
    }
    return FastChecked(
        out,
        plans.key(year),
        rows_read=n,
        blank=blank,
        reporters=reporters,
        warnings=warnings,
        warned=warned,
        other_units=other_units,
    )


def _shapes(values: list[str]) -> tuple[list[int], list[str | None]]:
    """Each (stripped, one-line) value's shape and, for a canonical number, its canonical
    text."""
    ascii_values = [v if v.isascii() else v.translate(_FULLWIDTH) for v in values]
    joined = "\n".join(ascii_values)
    if joined.count("\n") != len(values) - 1:
        raise _Refused
    shapes = [_PLAIN] * len(values)
    numbers: list[str | None] = list(ascii_values)
    # One regex pass over all values finds the few that are not plain canonical numbers.
    starts = [m.start() for m in _NOT_PLAIN.finditer(joined)]
    if not starts:
        return shapes, numbers
    offsets = np.cumsum(np.fromiter(map(len, ascii_values), dtype=np.intp, count=len(values)) + 1)
    for i in np.searchsorted(offsets, starts, side="right").tolist():
        numbers[i] = None
        match = _SHAPE.match(ascii_values[i])
        if match is None:
            shapes[i] = _OTHER if values[i] else _EMPTY
            continue
        drop, number, percent = match.groups()
        if drop:
            if number[0] == "-" or number == "0":
                shapes[i] = _OTHER  # 下降-5 is 5, 下降0 is -0: left to the general path
                continue
            number = "-" + number
        shapes[i] = _PERCENT if percent else _PLAIN
        numbers[i] = number
    return shapes, numbers


def _numbers(
    item_units: list[str | None],
    items: Codes,
    value_codes: Codes,
    unit_codes: Codes,
    values: list[str],
    units: list[str],
) -> tuple[list[str | None], Codes]:
    """The value texts of rows of numeric targets, converted to each target's unit: a table
    of texts and each row's index into it."""
    shapes, numbers = _shapes(values)
    shape_of = np.array(shapes, dtype=np.intp)[value_codes]
    if (shape_of == _EMPTY).any():
        raise _Refused  # a target without a value
    # Which (target unit, unit cell, shape) leave a canonical number as it is: probe each
    # combination with 1 (a conversion multiplies by a power of ten, whatever the amount).
    unit_index: dict[str | None, int] = {}
    item_unit = np.array(
        [unit_index.setdefault(u, len(unit_index)) for u in item_units], dtype=np.intp
    )[items]
    target_units = list(unit_index)
    inverse, combos = _combine((item_unit, len(target_units)), (unit_codes, len(units)))
    same = np.zeros((len(combos), 2), dtype=bool)
    for k, (t, u) in enumerate(combos):
        for shape, probe in ((_PLAIN, "1"), (_PERCENT, "1%")):
            with contextlib.suppress(QuantityError):
                same[k, shape] = to_target_unit(probe, units[u], target_units[t]) == 1
    canonical = shape_of < _OTHER
    as_is = np.zeros(len(items), dtype=bool)
    as_is[canonical] = same[inverse[canonical], shape_of[canonical]]
    rest = np.flatnonzero(~as_is)
    if len(rest) == 0:
        return numbers, value_codes
    inverse, combos = _combine(
        (value_codes[rest], len(values)),
        (unit_codes[rest], len(units)),
        (item_unit[rest], len(target_units)),
    )
    texts: list[str | None] = []
    for v, u, t in combos:
        try:
            value = target_value(values[v], units[u], target_units[t])
        except (QuantityError, ArithmeticError):
            raise _Refused from None
        texts.append(canonical_text(value))
    at = value_codes.copy()
    at[rest] = inverse + len(numbers)
    return numbers + texts, at


def _task_percent(text: str, unit: str) -> str:
    """:func:`intake.task_percent` as canonical text, for a value that passes."""
    try:
        return canonical_text(task_percent(text, unit))
    except QuantityError:
        raise _Refused from None


def _reporter(catalog: Catalog, text: str, default: str | None) -> str | None:
    """The canonical name of a reporting unit cell (``default`` when empty)."""
    if not text:
        return default
    name = reporting_unit(catalog, text)
    if name is None:
        raise _Refused
    return name


def _ownership(
    catalog: Catalog,
    options: CheckOptions,
    item_ids: list[str],
    items: Codes,
    reporter_codes: Codes,
    names: list[str | None],
) -> int:
    """The rows from units that do not own their item (per distinct (item, unit) pair, by the
    row checker's rule); refused unless ``options.allow_other_units``."""
    inverse, combos = _combine((items, len(item_ids)), (reporter_codes, len(names)))
    foreign = np.zeros(len(combos), dtype=bool)
    scopes = {name: unit_scope(catalog, name) for name in set(names) if name}
    canonical = catalog.registry.canonical
    for k, (i, r) in enumerate(combos):
        name = names[r]
        if not name:
            continue
        # The lead owns its item (the first of item_owners): most rows are the lead's own.
        target = catalog.targets.get(item_ids[i])
        lead = target.lead if target is not None else catalog.tasks[item_ids[i]].lead[0]
        if canonical(lead) in scopes[name]:
            continue
        if not owns(catalog, item_owners(catalog, item_ids[i]), name, scopes[name]):
            if not options.allow_other_units:
                raise _Refused  # the row checker names the owners
            foreign[k] = True
    return int(np.count_nonzero(foreign[inverse])) if foreign.any() else 0


_YTD_HEAD = '[{"code":"ytd_decrease","params":'


def _ytd_text(params: dict[str, str]) -> str:
    """``to_json([Flag("ytd_decrease", params)])``, without the encoder's per-call cost: the
    numbers and periods are plain ASCII; only the unit needs the encoder's escaping."""
    unit = _UNIT_JSON.get(params["unit"])
    if unit is None:
        unit = _UNIT_JSON[params["unit"]] = json.dumps(params["unit"], ensure_ascii=False)
    return (
        f'{_YTD_HEAD}{{"value":"{params["value"]}","previous":"{params["previous"]}",'
        f'"previous_period":"{params["previous_period"]}","unit":{unit}}}}}]'
    )


_UNIT_JSON: dict[str, str] = {}


class _Flagger:
    """The plausibility warnings of every row, as :func:`liuzhang.domain.plausibility.row_flags`
    gives them in the row checker: numpy finds the rows that may have one (a superset, from
    float comparisons), and the exact rule decides for those rows only."""

    def __init__(
        self,
        catalog: Catalog,
        options: CheckOptions,
        item_ids: list[str],
        targets: list[Any],
        items: Codes,
        periods: list[Period],
        period_codes: Codes,
    ) -> None:
        self.catalog = catalog
        self.options = options
        self.item_ids = item_ids
        self.targets = targets
        self.items = items
        self.periods = periods
        self.period_codes = period_codes
        self.ends = [p.end.isoformat() for p in periods]
        self.decimals: dict[int, Decimal] = {}  # value code -> its number
        self.canonical: dict[str, str] = {}

    def run(
        self,
        value_table: list[str | None],
        value_at: Codes,
        status_table: list[str | None],
        status_at: Codes,
        rows: list[int],
        display: str,
        header: list[str],
        found: dict[str, int],
    ) -> tuple[Coded, list[Problem], int]:
        n = len(self.items)
        targets = self.targets
        floats = np.array(
            [np.nan if t is None else float(t) for t in value_table], dtype=np.float64
        )
        values = floats[value_at]
        done = np.array([s == "done" for s in status_table], dtype=bool)[status_at]
        reopened = np.array([s in ("in_progress", "not_started") for s in status_table])[status_at]
        month = np.array([p.end_month for p in self.periods], dtype=np.intp)[self.period_codes]
        dekad = np.array([p.kind == "dekad" for p in self.periods], dtype=bool)[self.period_codes]
        numeric = np.array(
            [t is not None and not measure_of(t).reports_status for t in targets], dtype=bool
        )
        cumulative = np.array([t is not None and measure_of(t).year_to_date for t in targets])
        with_status = ~numeric
        goals = np.array(
            [np.nan if t is None or t.target is None else abs(float(t.target)) for t in targets]
        )
        rate = np.array([t is not None and (t.unit or "") in RATE_UNITS for t in targets])

        # Value rules (a superset: margins of 1e-6 around each threshold).
        size, goal = np.abs(values), goals[self.items]
        is_rate = rate[self.items] & numeric[self.items]
        with np.errstate(invalid="ignore"):
            candidate = is_rate & (
                ((size > 0) & (size < 1 + 1e-6) & (goal >= 2 - 1e-6))
                | ((goal > 0) & (size >= goal * (100 - 1e-6)))
            )
            candidate |= numeric[self.items] & ~is_rate & (goal > 0) & (size > goal * (10 - 1e-6))
        by_value = candidate.copy()  # rows a value rule may flag

        # Sequence rules: the file's rows (no 旬) among the stored values, by item and month.
        plain = np.flatnonzero(~dekad)
        order = np.argsort(self.items[plain], kind="stable")
        by_item, by_month = self.items[plain][order], month[plain][order]
        # Items whose rows do not come in the order of the year: replayed row by row below.
        backwards = (by_item[1:] == by_item[:-1]) & (by_month[1:] < by_month[:-1])
        replay = set(by_item[1:][backwards].tolist())
        stored = self._stored()
        s_item = np.array([i for i, _ in stored], dtype=np.intp)
        s_month = np.array([p.end_month for _, p in stored], dtype=np.intp)
        mine = np.zeros(len(self.item_ids) * 13, dtype=bool)
        mine[self.items[plain] * 13 + month[plain]] = True
        keep = ~mine[s_item * 13 + s_month] if len(stored) else np.zeros(0, dtype=bool)
        s_index = np.flatnonzero(keep)
        s_values = np.array(
            [np.nan if p.value is None else float(p.value) for _, p in stored], dtype=np.float64
        )
        s_done = np.array([p.status == "done" for _, p in stored], dtype=bool)
        # Combined: file rows (ref >= 0: row index) and stored points (ref < 0: -1 - index).
        all_item = np.concatenate([self.items[plain], s_item[s_index]])
        all_month = np.concatenate([month[plain], s_month[s_index]])
        all_value = np.concatenate([values[plain], s_values[s_index]])
        all_done = np.concatenate([done[plain], s_done[s_index]])
        all_ref = np.concatenate([plain, -1 - s_index])
        order = np.lexsort((all_month, all_item))
        it, mo, va, dn, ref = (
            all_item[order],
            all_month[order],
            all_value[order],
            all_done[order],
            all_ref[order],
        )
        m = len(it)
        prev = np.zeros(m, dtype=bool)
        prev[1:] = it[1:] == it[:-1]
        prev2 = np.zeros(m, dtype=bool)
        prev2[2:] = prev[2:] & (it[2:] == it[:-2])
        shifted = np.full(m, np.nan)
        shifted[1:] = va[:-1]
        shifted2 = np.full(m, np.nan)
        shifted2[2:] = va[:-2]
        month1 = np.zeros(m, dtype=np.intp)
        month1[1:] = mo[:-1]
        month2 = np.zeros(m, dtype=np.intp)
        month2[2:] = mo[:-2]
        done1 = np.zeros(m, dtype=bool)
        done1[1:] = dn[:-1]
        is_file = ref >= 0
        row_of = np.where(is_file, ref, 0)
        with np.errstate(invalid="ignore"):
            sequence = is_file & prev & cumulative[it] & (va <= shifted)
            # A fall that floats decide beyond doubt: ytd_decrease for sure, and no other
            # sequence rule can hold with it (repeated_value needs equal values; task_reopened
            # a status item), so its text is written directly (see _ytd_text).
            falls = sequence & (shifted - va > 1e-9 * np.maximum(np.abs(shifted), 1.0))
            sequence |= (
                is_file
                & prev2
                & numeric[it]
                & (month1 == mo - 1)
                & (month2 == mo - 2)
                & (va == shifted)
                & (va == shifted2)
            )
            sequence |= is_file & prev & with_status[it] & done1 & reopened[row_of]
        position = np.full(n, -1, dtype=np.intp)
        position[ref[is_file]] = np.flatnonzero(is_file)
        candidate[ref[sequence]] = True
        in_sequence = np.zeros(n, dtype=bool)  # rows a sequence rule may flag (a superset)
        in_sequence[ref[sequence]] = True
        surely_falls = np.zeros(n, dtype=bool)
        surely_falls[ref[falls]] = True
        surely_falls &= ~by_value
        replayed = self._replay(
            replay, stored, dekad, value_table, value_at, status_table, status_at
        )
        for r in replayed:
            candidate[r] = True

        # The exact rule, for the candidates only.
        texts: list[str | None] = [None]
        codes = np.zeros(n, dtype=np.intp)
        warnings: list[Problem] = []

        cache: dict[int, Point] = {}

        def point(at: int) -> Point:
            r = int(ref[at])
            if r < 0:
                return stored[-1 - r][1]
            if r not in cache:
                cache[r] = self._point(r, value_table, value_at, status_table, status_at)
            return cache[r]

        # The candidates' facts as Python lists (indexing numpy arrays row by row is slow).
        rows_c = np.flatnonzero(candidate)
        sure = surely_falls[rows_c]
        if replayed:
            sure &= ~np.isin(rows_c, np.fromiter(replayed, dtype=np.intp))
        # The row (or stored point) before each sure fall; none when no row is in a sequence
        # (e.g. a file of 旬 values only: np.where would still index the empty ``ref``).
        before = (
            np.where(sure, ref[np.maximum(position[rows_c] - 1, 0)], 0)
            if len(ref)
            else np.zeros(len(rows_c), dtype=np.intp)
        )
        from_file = np.maximum(before, 0)
        facts = zip(
            rows_c.tolist(),
            self.items[rows_c].tolist(),
            sure.tolist(),
            before.tolist(),
            value_at[rows_c].tolist(),
            value_at[from_file].tolist(),
            self.period_codes[from_file].tolist(),
            strict=True,
        )
        flagged: list[int] = []  # rows with warnings, in order; texts[k + 1] is the k-th's
        value_column = column_label(header, found, "value")
        for r, item, surely, before_r, value_code, before_code, before_period in facts:
            if surely:  # ytd_decrease for sure, and nothing else
                if self.options.strict:
                    raise _Refused
                if before_r >= 0:  # the previous value is a row of the file
                    text = value_table[before_code]
                    period_text = self.periods[before_period].text
                else:  # a stored value
                    known = stored[-1 - before_r][1]
                    text = None if known.value is None else canonical_text(known.value)
                    period_text = known.period
                value = value_table[value_code]
                assert value is not None and text is not None
                params = {
                    "value": self._canonical(value),
                    "previous": self._canonical(text),
                    "previous_period": period_text,
                    "unit": targets[item].unit or "",
                }
                flagged.append(r)
                texts.append(_ytd_text(params))
                if len(warnings) < MAX_WARNINGS:
                    warnings.append(
                        Problem(
                            display,
                            rows[r],
                            value_column,
                            "ytd_decrease",
                            params=params,
                            severity="warning",
                        )
                    )
                continue
            here = cache.get(r) or self._point(r, value_table, value_at, status_table, status_at)
            cache[r] = here
            earlier: list[Point] = []
            if r in replayed:
                earlier = replayed[r]
            elif not dekad[r] and in_sequence[r]:
                at = int(position[r])
                if at >= 2 and prev2[at]:
                    earlier.append(point(at - 2))
                if at >= 1 and prev[at]:
                    earlier.append(point(at - 1))
            flags = row_flags(targets[item], here, earlier, bool(dekad[r]))
            if not flags:
                continue
            if self.options.strict:
                raise _Refused  # the row checker refuses and names the rows
            flagged.append(r)
            texts.append(to_json(flags))
            for flag in flags:
                if len(warnings) >= MAX_WARNINGS:
                    break
                column = flag_column(flag.code)
                warnings.append(
                    Problem(
                        display,
                        rows[r],
                        column_label(header, found, column),
                        flag.code,
                        params=dict(flag.params),
                        severity="warning",
                    )
                )
        codes[np.asarray(flagged, dtype=np.intp)] = np.arange(1, len(flagged) + 1)
        return Coded(texts, codes), warnings, len(flagged)

    def _canonical(self, text: str) -> str:
        """The canonical text of a value text (the checked values are canonical already)."""
        known = self.canonical.get(text)
        if known is None:
            known = self.canonical[text] = canonical_text(Decimal(text))
        return known

    def _point(
        self,
        r: int,
        value_table: list[str | None],
        value_at: Codes,
        status_table: list[str | None],
        status_at: Codes,
    ) -> Point:
        code = int(self.period_codes[r])
        period = self.periods[code]
        at = int(value_at[r])
        value = self.decimals.get(at)
        if value is None and value_table[at] is not None:
            value = self.decimals[at] = Decimal(value_table[at])  # type: ignore[arg-type]
        return Point(
            self.ends[code], period.text, period.end_month, value, status_table[int(status_at[r])]
        )

    def _replay(
        self,
        items: set[int],
        stored: list[tuple[int, Point]],
        dekad: npt.NDArray[np.bool_],
        value_table: list[str | None],
        value_at: Codes,
        status_table: list[str | None],
        status_at: Codes,
    ) -> dict[int, list[Point]]:
        """For the rows of these items, the earlier values the row checker compares each with
        (it sees the rows above, in file order): row index -> earlier points."""
        if not items:
            return {}
        known = {i: Known([p for j, p in stored if j == i]) for i in items}
        out: dict[int, list[Point]] = {}
        rows = np.flatnonzero(np.isin(self.items, list(items)) & ~dekad)
        for r in rows.tolist():
            here = self._point(r, value_table, value_at, status_table, status_at)
            mine = known[int(self.items[r])]
            out[r] = mine.earlier(here.end)
            mine.add(here)
        return out

    def _stored(self) -> list[tuple[int, Point]]:
        """(item code, point) of the stored values of the file's items."""
        history = self.options.history
        if history is None:
            return []
        found = history(self.catalog, self.item_ids)
        return [(i, p) for i, ident in enumerate(self.item_ids) for p in found.get(ident, [])]
