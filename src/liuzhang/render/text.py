"""Words and number formats shared by the bulletin's writers."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from liuzhang.domain.quantities import RATE_UNITS
from liuzhang.render.i18n import word
from liuzhang.render.outtext import number_text

# The columns of a battle's target table in the HTML and Markdown bulletins.
TARGET_HEADERS = [
    "编号",
    "指标",
    "目标",
    "实际",
    "序时预期",
    "差距",
    "单位",
    "状态",
    "期间",
    "牵头单位",
    "备注",
]
# The columns of the 数据疑点 section (every writer).
DOUBT_HEADERS = ["编号", "名称", "期间", "数值", "疑点", "填报单位", "来源文件:行", "备注"]

STATUS_COLORS = {
    "achieved": "2E7D32",
    "on_track": "43A047",
    "at_risk": "F9A825",
    "behind": "C62828",
    "missed": "7F0000",
    "missing": "8E24AA",
    "not_due": "9E9E9E",
    "done": "2E7D32",
    "in_progress": "1E88E5",
    "not_started": "FB8C00",
    "overdue": "C62828",
}


def title(bulletin: dict[str, Any], lang: str = "zh") -> str:
    """大通湖区打好“发展六仗”月通报（2023年6月） / …季总结（2023年第2季度）."""
    year = bulletin["year"]
    if lang == "en":
        if bulletin["kind"] == "quarterly":
            return (
                f"Datonghu District “Six Battles” quarterly review ({year} Q{bulletin['quarter']})"
            )
        return f"Datonghu District “Six Battles” monthly bulletin ({year}-{bulletin['month']:02d})"
    if bulletin["kind"] == "quarterly":
        return f"大通湖区打好“发展六仗”季总结（{year}年第{bulletin['quarter']}季度）"
    return f"大通湖区打好“发展六仗”月通报（{year}年{bulletin['month']}月）"


def fmt(value: Any) -> str:
    """A number for a text cell (:func:`liuzhang.render.outtext.number_text`), “—” for none."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, int | float):
        return number_text(value)
    return str(value)


def signed(value: Any) -> str:
    text = fmt(value)
    return f"+{text}" if isinstance(value, int | float) and value > 0 else text


def status_word(status: str, lang: str = "zh") -> str:
    return word(status, lang)  # type: ignore[arg-type]


def goal(row: dict[str, Any], lang: str = "zh") -> str:
    if row.get("target") is None:
        return "—"
    return f"{word(row['direction'], lang)} {fmt(row['target'])}"  # type: ignore[arg-type]


def units_text(names: list[str]) -> str:
    return "、".join(names)


def period_text(row: dict[str, Any]) -> str:
    period = row.get("period") or "—"
    return period + ("*" if row.get("stale") else "")


def period_label(period: str) -> str:
    """2023-08 → 2023年8月, 2023-Q2 → 2023年第2季度."""
    year, _, rest = period.partition("-")
    if rest.startswith("Q"):
        return f"{year}年第{rest[1:]}季度"
    return f"{year}年{int(rest)}月"


# The changes a bulletin lists, in order, with their label; the sentence counts the same lists.
CHANGE_KINDS = (
    ("worsened", "变差"),
    ("new_overdue", "新增逾期"),
    ("newly_missing", "新增应报未报"),
)


def comparison_text(bulletin: dict[str, Any]) -> str | None:
    """与2023年8月相比：好转 3 项，变差 2 项，新增逾期任务 1 项，新增应报未报 0 项。
    (a quarterly review compares with the previous quarter)."""
    c = bulletin["headline"]["changes"]
    previous = c.get("previous_period")
    if not c.get("previous") or not previous:
        return None
    return (
        f"与{period_label(previous)}相比：好转 {len(c['improved'])} 项，"
        f"变差 {len(c['worsened'])} 项，新增逾期任务 {len(c['new_overdue'])} 项，"
        f"新增应报未报 {len(c['newly_missing'])} 项。"
    )


def change_rows(changes: dict[str, Any]) -> list[dict[str, Any]]:
    """Every item counted as worsened, newly overdue or newly missing, once, with its labels
    (变差、新增逾期): each count of :func:`comparison_text` is the number of rows with its label."""
    rows: dict[str, dict[str, Any]] = {}
    for kind, label in CHANGE_KINDS:
        for change in changes.get(kind, []):
            row = rows.setdefault(change["id"], {**change, "labels": []})
            row["labels"].append(label)
    return list(rows.values())


def stale_text(row: dict[str, Any]) -> str:
    """a1-1-2（2023-06，应报 2023-09，区发改财政局）: an item of the data note's stale list."""
    return f"{row['id']}（{row['period']}，应报 {row['due_period']}，{row['owes']}）"


def reach_text(p: dict[str, Any]) -> str:
    """When a cumulative target is (or is expected to be) reached, for the projections table."""
    if p.get("reached_period"):
        return f"已达到（{p['reached_period']}）"
    if p.get("direction") == "at_most":
        return "可控制在目标内" if p["reaches_in_year"] else "预计超出目标"
    if p["reaches_in_year"] and p["reach_month"]:
        return f"{p['reach_month']}月"
    return "年内难以完成"


def owed_text(unit: dict[str, Any]) -> str:
    """gdp_growth（应报 2023-Q3）；…: what a unit owes (its 应报未报 count is the length)."""
    return "；".join(f"{o['id']}（应报 {o['due_period']}）" for o in unit["owes"])


def tolerance_text(tolerance: dict[str, Any], label: bool = True) -> str:
    """预警容差：% 与 ‰ 类取 1 个百分点与目标值 10% 中较小者，其他类为序时预期的 10%；年底终值不设
    容差 — from the plan's settings (``data_note.tolerance``: points, ratio), as
    :func:`liuzhang.domain.tracking.tolerance_for` applies them."""
    points, ratio = tolerance.get("points"), tolerance.get("ratio")
    share = None if ratio is None else number_text(Decimal(str(ratio)) * 100) + "%"
    if points is not None and share is not None:
        rates = f"% 与 ‰ 类取 {fmt(points)} 个百分点与目标值 {share} 中较小者"
    elif points is not None:
        rates = f"% 与 ‰ 类为 {fmt(points)} 个百分点"
    elif share is not None:
        rates = f"% 与 ‰ 类为目标值的 {share}"
    else:
        rates = "% 与 ‰ 类不设容差"
    others = f"其他类为序时预期的 {share}" if share is not None else "其他类不设容差"
    text = f"{rates}，{others}；年底终值不设容差"
    return f"预警容差：{text}" if label else text


def doubt_value(d: dict[str, Any]) -> str:
    """The value of a 数据疑点 as sent: 0.3 亿元, or a task's status (and progress)."""
    if d["kind"] == "task" or d["value"] is None:
        parts = [status_word(d["status"]) if d.get("status") else ""]
        if d["value"] is not None:
            parts.append(f"{fmt(d['value'])}%")
        return " ".join(p for p in parts if p) or "—"
    unit = d["unit"] or ""
    return fmt(d["value"]) + (unit if unit in RATE_UNITS else f" {unit}".rstrip())


def doubt_text(d: dict[str, Any]) -> str:
    """The warnings of a 数据疑点, each with its evidence, joined by “；”."""
    return "；".join(f["message"] for f in d["flags"])


def source_text(d: dict[str, Any]) -> str:
    """file:row of a value (the 来源文件:行 column)."""
    file = d.get("source_file") or "—"
    return f"{file}:{d['row']}" if d.get("row") is not None else file


def doubt_cells(d: dict[str, Any]) -> list[str]:
    """A row of the 数据疑点 table, as :data:`DOUBT_HEADERS` lists them."""
    return [
        d["id"],
        d["name"],
        d["period"] or "—",
        doubt_value(d),
        doubt_text(d),
        d.get("reported_by") or "",
        source_text(d),
        d.get("note") or "",
    ]
