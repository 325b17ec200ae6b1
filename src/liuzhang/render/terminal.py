"""Rendering records as rich tables, JSON or CSV (the only module here that imports rich)."""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len


def to_json(value: Any) -> str:
    """JSON with Chinese kept readable."""
    import json  # lazy, as csv below: a table on the terminal needs neither (start-up speed)

    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def emit_json(value: Any) -> None:
    sys.stdout.write(to_json(value) + "\n")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def csv_text(records: Sequence[dict[str, Any]], columns: Sequence[str], lang: Any) -> str:
    """A listing as CSV for Excel: UTF-8 with a BOM (Chinese Excel reads it without mojibake),
    Chinese headers with ``zh`` (the record keys with ``en``), lists joined with 、, and no cell
    that would run as a formula."""
    import csv

    from liuzhang.i18n import column_title
    from liuzhang.render.outtext import neutralize

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralize(column_title(c, lang)) for c in columns])
    for record in records:
        writer.writerow([neutralize(_csv_cell(record.get(c))) for c in columns])
    return "\ufeff" + buffer.getvalue()


def emit_csv(records: Sequence[dict[str, Any]], columns: Sequence[str], lang: Any = None) -> None:
    """:func:`csv_text` on stdout, as UTF-8 bytes whatever the console's encoding."""
    from liuzhang.i18n import default_lang

    data = csv_text(records, columns, lang or default_lang()).encode("utf-8")
    sys.stdout.flush()
    binary = getattr(sys.stdout, "buffer", None)
    if binary is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        binary.write(data)
        binary.flush()


def _width(stream: Any) -> int | None:
    import os

    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() else (None if stream.isatty() else 160)


def console(stderr: bool = False) -> Any:
    """A rich console; wide enough for Chinese tables when output is not a terminal."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, width=_width(stream), soft_wrap=False)


_ANSI = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "magenta": "35",
    "cyan": "36",
}


class Styled:
    """A table cell with a style, e.g. a coloured status word (``plain`` is the text)."""

    __slots__ = ("plain", "style")

    def __init__(self, plain: str, style: str = "") -> None:
        self.plain = plain
        self.style = style


def color_enabled(stream: Any = None) -> bool:
    """Colour only for a terminal, and never with NO_COLOR set or TERM=dumb."""
    import os

    stream = stream or sys.stdout
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(os.environ.get("FORCE_COLOR")) or stream.isatty()


def paint(text: str, style: str, color: bool) -> str:
    """``text`` wrapped in the ANSI codes of ``style`` (``"bold red"``), when colour is on."""
    if not color or not style or not text:
        return text
    codes = ";".join(_ANSI[word] for word in style.split() if word in _ANSI)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


def table(
    title: str,
    headers: Sequence[tuple[str, Any]],
    rows: Sequence[Sequence[Any]],
    width: int | None = None,
    color: bool | None = None,
    notes: Sequence[Sequence[Any]] | None = None,
) -> str:
    """A table laid out directly as text (rich's Table takes ~1 s for the 300 rows of status).

    ``headers`` are (text, options) pairs; options: ``justify="right"`` and ``no_wrap`` keep a
    column at its full width however narrow the terminal (numbers, statuses, periods are never
    cut); the other columns fold to fit. Every line of a table has the same display width.
    Cells are strings or :class:`Styled` (kept coloured on a terminal). ``notes``: per row,
    lines shown under it, indented and folded to the table's width (strings or Styled).
    """
    if width is None:
        width = _width(sys.stdout) or console().width
    if color is None:
        color = color_enabled()
    gap = 2
    plain = [[_plain(c) for c in row] for row in rows]
    fixed = [bool(o.get("no_wrap") or o.get("justify") == "right") for _, o in headers]
    content = [0] * len(headers)
    for texts in plain:
        for i, text in enumerate(texts):
            cells = _cells(text) if "\n" not in text else max(map(_cells, text.split("\n")))
            if cells > content[i]:
                content[i] = cells
    natural = [max(_cells(h), c) for (h, _), c in zip(headers, content, strict=True)]
    widths = list(natural)
    available = width - 2 - gap * (len(headers) - 1)
    if sum(widths) > available:
        # Too wide: text columns fold first; only then may headers of fixed columns fold.
        flexible = [i for i, f in enumerate(fixed) if not f]
        floor = {i: min(natural[i], 4) for i in flexible}
        if available - sum(w for i, w in enumerate(widths) if fixed[i]) < sum(floor.values()):
            for i, is_fixed in enumerate(fixed):
                if is_fixed:
                    widths[i] = max(content[i], (_cells(headers[i][0]) + 1) // 2)
        room = available - sum(w for i, w in enumerate(widths) if fixed[i])
        spare = max(room - sum(floor.values()), 0)
        total = sum(natural[i] - floor[i] for i in flexible) or 1
        for i in flexible:
            widths[i] = min(natural[i], floor[i] + spare * (natural[i] - floor[i]) // total)
    right = [o.get("justify") == "right" for _, o in headers]
    line_width = 2 + sum(widths) + gap * (len(headers) - 1)
    out = [paint(title, "bold", color), ""]
    out += _row([h for h, _ in headers], ["bold"] * len(headers), widths, right, color)
    out.append(" " + "━" * (line_width - 1))
    for n, (row, texts) in enumerate(zip(rows, plain, strict=True)):
        styles = [getattr(c, "style", "") or "" for c in row]
        out += _row(texts, styles, widths, right, color)
        for note in notes[n] if notes else ():
            for piece in _fold(_plain(note), max(line_width - 4, 8)):
                pad = " " * max(line_width - 4 - _cells(piece), 0)
                out.append("    " + paint(piece, getattr(note, "style", "") or "", color) + pad)
    return "\n".join(out) + "\n"


_WIDTHS: dict[str, int] = {}  # display widths measured (a table asks for each cell's 2-3 times)


def _cells(text: str) -> int:
    """The display width of one line of text: wide characters count 2."""
    width = _WIDTHS.get(text)
    if width is None:
        if text.isascii() and text.isprintable():
            width = len(text)
        elif "\u200d" in text or "\ufe0f" in text:
            width = cell_len(text)  # joined sequences: rich's rules
        else:
            width = sum(map(_char_cells, text))
        _WIDTHS[text] = width
    return width


def _char_cells(ch: str) -> int:
    """The display width of one character (as rich measures it), measured once per character."""
    width = _WIDTHS.get(ch)
    if width is None:
        width = _WIDTHS[ch] = cell_len(ch)
    return width


def _fold(text: str, width: int) -> list[str]:
    """Split text into pieces of at most ``width`` cells (wide characters count 2)."""
    if _cells(text) <= width and "\n" not in text:
        return [text]
    pieces: list[str] = []
    for paragraph in text.split("\n"):
        current, used = "", 0
        for ch in paragraph:
            w = _cells(ch)
            if used + w > width and current:
                pieces.append(current)
                current, used = "", 0
            current += ch
            used += w
        pieces.append(current)
    return pieces


def _row(
    texts: list[str], styles: list[str], widths: list[int], right: list[bool], color: bool
) -> list[str]:
    cells = []
    for i, text in enumerate(texts):  # the common case: every cell fits on one line
        used = _cells(text)
        if used > widths[i] or "\n" in text:
            break
        pad = " " * (widths[i] - used)
        shown = paint(text, styles[i], color) if color else text
        cells.append(pad + shown if right[i] else shown + pad)
    else:
        return ["  " + "  ".join(cells)]
    folded = [_fold(text, max(w, 1)) for text, w in zip(texts, widths, strict=True)]
    lines = []
    for n in range(max(len(f) for f in folded)):
        cells = []
        for i, pieces in enumerate(folded):
            piece = pieces[n] if n < len(pieces) else ""
            pad = " " * (widths[i] - _cells(piece))
            shown = paint(piece, styles[i], color)
            cells.append(pad + shown if right[i] else shown + pad)
        lines.append("  " + "  ".join(cells))
    return lines


def say(text: str, stderr: bool = False) -> None:
    """One message line, with control characters from file names or cells made visible."""
    from liuzhang.render.outtext import visible

    print(visible(text), file=sys.stderr if stderr else sys.stdout)


def print_problems(problems: Sequence[Any], lang: Any, limit: int | None = None) -> None:
    """Problems one per line on stderr, as ``file:line:col: field: reason``."""
    from liuzhang.render.problems import problem_line

    shown = problems if limit is None else problems[:limit]
    for problem in shown:
        say(problem_line(problem, lang), stderr=True)
    if limit is not None and len(problems) > limit:
        print(f"… (+{len(problems) - limit})", file=sys.stderr)


def emit(
    fmt: Any,
    records: Sequence[dict[str, Any]],
    columns: Sequence[str],
    render: Any,
    lang: Any = None,
) -> None:
    """Records as JSON or CSV (headers in ``lang``), or the table ``render()`` builds from the
    same records."""
    if fmt.value == "json":
        emit_json(records)
    elif fmt.value == "csv":
        emit_csv(records, columns, lang)
    else:
        out = render()
        if isinstance(out, str):
            sys.stdout.write(out)
        else:
            console().print(out, crop=False)


def _plain(cell: Any) -> str:
    text = cell.plain if hasattr(cell, "plain") else str(cell)
    if text.isprintable():
        return text  # nothing to make visible (the common case, and faster to tell)
    from liuzhang.render.outtext import visible

    return visible(text, keep_newlines=True)
