"""Rendering records as rich tables, JSON or CSV (the only module here that imports rich)."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

Cell = Callable[[dict[str, Any]], str]


def to_json(value: Any) -> str:
    """JSON with Chinese kept readable."""
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def emit_json(value: Any) -> None:
    sys.stdout.write(to_json(value) + "\n")


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def emit_csv(records: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    """CSV with the record keys as header; lists joined with 、."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_csv_cell(record.get(c)) for c in columns])
    sys.stdout.write(buffer.getvalue())


def console(stderr: bool = False) -> Any:
    """A rich console; wide enough for Chinese tables when output is not a terminal."""
    import os

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    columns = os.environ.get("COLUMNS", "")
    width = int(columns) if columns.isdigit() else (None if stream.isatty() else 160)
    return Console(file=stream, width=width, soft_wrap=False)


def table(
    title: str,
    headers: Sequence[tuple[str, Any]],
    rows: Sequence[Sequence[Any]],
) -> Any:
    """A rich table; ``headers`` are (text, column options) pairs.

    Columns that must not wrap (numbers, statuses, periods) keep their full width however
    narrow the terminal; the text columns fold instead, so no number is ever cut short.
    """
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table

    out = Table(title=title, box=box.SIMPLE_HEAVY, title_justify="left", show_lines=False)
    for index, (text, opts) in enumerate(headers):
        options = dict(opts)
        if options.get("no_wrap") or options.get("justify") == "right":
            cells = [text, *(_plain(row[index]) for row in rows)]
            options.setdefault("min_width", max(cell_len(c) for c in cells))
            options["no_wrap"] = True
        else:
            options.setdefault("overflow", "fold")
            options.setdefault("min_width", min(8, cell_len(text) + 2))
        out.add_column(text, **options)
    for row in rows:
        out.add_row(*row)
    return out


def _plain(cell: Any) -> str:
    return cell.plain if hasattr(cell, "plain") else str(cell)


def print_problems(problems: Sequence[Any], lang: Any, limit: int | None = None) -> None:
    """Problems one per line on stderr, as ``file:line:col: field: reason``."""
    shown = problems if limit is None else problems[:limit]
    for problem in shown:
        print(problem.render(lang), file=sys.stderr)
    if limit is not None and len(problems) > limit:
        print(f"… (+{len(problems) - limit})", file=sys.stderr)


def emit(fmt: Any, records: Sequence[dict[str, Any]], columns: Sequence[str], render: Any) -> None:
    """Records as JSON or CSV, or the table ``render()`` builds from the same records."""
    if fmt.value == "json":
        emit_json(records)
    elif fmt.value == "csv":
        emit_csv(records, columns)
    else:
        console().print(render())
