"""The bulletin as one self-contained HTML page: inline CSS and SVG charts, no network, A4 print."""

from __future__ import annotations

from html import escape
from typing import Any

from liuzhang.domain.tracking import TARGET_STATUSES, TASK_STATUSES
from liuzhang.i18n import Lang, word
from liuzhang.render.colors import STATUS_COLORS
from liuzhang.render.lastyear import ahead_text, any_last_year, last_year_table
from liuzhang.render.outtext import visible
from liuzhang.render.text import (
    CHANGE_COLUMNS,
    PROJECTION_COLUMNS,
    WATCH_COLUMNS,
    Words,
    battle_label,
    change_rows,
    commitment_word,
    comparison_text,
    doubt_cells,
    doubt_headers,
    fmt,
    goal,
    headers,
    masthead,
    owed_text,
    period_text,
    progress_text,
    reach_text,
    signature,
    signed,
    stale_text,
    status_word,
    target_headers,
    title,
    tolerance_text,
)

CSS = """
:root { --ink: #1f2933; --muted: #6b7785; --line: #d9dee4; }
* { box-sizing: border-box; }
body { font-family: "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC",
       SimHei, sans-serif; color: var(--ink); margin: 24px auto; max-width: 1180px; padding: 0 16px;
       font-size: 14px; line-height: 1.5; }
h1 { font-size: 24px; text-align: center; margin: 8px 0 4px; }
.subtitle { text-align: center; color: var(--muted); margin-bottom: 4px; }
.subtitle.basis { margin-bottom: 20px; font-size: 13px; }
.signature { text-align: right; margin-top: 28px; font-weight: 600; }
h2 { font-size: 19px; border-left: 5px solid #c62828; padding-left: 8px; margin-top: 28px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; vertical-align: top; }
th { background: #eef3f8; font-weight: 600; white-space: nowrap; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.note { min-width: 10em; max-width: 24em; white-space: pre-wrap; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; color: #fff; font-weight: 600;
         white-space: nowrap; font-size: 12px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr)); gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 4px; padding: 6px 8px; break-inside: avoid; }
.card .name { font-size: 12px; font-weight: 600; }
.card .meta { font-size: 11px; color: var(--muted); }
.legend span { margin-right: 12px; font-size: 12px; }
.muted { color: var(--muted); }
section { break-inside: auto; }
@media print {
  @page { size: A4; margin: 14mm 12mm; }
  body { margin: 0; max-width: none; font-size: 11px; }
  h2 { break-after: avoid; }
  table, .card, svg { break-inside: avoid; }
  thead { display: table-header-group; }
}
"""


def _e(value: Any) -> str:
    return escape(visible("" if value is None else str(value)), quote=True)


def badge(status: str, lang: Lang = "zh") -> str:
    color = STATUS_COLORS.get(status, "777777")
    return f'<span class="badge" style="background:#{color}">{_e(status_word(status, lang))}</span>'


def _table(headers: list[str], rows: list[list[tuple[str, str]]]) -> str:
    """Rows of (html, css class) cells; the html must already be escaped."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="{cls}">{html}</td>' if cls else f"<td>{html}</td>" for html, cls in row
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _n(value: Any) -> tuple[str, str]:
    return _e(fmt(value)), "num"


def _t(value: Any) -> tuple[str, str]:
    return _e(value), ""


def _last_year_cell(text: str) -> tuple[str, str]:
    return _e(text), "num"


def _note(value: str | None) -> tuple[str, str]:
    """An office's 备注: wrapped in its cell (line breaks kept), never cut."""
    return escape(visible(value or "", keep_newlines=True), quote=True), "note"


def overview_svg(by_battle: list[dict[str, Any]], lang: Lang = "zh") -> str:
    """A stacked bar of target statuses per battle."""
    width, bar_h, gap, label_w = 760, 18, 10, 190
    height = len(by_battle) * (bar_h + gap) + 30
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{_e(word("b_chart_by_battle", lang))}</title>'
    ]
    for i, battle in enumerate(by_battle):
        y = i * (bar_h + gap) + 4
        total = sum(battle["targets"].values()) or 1
        label = battle_label(battle["battle"], battle["name"], lang)
        parts.append(f'<text x="0" y="{y + 13}" font-size="12">{_e(label)}</text>')
        x = float(label_w)
        for status in TARGET_STATUSES:
            count = battle["targets"][status]
            if not count:
                continue
            w = (width - label_w - 10) * count / total
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#{STATUS_COLORS[status]}">'
                f"<title>{_e(status_word(status, lang))} {count}</title></rect>"
            )
            if w > 16:
                parts.append(
                    f'<text x="{x + w / 2:.1f}" y="{y + 13}" font-size="11" fill="#fff" '
                    f'text-anchor="middle">{count}</text>'
                )
            x += w
    legend_y = height - 8
    x = float(label_w)
    for status in TARGET_STATUSES:
        parts.append(
            f'<rect x="{x:.0f}" y="{legend_y - 9}" width="10" height="10" fill="#{STATUS_COLORS[status]}"/>'
            f'<text x="{x + 13:.0f}" y="{legend_y}" font-size="11">{_e(status_word(status, lang))}</text>'
        )
        x += 80
    parts.append("</svg>")
    return "".join(parts)


def chart_svg(chart: dict[str, Any], status: str, lang: Lang = "zh") -> str:
    """Actual against expected (cumulative) or against the target line (growth, level)."""
    w, h, left, bottom, top = 260, 120, 34, 18, 8
    expected = [(p["month"], p["value"]) for p in chart["expected"] if p["value"] is not None]
    actual = [(p["month"], p["value"]) for p in chart["actual"] if p["value"] is not None]
    values: list[float] = [float(v) for _, v in expected + actual]
    if chart["target"] is not None:
        values.append(float(chart["target"]))
    high = max([*values, 0.0]) or 1.0
    low = min([*values, 0.0])
    span = (high - low) * 1.1 or 1.0

    def px(month: float) -> float:
        return left + (w - left - 6) * (month - 0.5) / 12

    def py(value: float) -> float:
        return top + (h - top - bottom) * (1 - (value - low) / span)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{w}" height="{h}" viewBox="0 0 {w} {h}">'
        f"<title>{_e(word('b_chart_title', lang, name=chart['name']))}</title>",
        f'<line x1="{left}" y1="{py(low):.1f}" x2="{w - 4}" y2="{py(low):.1f}" stroke="#bbb"/>',
    ]
    for m in (1, 3, 6, 9, 12):
        parts.append(
            f'<text x="{px(m):.1f}" y="{h - 4}" font-size="9" text-anchor="middle" fill="#777">{_e(word("b_month_short", lang, month=m))}</text>'
        )
    parts.append(
        f'<text x="{left - 3}" y="{py(high):.1f}" font-size="9" text-anchor="end" fill="#777">{_e(fmt(high))}</text>'
    )
    if expected:
        points = " ".join(f"{px(m):.1f},{py(v):.1f}" for m, v in expected)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="#9aa5b1" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
    elif chart["target"] is not None:
        y = py(chart["target"])
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{w - 4}" y2="{y:.1f}" stroke="#9aa5b1" stroke-dasharray="4 3"/>'
        )
    color = "#" + STATUS_COLORS.get(status, "1E88E5")
    if len(actual) > 1:
        points = " ".join(f"{px(m):.1f},{py(v):.1f}" for m, v in actual)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{color}" stroke-width="2"/>')
    for m, v in actual:
        parts.append(
            f'<circle cx="{px(m):.1f}" cy="{py(v):.1f}" r="3" fill="{color}"><title>{_e(word("b_month_short", lang, month=m))} {_e(fmt(v))}</title></circle>'
        )
    parts.append("</svg>")
    return "".join(parts)


def render(b: dict[str, Any], lang: Lang = "zh") -> str:
    """The whole page."""

    w = Words(lang)
    st = w.status

    def bd(status: str) -> tuple[str, str]:
        return badge(status, lang), ""

    def units(names: list[str]) -> tuple[str, str]:
        return _t(w.units(names))

    h = b["headline"]
    heading = title(b, lang)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{w("b_html_lang")}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(heading)}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(heading)}</h1>",
        *_masthead(b, lang),
    ]
    # 1. headline
    out.append(f'<section id="headline"><h2>{_e(w("b_section_headline"))}</h2>')
    t, k = h["targets"], h["tasks"]
    sep = w("b_count_sep")
    counts = [
        sep.join(_e(w("b_status_count", status=st(s), n=n[s])) for s in statuses)
        for n, statuses in ((t, TARGET_STATUSES), (k, TASK_STATUSES))
    ]
    out.append("<p>" + w("b_headline_counts", targets=counts[0], tasks=counts[1]) + "</p>")
    comparison = comparison_text(b, lang)
    if comparison:
        out.append(f"<p>{_e(comparison)}</p>")
    ahead = ahead_text(h, lang)
    if ahead:
        out.append(f'<p class="last-year">{_e(ahead)}</p>')
    out.append(overview_svg(h["by_battle"], lang))
    changed = change_rows(h["changes"], lang) if comparison else []
    if changed:
        out.append(f"<h3>{_e(w('b_changed_title'))}</h3>")
        out.append(
            _table(
                headers(CHANGE_COLUMNS, lang),
                [
                    [
                        _t(x["id"]),
                        _t(x["name"]),
                        _t(w("b_list_sep").join(x["labels"])),
                        bd(x["from"]),
                        bd(x["to"]),
                        units(x["lead"]),
                    ]
                    for x in changed
                ],
            )
        )
    out.append("</section>")
    # 2. battles
    out.append(f'<section id="battles"><h2>{_e(w("b_section_battles"))}</h2>')
    charts = {c["id"]: c for c in b["charts"]}
    with_last_year = any_last_year(r for x in b["battles"] for r in x["targets"])
    for battle in b["battles"]:
        label = battle_label(battle["battle"], battle["name"], lang)
        out.append(f'<h3 id="battle-{battle["battle"]}">{_e(label)}</h3>')
        if battle["targets"]:
            out.append(
                last_year_table(
                    _table,
                    target_headers(lang),
                    [
                        [
                            _t(r["id"]),
                            _t(r["name"]),
                            _t(goal(r, lang)),
                            _n(r["actual"]),
                            _n(r["expected"]),
                            (_e(signed(r["gap"])), "num"),
                            _t(r["unit"] or ""),
                            bd(r["status"]),
                            _t(period_text(r)),
                            units(r["lead"]),
                            _note(r["note"]),
                        ]
                        for r in battle["targets"]
                    ],
                    battle["targets"],
                    3,  # after the actual value
                    with_last_year,
                    lang,
                    _last_year_cell,
                )
            )
            cards = []
            for r in battle["targets"]:
                chart = charts.get(r["id"])
                if chart is None:
                    continue
                meta = w("b_card_meta", id=r["id"], goal=goal(r, lang), unit=r["unit"] or "")
                cards.append(
                    f'<div class="card"><div class="name">{_e(r["name"])} {badge(r["status"], lang)}</div>'
                    f'<div class="meta">{_e(meta)}</div>'
                    f"{chart_svg(chart, r['status'], lang)}</div>"
                )
            if cards:
                out.append(
                    f'<div class="legend muted"><span>{_e(w("b_legend_actual"))}</span>'
                    f"<span>{_e(w('b_legend_expected'))}</span></div>"
                )
                out.append('<div class="cards">' + "".join(cards) + "</div>")
        if battle["tasks"]:
            out.append(
                _table(
                    headers(
                        ["id", "title", "deadline", "progress", "status", "lead", "note"], lang
                    ),
                    [
                        [
                            _t(r["id"]),
                            _t(r["name"]),
                            _t(r["deadline"]),
                            (
                                _e(progress_text(r["progress"])),
                                "num",
                            ),
                            bd(r["status"]),
                            units(r["lead"]),
                            _note(r["note"]),
                        ]
                        for r in battle["tasks"]
                    ],
                )
            )
    out.append("</section>")
    # 3. watch list
    out.append(f'<section id="watchlist"><h2>{_e(w("b_section_watchlist"))}</h2>')
    out.append(
        last_year_table(
            _table,
            headers([*WATCH_COLUMNS, "responsible"], lang),
            [
                [
                    (str(n), "num"),
                    _t(r["id"]),
                    _t(r["name"]),
                    _t(commitment_word(r["commitment"], lang)),
                    bd(r["status"]),
                    (_e(signed(r["gap"])), "num"),
                    _t(r["unit"] or ""),
                    units(r["lead"]),
                    units(r["responsible"]),
                ]
                for n, r in enumerate(b["watchlist"], 1)
            ],
            b["watchlist"],
            5,  # after the gap
            with_last_year,
            lang,
            _last_year_cell,
        )
    )
    out.append("</section>")
    # 4. units
    out.append(f'<section id="units"><h2>{_e(w("b_section_units"))}</h2>')
    out.append(
        _table(
            [
                w("unit"),
                *(st(s) for s in ("missed", "behind", "at_risk", "missing", "overdue")),
                w("b_on_track_or_in_progress"),
                st("achieved"),
                w("b_owed_items"),
            ],
            [
                [
                    _t(u["unit"]),
                    _n(u["counts"]["missed"]),
                    _n(u["counts"]["behind"]),
                    _n(u["counts"]["at_risk"]),
                    _n(len(u["owes"])),
                    _n(u["counts"]["overdue"]),
                    _n(u["counts"]["on_track"] + u["counts"]["in_progress"]),
                    _n(u["counts"]["achieved"] + u["counts"]["done"]),
                    _t(owed_text(u, lang)),
                ]
                for u in b["units"]
            ],
        )
    )
    out.append("</section>")
    out += _timeliness(b, lang)
    # 5. projections
    out.append(f'<section id="projections"><h2>{_e(w("b_section_projections"))}</h2>')
    out.append(
        _table(
            headers([*PROJECTION_COLUMNS, "b_year_end", "b_reach", "unit"], lang),
            [
                [
                    _t(p["id"]),
                    _t(p["name"]),
                    _n(p["target"]),
                    _n(p["actual"]),
                    _t(p["period"]),
                    _n(p["year_end"]),
                    _t(reach_text(p, lang)),
                    _t(p["unit"] or ""),
                ]
                for p in b["projections"]
            ],
        )
    )
    out.append("</section>")
    if b.get("areas") is not None:  # --areas: the areas compared
        out += _areas_section(b["areas"], lang)
    # 6. data doubts
    out.append(f'<section id="doubts"><h2>{_e(w("b_section_doubts"))}</h2>')
    if b["doubts"]:
        out.append(f"<p>{_e(w('b_doubts_intro'))}</p>")
        out.append(
            _table(
                doubt_headers(lang),
                [
                    [_note(c) if i in (4, 7) else _t(c) for i, c in enumerate(doubt_cells(d, lang))]
                    for d in b["doubts"]
                ],
            )
        )
    else:
        out.append(f"<p>{_e(w('b_doubts_none'))}</p>")
    out.append("</section>")
    # 7. data note
    note = b["data_note"]
    out.append(f'<section id="data-note"><h2>{_e(w("b_section_note"))}</h2><ul>')
    tolerance = tolerance_text(note["tolerance"], lang=lang)
    out.append(f"<li>{_e(w('b_note_as_of_html', as_of=note['as_of'], tolerance=tolerance))}</li>")
    stale = w("b_list_sep").join(_e(stale_text(r, lang)) for r in note["stale"]) or w("b_none")
    out.append(f"<li>{w('b_note_stale_html', n=len(note['stale']), items=stale)}</li>")
    out.append(
        f"<li>{_e(w('b_note_files_html'))}<ul>"
        + "".join(
            f"<li>{_e(f['file'])}"
            + (
                f' <span class="muted">sha256 {_e(f["sha256"][:16])} · {_e(f.get("reported_by") or "")} · {_e(f.get("ingested_at") or "")}</span>'
                if f.get("sha256")
                else ""
            )
            + "</li>"
            for f in note["files"]
        )
        + "</ul></li>"
    )
    command = f"<code>liuzhang show {_e(w('id'))}</code>"
    out.append(f"<li>{w('b_generated_by', command=command)}</li>")
    out.append("</ul></section>")
    out += _signature(b)
    out.append("</body></html>")
    return "\n".join(out)


def _areas_section(model: dict[str, Any], lang: Lang) -> list[str]:
    """各地区比较: per indicator, the areas ranked (table and bars) and the parent's line."""
    from liuzhang.render.areas import (
        area_cells,
        area_headers,
        header_text,
        ranking_svg,
        rollup_text,
        title_text,
    )

    out = [f'<section id="areas"><h2>{_e(word("b_section_areas", lang))}</h2>']
    out.append(f"<p>{_e(header_text(model, lang))}</p>")
    for item in model["indicators"]:
        out.append(f"<h3>{_e(title_text(item, lang))}</h3>")
        rows = []
        for r in item["rows"]:
            cells = area_cells(r, lang)
            status = (badge(r["status"], lang), "") if r["status"] else _t("")
            rows.append(
                [
                    (_e(cells[0]), "num"),
                    _t(cells[1]),
                    _n(r["actual"]),
                    _n(r["target"]),
                    status,
                    _t(cells[5]),
                ]
            )
        out.append(_table(area_headers(lang), rows))
        out.append(ranking_svg(item, lang))
        line = rollup_text(item, lang)
        if line:
            out.append(f"<p>{_e(line)}</p>")
    out.append("</section>")
    return out


def _masthead(b: dict[str, Any], lang: Lang) -> list[str]:
    """Under the title: the as-of month and the office (subtitle), the plan followed (basis)."""
    classes = ("subtitle", "subtitle basis")
    return [
        f'<div class="{c}">{_e(t)}</div>' for c, t in zip(classes, masthead(b, lang), strict=False)
    ]


def _signature(b: dict[str, Any]) -> list[str]:
    """The office that signs the bulletin, at its foot."""
    office = signature(b)
    return [f'<p class="signature">{_e(office)}</p>'] if office else []


def _timeliness(b: dict[str, Any], lang: Lang) -> list[str]:
    """各单位报送情况: each office's values on time, late, missing and the rates, worst first
    (the total row last)."""
    from liuzhang.render import timeliness as tl

    model = b.get("timeliness")
    if model is None:
        return []
    rows = [[_t(cells[0]), *((_e(c), "num") for c in cells[1:])] for cells in tl.body(model, lang)]
    return [
        f'<section id="timeliness"><h2>{_e(word("tl_section", lang))}</h2>',
        f'<p class="note">{_e(tl.basis(model, lang))}</p>',
        _table(tl.headers(model, lang), rows),
        "</section>",
    ]
