"""Words and number formats shared by the bulletin's writers."""

from __future__ import annotations

from typing import Any

from liuzhang.i18n import word

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
]

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
    """A number for a text cell: thousands separated, two decimals at most, “—” for none."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else ""
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
        return text
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
