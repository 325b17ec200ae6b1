"""A submission as text, as both readers (CSV and workbook) hand it to the checkers: the table,
where its header is, and the error of a file that cannot be read at all."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from liuzhang.domain.problems import LiuzhangError
from liuzhang.submissions.rules import is_blank_row, map_header


class IntakeError(LiuzhangError):
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
