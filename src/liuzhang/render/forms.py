"""Submission forms (填报表): one row per target and task a unit leads, ready to fill in."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from liuzhang.domain.quantities import json_number
from liuzhang.i18n import Lang, display_width, word
from liuzhang.plandata.catalog import Catalog
from liuzhang.render.text import catalog_label

HEADER_ZH = ["编号", "名称", "期间", "数值", "单位", "目标值", "频次", "状态", "备注", "填报单位"]
HEADER_EN = [
    "id",
    "name",
    "period",
    "value",
    "unit",
    "target",
    "frequency",
    "status",
    "note",
    "reported_by",
]
STATUS_CHOICES = ["未启动", "推进中", "已完成"]


def form_rows(catalog: Catalog, unit: str, period: str, lang: Any = "zh") -> list[list[Any]]:
    """Rows for every target and task ``unit`` (canonical name) leads; value/status empty;
    frequencies and deadlines worded in ``lang``.

    The items due in ``period`` come first (targets whose frequency has a value due by its end
    month, and tasks), then the rest (e.g. annual targets in a July form)."""
    rows = _form_rows(catalog, unit, period, lang)
    due = _due_ids(catalog, period)
    return [r for r in rows if r[0] in due] + [r for r in rows if r[0] not in due]


def form_title(catalog: Catalog, unit: str, period: str, lang: Lang = "zh") -> str:
    """The form's title row: the plan (title, area, year from plan.yaml, in ``lang``), the unit
    and the period (ingest skips it: the header is found below)."""
    return word("form_title", lang, plan=catalog_label(catalog, lang), unit=unit, period=period)


def _due_ids(catalog: Catalog, period: str) -> set[str]:
    from liuzhang.domain.periods import parse_period
    from liuzhang.domain.tracking import due_period

    parsed = parse_period(period)
    month = parsed.end_month if parsed is not None else 12
    due = {t.id for t in catalog.targets.values() if due_period(t.frequency, month, catalog.year)}
    return due | set(catalog.tasks)


def _form_rows(catalog: Catalog, unit: str, period: str, lang: Any) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for target in catalog.targets.values():
        if catalog.target_lead(target) != unit:
            continue
        goal = json_number(target.target)
        rows.append(
            [
                target.id,
                target.name,
                period,
                "",
                target.unit or "",
                "" if goal is None else goal,
                word(target.frequency, lang),
                "",
                "",
                unit,
            ]
        )
    for task in catalog.tasks.values():
        if unit not in catalog.task_units(task, "lead"):
            continue
        deadline = word("ongoing", lang) if task.deadline == "ongoing" else task.deadline
        due = word("form_deadline", lang, deadline=deadline)
        rows.append([task.id, task.title, period, "", "%", due, "", "", "", unit])
    return rows


def write_csv(path: Path, rows: list[list[Any]], lang: Lang, title: str | None = None) -> None:
    """UTF-8 with BOM so that Excel on Chinese Windows opens it correctly; no cell can run as a
    formula (:func:`liuzhang.render.outtext.neutralize`, as every CSV the tool writes); the
    ``title`` (:func:`form_title`) in a row of its own above the header."""
    from liuzhang.render.outtext import neutralize

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if title:
        writer.writerow([neutralize(title)])
    writer.writerow(HEADER_EN if lang == "en" else HEADER_ZH)
    writer.writerows([neutralize(c) if isinstance(c, str) else c for c in row] for row in rows)
    path.write_text(buffer.getvalue(), encoding="utf-8-sig")


def write_xlsx(path: Path, rows: list[list[Any]], lang: Lang, title: str | None = None) -> None:
    """An .xlsx form: the ``title`` (:func:`form_title`) in row 1, frozen header, widths that fit
    Chinese, a status drop-down."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = word("form_sheet", lang)
    header = HEADER_EN if lang == "en" else HEADER_ZH
    top = 1
    if title:
        from liuzhang.render.outtext import visible

        sheet.append([visible(title)])
        sheet["A1"].data_type = "s"
        sheet["A1"].font = Font(bold=True, size=14)
        top = 2
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for cell in sheet[top]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    sheet.freeze_panes = f"A{top + 1}"
    widths = [display_width(h) + 2 for h in header]
    for row in rows:
        for i, value in enumerate(row):
            widths[i] = min(max(widths[i], display_width(value) + 2), 60)
    letters = "ABCDEFGHIJ"
    for i, width in enumerate(widths):
        sheet.column_dimensions[letters[i]].width = width
    status_col = letters[header.index("状态" if lang != "en" else "status")]
    choices = STATUS_CHOICES if lang != "en" else ["not_started", "in_progress", "done"]
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(choices) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=word("status", lang),
        error=word("form_pick_from_list", lang),
    )
    sheet.add_data_validation(validation)
    validation.add(f"{status_col}{top + 1}:{status_col}{max(len(rows) + top, top + 1)}")
    from liuzhang.render.printing import print_setup_book

    print_setup_book(book, title or sheet.title, lang)
    book.save(path)
