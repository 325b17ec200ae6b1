"""The 旬简报 laid out: one page of short sections and tables, as HTML, Markdown, xlsx and a
GB/T 9704 Word document (:mod:`liuzhang.render.gongwen`), from the model of
:func:`liuzhang.views.dekad.build_dekad_brief`. Every writer takes its words and its tables
from here; untrusted text is escaped or neutralised as the bulletin's writers do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liuzhang.i18n import Lang, word
from liuzhang.render.outtext import visible
from liuzhang.render.text import (
    CHANGE_COLUMNS,
    basis_text,
    change_rows,
    date_text,
    doubt_value,
    fmt,
    headers,
    signature,
    signed,
    source_text,
)

if TYPE_CHECKING:
    from liuzhang.domain.plan import DocumentStyle

# The sections, in order (word keys); the writers number them.
SECTIONS = (
    "dk_section_overview",
    "dk_section_received",
    "dk_section_changes",
    "dk_section_behind",
    "dk_section_missing",
    "dk_section_note",
)
_ZH_NUMBERS = "一二三四五六"


@dataclass
class Table:
    """Headers and rows of cells (text, numbers; None for “—”); ``status_cols``: the columns
    holding a status key (shown in words, and coloured where the format can); ``group_col``: a
    column whose repeats the text formats leave blank (the office of a run of rows); ``keys``:
    the columns' word keys, ``unprinted``: those a printed page (the 公文) leaves out."""

    headers: list[str]
    rows: list[list[Any]]
    status_cols: tuple[int, ...] = field(default=())
    group_col: int | None = None
    signed_cols: tuple[int, ...] = field(default=())  # gaps: “+” before a positive number
    keys: list[str] = field(default_factory=list)
    unprinted: tuple[str, ...] = field(default=())
    print_widths: list[float] | None = None  # mm, of the printed columns (else by content)
    more: str | None = None  # under rows cut short: 等 N 项（详见 xlsx 明细）

    def for_print(self) -> Table:
        """The table without the :attr:`unprinted` columns: a 156 mm page holds names, not ids
        and file names (the other formats keep those)."""
        if not self.unprinted:
            return self
        kept = [i for i, k in enumerate(self.keys) if k not in self.unprinted]

        def moved(cols: tuple[int, ...]) -> tuple[int, ...]:
            return tuple(kept.index(c) for c in cols if c in kept)

        return Table(
            [self.headers[i] for i in kept],
            [[row[i] for i in kept] for row in self.rows],
            moved(self.status_cols),
            moved((self.group_col,))[0] if self.group_col in kept else None,
            moved(self.signed_cols),
            print_widths=self.print_widths,
            more=self.more,
        )

    def cells(self, lang: Lang) -> list[list[Any]]:
        """Every cell as a spreadsheet takes it: statuses in words, numbers as numbers."""
        return [
            [status_text(c, lang) if i in self.status_cols else c for i, c in enumerate(row)]
            for row in self.rows
        ]

    def text_rows(self, lang: Lang) -> list[list[str]]:
        """Every cell as text (numbers formatted, statuses in words), a group's repeats blank."""
        out = []
        previous = None
        for row in self.cells(lang):
            cells = [
                signed(c) if i in self.signed_cols else fmt(c, lang) for i, c in enumerate(row)
            ]
            if self.group_col is not None:
                group = cells[self.group_col]
                cells[self.group_col] = "" if group == previous else group
                previous = group
            out.append(cells)
        return out

    def shown_rows(self, lang: Lang) -> list[list[str]]:
        """:meth:`text_rows` and, when rows were cut, a last row saying how many (first cell)."""
        more = [[self.more] + [""] * (len(self.headers) - 1)] if self.more else []
        return self.text_rows(lang) + more


# -- words ---------------------------------------------------------------------------------------


def period_words(b: dict[str, Any], lang: Lang = "zh") -> str:
    """2023年6月中旬 / 2023-06, days 11–20."""
    dekad = word(f"dk_dekad_{b['index']}", lang)
    return word("dk_period", lang, year=b["year"], month=b["month"], dekad=dekad)


def brief_title(b: dict[str, Any], lang: Lang = "zh") -> str:
    """{plan}旬简报（2023年6月中旬）."""
    return word("dk_title", lang, plan=b.get("plan") or "", period=period_words(b, lang))


def subtitle(b: dict[str, Any], lang: Lang = "zh") -> str:
    """2023年6月11日至2023年6月20日 · the office (plan.yaml)."""
    office = (b.get("plan_info") or {}).get("office") or b.get("plan") or ""
    start, end = date_text(b["start"], lang), date_text(b["end"], lang)
    return word("dk_subtitle", lang, start=start, end=end, office=office)


def masthead(b: dict[str, Any], lang: Lang = "zh") -> list[str]:
    """The lines under the title: the 旬's dates and the office, the plan followed."""
    info = b.get("plan_info")
    return [subtitle(b, lang), *([basis_text(info, lang)] if info else [])]


def section_title(n: int, lang: Lang = "zh") -> str:
    """The ``n``-th section's title with its number (一、本旬概况 / 1. Overview)."""
    text = word(SECTIONS[n - 1], lang)
    return f"{n}. {text}" if lang == "en" else f"{_ZH_NUMBERS[n - 1]}、{text}"


def month_words(period: str | None, lang: Lang = "zh") -> str:
    """2023-05 → 2023年5月 / 2023-05."""
    if not period:
        return ""
    year, month = period.split("-")
    return word("b_month_label", lang, year=year, month=int(month))


def overview(b: dict[str, Any], lang: Lang = "zh") -> list[str]:
    """The overview's sentences: what arrived, the comparison of the two judgements, who owes."""
    s = b["summary"]
    out = [
        word(
            "dk_received_summary",
            lang,
            offices=s["received_offices"],
            values=s["received"],
            dekad=s["dekad_values"],
        )
    ]
    if b["as_of"] is None:
        return [*out, word("dk_nothing_due", lang)]
    as_of = month_words(b["as_of"], lang)
    previous = b["previous"]["as_of"]
    if previous is None:
        out.append(word("dk_judged_alone", lang, as_of=as_of))
    else:
        out.append(
            word(
                "dk_compared",
                lang,
                as_of=as_of,
                previous_as_of=month_words(previous, lang),
                improved=s["improved"],
                worsened=s["worsened"],
                behind=s["newly_behind"],
                new_overdue=s["new_overdue"],
                newly_missing=s["newly_missing"],
            )
        )
    out.append(
        word(
            "dk_owed_summary",
            lang,
            offices=s["not_submitted_offices"],
            items=s["not_submitted_items"],
        )
    )
    return out


def notes(b: dict[str, Any], lang: Lang = "zh") -> list[str]:
    """How the brief is made (its semantics, stated on the page)."""
    start, end = date_text(b["start"], lang), date_text(b["end"], lang)
    return [
        word("dk_note_dekads", lang, start=start, end=end),
        word("dk_note_arrival", lang),
        word("dk_note_judged", lang, due_day=b["due_day"]),
        word("dk_note_behind", lang),
    ]


def status_text(status: str | None, lang: Lang = "zh") -> str:
    """A status in words; an item not judged before says so."""
    return word(status, lang) if status else word("dk_not_judged", lang)


# -- tables --------------------------------------------------------------------------------------


# What the one page shows (html, md, the xlsx's first sheet, docx: every writer takes its tables
# from :func:`sections`); the json model and the xlsx's other sheets keep every row.
SHOWN_ITEMS = 3  # changes, newly behind: the gravest, as the 督办清单 orders them
SHOWN_OFFICES = 5  # offices sending, offices owing: those with the most values, items
SHOWN_NAMES = 2  # item names per office owing

_DETAIL_COLUMNS = [
    "reported_by",
    "id",
    "name",
    "period",
    "b_value",
    "unit",
    "dk_earlier",
    "dk_arrived",
    "b_source_row",
]
_OFFICE_COLUMNS = [
    "reported_by",
    "dk_values",
    "dk_targets",
    "dk_tasks",
    "period",
    "dk_arrived",
    "dk_revised",
]


def _value(kind: str, value: Any, status: str | None, unit: str | None, lang: Lang) -> Any:
    """A target's value as a number; a task's (or a milestone's) status and progress as text."""
    if kind == "target" and value is not None:
        return value
    return doubt_value({"kind": kind, "value": value, "status": status, "unit": unit}, lang)


def more_text(hidden: int, lang: Lang = "zh") -> str | None:
    """等 N 项（详见 xlsx 明细） under a table cut short; None when nothing is hidden."""
    return word("dk_more_items", lang, count=hidden) if hidden > 0 else None


def detail_table(rows: list[dict[str, Any]], lang: Lang = "zh") -> Table:
    """Every value received, one row each (the xlsx 明细 sheet; the json keeps them too)."""
    body = []
    for r in rows:
        earlier = (
            _value(r["kind"], r["earlier"], r["earlier_status"], r["unit"], lang)
            if r["revised"]
            else word("dk_new_value", lang)
        )
        body.append(
            [
                r["office"] or word("dk_office_unstated", lang),
                r["id"],
                r["name"],
                r["period"],
                _value(r["kind"], r["value"], r["status"], r["unit"], lang),
                r["unit"] or "",
                earlier,
                r["arrived"],
                source_text(r, name_only=True),
            ]
        )
    return Table(headers(_DETAIL_COLUMNS, lang), body, group_col=0, keys=_DETAIL_COLUMNS)


def _dates(days: list[str], lang: Lang) -> str:
    """One arrival date, or the first and the last (2023-06-12至06-19: the last's year when it
    is not the first's)."""
    if len(days) == 1:
        return days[0]
    first, last = days[0], days[-1]
    return word(
        "dk_date_range", lang, first=first, last=last[5:] if last[:4] == first[:4] else last
    )


def received_table(b: dict[str, Any], lang: Lang = "zh") -> Table:
    """One row per office that sent something in the 旬 (旬 values included), the offices with
    the most values first: the first :data:`SHOWN_OFFICES`, the others in one row, the total."""
    sep = word("b_list_sep", lang)
    offices = sorted(b["received_offices"], key=lambda o: -o["values"])

    def row(first: str, group: list[dict[str, Any]], periods: str) -> list[Any]:
        days = sorted({d for o in group for d in o["arrived"]})
        counts = [sum(o[k] for o in group) for k in ("values", "targets", "tasks")]
        return [first, *counts, periods, _dates(days, lang), sum(o["revised"] for o in group)]

    body = [
        row(o["office"] or word("dk_office_unstated", lang), [o], sep.join(o["periods"]))
        for o in offices[:SHOWN_OFFICES]
    ]
    rest = offices[SHOWN_OFFICES:]
    if rest:
        body.append(row(word("dk_other_offices", lang, offices=len(rest)), rest, ""))
    if len(offices) > 1:
        body.append(row(word("dk_total", lang), offices, ""))
    return Table(
        headers(_OFFICE_COLUMNS, lang),
        body,
        keys=_OFFICE_COLUMNS,
    )


def received_rows(b: dict[str, Any]) -> list[dict[str, Any]]:
    """Every value received, office by office, the 旬 values last."""
    dekad: list[dict[str, Any]] = b["dekad_values"]
    return [v for group in b["received"] for v in group["values"]] + dekad


def changes_table(b: dict[str, Any], lang: Lang = "zh", shown: int | None = SHOWN_ITEMS) -> Table:
    """Worsened, newly overdue, newly missing (as the bulletin lists them), then improved; the
    first ``shown`` (None: all)."""
    changes = b["changes"]
    rows = change_rows(changes, lang)
    rows += [{**c, "labels": [word("b_change_improved", lang)]} for c in changes["improved"]]
    sep = word("b_list_sep", lang)
    body = [
        [x["id"], x["name"], sep.join(x["labels"]), x["from"], x["to"], sep.join(x["lead"])]
        for x in rows[:shown]
    ]
    return Table(
        headers(CHANGE_COLUMNS, lang),
        body,
        (3, 4),
        keys=CHANGE_COLUMNS,
        unprinted=("id",),
        more=more_text(len(rows) - len(body), lang),
    )


def behind_table(b: dict[str, Any], lang: Lang = "zh", shown: int | None = SHOWN_ITEMS) -> Table:
    """The items newly behind, the gravest first, with their numbers; the first ``shown``."""
    keys = [
        "id",
        "name",
        "b_from_status",
        "b_to_status",
        "actual",
        "expected",
        "gap",
        "unit",
        "lead",
    ]
    sep = word("b_list_sep", lang)
    items = b["newly_behind"]
    body = [
        [
            x["id"],
            x["name"],
            x["from"],
            x["to"],
            x["actual"],
            x["expected"],
            x["gap"],
            x["unit"] or "",
            sep.join(x["lead"]),
        ]
        for x in items[:shown]
    ]
    return Table(
        headers(keys, lang),
        body,
        (2, 3),
        signed_cols=(6,),
        keys=keys,
        unprinted=("id",),
        more=more_text(len(items) - len(body), lang),
    )


def _owed_name(b: dict[str, Any], r: dict[str, Any], lang: Lang) -> str:
    """An item owed, with the period due when it is not the month judged (a quarter's value)."""
    if r["due_period"] in (None, b["as_of"]):
        return str(r["name"])
    return word("dk_owed_item_due", lang, name=r["name"], due=r["due_period"])


def missing_table(b: dict[str, Any], lang: Lang = "zh") -> Table:
    """Who has not submitted: the offices owing the most first, each with its count and the
    first :data:`SHOWN_NAMES` items (等 N 项); the first :data:`SHOWN_OFFICES` offices."""
    keys = ["owes", "dk_owed_count", "dk_owed_items"]
    sep = word("b_list_sep", lang)
    offices = sorted(b["not_submitted"], key=lambda o: -len(o["items"]))
    body = []
    for o in offices[:SHOWN_OFFICES]:
        names = sep.join(_owed_name(b, r, lang) for r in o["items"][:SHOWN_NAMES])
        rest = len(o["items"]) - SHOWN_NAMES
        if rest > 0:
            names += word("dk_and_more", lang, count=rest)
        body.append([o["unit"], len(o["items"]), names])
    hidden = offices[SHOWN_OFFICES:]
    more = (
        word(
            "dk_more_offices", lang, offices=len(hidden), items=sum(len(o["items"]) for o in hidden)
        )
        if hidden
        else None
    )
    return Table(headers(keys, lang), body, more=more)


def owed_table(b: dict[str, Any], lang: Lang = "zh") -> Table:
    """Every item owed, one row each (the xlsx's 应报未报 sheet)."""
    keys = ["owes", "id", "name", "dk_due_period"]
    body = [
        [o["unit"], r["id"], r["name"], r["due_period"]]
        for o in b["not_submitted"]
        for r in o["items"]
    ]
    return Table(headers(keys, lang), body, group_col=0, keys=keys)


def sections(b: dict[str, Any], lang: Lang = "zh") -> list[tuple[str, list[str], list[Table]]]:
    """The page: per section its title, its sentences (or the sentence saying it is empty) and
    its table, cut to what one page shows."""
    judged = b["as_of"] is not None and b["previous"]["as_of"] is not None

    def part(table: Table, empty: str, shown: bool = True) -> tuple[list[str], list[Table]]:
        if table.rows:
            return [], [table]
        return ([word(empty, lang)] if shown else []), []

    parts = [
        (overview(b, lang), []),
        part(received_table(b, lang), "dk_none_received"),
        part(changes_table(b, lang), "dk_none_changed", judged),
        part(behind_table(b, lang), "dk_none_behind", judged),
        part(missing_table(b, lang), "dk_none_missing", b["as_of"] is not None),
        (notes(b, lang), []),
    ]
    return [(section_title(n, lang), *p) for n, p in enumerate(parts, 1)]


# -- Markdown ------------------------------------------------------------------------------------


def render_md(b: dict[str, Any], lang: Lang = "zh") -> str:
    """The brief as Markdown."""
    from liuzhang.render.md import _table

    out = [f"# {brief_title(b, lang)}", ""]
    for line in masthead(b, lang):
        out += [line, ""]
    for n, (title, lines, tables) in enumerate(sections(b, lang), 1):
        out += [f"## {title}", ""]
        bullet = "- " if n == len(SECTIONS) else ""
        for line in lines:
            out += [bullet + line] if bullet else [line, ""]
        if bullet:
            out += [""]
        for t in tables:
            out += [*_table(t.headers, t.shown_rows(lang)), ""]
    office = signature(b)
    out += [x for x in (office, date_text(b.get("date"), lang)) if x]
    return visible("\n".join(out) + "\n", keep_newlines=True)


# -- HTML ----------------------------------------------------------------------------------------


def render_html(b: dict[str, Any], lang: Lang = "zh") -> str:
    """The brief as one self-contained HTML page (the bulletin's style sheet)."""
    from liuzhang.render.html import CSS, _e, _table, badge

    def cells(t: Table) -> list[list[tuple[str, str]]]:
        """Statuses as badges (colour and word), numbers right-aligned, text escaped."""
        return [
            [
                (badge(c, lang) if c else _e(text), "")
                if i in t.status_cols
                else (_e(text), "num" if isinstance(c, int | float) else "")
                for i, (c, text) in enumerate(zip(row, texts, strict=True))
            ]
            for row, texts in zip(t.rows, t.text_rows(lang), strict=True)
        ]

    heading = brief_title(b, lang)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{word("b_html_lang", lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(heading)}</title><style>{CSS}</style></head><body>",
        f"<h1>{_e(heading)}</h1>",
    ]
    classes = ("subtitle", "subtitle basis")
    out += [
        f'<div class="{c}">{_e(t)}</div>' for c, t in zip(classes, masthead(b, lang), strict=False)
    ]
    for n, (title, lines, tables) in enumerate(sections(b, lang), 1):
        out.append(f'<section id="{SECTIONS[n - 1]}"><h2>{_e(title)}</h2>')
        if n == len(SECTIONS):
            out.append("<ul>" + "".join(f"<li>{_e(x)}</li>" for x in lines) + "</ul>")
        else:
            out += [f"<p>{_e(x)}</p>" for x in lines]
        for t in tables:
            out.append(_table(t.headers, cells(t)))
            if t.more:
                out.append(f'<p class="note">{_e(t.more)}</p>')
        out.append("</section>")
    office = signature(b)
    foot = [escape(visible(x)) for x in (office, date_text(b.get("date"), lang)) if x]
    if foot:
        out.append(f'<p class="signature">{"<br>".join(foot)}</p>')
    out.append("</body></html>")
    return "\n".join(out)


# -- xlsx ----------------------------------------------------------------------------------------


def write_xlsx(b: dict[str, Any], path: Path, lang: Lang = "zh") -> None:
    """The brief as a workbook: the one-page brief on the first sheet (its sentences and its
    tables as the page shows them), then every row: the values received (明细), the changes,
    the items newly behind, the items owed; numbers as numbers, text never a formula, printed
    as the bulletin is."""
    from openpyxl import Workbook

    from liuzhang.render.printing import print_setup_book
    from liuzhang.render.xlsx import _Sheet

    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    parts = sections(b, lang)
    wide = max((len(t.headers) for _, _, tables in parts for t in tables), default=1)
    top = headers(["b_note_item", "b_note_content"], lang)
    s = _Sheet(book, word("dk_sheet_brief", lang), top + [""] * (wide - 1))
    s.add([word("dk_title_row", lang), brief_title(b, lang)])
    for line in masthead(b, lang):
        s.add(["", line])
    for title, lines, tables in parts:
        for line in lines:
            s.add([title, line], wrap_col=1)
        for t in tables:
            s.add([title, *t.headers])
            for values in t.cells(lang):
                s.add(["", *(v if v is not None else "" for v in values)])
            if t.more:
                s.add(["", t.more])
    s.add(["", " ".join(x for x in (signature(b), date_text(b.get("date"), lang)) if x)])
    s.finish()
    full = [
        ("dk_sheet_detail", detail_table(received_rows(b), lang)),
        ("dk_sheet_changes", changes_table(b, lang, None)),
        ("dk_sheet_behind", behind_table(b, lang, None)),
        ("dk_sheet_missing", owed_table(b, lang)),
    ]
    for key, t in full:
        sheet = _Sheet(book, word(key, lang), t.headers)
        col = t.status_cols[-1] if t.status_cols else None
        for row, values in zip(t.rows, t.cells(lang), strict=True):
            sheet.add(
                [v if v is not None else "" for v in values],
                status_col=col,
                status=row[col] if col is not None else None,
            )
        sheet.finish()
    book.properties.title = visible(brief_title(b, lang))
    print_setup_book(book, brief_title(b, lang), lang)
    book.save(path)


# -- docx (GB/T 9704) ----------------------------------------------------------------------------


# The printed page's tables: 小五 (9 pt), tighter than :mod:`~liuzhang.render.gongwen`'s
# choice by column count, and the empty paragraph it puts after a table 6 pt high: the brief
# fits one A4 page.
PRINT_TABLE_PT = 9.0
PRINT_GAP_PT = 6.0


def write_docx(b: dict[str, Any], path: Path, style: DocumentStyle, lang: Lang = "zh") -> None:
    """The brief as a one-page 公文: title, numbered sections and their tables (from the 旬's
    values received; the overview, the dates and the notes are the other formats'), signature."""
    from liuzhang.render.gongwen import Gongwen

    doc = Gongwen(style, lang)
    doc.title(brief_title(b, lang))
    # the overview's counts are the tables' (合计, 等 N 项) and the notes stay in the other
    # formats: a GB/T 9704 page holds 22 lines of body text
    for n, (_, lines, tables) in enumerate(sections(b, lang)[1:-1], 1):
        heading = word(SECTIONS[n], lang)
        if SECTIONS[n] == "dk_section_changes" and b["as_of"]:
            heading = word(
                "dk_heading_as_of", lang, section=heading, as_of=month_words(b["as_of"], lang)
            )
        doc.heading(1, heading)
        for line in lines:
            doc.paragraph(line)
        for t in tables:
            shown = t.for_print()
            rows = shown.text_rows(lang)
            widths = print_widths([shown.headers, *rows])
            doc.table(shown.headers, shown.shown_rows(lang), widths_mm=widths)
            if shown.more:
                _span_last_row(doc.doc.tables[-1])
    _compact_tables(doc, style)
    doc.signature(signature(b), b["date"])
    doc.save(path)


def print_widths(cells: list[list[str]]) -> list[float]:
    """Column widths (mm) across the text block, at :data:`PRINT_TABLE_PT`: every column as
    wide as its longest cell (header included: a folded header costs a line), the widest column
    giving up what the others need (down to a quarter of the block), else
    :func:`~liuzhang.render.gongwen.fit_widths` shares it."""
    from liuzhang.render.gongwen import CELL_MARGIN_MM, TEXT_WIDTH_MM, fit_widths

    def text_ems(text: str) -> float:  # digits and Latin letters: wider at 9 pt than 0.6 em
        return sum(1.0 if ord(ch) > 0x2E7F else 0.66 for ch in text)

    em = PRINT_TABLE_PT * 25.4 / 72
    wanted = [
        max([text_ems(cells[0][c]) * 1.2, *(text_ems(row[c]) for row in cells[1:])]) * em * 1.05
        + 2 * CELL_MARGIN_MM
        for c in range(len(cells[0]))
    ]  # a header is bold: wider
    wide = wanted.index(max(wanted))
    rest = TEXT_WIDTH_MM - (sum(wanted) - wanted[wide])
    if sum(wanted) > TEXT_WIDTH_MM and rest >= TEXT_WIDTH_MM / 4:
        return [rest if c == wide else w for c, w in enumerate(wanted)]
    return fit_widths(wanted, TEXT_WIDTH_MM, [min(w, 4 * em) for w in wanted])


def _span_last_row(table: Any) -> None:
    """The last row (等 N 项) as one cell across the table."""
    cells = table.rows[-1].cells
    cell = cells[0].merge(cells[-1])
    for p in cell.paragraphs[1:]:  # the merged cells' empty paragraphs
        p._p.getparent().remove(p._p)


def _compact_tables(doc: Any, style: DocumentStyle) -> None:
    """Every table's text (and its empty cells' paragraph marks) in :data:`PRINT_TABLE_PT`,
    the paragraph after a table :data:`PRINT_GAP_PT` high (gongwen's table takes no size yet)."""
    from docx.shared import Pt
    from docx.text.paragraph import Paragraph

    from liuzhang.render.gongwen import no_grid, set_run_fonts

    def mark(p: Paragraph, size: float) -> None:
        """The paragraph mark's size: an empty paragraph is as high as its mark."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        p_pr = p._p.get_or_add_pPr()
        r_pr = p_pr.find(qn("w:rPr"))
        if r_pr is None:
            r_pr = OxmlElement("w:rPr")
            p_pr.append(r_pr)
        for tag in ("w:sz", "w:szCs"):
            el = OxmlElement(tag)
            el.set(qn("w:val"), str(round(size * 2)))
            r_pr.append(el)

    for table in doc.doc.tables:
        for r, row in enumerate(table.rows):
            for cell in row.cells:
                for p in cell.paragraphs:
                    mark(p, PRINT_TABLE_PT)
                    for run in p.runs:
                        set_run_fonts(run, style.body_font, PRINT_TABLE_PT, r == 0)
        after = table._tbl.getnext()
        if after is not None and after.tag.endswith("}p"):
            gap = Paragraph(after, table._parent)
            no_grid(gap)
            gap.paragraph_format.line_spacing = Pt(PRINT_GAP_PT)
            mark(gap, PRINT_GAP_PT)
            for run in gap.runs:
                run.font.size = Pt(PRINT_GAP_PT)
