"""The bulletin as Markdown tables (for a review in git or a chat message)."""

from __future__ import annotations

from typing import Any

from liuzhang.domain.tracking import TARGET_STATUSES, TASK_STATUSES
from liuzhang.i18n import Lang
from liuzhang.render.lastyear import ahead_text, any_last_year, last_year_table
from liuzhang.render.outtext import visible
from liuzhang.render.text import (
    CHANGE_COLUMNS,
    PROJECTION_COLUMNS,
    TASK_COLUMNS,
    WATCH_COLUMNS,
    Words,
    battle_label,
    change_rows,
    comparison_text,
    doubt_cells,
    doubt_headers,
    files_text,
    fmt,
    headers,
    masthead,
    owed_text,
    reach_text,
    signature,
    stale_text,
    target_cells,
    target_headers,
    task_cells,
    title,
    tolerance_text,
    watch_cells,
)


def _cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def render(b: dict[str, Any], lang: Lang = "zh") -> str:
    """The whole bulletin, section by section."""

    w = Words(lang)
    st, units = w.status, w.units

    out = [f"# {title(b, lang)}", "", *_masthead(b, lang)]
    h = b["headline"]
    out += [f"## {w('b_section_headline')}", ""]
    out += _table(
        ["", *(st(s) for s in TARGET_STATUSES)],
        [[w("summary_targets"), *(h["targets"][s] for s in TARGET_STATUSES)]],
    )
    out += [""]
    out += _table(
        ["", *(st(s) for s in TASK_STATUSES)],
        [[w("summary_tasks"), *(h["tasks"][s] for s in TASK_STATUSES)]],
    )
    out += ["", w("b_by_battle_counts"), ""]
    out += _table(
        [
            w("battle"),
            *(st(s) for s in ("missed", "behind", "at_risk", "missing", "on_track", "achieved")),
            w("b_task_status", status=st("overdue")),
            w("b_task_status", status=st("in_progress")),
        ],
        [
            [
                battle_label(x["battle"], x["name"], lang),
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
    comparison = comparison_text(b, lang)
    if comparison:
        out += ["", comparison, ""]
        changed = change_rows(h["changes"], lang)
        if changed:
            out += _table(
                headers(CHANGE_COLUMNS, lang),
                [
                    [
                        x["id"],
                        x["name"],
                        w("b_list_sep").join(x["labels"]),
                        st(x["from"]),
                        st(x["to"]),
                        units(x["lead"]),
                    ]
                    for x in changed
                ],
            )
    ahead = ahead_text(h, lang)
    if ahead:
        out += ["", ahead]
    with_last_year = any_last_year(r for x in b["battles"] for r in x["targets"])
    out += ["", f"## {w('b_section_battles')}", ""]
    for battle in b["battles"]:
        out += [f"### {battle_label(battle['battle'], battle['name'], lang)}", ""]
        if battle["targets"]:
            out += last_year_table(
                _table,
                target_headers(lang),
                [target_cells(r, w) for r in battle["targets"]],
                battle["targets"],
                3,  # after the actual value
                with_last_year,
                lang,
            )
            out += [""]
        if battle["tasks"]:
            out += _table(
                headers(TASK_COLUMNS, lang),
                [task_cells(r, w) for r in battle["tasks"]],
            )
            out += [""]
    out += [f"## {w('b_section_watchlist')}", ""]
    out += last_year_table(
        _table,
        headers([*WATCH_COLUMNS, "responsible"], lang),
        [watch_cells(n, r, w) for n, r in enumerate(b["watchlist"], 1)],
        b["watchlist"],
        5,  # after the gap
        with_last_year,
        lang,
    )
    out += ["", f"## {w('b_section_units')}", ""]
    out += _table(
        [
            w("unit"),
            *(st(s) for s in ("missed", "behind", "at_risk", "missing", "overdue")),
            st("on_track"),
            st("achieved"),
            w("b_owed_items"),
        ],
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
                owed_text(u, lang),
            ]
            for u in b["units"]
        ],
    )
    out += _timeliness(b, lang)
    out += ["", f"## {w('b_section_projections')}", ""]
    out += _table(
        headers([*PROJECTION_COLUMNS, "b_year_end", "b_reach", "unit"], lang),
        [
            [
                p["id"],
                p["name"],
                fmt(p["target"]),
                fmt(p["actual"]),
                p["period"],
                fmt(p["year_end"]),
                reach_text(p, lang),
                p["unit"] or "",
            ]
            for p in b["projections"]
        ],
    )
    if b.get("areas") is not None:  # --areas: the areas compared
        out += _areas_section(b["areas"], lang)
    out += ["", f"## {w('b_section_doubts')}", ""]
    if b["doubts"]:
        out += [w("b_doubts_intro"), ""]
        out += _table(doubt_headers(lang), [doubt_cells(d, lang) for d in b["doubts"]])
    else:
        out += [w("b_doubts_none")]
    note = b["data_note"]
    stale = w("b_list_sep").join(stale_text(r, lang) for r in note["stale"]) or w("b_none")
    files = files_text(note["files"], lang)
    out += [
        "",
        f"## {w('b_section_note')}",
        "",
        "- "
        + w(
            "b_note_as_of",
            as_of=note["as_of"],
            tolerance=tolerance_text(note["tolerance"], lang=lang),
        ),
        "- " + w("b_note_stale", n=len(note["stale"]), items=stale),
        "- " + w("b_note_files", files=files),
        "",
        *_signature(b),
    ]
    return visible("\n".join(out), keep_newlines=True)  # no control codes from file names


def _areas_section(model: dict[str, Any], lang: Lang) -> list[str]:
    """各地区比较: per indicator, the areas ranked and the parent's line."""
    from liuzhang.i18n import word
    from liuzhang.render.areas import area_cells, area_headers, header_text, rollup_text, title_text

    out = ["", f"## {word('b_section_areas', lang)}", "", header_text(model, lang)]
    for item in model["indicators"]:
        out += ["", f"### {title_text(item, lang)}", ""]
        out += _table(area_headers(lang), [area_cells(r, lang) for r in item["rows"]])
        line = rollup_text(item, lang)
        if line:
            out += ["", line]
    return out


def _masthead(b: dict[str, Any], lang: Lang) -> list[str]:
    """Under the title: the as-of month and the office (subtitle), the plan followed (basis)."""
    return [x for line in masthead(b, lang) for x in (line, "")]


def _signature(b: dict[str, Any]) -> list[str]:
    """The office that signs the bulletin, at its foot."""
    office = signature(b)
    return [office, ""] if office else []


def _timeliness(b: dict[str, Any], lang: Lang) -> list[str]:
    """各单位报送情况: each office's values on time, late, missing and the rates, worst first."""
    from liuzhang.render import timeliness as tl

    model = b.get("timeliness")
    if model is None:
        return []
    out = ["", f"## {Words(lang)('tl_section')}", "", tl.basis(model, lang), ""]
    return out + _table(tl.headers(model, lang), tl.body(model, lang))
