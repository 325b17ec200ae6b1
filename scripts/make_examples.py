"""Write the illustrative example submissions in examples/ (deterministic; not real statistics).

Run from the repository root: ``python scripts/make_examples.py``. Files come in the forms units
really send: UTF-8 CSV with English headers, GBK CSV with Chinese headers and full-width digits,
UTF-8 with BOM, an .xlsx with a percent-formatted cell, magnitudes in the cell (8.2亿) or in the
unit column (82000 万元), thousands separators and blank rows. Some units send nothing for June,
so that `liuzhang missing` has something to chase.
"""

from __future__ import annotations

import contextlib
import csv
import io
import random
import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from liuzhang.plandata.catalog import load_catalog  # noqa: E402
from liuzhang.plandata.schema import Target  # noqa: E402

OUT = ROOT / "examples"
EN = ["id", "period", "value", "unit", "status", "note", "reported_by"]
ZH = ["编号", "期间", "数值", "单位", "状态", "备注", "填报单位"]
STATUS_ZH = {"done": "已完成", "in_progress": "推进中", "not_started": "未启动"}

# unit -> (file stem, form): which units report, and how their files look.
REPORTERS = {
    "区发改财政局": ("en-utf8", "csv"),
    "区科技工信局": ("zh-gbk", "csv"),
    "区民政人社局": ("zh", "xlsx"),
    "市生态环境局大通湖分局": ("zh-bom", "csv"),
    "区应急局": ("zh-utf8", "csv"),
    "区住房城乡建设局": ("zh-gbk", "csv"),
    "区市场监管局": ("zh-utf8", "csv"),
    "区农业农村水利局": ("zh-bom", "csv"),
    "区教育卫生健康局": ("zh-utf8", "csv"),
    "区委区管委会办公室（区优办）": ("zh-utf8", "csv"),
}
MAY_REPORTERS = ("区发改财政局", "区科技工信局", "区民政人社局", "市生态环境局大通湖分局")


def fmt(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")).normalize(), "f")


def value_for(target: Target, month: int, rng: random.Random) -> tuple[str, str] | None:
    """An illustrative (value, unit) for a target at the end of ``month``."""
    goal = target.target
    if goal is None:
        return None
    mood = rng.choice([0.8, 0.93, 0.98, 1.0, 1.04, 1.1, 1.15])
    if target.measure == "growth":
        value = goal * Decimal(str(mood)) if goal else Decimal(str(rng.choice([-3, -1, 0.5])))
        return fmt(value), "%"
    if target.measure == "cumulative":
        if goal == 0:
            return ("0" if rng.random() < 0.8 else "1"), target.unit or ""
        share = Decimal(month) / 12
        value = goal * share * Decimal(str(mood))
        if target.unit in ("家", "个", "人", "人次", "次", "张", "户", "座", "处", "项", "类"):
            value = value.to_integral_value()
        return fmt(value), target.unit or ""
    if target.measure == "level":
        if goal == 0:
            return "0", target.unit or ""
        if target.direction == "at_most":
            factor = Decimal(str(rng.choice([0.85, 0.95, 1.0, 1.02, 1.08])))
        else:
            factor = Decimal(str(rng.choice([0.9, 0.97, 0.995, 1.0, 1.02])))
        return fmt(goal * factor), target.unit or ""
    return None


def styled(value: str, unit: str, style: str, rng: random.Random) -> tuple[str, str]:
    """Write a value the way a unit's spreadsheet would."""
    if unit == "亿元" and rng.random() < 0.5:
        return fmt(Decimal(value) * 10000), "万元"
    if unit == "亿元" and rng.random() < 0.5:
        return f"{value}亿", ""
    if unit == "%" and style.startswith("zh") and rng.random() < 0.5:
        return f"{value}%", ""
    if style == "zh-gbk" and rng.random() < 0.3:
        full = value.translate(str.maketrans("0123456789.-", "０１２３４５６７８９．－"))
        return full, unit
    if Decimal(value) >= 1000 and rng.random() < 0.5:
        return f"{Decimal(value):,f}", unit
    return value, unit


# What each item reported last: a year-to-date total never falls and a task once done stays done
# (the plausibility checks would rightly flag anything else; the examples are meant to be clean).
REPORTED: dict[str, str] = {}


def rows_for(
    catalog: object, unit: str, month: int, style: str, rng: random.Random
) -> list[list[str]]:
    from liuzhang.plandata.catalog import Catalog

    assert isinstance(catalog, Catalog)
    rows: list[list[str]] = []
    period = f"2023-{month:02d}"
    for target in catalog.targets.values():
        if catalog.target_lead(target) != unit or target.frequency == "annual":
            continue
        if rng.random() < 0.08:
            continue  # a value this unit forgot
        this_period = period
        if target.frequency == "quarterly":
            if month % 3:
                continue
            this_period = (
                f"2023-Q{month // 3}"
                if style.startswith("en")
                else f"2023年{'一二三四'[month // 3 - 1]}季度"
            )
        if target.measure == "milestone":
            status = rng.choice(["done", "in_progress", "in_progress", "not_started"])
            status = REPORTED[target.id] = "done" if REPORTED.get(target.id) == "done" else status
            rows.append(
                [
                    target.id,
                    this_period,
                    "",
                    "",
                    STATUS_ZH[status] if style != "en-utf8" else status,
                    "",
                    unit,
                ]
            )
            continue
        made = value_for(target, month, rng)
        if made is None:
            continue
        if target.measure == "cumulative" and target.id in REPORTED:
            made = (max(made[0], REPORTED[target.id], key=Decimal), made[1])
        REPORTED[target.id] = made[0]
        value, unit_text = styled(*made, style, rng)
        if style.startswith("zh") and target.frequency == "monthly" and rng.random() < 0.3:
            this_period = (
                f"2023年1-{month}月"
                if target.measure in ("growth", "cumulative")
                else f"2023年{month}月"
            )
        rows.append([target.id, this_period, value, unit_text, "", "", unit])
    for task in catalog.tasks.values():
        if unit not in catalog.task_units(task, "lead"):
            continue
        roll = rng.random()
        status = "done" if roll < 0.2 else "in_progress" if roll < 0.85 else "not_started"
        if task.deadline == "2023-06-30" and rng.random() < 0.5:
            status = "in_progress"
        status = REPORTED[task.id] = "done" if REPORTED.get(task.id) == "done" else status
        percent = {
            "done": "100",
            "in_progress": str(rng.choice([30, 45, 50, 60, 70])),
            "not_started": "",
        }[status]
        note = "按序时推进" if status == "in_progress" and rng.random() < 0.2 else ""
        rows.append(
            [
                task.id,
                period,
                percent,
                "%" if percent else "",
                status if style == "en-utf8" else STATUS_ZH[status],
                note,
                unit,
            ]
        )
    return rows


def write(path: Path, header: list[str], rows: list[list[str]], encoding: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for i, row in enumerate(rows):
        writer.writerow(row)
        if i == len(rows) // 2:
            writer.writerow([""] * len(header))  # the blank row Excel users leave behind
    path.write_bytes(buffer.getvalue().encode(encoding))


def write_xlsx(path: Path, header: list[str], rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "6月进度"
    sheet.append(header)
    for row in rows:
        cells: list[object] = list(row)
        value, unit = row[2], row[3]
        if unit == "%" and value and not value.endswith("%") and not row[4]:
            cells[2], cells[3] = float(Decimal(value) / 100), ""  # a percent-formatted cell
        elif value and not row[4]:
            with contextlib.suppress(ArithmeticError):
                cells[2] = float(Decimal(value.replace(",", "")))
        sheet.append(cells)
        if unit == "%" and cells[3] == "":
            sheet.cell(row=sheet.max_row, column=3).number_format = "0.0%"
    sheet.freeze_panes = "A2"
    book.save(path)


def main() -> None:
    catalog, report = load_catalog(ROOT / "data")
    assert report.ok, report.problems[:3]
    rng = random.Random(20230630)
    for month, units in ((5, MAY_REPORTERS), (6, tuple(REPORTERS))):
        folder = OUT / f"2023-{month:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for unit in units:
            style, form = REPORTERS[unit]
            rows = rows_for(catalog, unit, month, style, rng)
            if not rows:
                continue
            header = EN if style == "en-utf8" else ZH
            stem = folder / f"{unit}_2023-{month:02d}"
            if form == "xlsx":
                write_xlsx(stem.with_suffix(".xlsx"), header, rows)
            else:
                encoding = {
                    "en-utf8": "utf-8",
                    "zh-utf8": "utf-8",
                    "zh-bom": "utf-8-sig",
                    "zh-gbk": "gbk",
                }[style]
                write(stem.with_suffix(".csv"), header, rows, encoding)
    # A correction sent a week later: one value revised, the rest of the file not resent.
    write(
        OUT / "2023-06" / "区发改财政局_2023-06_更正.csv",
        EN,
        [
            [
                "key_project_investment",
                "2023-06",
                "7.9",
                "亿元",
                "",
                "更正：剔除未入库项目",
                "区发改财政局",
            ]
        ],
        "utf-8",
    )
    print("examples written to", OUT)


if __name__ == "__main__":
    main()
