"""The bulletin as an .xlsx workbook: one sheet per section, numbers as numbers, no live formulas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liuzhang.domain.tracking import TARGET_STATUSES, TASK_STATUSES
from liuzhang.render.i18n import display_width
from liuzhang.render.outtext import visible
from liuzhang.render.text import (
    DOUBT_HEADERS,
    STATUS_COLORS,
    change_rows,
    comparison_text,
    doubt_cells,
    goal,
    owed_text,
    reach_text,
    stale_text,
    status_word,
    title,
    tolerance_text,
    units_text,
)


class _Sheet:
    def __init__(self, book: Any, name: str, headers: list[str]) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        self.ws = book.create_sheet(name)
        self.headers = headers
        self.ws.append(headers)
        for cell in self.ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(vertical="center", wrap_text=True)
        self.ws.freeze_panes = "A2"
        self.widths = [display_width(h) + 2 for h in headers]

    def add(
        self,
        values: list[Any],
        status_col: int | None = None,
        status: str | None = None,
        wrap_col: int | None = None,
    ) -> None:
        """One row; ``wrap_col``: a column of long text (a 备注) wrapped in its cell."""
        from openpyxl.styles import Alignment, Font, PatternFill

        # Text as shown (control characters made visible: openpyxl refuses them), and
        # written as a text cell, so that “=HYPERLINK(…)” stays text with no apostrophe.
        row = [visible(value) if isinstance(value, str) else value for value in values]
        self.ws.append(row)
        r = self.ws.max_row
        for i, value in enumerate(row):
            cell = self.ws.cell(row=r, column=i + 1)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text
            self.widths[i] = min(max(self.widths[i], display_width(value) + 2), 60)
        if status_col is not None and status:
            cell = self.ws.cell(row=r, column=status_col + 1)
            color = STATUS_COLORS.get(status, "FFFFFF")
            cell.fill = PatternFill("solid", fgColor=color)
            cell.font = Font(bold=True, color="FFFFFF")
        if wrap_col is not None:
            cell = self.ws.cell(row=r, column=wrap_col + 1)
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    def finish(self) -> None:
        from openpyxl.utils import get_column_letter

        for i, width in enumerate(self.widths):
            self.ws.column_dimensions[get_column_letter(i + 1)].width = max(width, 6)


def write(bulletin: dict[str, Any], path: Path) -> None:
    """Write the workbook to ``path``."""
    from openpyxl import Workbook

    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    b = bulletin

    s = _Sheet(
        book,
        "概览",
        [
            "范围",
            "类别",
            *(status_word(x) for x in TARGET_STATUSES),
            *(f"任务{status_word(x)}" for x in TASK_STATUSES),
        ],
    )
    h = b["headline"]
    s.add(
        [
            title(b),
            "全区",
            *(h["targets"][x] for x in TARGET_STATUSES),
            *(h["tasks"][x] for x in TASK_STATUSES),
        ]
    )
    for x in h["by_battle"]:
        s.add(
            [
                f"第{x['battle']}仗 {x['name']}",
                "分仗",
                *(x["targets"][t] for t in TARGET_STATUSES),
                *(x["tasks"][t] for t in TASK_STATUSES),
            ]
        )
    comparison = comparison_text(b)
    if comparison:
        s.add([comparison, "较上期"])
        for c in change_rows(h["changes"]):
            s.add(
                [
                    f"{c['id']} {c['name']}",
                    f"{'、'.join(c['labels'])}：{status_word(c['from'])}→{status_word(c['to'])}",
                ]
            )
        for c in h["changes"].get("improved", []):
            s.add(
                [
                    f"{c['id']} {c['name']}",
                    f"好转：{status_word(c['from'])}→{status_word(c['to'])}",
                ]
            )
    s.finish()

    s = _Sheet(
        book,
        "分仗情况",
        [
            "战役",
            "编号",
            "名称",
            "目标值",
            "实际值",
            "序时预期",
            "差距",
            "距全年目标",
            "单位（以上数值的单位）",
            "状态",
            "期间",
            "旧数",
            "牵头单位",
            "备注",
        ],
    )
    for battle in b["battles"]:
        for r in battle["targets"]:
            s.add(
                [
                    battle["battle"],
                    r["id"],
                    r["name"],
                    r["target"],
                    r["actual"],
                    r["expected"],
                    r["gap"],
                    r["remaining"],
                    r["unit"] or "",
                    status_word(r["status"]),
                    r["period"] or "",
                    "是" if r["stale"] else "",
                    units_text(r["lead"]),
                    r["note"] or "",
                ],
                status_col=9,
                status=r["status"],
                wrap_col=13,
            )
    s.finish()

    s = _Sheet(
        book,
        "任务",
        [
            "战役",
            "编号",
            "任务",
            "完成时限",
            "进度（%）",
            "状态",
            "报送期间",
            "牵头单位",
            "责任单位",
            "备注",
        ],
    )
    for battle in b["battles"]:
        for r in battle["tasks"]:
            s.add(
                [
                    battle["battle"],
                    r["id"],
                    r["name"],
                    r["deadline"],
                    r["progress"],
                    status_word(r["status"]),
                    r["period"] or "",
                    units_text(r["lead"]),
                    units_text(r["responsible"]),
                    r["note"] or "",
                ],
                status_col=5,
                status=r["status"],
                wrap_col=9,
            )
    s.finish()

    s = _Sheet(
        book,
        "督办清单",
        [
            "序号",
            "编号",
            "事项",
            "类别",
            "要求",
            "状态",
            "目标",
            "实际值",
            "差距",
            "单位",
            "牵头单位",
            "责任单位",
        ],
    )
    for n, r in enumerate(b["watchlist"], 1):
        s.add(
            [
                n,
                r["id"],
                r["name"],
                "指标" if r["kind"] == "target" else "任务",
                r["commitment"] or "",
                status_word(r["status"]),
                goal(r),
                r["actual"],
                r["gap"],
                r["unit"] or "",
                units_text(r["lead"]),
                units_text(r["responsible"]),
            ],
            status_col=5,
            status=r["status"],
        )
    s.finish()

    s = _Sheet(
        book,
        "各单位",
        [
            "单位",
            *(status_word(x) for x in TARGET_STATUSES),
            *(f"任务{status_word(x)}" for x in TASK_STATUSES),
            "应报未报事项",
        ],
    )
    for u in b["units"]:
        # The 应报未报 column counts the items listed in the last column (what the unit owes).
        counts = {**u["counts"], "missing": len(u["owes"])}
        s.add(
            [
                u["unit"],
                *(counts[x] for x in TARGET_STATUSES),
                *(counts[x] for x in TASK_STATUSES),
                owed_text(u),
            ]
        )
    s.finish()

    s = _Sheet(
        book,
        "全年预计",
        [
            "编号",
            "指标",
            "全年目标",
            "目前累计",
            "期间",
            "按当前进度预计全年",
            "达标月份",
            "预计达标",
            "单位",
            "牵头单位",
        ],
    )
    for p in b["projections"]:
        s.add(
            [
                p["id"],
                p["name"],
                p["target"],
                p["actual"],
                p["period"],
                p["year_end"],
                p["reach_month"],
                reach_text(p),
                p["unit"] or "",
                p["lead"],
            ]
        )
    s.finish()

    # As in the other formats, but a target's value is a number, its unit in a column of its own.
    s = _Sheet(book, "数据疑点", [*DOUBT_HEADERS[:4], "单位", *DOUBT_HEADERS[4:]])
    for d in b["doubts"]:
        cells: list[Any] = doubt_cells(d)
        number = d["kind"] == "target" and d["value"] is not None
        value, unit = (d["value"], d["unit"] or "") if number else (cells[3], "")
        s.add([*cells[:3], value, unit, *cells[4:]], wrap_col=5)
    s.finish()

    note = b["data_note"]
    s = _Sheet(book, "数据说明", ["项目", "内容", "补充"])
    s.add(["截至", note["as_of"], ""])
    s.add(["预警容差", tolerance_text(note["tolerance"], label=False), ""])
    for r in note["stale"]:
        s.add(
            [
                "旧数",
                f"{r['name']}：{stale_text(r)}",
                r["owes"] or "",
            ]
        )
    for f in note["files"]:
        s.add(["来源文件", f["file"], f.get("sha256", "")])
    s.finish()
    book.save(path)
