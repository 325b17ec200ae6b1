"""The rejected rows of a submission, with their reasons, as a CSV beside the input."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from liuzhang.i18n import word
from liuzhang.render.outtext import neutralize
from liuzhang.render.problems import problem_message
from liuzhang.submissions.intake import Checked
from liuzhang.submissions.table import Table


def write_rejected(path: Path, table: Table, checked: Checked, lang: Any) -> Path:
    """The rejected rows with their reasons, beside the input (UTF-8 with BOM for Excel)."""
    out_path = path.with_name(f"{path.stem}.rejected.csv")
    reasons: dict[int, list[str]] = {}
    for problem in checked.problems:
        if isinstance(problem.line, int):
            reasons.setdefault(problem.line, []).append(
                f"{problem.column}: {problem_message(problem, lang)}"
            )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            *(neutralize(h) for h in table.header),
            word("rejected_row", lang),
            word("rejected_reason", lang),
        ]
    )
    for row, cells in sorted(checked.rejected_rows.items()):
        reason = "；".join(reasons.get(row, []))
        writer.writerow([*(neutralize(c) for c in cells), row, neutralize(reason)])
    out_path.write_text(buffer.getvalue(), encoding="utf-8-sig")
    return out_path
