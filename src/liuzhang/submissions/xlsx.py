"""Reading .xlsx submissions as a stream of text rows.

Cell values come from python-calamine (a Rust reader: a 300,000-row sheet in seconds and a
fraction of the memory openpyxl needs). What calamine does not tell is read from the workbook's
XML parts directly: which sheets are hidden and which is active (``workbook.xml``), which styles
are percentages (``styles.xml``), and, in one streamed pass over the sheet's XML beside
calamine's rows, the cells shown as percentages, error values and formulas without a cached
value.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

from liuzhang.domain.quantities import canonical_text
from liuzhang.submissions.rules import DROP_INVISIBLE, INVISIBLE, Refused, map_header
from liuzhang.submissions.table import HEADER_SEARCH, IntakeError, Table, find_header

if TYPE_CHECKING:
    from python_calamine import CalamineSheet, CalamineWorkbook

    from liuzhang.plandata.catalog import Catalog
    from liuzhang.submissions.fast import FastChecked
    from liuzhang.submissions.intake import CheckOptions
    from liuzhang.submissions.rules import Plans

# Columns whose merged cells down the sheet mean “the same for every row of the range”.
FILLED = ("id", "period", "unit", "reported_by")
# Built-in number formats that are percentages (ECMA-376 18.8.30).
PERCENT_BUILTIN = {9, 10}

_CHUNK = 1 << 20
_REF = re.compile(rb'\sr="([A-Z]+)([0-9]+)"')
_ROW_REF = re.compile(rb'<row\b[^>]*?\sr="([0-9]+)"')
_IMPLICIT = re.compile(rb'<c(?=[\s>/])(?![^>]*\sr=")')
_ERROR_CELL = re.compile(rb'<c\s[^>]*?\st="e"[^>]*>(?:<f[^<]*(?:</f>)?)?<v>([^<]*)</v>')
_FORMULA = re.compile(rb"<f[\s>/]")
_VALUE = re.compile(rb"<v>([^<]*)</v>")
# UTF-8 of the characters in liuzhang.submissions.rules.INVISIBLE, and any character reference.
_INVISIBLE = re.compile(b"|".join([*(re.escape(ch.encode()) for ch in INVISIBLE), b"&#"]))
_TOKEN = re.compile(rb"<row\b([^>]*)>|<c\b([^>]*?)(/?)>")


@dataclass(frozen=True)
class SheetEntry:
    """A sheet as ``workbook.xml`` lists it."""

    name: str
    state: str  # visible | hidden | veryHidden
    part: str | None  # the zip member of its XML


@dataclass(frozen=True)
class Mark:
    """A cell that calamine's value alone does not describe (0-based column)."""

    row: int
    column: int
    kind: str  # percent | error | formula
    text: str = ""


def read_workbook(raw: bytes, sheet: str | None) -> Table:
    """The sheet to read (``sheet``, else the one visible sheet that looks like a submission)
    as a :class:`~liuzhang.submissions.intake.Table`, rows converted to text while they are read."""
    from python_calamine import CalamineWorkbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        sheets, active, related = _workbook_parts(archive)
        book = CalamineWorkbook.from_filelike(io.BytesIO(raw))
    except IntakeError:
        raise
    except Exception as exc:  # a bad zip, malformed XML inside it, a missing part…
        raise IntakeError("xlsx_unreadable", reason=type(exc).__name__) from None
    entry = _choose(book, sheets, active, sheet)
    percent = _percent_styles(archive, related.get("styles"))
    strings = related.get("sharedStrings")
    # The sheet's XML is scanned beside calamine's load of the sheet (which lets go of the GIL).
    marks = _background(_marks(archive, entry.part, percent) if entry.part else iter(()))
    try:
        data = book.get_sheet_by_name(entry.name)
    except Exception as exc:
        raise IntakeError("xlsx_unreadable", reason=type(exc).__name__) from None
    clean = strings is not None and _has_invisible(archive, strings)
    return _table(data, marks, clean)


def _background(items: Iterator[Mark]) -> Iterator[Mark]:
    """``items`` collected in a thread from now on; iterating waits for them (and raises what
    collecting them raised)."""
    import threading

    found: list[Mark] = []
    failed: list[BaseException] = []

    def collect() -> None:
        try:
            found.extend(items)
        except BaseException as exc:  # raised to the reader of the marks
            failed.append(exc)

    thread = threading.Thread(target=collect, name="xlsx-marks", daemon=True)
    thread.start()

    def wait() -> Iterator[Mark]:
        thread.join()
        if failed:
            raise failed[0]
        yield from found

    return wait()


# -- the workbook's parts ---------------------------------------------------------------------


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(element: ElementTree.Element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def _targets(archive: zipfile.ZipFile, rels: str, base: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, zip member) of a ``.rels`` part."""
    found: dict[str, tuple[str, str]] = {}
    if rels not in archive.namelist():
        return found
    for rel in ElementTree.fromstring(archive.read(rels)):
        target = rel.get("Target", "")
        member = target.lstrip("/") if target.startswith("/") else base + target
        parts: list[str] = []
        for piece in member.split("/"):
            if piece == "..":
                if parts:
                    parts.pop()
            elif piece not in ("", "."):
                parts.append(piece)
        found[rel.get("Id", "")] = (rel.get("Type", ""), "/".join(parts))
    return found


def _workbook_parts(
    archive: zipfile.ZipFile,
) -> tuple[list[SheetEntry], int, dict[str, str]]:
    """The sheets in workbook order, the active sheet's index and the workbook's other parts
    by kind (``styles``, ``sharedStrings``)."""
    book = "xl/workbook.xml"
    for kind, member in _targets(archive, "_rels/.rels", "").values():
        if kind.endswith("/officeDocument"):
            book = member
    folder = book.rsplit("/", 1)[0] + "/" if "/" in book else ""
    name = book.rsplit("/", 1)[-1]
    rels = _targets(archive, f"{folder}_rels/{name}.rels", folder)
    root = ElementTree.fromstring(archive.read(book))
    sheets: list[SheetEntry] = []
    active = 0
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "workbookView" and element.get("activeTab", "").isdigit():
            active = int(element.get("activeTab", "0"))
        elif tag == "sheet":
            rel = rels.get(_attr(element, "id") or "")
            part = rel[1] if rel and rel[1] in archive.namelist() else None
            sheets.append(
                SheetEntry(element.get("name", ""), element.get("state", "visible"), part)
            )
    related = {kind.rsplit("/", 1)[-1]: member for kind, member in rels.values()}
    return sheets, active, related


def _percent_styles(archive: zipfile.ZipFile, styles: str | None) -> set[int]:
    """Indices of the cell styles (``s=``) whose number format shows a percentage."""
    if styles is None or styles not in archive.namelist():
        return set()
    root = ElementTree.fromstring(archive.read(styles))
    codes: dict[int, str] = {}
    percent: set[int] = set()
    for element in root.iter():
        if _local(element.tag) == "numFmt":
            codes[int(element.get("numFmtId", "-1"))] = element.get("formatCode", "")
        elif _local(element.tag) == "cellXfs":
            for index, xf in enumerate(x for x in element if _local(x.tag) == "xf"):
                fmt = int(xf.get("numFmtId", "0"))
                if fmt in PERCENT_BUILTIN or "%" in codes.get(fmt, ""):
                    percent.add(index)
    return percent


def _choose(
    book: CalamineWorkbook, sheets: list[SheetEntry], active: int, sheet: str | None
) -> SheetEntry:
    """The named sheet (hidden ones too); else the only visible sheet that looks like a
    submission, the active one, or the first visible one; ``sheet_ambiguous`` when several
    visible sheets look like submissions."""
    names = [s.name for s in sheets]
    if sheet is not None:
        if sheet not in names:
            raise IntakeError("sheet_missing", sheet=sheet, sheets="、".join(names))
        return sheets[names.index(sheet)]
    visible = [s for s in sheets if s.state == "visible"] or sheets[:1]
    if not visible:
        raise IntakeError("file_empty")
    if len(visible) == 1:
        return visible[0]
    looks = [s for s in visible if _looks_like_submission(book, s.name)]
    if len(looks) > 1:
        raise IntakeError("sheet_ambiguous", sheets="、".join(s.name for s in looks))
    if looks:
        return looks[0]
    if 0 <= active < len(sheets) and sheets[active].state == "visible":
        return sheets[active]
    return visible[0]


def _looks_like_submission(book: CalamineWorkbook, name: str) -> bool:
    """A header with the required columns among the sheet's first non-blank rows."""
    try:
        rows = book.get_sheet_by_name(name).iter_rows()
    except Exception:
        return False
    seen = 0
    for row in rows:
        cells = [c if type(c) is str else "" for c in row]
        if not any(c.strip() for c in cells):
            continue
        if not map_header(cells, "-", 1)[1]:
            return True
        seen += 1
        if seen >= HEADER_SEARCH:
            break
    return False


# -- the sheet's XML, streamed ----------------------------------------------------------------


def _column(letters: bytes) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ch - 64
    return index - 1


def _chunks(archive: zipfile.ZipFile, part: str, end: bytes = b"</row>") -> Iterator[bytes]:
    """The part's bytes in pieces that end after an ``end`` tag (rows are never split)."""
    rest = b""
    with archive.open(part) as stream:
        while True:
            block = stream.read(_CHUNK)
            if not block:
                break
            buffer = rest + block
            cut = buffer.rfind(end)
            if cut < 0:
                rest = buffer
                continue
            cut += len(end)
            yield buffer[:cut]
            rest = buffer[cut:]
    if rest:
        yield rest


def _marks(archive: zipfile.ZipFile, part: str, percent: set[int]) -> Iterator[Mark]:
    """Percent-styled cells, error values and formulas without a cached value, in row order."""
    styled = (
        re.compile(rb's="(?:' + b"|".join(b"%d" % i for i in sorted(percent)) + b')"')
        if percent
        else None
    )
    last_row = 0
    try:
        for chunk in _chunks(archive, part):
            if _implicit(chunk):  # cells without a reference: walk every cell
                first = last_row + 1
                found, last_row = _walk(chunk, percent, last_row)
                if _invisible(chunk):
                    found += [Mark(r, 0, "clean") for r in range(first, last_row + 1)]
            else:
                found = _located(chunk, styled)
                ends = chunk.rfind(b"<row ")
                match = _ROW_REF.match(chunk, ends) if ends >= 0 else None
                if match:
                    last_row = int(match.group(1))
            yield from sorted(found, key=lambda m: (m.row, m.column))
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise IntakeError("xlsx_unreadable", reason=type(exc).__name__) from None


def _implicit(chunk: bytes) -> bool:
    """Whether some cell of the chunk has no reference (``<c>`` without ``r="C12"``)."""
    if chunk.count(b"<c") == chunk.count(b'<c r="'):
        return False  # every tag starting with <c is a cell with its reference first
    return _IMPLICIT.search(chunk) is not None


def _invisible(chunk: bytes) -> bool:
    """Whether the chunk may hold an invisible character (or a character reference)."""
    if chunk.isascii():  # their UTF-8 is not ASCII: only a reference can spell one
        return b"&#" in chunk
    return _INVISIBLE.search(chunk) is not None


def _has_invisible(archive: zipfile.ZipFile, part: str) -> bool:
    if part not in archive.namelist():
        return False
    return any(_INVISIBLE.search(chunk) for chunk in _chunks(archive, part, b"</si>"))


def _cell_body(chunk: bytes, start: int) -> bytes:
    end = chunk.find(b"</c>", start)
    return chunk[start : end if end >= 0 else len(chunk)]


def _formula_mark(tag: bytes, body: bytes, row: int, column: int) -> Mark | None:
    """A formula cell without a cached value (an empty ``<v>`` of a string result is one)."""
    value = _VALUE.search(body)
    if value is not None and (value.group(1) or b' t="str"' in tag):
        return None
    return Mark(row, column, "formula")


def _cell_tag(chunk: bytes, at: int) -> bytes | None:
    """The start tag of the cell whose attribute starts at ``at`` (None: not a cell's)."""
    if at == 0 or chunk[at - 1 : at] not in b" \t\r\n":
        return None  # part of another attribute's name
    start = chunk.rfind(b"<", 0, at)
    if start < 0 or chunk[start + 1 : start + 3] not in (b"c ", b"c\t", b"c\r", b"c\n"):
        return None
    close = chunk.find(b">", at)
    return chunk[start : close + 1] if close >= 0 else None


def _located(chunk: bytes, styled: re.Pattern[bytes] | None) -> list[Mark]:
    """The marks of a chunk whose cells all carry a reference (``r="C12"``)."""
    found: list[Mark] = []

    def where(tag: bytes) -> tuple[int, int] | None:
        ref = _REF.search(tag)
        return (int(ref.group(2)), _column(ref.group(1))) if ref else None

    if styled is not None:
        for match in styled.finditer(chunk):
            tag = _cell_tag(chunk, match.start())
            spot = tag and where(tag)
            if spot:
                found.append(Mark(spot[0], spot[1], "percent"))
    if b't="e"' in chunk:
        for match in _ERROR_CELL.finditer(chunk):
            spot = where(match.group(0))
            if spot:
                found.append(Mark(spot[0], spot[1], "error", match.group(1).decode("utf-8")))
    for match in _INVISIBLE.finditer(chunk) if _invisible(chunk) else ():
        row = _ROW_REF.match(chunk, max(0, chunk.rfind(b"<row ", 0, match.start())))
        if row:
            found.append(Mark(int(row.group(1)), 0, "clean"))
    if b"<f" in chunk:
        for match in _FORMULA.finditer(chunk):
            at = match.start()
            start = max(chunk.rfind(b"<c ", 0, at), chunk.rfind(b"<c>", 0, at))
            if start < 0:
                continue
            close = chunk.find(b">", start)
            tag = chunk[start : close + 1]
            spot = where(tag)
            mark = spot and _formula_mark(tag, _cell_body(chunk, close), *spot)
            if mark:
                found.append(mark)
    return found


def _walk(chunk: bytes, percent: set[int], row: int) -> tuple[list[Mark], int]:
    """The marks of a chunk read cell by cell (references may be missing); the last row."""
    found: list[Mark] = []
    column = -1
    for match in _TOKEN.finditer(chunk):
        if match.group(1) is not None:  # <row …>
            ref = re.search(rb'\sr="([0-9]+)"', match.group(1))
            row, column = (int(ref.group(1)) if ref else row + 1), -1
            continue
        attrs = match.group(2)
        ref = _REF.search(attrs)
        column = _column(ref.group(1)) if ref else column + 1
        style = re.search(rb'\ss="([0-9]+)"', attrs)
        if style and int(style.group(1)) in percent:
            found.append(Mark(row, column, "percent"))
        if match.group(3):  # <c …/>: no value
            continue
        body = _cell_body(chunk, match.end())
        if b't="e"' in attrs:
            value = _VALUE.search(body)
            found.append(Mark(row, column, "error", value.group(1).decode() if value else ""))
        elif b"<f" in body:
            mark = _formula_mark(attrs, body, row, column)
            if mark:
                found.append(mark)
    return found, row


# -- rows -------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A cell's value as text: numbers canonical (no float noise), dates as ISO dates."""
    if type(value) is float:
        if value.is_integer() and value and abs(value) < 1e15:
            return str(int(value))
        shown = repr(value)
        if "e" not in shown and "n" not in shown and value:
            return shown  # the shortest repr is canonical_text of it
    if type(value) is str:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int | float):
        number = Decimal(str(value))
        return canonical_text(number) if number.is_finite() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    return str(value)


def _percent(value: Any) -> str | None:
    if type(value) is float and value:  # (0.0 and -0.0 are one key: not remembered)
        return _percent_of_float(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _percent_text(value)
    return None


def _percent_text(value: float) -> str | None:
    number = Decimal(str(value))
    return canonical_text(number * 100) + "%" if number.is_finite() else None


# A sheet repeats its percentages.
_percent_of_float = functools.lru_cache(maxsize=4096)(_percent_text)


def _table(data: CalamineSheet, marks: Iterator[Mark], clean: bool) -> Table:
    """The sheet's rows as text, converted while they are read; ``clean``: drop invisible
    characters from every cell (else only from the cells marked ``clean``)."""
    merged = data.merged_cell_ranges or []
    start = data.start
    first_row, first_col = (start[0], start[1]) if start else (0, 0)
    width = first_col + (data.width if start else 0)
    pad = [""] * first_col
    table = Table([], iter(()), 1)
    period = -1  # the period column, once the header is known
    text = _text

    def texts() -> Iterator[tuple[int, list[str]]]:
        mark = next(marks, None)
        due = mark.row if mark else _NEVER
        number = first_row
        for values in data.iter_rows():
            number += 1
            if first_col:
                values = pad + values
            if clean:
                cells = [_clean(v) if type(v) is str else text(v) for v in values]
            else:
                cells = [v if type(v) is str else text(v) for v in values]
            if period >= 0 and type(values[period]) is not str:
                _period_cell(values[period], cells, period, table, number)
            if number >= due:
                here: list[Mark] = []
                while mark is not None and mark.row <= number:
                    if mark.row == number:  # (marks above calamine's range: no row read)
                        here.append(mark)
                    mark = next(marks, None)
                due = mark.row if mark else _NEVER
                _apply(here, values, cells, table, number)
            yield number, cells
        # Formulas without a value lie outside calamine's range: their rows are read too.
        while mark is not None:
            number, here = mark.row, []
            while mark is not None and mark.row == number:
                here.append(mark)
                mark = next(marks, None)
            cells = [""] * width
            _apply(here, cells, cells, table, number)
            yield number, cells

    header_row, header, rows = find_header(texts())
    for (r0, c0), (r1, c1) in merged:
        if r0 + 1 <= header_row <= r1 + 1:
            raise IntakeError("xlsx_merged_header", header_row, cells=_range(r0, c0, r1, c1))
    columns = map_header(header, "-", header_row)[0]
    period = columns.get("period", -1)
    filled = {columns.get(c) for c in FILLED}
    fills = {
        (r0 + 1, c0): r1 + 1
        for (r0, c0), (r1, c1) in merged
        if c0 == c1 and r1 > r0 and r0 + 1 > header_row and c0 in filled
    }
    table.header, table.header_row = header, header_row
    table.rows = _filled(rows, fills) if fills else rows
    return table


_NEVER = 1 << 62


def _clean(value: str) -> str:
    return value if value.isascii() else value.translate(DROP_INVISIBLE)


def _period_cell(value: Any, cells: list[str], period: int, table: Table, number: int) -> None:
    """A date in the period column is its month; a number there is ambiguous (refused)."""
    if isinstance(value, dt.date):
        cells[period] = f"{value.year}-{value.month:02d}"  # 2023-08 stored as a date: August
    elif isinstance(value, int | float) and not isinstance(value, bool):
        table.issues.setdefault(number, []).append(
            (period, "period_numeric", {"value": cells[period]})
        )


def _apply(
    marks: list[Mark], values: list[Any], cells: list[str], table: Table, number: int
) -> None:
    """What the sheet's XML says about some cells of this row."""
    for mark in marks:
        column = mark.column
        while len(cells) <= column:
            cells.append("")
        if mark.kind == "percent":
            shown = _percent(values[column]) if column < len(values) else None
            if shown is not None:
                cells[column] = shown
        elif mark.kind == "error":
            cells[column] = mark.text
        elif mark.kind == "clean":
            cells[:] = [c.translate(DROP_INVISIBLE) for c in cells]
        elif not cells[column]:  # a formula without a cached value
            ref = f"{_letters(column)}{number}"
            table.issues.setdefault(number, []).append(
                (column, "xlsx_formula_uncached", {"cell": ref})
            )


def _filled(
    rows: Iterator[tuple[int, list[str]]], fills: dict[tuple[int, int], int]
) -> Iterator[tuple[int, list[str]]]:
    """Rows with each vertically merged id/period/unit/reporter cell's value in every row of
    its range (Excel keeps it in the first row only)."""
    active: dict[int, tuple[str, int]] = {}  # column -> (value, last row)
    starts: dict[int, list[tuple[int, int]]] = {}
    for (row, column), last in fills.items():
        starts.setdefault(row, []).append((column, last))
    for number, cells in rows:
        for column, last in starts.get(number, ()):
            active[column] = (cells[column] if column < len(cells) else "", last)
        for column, (value, last) in list(active.items()):
            if number > last:
                del active[column]
            elif column < len(cells) and not cells[column].strip():
                cells[column] = value
        yield number, cells


def _letters(column: int) -> str:
    text = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        text = chr(65 + rest) + text
    return text


def _range(r0: int, c0: int, r1: int, c1: int) -> str:
    return f"{_letters(c0)}{r0 + 1}:{_letters(c1)}{r1 + 1}"


# -- large workbooks --------------------------------------------------------------------------

# From this size a workbook is first checked column-wise (as a large CSV is): its rows, as
# text, go to liuzhang.submissions.fast as columns. About 10,000 rows.
FAST_MIN_BYTES = 256 * 1024


def check_fast_xlsx(
    plans: Plans | Catalog,
    raw: bytes,
    sheet: str | None,
    reporter: str | None,
    options: CheckOptions | None = None,
    display: str = "-",
    *,
    strict: bool = False,
) -> FastChecked | None:
    """The checked rows of a large, clean workbook, or None (a reading problem, anything the
    column-wise checker is not sure about): the caller then reads it again row by row.
    ``plans``, ``options``, ``display`` and ``strict`` as for
    :func:`liuzhang.submissions.fast.check_fast`."""
    from liuzhang.submissions.fast import check_fast_rows

    try:
        table = read_workbook(raw, sheet)
    except IntakeError:
        return None
    rows = _until_issue(table)
    fast = check_fast_rows(plans, table.header, rows, reporter, options, display, strict=strict)
    return None if table.issues else fast


def _until_issue(table: Table) -> Iterator[tuple[int, list[str]]]:
    """The rows until one has a cell the reader could not turn into text, or the reading
    fails: then :class:`Refused` (the row-by-row reader reports it)."""
    try:
        for row in table.rows:
            if table.issues:
                raise Refused
            yield row
    except IntakeError:
        raise Refused from None
