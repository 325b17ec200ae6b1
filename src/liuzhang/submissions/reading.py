"""Reading units' submissions: CSV in UTF-8/BOM/GBK/GB18030 and .xlsx, as a header and text rows
(or one file-level problem) for the checkers."""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterator
from pathlib import Path

from liuzhang.submissions.rules import (
    DROP_INVISIBLE,
    FALLBACK_ENCODING,
    INVISIBLE,
    XLS_MAGIC,
    XLSX_MAGIC,
    byte_order_mark,
    delimiter,
)
from liuzhang.submissions.table import IntakeError, Table, find_header

MAX_FILE_BYTES = 512 * 1024 * 1024


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
