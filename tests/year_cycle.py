"""A year of submissions as offices really send them: July to December and the annual figures.

Each month every office gets the tool's own template (``liuzhang template``), fills in what it
has and sends it back the way it works: GB18030 CSV, a BOM, full-width digits, thousands
separators, magnitudes in the cell or the unit column, 千米 for km, ‰ in the cell, a title row
above the header, merged period cells, periods stored by Excel as dates, CR-only line ends,
blank rows, rows left empty, a 当月 figure where the year-to-date one is asked, a correction
written with another spelling of the period, December's flash estimate then the 年报. Two files
are wrong the way files are: a figure for an item the office does not own, and a period typed
2023.10 that Excel stored as the number 2023.1; each is refused and sent again corrected.

The values are invented for the test (not statistics); the expected judgements in
``test_year_cycle.py`` were worked out by hand from them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

MONTHS = (7, 8, 9, 10, 11, 12)

# office -> item -> month -> cell as the office types it (value, or (value, unit), or a status)
Value = str | tuple[str, str]
VALUES: dict[str, dict[str, dict[int, Value]]] = {
    "区发改财政局": {
        "retail_sales_growth": {7: "6.5", 8: "6.9", 9: "7.3", 10: "7.4", 11: "7.3", 12: "7.1"},
        "key_project_investment": {
            7: "8.2亿",
            8: ("92000", "万元"),
            9: "10.5",
            10: "11.8",
            11: "13.2",
            12: "14.6",
        },
        "high_standard_farmland": {
            7: "4000",
            8: "4800",
            9: "5600",
            10: "6000",
            11: "6300",
            12: "6400",
        },
        # September: the single month (当月) sent where the year-to-date total is asked
        "new_loans": {7: "1.6", 8: "1.9", 9: "0.3", 10: "2.5", 11: "2.9", 12: "3.2"},
    },
    "区科技工信局": {
        "tech_smes": {7: "9", 8: "10", 9: "11", 10: "12", 11: "14", 12: "15"},
        "new_5g_base_stations": {7: "20", 8: "22", 9: "25", 10: "27", 11: "29", 12: "31"},
        "a2-2": {7: "推进中", 8: "推进中", 9: "已完成", 10: "推进中", 11: "推进中", 12: "已完成"},
        "a2-3": {7: "推进中", 8: "推进中", 9: "推进中", 10: "推进中", 11: "推进中", 12: "推进中"},
    },
    "区住房城乡建设局": {
        "old_community_renovation": {7: "1", 8: "1", 9: "2", 10: "2", 11: "2", 12: "3"},
        # the same figure three months running
        "gov_project_approval_days": {
            7: "45",
            8: "45",
            9: "45",
            10: "44",
            11: "44",
            12: "44",
        },
    },
    "区民政人社局": {
        "new_urban_jobs": {
            7: "７６０",
            8: "860",
            9: "1,010",
            10: "1,080",
            11: "1,150",
            12: "1,230",
        },
        # reported in July and August, then never again
        "vocational_training": {7: "400", 8: "450"},
    },
    "区自然资源局": {
        "forest_fire_damage_rate": {
            7: "0.5‰",
            8: "0.6‰",
            9: "0.95‰",
            10: "1.2‰",
            11: "1.5‰",
            12: "1.85‰",
        },
        "forest_fire_skill_trainings": {9: "1", 10: "1", 11: "1", 12: "1"},
    },
    "区农业农村水利局": {},  # quarterly and annual items only: see EXTRA_ROWS
    "区交通运输局": {
        "rural_road_safety_facilities": {
            7: "15千米",
            8: "17",
            9: "19.5",
            10: "22",
            11: "24",
            12: "26.5千米",
        },
    },
}
OFFICES = tuple(VALUES)

# Rows an office adds beside its template: (month of the round, office) -> CSV rows
EXTRA_ROWS: dict[tuple[int, str], list[list[str]]] = {
    (9, "区发改财政局"): [["gdp_growth", "2023-Q3", "7.0", "%", "", "季度快报", "区发改财政局"]],
    # the correction, written as the statistics bureau writes it
    (10, "区发改财政局"): [
        ["gdp_growth", "2023年1-9月", "7.6", "%", "", "统计局核定", "区发改财政局"]
    ],
    (9, "区农业农村水利局"): [
        ["agri_output_growth", "2023年三季度", "6.2", "%", "", "", "区农业农村水利局"]
    ],
    (12, "区农业农村水利局"): [
        ["agri_output_growth", "2023年四季度", "7.1", "%", "", "", "区农业农村水利局"]
    ],
}
# January: the annual statistics (年报), superseding December's flash estimates
ANNUAL: dict[str, list[list[str]]] = {
    "区发改财政局": [
        ["retail_sales_growth", "2023年", "7.3", "%", "", "年报", "区发改财政局"],
        ["gdp_growth", "2023年", "7.8", "%", "", "年报", "区发改财政局"],
    ],
    "区科技工信局": [["rnd_intensity", "2023年", "1.01", "%", "", "年报", "区科技工信局"]],
    "区住房城乡建设局": [
        ["urbanization_rate", "2023年", "52.9", "%", "", "年报", "区住房城乡建设局"]
    ],
    "区农业农村水利局": [
        ["grain_output", "2023年", "123,000", "吨", "", "年报", "区农业农村水利局"]
    ],
}
HEADER = ["编号", "期间", "数值", "单位", "状态", "备注", "填报单位"]


@dataclass
class Sent:
    """One file an office sent, and whether the tool must refuse it."""

    office: str
    path: Path
    refused_because: str | None = None  # a text the refusal must contain


TemplateMaker = Callable[[str, int, str, Path], None]


def _fill(rows: list[list[Any]], office: str, month: int) -> list[list[Any]]:
    """The template's rows (编号 名称 期间 数值 单位 目标值 频次 状态 备注 填报单位) filled in."""
    values = VALUES[office]
    for row in rows:
        cell = values.get(str(row[0]), {}).get(month)
        if cell is None:
            continue  # left empty: not reported this month
        if isinstance(cell, tuple):
            row[3], row[4] = cell
        elif cell in ("推进中", "已完成", "未启动"):
            row[7] = cell
            row[4] = ""
        else:
            row[3] = cell
            if any(ch in cell for ch in "亿万‰千米"):
                row[4] = ""  # the magnitude or unit is written in the cell
    return rows


def _extra(month: int, office: str) -> list[list[Any]]:
    """Extra rows in the template's ten columns."""
    out = []
    for i, period, value, unit, status, note, by in EXTRA_ROWS.get((month, office), []):
        out.append([i, "", period, value, unit, "", "", status, note, by])
    return out


def _write_csv(
    path: Path,
    header: list[str],
    rows: list[list[Any]],
    encoding: str,
    newline: str = "\r\n",
    blank_lines: bool = False,
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(header)
    for n, row in enumerate(rows):
        writer.writerow(row)
        if blank_lines and n % 3 == 2:
            writer.writerow([""] * len(header))
    path.write_bytes(buffer.getvalue().encode(encoding))


def _xlsx(
    path: Path,
    header: list[str],
    rows: list[list[Any]],
    *,
    title: str | None = None,
    date_periods: bool = False,
    merge_periods: bool = False,
    numeric_period: float | None = None,
    hidden_draft: bool = False,
    sheet_name: str = "填报表",
) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    if hidden_draft:  # a draft with nonsense, hidden, first in the book
        draft = sheet
        draft.title = "草稿"
        draft.append(header)
        for row in rows:
            draft.append([row[0], row[1], row[2], "99", *row[4:]])
        draft.sheet_state = "hidden"
        sheet = book.create_sheet(sheet_name)
        book.active = 1
    else:
        sheet.title = sheet_name
    if title:
        sheet.append([title])
    sheet.append(header)
    first = sheet.max_row + 1
    for row in rows:
        sheet.append(row)
    last = sheet.max_row
    period_col = header.index("期间") + 1
    for r in range(first, last + 1):
        cell = sheet.cell(r, period_col)
        if numeric_period is not None:
            cell.value = numeric_period
        elif date_periods and isinstance(cell.value, str) and cell.value[5:].isdigit():
            year, month = cell.value.split("-")
            cell.value = datetime(int(year), int(month), 1)
            cell.number_format = "yyyy-mm"
    if merge_periods and last > first:
        for r in range(first + 1, last + 1):
            sheet.cell(r, period_col).value = None
        sheet.merge_cells(
            start_row=first, start_column=period_col, end_row=last, end_column=period_col
        )
    book.save(path)


def month_files(folder: Path, month: int, template: TemplateMaker) -> list[Sent]:
    """The files of one monthly round, in the order they arrive."""
    folder.mkdir(parents=True, exist_ok=True)
    period = f"2023-{month:02d}"
    sent: list[Sent] = []
    for office in OFFICES:
        form = folder / f"form_{office}.csv"
        template(office, month, "csv", form)
        with form.open(encoding="utf-8-sig", newline="") as handle:
            _title, header, *rows = list(csv.reader(handle))
        rows = _fill(rows, office, month) + _extra(month, office)
        name = folder / f"{office}_{period}"
        if office == "区发改财政局":
            _write_csv(name.with_suffix(".csv"), header, rows, "gb18030")
        elif office == "区科技工信局":
            _xlsx(
                name.with_suffix(".xlsx"),
                header,
                rows,
                title=f"{office}{month}月报送表",
                hidden_draft=month == 11,
                sheet_name=f"{month}月",
            )
        elif office == "区住房城乡建设局":
            if month == 8:  # a figure that is not the housing bureau's to send
                wrong = [*rows, ["gdp_growth", "", "2023-Q2", "5.0", "%", "", "", "", "", office]]
                bad = folder / f"{office}_{period}_初稿.xlsx"
                _xlsx(bad, header, wrong, date_periods=True)
                sent.append(Sent(office, bad, refused_because="区发改财政局"))
            if month == 10:  # 2023.10 typed in the period column: Excel keeps 2023.1
                bad = folder / f"{office}_{period}_初稿.xlsx"
                _xlsx(bad, header, rows, numeric_period=2023.1)
                sent.append(Sent(office, bad, refused_because="2023.1"))
            _xlsx(
                name.with_suffix(".xlsx"),
                header,
                rows,
                date_periods=True,
                merge_periods=month in (9, 12),
            )
        elif office == "区民政人社局":
            _write_csv(name.with_suffix(".csv"), header, rows, "utf-8-sig", blank_lines=True)
        elif office == "区自然资源局":
            _write_csv(name.with_suffix(".csv"), header, rows, "utf-8", newline="\r")
        else:
            _write_csv(name.with_suffix(".csv"), header, rows, "utf-8")
        sent.append(
            Sent(
                office,
                name.with_suffix(
                    ".xlsx" if office in ("区科技工信局", "区住房城乡建设局") else ".csv"
                ),
            )
        )
        form.unlink()
    return sent


def annual_files(folder: Path) -> list[Sent]:
    """January: each office's 年报 file with the final annual figures."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for office, rows in ANNUAL.items():
        path = folder / f"{office}_2023年报.csv"
        _write_csv(path, HEADER, rows, "utf-8")
        out.append(Sent(office, path))
    return out
