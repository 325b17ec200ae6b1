"""The bulletin (月通报 / 季总结) as a GB/T 9704-2012 Word document (:mod:`.gongwen`).

The same model as the HTML, Markdown and xlsx bulletins (:func:`liuzhang.views.bulletin.
build_bulletin`), the same words and number formats (:mod:`liuzhang.render.text`); statuses in
words, never in colour; the plan's office and the document's date (``--date``) sign it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liuzhang.domain.tracking import TARGET_STATUSES, TASK_STATUSES
from liuzhang.i18n import Lang
from liuzhang.render.gongwen import Gongwen
from liuzhang.render.lastyear import ahead_text, any_last_year, last_year_table
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

if TYPE_CHECKING:
    from liuzhang.domain.plan import DocumentStyle

_UNIT_STATUSES = ("missed", "behind", "at_risk", "missing", "overdue")


def write(bulletin: dict[str, Any], path: Path, lang: Lang, style: DocumentStyle) -> None:
    """The bulletin as a 公文 in ``path`` (.docx), typeset with ``style``'s fonts."""
    layout(bulletin, lang, style).save(path)


def layout(b: dict[str, Any], lang: Lang, style: DocumentStyle) -> Gongwen:
    """The bulletin laid out, section by section, as :func:`write` saves it."""
    doc = Gongwen(style, lang)
    w = Words(lang)
    doc.title(title(b, lang))
    for line in masthead(b, lang):
        doc.paragraph(line)
    with_last_year = any_last_year(r for x in b["battles"] for r in x["targets"])
    _overview(doc, b, w)
    doc.heading(1, w("dx_battles"))
    for battle in b["battles"]:
        _battle(doc, battle, w, with_last_year)
    _watchlist(doc, b, w, with_last_year)
    _units(doc, b, w)
    if b.get("timeliness"):
        _timeliness(doc, b["timeliness"], w)
    if b.get("areas") is not None:
        _areas(doc, b["areas"], w)
    _projections(doc, b, w)
    _doubts(doc, b, w)
    _note(doc, b, w)
    doc.signature(signature(b), b["date"])
    return doc


def _overview(doc: Gongwen, b: dict[str, Any], w: Words) -> None:
    """总体情况: the counts in a sentence, the comparison, last year, the by-section table and
    the items that changed for the worse."""
    lang, st, h = w.lang, w.status, b["headline"]
    doc.heading(1, w("dx_overview"))
    counts = [
        w("b_count_sep").join(w("b_status_count", status=st(s), n=n[s]) for s in statuses)
        for n, statuses in ((h["targets"], TARGET_STATUSES), (h["tasks"], TASK_STATUSES))
    ]
    doc.paragraph(w("b_headline_counts", targets=counts[0], tasks=counts[1]))
    comparison = comparison_text(b, lang)
    ahead = ahead_text(h, lang)
    for text in (comparison, ahead):
        if text:
            doc.paragraph(text)
    doc.paragraph(w("b_by_battle_counts"))
    doc.table(
        [
            w("battle"),
            *(st(s) for s in ("missed", "behind", "at_risk", "missing", "on_track", "achieved")),
            w("b_task_status", status=st("overdue")),
            w("b_task_status", status=st("in_progress")),
        ],
        [
            [
                battle_label(x["battle"], x["name"], lang),
                *(
                    str(x["targets"][s])
                    for s in ("missed", "behind", "at_risk", "missing", "on_track", "achieved")
                ),
                str(x["tasks"]["overdue"]),
                str(x["tasks"]["in_progress"]),
            ]
            for x in h["by_battle"]
        ],
    )
    changed = change_rows(h["changes"], lang) if comparison else []
    if changed:
        doc.paragraph(w("b_changed_title"))
        doc.table(
            headers(CHANGE_COLUMNS, lang),
            [
                [
                    x["id"],
                    x["name"],
                    w("b_list_sep").join(x["labels"]),
                    st(x["from"]),
                    st(x["to"]),
                    w.units(x["lead"]),
                ]
                for x in changed
            ],
        )


def _last_year(
    doc: Gongwen, records: list[Mapping[str, Any]], after: int, shown: bool, lang: Lang
) -> Callable[[list[str], list[list[str]]], None]:
    """``table(headers, rows)`` with the 去年同期 column after column ``after`` when ``shown``."""

    def table(head: list[str], rows: list[list[str]]) -> None:
        last_year_table(doc.table, head, rows, records, after, shown, lang)

    return table


def _battle(doc: Gongwen, battle: dict[str, Any], w: Words, with_last_year: bool) -> None:
    """A section of the plan: its targets and its tasks, statuses in words."""
    lang = w.lang
    doc.heading(2, battle_label(battle["battle"], battle["name"], lang))
    targets, tasks = battle["targets"], battle["tasks"]
    if targets:
        doc.heading(3, w("summary_targets"))
        noted = any(r["note"] for r in targets)
        rows = [target_cells(r, w)[: None if noted else -1] for r in targets]
        head = target_headers(lang)[: None if noted else -1]  # 备注 last, only when noted
        _last_year(doc, targets, 3, with_last_year, lang)(head, rows)  # after the actual value
    if tasks:
        doc.heading(3, w("summary_tasks"))
        doc.table(
            headers(TASK_COLUMNS, lang),
            [task_cells(r, w) for r in tasks],
        )


def _watchlist(doc: Gongwen, b: dict[str, Any], w: Words, with_last_year: bool) -> None:
    """督办清单: every grave item, in the model's order."""
    lang, watch = w.lang, b["watchlist"]
    doc.heading(1, w("dx_watchlist"))
    if not watch:
        doc.paragraph(w("dx_watch_none"))
        return
    rows = [watch_cells(n, r, w) for n, r in enumerate(watch, 1)]
    head = headers([*WATCH_COLUMNS, "responsible"], lang)
    _last_year(doc, watch, 5, with_last_year, lang)(head, rows)  # after the gap


def _units(doc: Gongwen, b: dict[str, Any], w: Words) -> None:
    """各单位情况: per unit, its items by status and what it owes."""
    st = w.status
    doc.heading(1, w("dx_units"))
    doc.table(
        [
            w("unit"),
            *(st(s) for s in _UNIT_STATUSES),
            w("b_on_track_or_in_progress"),
            st("achieved"),
            w("b_owed_items"),
        ],
        [
            [
                u["unit"],
                *(
                    str(len(u["owes"]) if s == "missing" else u["counts"][s])
                    for s in _UNIT_STATUSES
                ),
                str(u["counts"]["on_track"] + u["counts"]["in_progress"]),
                str(u["counts"]["achieved"] + u["counts"]["done"]),
                owed_text(u, w.lang),
            ]
            for u in b["units"]
        ],
    )


def _timeliness(doc: Gongwen, t: dict[str, Any], w: Words) -> None:
    """各单位报送情况: per unit, values expected, on time, late, missing and the rates (the
    table ``liuzhang timeliness`` prints: :mod:`liuzhang.render.timeliness`)."""
    from liuzhang.render import timeliness as tl

    doc.heading(1, w("tl_section"))
    doc.paragraph(tl.basis(t, w.lang))
    doc.table(tl.headers(t, w.lang), tl.body(t, w.lang))


def _areas(doc: Gongwen, model: dict[str, Any], w: Words) -> None:
    """各地区比较 (``report --areas``): per indicator, the areas ranked, and the parent's line
    (as ``liuzhang compare`` words them: :mod:`liuzhang.render.areas`)."""
    from liuzhang.render.areas import area_cells, area_headers, header_text, rollup_text, title_text

    doc.heading(1, w("b_section_areas"))
    doc.paragraph(header_text(model, w.lang))
    for item in model["indicators"]:
        doc.heading(2, title_text(item, w.lang))
        doc.table(area_headers(w.lang), [area_cells(r, w.lang) for r in item["rows"]])
        line = rollup_text(item, w.lang)
        if line:
            doc.paragraph(line)


def _projections(doc: Gongwen, b: dict[str, Any], w: Words) -> None:
    """全年预计: cumulative targets at the current pace."""
    doc.heading(1, w("dx_projections"))
    doc.table(
        headers([*PROJECTION_COLUMNS, "b_year_end", "b_reach", "unit"], w.lang),
        [
            [
                p["id"],
                p["name"],
                fmt(p["target"]),
                fmt(p["actual"]),
                p["period"],
                fmt(p["year_end"]),
                reach_text(p, w.lang),
                p["unit"] or "",
            ]
            for p in b["projections"]
        ],
    )


def _doubts(doc: Gongwen, b: dict[str, Any], w: Words) -> None:
    """数据疑点: values doubtful when sent."""
    doc.heading(1, w("dx_doubts"))
    if not b["doubts"]:
        doc.paragraph(w("b_doubts_none"))
        return
    doc.paragraph(w("b_doubts_intro"))
    doc.table(doubt_headers(w.lang), [doubt_cells(d, w.lang, name_only=True) for d in b["doubts"]])


def _note(doc: Gongwen, b: dict[str, Any], w: Words) -> None:
    """数据说明: as of when, the tolerance, stale values, the files used."""
    lang, note = w.lang, b["data_note"]
    doc.heading(1, w("dx_note"))
    tolerance = tolerance_text(note["tolerance"], lang=lang)
    doc.paragraph(w("b_note_as_of", as_of=note["as_of"], tolerance=tolerance))
    stale = w("b_list_sep").join(stale_text(r, lang) for r in note["stale"]) or w("b_none")
    doc.paragraph(w("b_note_stale", n=len(note["stale"]), items=stale))
    files = files_text(note["files"], lang, name_only=True)
    doc.paragraph(w("b_note_files", files=files))
    doc.paragraph(w("b_generated_by", command=f"liuzhang show {w('id')}"))
