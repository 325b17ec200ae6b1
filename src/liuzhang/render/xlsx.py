"""The bulletin as an .xlsx workbook: one sheet per section, numbers as numbers, no live formulas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from liuzhang.domain.tracking import TARGET_STATUSES, TASK_STATUSES
from liuzhang.i18n import Lang, display_width
from liuzhang.render.colors import STATUS_COLORS
from liuzhang.render.lastyear import ahead_text, any_last_year, change_unit_word, record_text
from liuzhang.render.outtext import visible
from liuzhang.render.text import (
    Words,
    basis_text,
    battle_label,
    change_rows,
    commitment_word,
    comparison_text,
    doubt_cells,
    doubt_headers,
    goal,
    headers,
    owed_text,
    reach_text,
    signature,
    stale_text,
    subtitle,
    title,
    tolerance_text,
)

# The widest a column gets (in characters); longer texts wrap inside their cells.
MAX_WIDTH = 36


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
            width = display_width(value) + 2
            if width > MAX_WIDTH:  # wrapped in its cell: overflowing text would widen the print
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            self.widths[i] = min(max(self.widths[i], width), MAX_WIDTH)
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


# The 去年同期 columns at the end of the target and watch-list sheets (numbers as numbers).
LAST_YEAR_COLUMNS = ("last_year", "last_year_period", "last_year_change", "last_year_change_unit")


def _last_year_cells(r: dict[str, Any], lang: Lang) -> list[Any]:
    """Last year's value (with its unit when it is not this year's), its period, the change and
    the change's unit."""
    value = r["last_year"]
    if value is not None and r["last_year_unit"] != r["unit"]:
        value = record_text(r, lang)  # not comparable: the value with its own unit, as text
    return [
        value,
        r["last_year_period"] or "",
        r["last_year_change"],
        change_unit_word(r["last_year_change_unit"], lang),
    ]


def write(bulletin: dict[str, Any], path: Path, lang: Lang = "zh") -> None:
    """Write the workbook to ``path``."""
    from openpyxl import Workbook

    w = Words(lang)
    st, units = w.status, w.units

    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    b = bulletin

    task_columns = [w("b_task_status", status=st(x)) for x in TASK_STATUSES]
    s = _Sheet(
        book,
        w("b_sheet_overview"),
        [
            w("b_scope"),
            w("b_category"),
            *(st(x) for x in TARGET_STATUSES),
            *task_columns,
        ],
    )
    h = b["headline"]
    s.add(
        [
            title(b, lang),
            w("b_scope_all"),
            *(h["targets"][x] for x in TARGET_STATUSES),
            *(h["tasks"][x] for x in TASK_STATUSES),
        ]
    )
    for x in h["by_battle"]:
        s.add(
            [
                battle_label(x["battle"], x["name"], lang),
                w("b_scope_battle"),
                *(x["targets"][t] for t in TARGET_STATUSES),
                *(x["tasks"][t] for t in TASK_STATUSES),
            ]
        )
    comparison = comparison_text(b, lang)
    if comparison:
        s.add([comparison, w("b_scope_change")])
        for c in change_rows(h["changes"], lang):
            labels = w("b_list_sep").join(c["labels"])
            s.add(
                [
                    f"{c['id']} {c['name']}",
                    w("b_change_label", labels=labels, before=st(c["from"]), after=st(c["to"])),
                ]
            )
        for c in h["changes"].get("improved", []):
            labels = w("b_change_improved")
            s.add(
                [
                    f"{c['id']} {c['name']}",
                    w("b_change_label", labels=labels, before=st(c["from"]), after=st(c["to"])),
                ]
            )
    ahead = ahead_text(h, lang)
    if ahead:
        s.add([ahead, w("last_year")])
    s.finish()
    with_last_year = any_last_year(r for x in b["battles"] for r in x["targets"])

    s = _Sheet(
        book,
        w("b_sheet_battles"),
        headers(
            [
                "battle",
                "id",
                "name",
                "b_target_value",
                "b_actual_value",
                "expected",
                "gap",
                "remaining",
                "b_unit_of_values",
                "status",
                "period",
                "b_stale",
                "lead",
                "note",
                *(LAST_YEAR_COLUMNS if with_last_year else ()),
            ],
            lang,
        ),
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
                    st(r["status"]),
                    r["period"] or "",
                    w("b_yes") if r["stale"] else "",
                    units(r["lead"]),
                    r["note"] or "",
                    *(_last_year_cells(r, lang) if with_last_year else ()),
                ],
                status_col=9,
                status=r["status"],
                wrap_col=13,
            )
    s.finish()

    s = _Sheet(
        book,
        w("b_sheet_tasks"),
        headers(
            [
                "battle",
                "id",
                "title",
                "deadline",
                "b_progress_percent",
                "status",
                "b_reported_period",
                "lead",
                "responsible",
                "note",
            ],
            lang,
        ),
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
                    st(r["status"]),
                    r["period"] or "",
                    units(r["lead"]),
                    units(r["responsible"]),
                    r["note"] or "",
                ],
                status_col=5,
                status=r["status"],
                wrap_col=9,
            )
    s.finish()

    s = _Sheet(
        book,
        w("b_sheet_watchlist"),
        headers(
            [
                "b_seq",
                "id",
                "b_item",
                "b_category",
                "commitment",
                "status",
                "b_goal",
                "b_actual_value",
                "gap",
                "unit",
                "lead",
                "responsible",
                *(LAST_YEAR_COLUMNS if with_last_year else ()),
            ],
            lang,
        ),
    )
    for n, r in enumerate(b["watchlist"], 1):
        s.add(
            [
                n,
                r["id"],
                r["name"],
                w("b_target_name") if r["kind"] == "target" else w("title"),
                commitment_word(r["commitment"], lang),
                st(r["status"]),
                goal(r, lang),
                r["actual"],
                r["gap"],
                r["unit"] or "",
                units(r["lead"]),
                units(r["responsible"]),
                *(_last_year_cells(r, lang) if with_last_year else ()),
            ],
            status_col=5,
            status=r["status"],
        )
    s.finish()

    s = _Sheet(
        book,
        w("b_sheet_units"),
        [
            w("unit"),
            *(st(x) for x in TARGET_STATUSES),
            *task_columns,
            w("b_owed_items"),
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
                owed_text(u, lang),
            ]
        )
    s.finish()
    _timeliness(book, b, lang)

    s = _Sheet(
        book,
        w("b_sheet_projections"),
        headers(
            [
                "id",
                "b_target_name",
                "b_annual_target",
                "b_so_far_cumulative",
                "period",
                "projection",
                "b_reach_month_column",
                "b_reach",
                "unit",
                "lead",
            ],
            lang,
        ),
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
                reach_text(p, lang),
                p["unit"] or "",
                p["lead"],
            ]
        )
    s.finish()

    if b.get("areas") is not None:  # --areas: the areas compared
        _areas_sheet(book, b["areas"], lang)

    # As in the other formats, but a target's value is a number, its unit in a column of its own.
    doubt_columns = doubt_headers(lang)
    s = _Sheet(book, w("b_sheet_doubts"), [*doubt_columns[:4], w("unit"), *doubt_columns[4:]])
    for d in b["doubts"]:
        cells: list[Any] = doubt_cells(d, lang)
        number = d["kind"] == "target" and d["value"] is not None
        value, unit = (d["value"], d["unit"] or "") if number else (cells[3], "")
        s.add([*cells[:3], value, unit, *cells[4:]], wrap_col=5)
    s.finish()

    note = b["data_note"]
    s = _Sheet(
        book,
        w("b_sheet_note"),
        headers(["b_note_item", "b_note_content", "b_note_extra"], lang),
    )
    for row in _identity_rows(b, lang):
        s.add(row)
    s.add([w("b_note_as_of_row"), note["as_of"], ""])
    s.add([w("b_tolerance"), tolerance_text(note["tolerance"], label=False, lang=lang), ""])
    for r in note["stale"]:
        s.add(
            [
                w("b_stale"),
                w("b_stale_row", name=r["name"], text=stale_text(r, lang)),
                r["owes"] or "",
            ]
        )
    for f in note["files"]:
        s.add([w("b_source_file_row"), f["file"], f.get("sha256", "")])
    s.finish()
    _properties(book, b, lang)
    from liuzhang.render.printing import print_setup_book

    print_setup_book(book, title(b, lang), lang)
    book.save(path)


def _areas_sheet(book: Any, model: dict[str, Any], lang: Lang) -> None:
    """各地区比较: a row per indicator and area (numbers as numbers), then the parent's line."""
    from liuzhang.i18n import word
    from liuzhang.render.areas import area_cells, area_headers, rollup_text

    columns = [word("indicator", lang), word("name", lang), *area_headers(lang), word("unit", lang)]
    s = _Sheet(book, word("b_section_areas", lang), columns)
    for item in model["indicators"]:
        for r in item["rows"]:
            cells = area_cells(r, lang)
            values = [item["indicator"], item["name"], r["rank"], r["area"], r["actual"]]
            values += [r["target"], cells[4], cells[5], item["unit"] or ""]
            s.add(values, status_col=6, status=r["status"])
        line = rollup_text(item, lang)
        if line:
            s.add([item["indicator"], item["name"], None, line])
    s.finish()


def _identity_rows(b: dict[str, Any], lang: Lang) -> list[list[Any]]:
    """The data note's first rows: the title and subtitle, the plan followed (plan.yaml)."""
    w = Words(lang)
    rows = [[w("b_title_row"), title(b, lang), subtitle(b, lang)]]
    if b.get("plan_info"):
        rows.append([w("b_basis_row"), basis_text(b["plan_info"], lang, label=False), ""])
    return rows


def _properties(book: Any, b: dict[str, Any], lang: Lang) -> None:
    """The workbook's own title, subject and author: the bulletin's title, subtitle, office."""
    book.properties.title = visible(title(b, lang))
    book.properties.subject = visible(subtitle(b, lang))
    office = signature(b)
    if office:
        book.properties.creator = visible(office)


def _timeliness(book: Any, b: dict[str, Any], lang: Lang) -> None:
    """各单位报送情况: a sheet of each office's counts and rates (numbers, rates as percentages),
    the total row, then how it is counted."""
    from liuzhang.render import timeliness as tl

    model = b.get("timeliness")
    if model is None:
        return
    keys = tl.keys(model)
    s = _Sheet(book, Words(lang)("tl_section"), tl.headers(model, lang))
    total = {**model["total"], "unit": Words(lang)("tl_total")}
    for row in [*model["rows"], total]:
        s.add([row[k] if row[k] is not None else "—" for k in keys])
        for i, k in enumerate(keys):
            if k in tl.RATE_KEYS and row[k] is not None:
                s.ws.cell(row=s.ws.max_row, column=i + 1).number_format = "0.0%"
    from openpyxl.styles import Alignment

    s.ws.append([])
    s.ws.append([visible(tl.basis(model, lang))])
    r = s.ws.max_row
    note = s.ws.cell(row=r, column=1)
    note.data_type = "s"  # never a formula
    note.alignment = Alignment(wrap_text=True, vertical="top")
    s.ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(keys))
    s.ws.row_dimensions[r].height = 60
    s.finish()
