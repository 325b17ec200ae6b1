"""The bulletin as Markdown tables (for a review in git or a chat message)."""

from __future__ import annotations

from typing import Any

from liuzhang.domain.tracking import TARGET_STATUSES, TASK_STATUSES
from liuzhang.render.outtext import visible
from liuzhang.render.text import (
    DOUBT_HEADERS,
    TARGET_HEADERS,
    change_rows,
    comparison_text,
    doubt_cells,
    fmt,
    goal,
    owed_text,
    period_text,
    reach_text,
    signed,
    stale_text,
    status_word,
    title,
    tolerance_text,
    units_text,
)


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def render(b: dict[str, Any]) -> str:
    """The whole bulletin, section by section."""
    out = [f"# {title(b)}", ""]
    h = b["headline"]
    out += ["## 一、总体情况", ""]
    out += _table(
        ["", *(status_word(s) for s in TARGET_STATUSES)],
        [["指标", *(h["targets"][s] for s in TARGET_STATUSES)]],
    )
    out += [""]
    out += _table(
        ["", *(status_word(s) for s in TASK_STATUSES)],
        [["任务", *(h["tasks"][s] for s in TASK_STATUSES)]],
    )
    out += ["", "分仗统计：", ""]
    out += _table(
        ["战役", "未完成", "滞后", "预警", "应报未报", "正常", "已完成", "任务逾期", "任务推进中"],
        [
            [
                f"第{x['battle']}仗 {x['name']}",
                x["targets"]["missed"],
                x["targets"]["behind"],
                x["targets"]["at_risk"],
                x["targets"]["missing"],
                x["targets"]["on_track"],
                x["targets"]["achieved"],
                x["tasks"]["overdue"],
                x["tasks"]["in_progress"],
            ]
            for x in h["by_battle"]
        ],
    )
    comparison = comparison_text(b)
    if comparison:
        out += ["", comparison, ""]
        changed = change_rows(h["changes"])
        if changed:
            out += _table(
                ["编号", "名称", "变化", "原状态", "现状态", "牵头单位"],
                [
                    [
                        x["id"],
                        x["name"],
                        "、".join(x["labels"]),
                        status_word(x["from"]),
                        status_word(x["to"]),
                        units_text(x["lead"]),
                    ]
                    for x in changed
                ],
            )
    out += ["", "## 二、分仗情况", ""]
    for battle in b["battles"]:
        out += [f"### 第{battle['battle']}仗 {battle['name']}", ""]
        if battle["targets"]:
            out += _table(
                TARGET_HEADERS,
                [
                    [
                        r["id"],
                        r["name"],
                        goal(r),
                        fmt(r["actual"]),
                        fmt(r["expected"]),
                        signed(r["gap"]),
                        r["unit"] or "",
                        status_word(r["status"]),
                        period_text(r),
                        units_text(r["lead"]),
                        r["note"] or "",
                    ]
                    for r in battle["targets"]
                ],
            )
            out += [""]
        if battle["tasks"]:
            out += _table(
                ["编号", "任务", "完成时限", "进度", "状态", "牵头单位", "备注"],
                [
                    [
                        r["id"],
                        r["name"],
                        r["deadline"],
                        fmt(r["progress"]) + ("%" if r["progress"] is not None else ""),
                        status_word(r["status"]),
                        units_text(r["lead"]),
                        r["note"] or "",
                    ]
                    for r in battle["tasks"]
                ],
            )
            out += [""]
    out += ["## 三、督办清单", ""]
    out += _table(
        ["序号", "编号", "事项", "要求", "状态", "差距", "单位", "牵头单位", "责任单位"],
        [
            [
                n,
                r["id"],
                r["name"],
                r["commitment"] or "",
                status_word(r["status"]),
                signed(r["gap"]),
                r["unit"] or "",
                units_text(r["lead"]),
                units_text(r["responsible"]),
            ]
            for n, r in enumerate(b["watchlist"], 1)
        ],
    )
    out += ["", "## 四、各单位情况", ""]
    out += _table(
        ["单位", "未完成", "滞后", "预警", "应报未报", "逾期", "正常", "已完成", "应报未报事项"],
        [
            [
                u["unit"],
                u["counts"]["missed"],
                u["counts"]["behind"],
                u["counts"]["at_risk"],
                len(u["owes"]),
                u["counts"]["overdue"],
                u["counts"]["on_track"] + u["counts"]["in_progress"],
                u["counts"]["achieved"] + u["counts"]["done"],
                owed_text(u),
            ]
            for u in b["units"]
        ],
    )
    out += ["", "## 五、全年预计（累计类指标，按当前进度）", ""]
    out += _table(
        ["编号", "指标", "全年目标", "目前", "期间", "预计全年", "预计达标", "单位"],
        [
            [
                p["id"],
                p["name"],
                fmt(p["target"]),
                fmt(p["actual"]),
                p["period"],
                fmt(p["year_end"]),
                reach_text(p),
                p["unit"] or "",
            ]
            for p in b["projections"]
        ],
    )
    out += ["", "## 六、数据疑点", ""]
    if b["doubts"]:
        out += ["以下数值报送时有疑点（已按报送值计算），请报送单位核实：", ""]
        out += _table(DOUBT_HEADERS, [doubt_cells(d) for d in b["doubts"]])
    else:
        out += ["本期计算所用数据无疑点。"]
    note = b["data_note"]
    out += [
        "",
        "## 七、数据说明",
        "",
        f"- 截至：{note['as_of']}；{tolerance_text(note['tolerance'])}。",
        f"- 期间带 * 的数据早于应报期（旧数），共 {len(note['stale'])} 项："
        + ("、".join(stale_text(r) for r in note["stale"]) or "无")
        + "。",
        "- 数据来源文件："
        + (
            "；".join(
                f["file"] + (f"（sha256 {f['sha256'][:12]}）" if f.get("sha256") else "")
                for f in note["files"]
            )
            or "无"
        )
        + "。",
        "",
    ]
    return visible("\n".join(out), keep_newlines=True)  # no control codes from file names
