"""The comparison of areas laid out (``compare``'s table, the bulletin's areas section): the
words of a roll-up, and the ranking chart (a horizontal bar per area, SVG)."""

from __future__ import annotations

from html import escape
from typing import Any

from liuzhang.i18n import Lang, word
from liuzhang.render.colors import STATUS_COLORS
from liuzhang.render.outtext import number_text, visible

AREA_COLUMNS = ["rank", "area", "actual", "target", "status", "period"]


def header_text(model: dict[str, Any], lang: Lang) -> str:
    """The line above the comparison: whose areas, how many, as of when."""
    n, as_of = len(model["areas"]), model["as_of"]
    if model["parent"] is None:
        return word("compare_header_all", lang, n=n, as_of=as_of)
    return word("compare_header", lang, parent=model["parent"], n=n, as_of=as_of)


def title_text(item: dict[str, Any], lang: Lang) -> str:
    """An indicator's title: name, code and unit."""
    unit = f" {item['unit']}" if item["unit"] else ""
    return word("compare_title", lang, name=item["name"], indicator=item["indicator"]) + unit


def area_cells(r: dict[str, Any], lang: Lang) -> list[str]:
    """An area's row as text: rank, area, actual, target, status (in words), period."""
    status = word(r["status"], lang) if r["status"] else ""
    actual, target = number_text(r["actual"]), number_text(r["target"])
    return [rank_text(r["rank"]), r["area"], actual, target, status, r["period"] or ""]


def area_headers(lang: Lang) -> list[str]:
    return [word(c, lang) for c in AREA_COLUMNS]


def rank_text(rank: int | None) -> str:
    return "—" if rank is None else str(rank)


def rollup_text(item: dict[str, Any], lang: Lang) -> str:
    """The parent's line: the roll-up (or why there is none) and the parent's own figure."""
    row = item["parent_row"]
    if row is None:
        return ""
    if row["rollup_complete"]:
        unit = item["unit"] or ""
        kind = word(f"rollup_{row['rollup_kind']}", lang, weight=item["weight"] or "")
        what = f"{kind} {number_text(row['rollup'])}{'' if lang == 'zh' else ' '}{unit}".rstrip()
    else:
        reason = row["rollup_reason"] or "incomplete"
        areas = word("b_list_sep", lang).join(row["rollup_missing"])
        what = word(f"rollup_reason_{reason}", lang, areas=areas, period=item["period"] or "—")
    own = number_text(row["actual"])
    if row["actual"] is not None and row["status"]:
        status = word(row["status"], lang)
        own += f"（{status}）" if lang == "zh" else f" ({status})"
    return word("compare_rollup_line", lang, area=row["area"], what=what, own=own)


def ranking_svg(item: dict[str, Any], lang: Lang) -> str:
    """A horizontal bar per area (ranked first, best at the top), coloured by its status, with
    its target as a tick; areas without a value show no bar."""

    def e(value: Any) -> str:
        return escape(visible("" if value is None else str(value)), quote=True)

    rows = item["rows"]
    width, bar_h, gap, label_w, value_w = 560, 14, 6, 120, 70
    height = len(rows) * (bar_h + gap) + 8
    numbers = [abs(float(v)) for r in rows for v in (r["actual"], r["target"]) if v is not None]
    top = max(numbers, default=1.0) or 1.0
    span = width - label_w - value_w
    title = word("b_areas_chart", lang, name=item["name"])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{e(title)}</title>'
    ]
    for i, r in enumerate(rows):
        y = i * (bar_h + gap) + 4
        label = f"{rank_text(r['rank'])}. {r['area']}"
        parts.append(f'<text x="0" y="{y + 11}" font-size="11">{e(label)}</text>')
        if r["actual"] is not None:
            w = span * abs(float(r["actual"])) / top
            color = STATUS_COLORS.get(r["status"], "777777")
            parts.append(
                f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#{color}">'
                f"<title>{e(r['area'])} {e(number_text(r['actual']))}</title></rect>"
            )
            parts.append(
                f'<text x="{label_w + w + 4:.1f}" y="{y + 11}" font-size="11">'
                f"{e(number_text(r['actual']))}</text>"
            )
        if r["target"] is not None:
            x = label_w + span * abs(float(r["target"])) / top
            parts.append(
                f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{y - 2}" y2="{y + bar_h + 2}" '
                'stroke="#333" stroke-width="1.5"/>'
            )
    parts.append("</svg>")
    return "".join(parts)
