"""The 旬简报 laid out: one page of short sections and tables, as HTML, Markdown, xlsx and a
GB/T 9704 Word document (:mod:`liuzhang.render.gongwen`), from the model of
:func:`liuzhang.views.dekad.build_dekad_brief`. Every writer takes its words and its tables
from here; untrusted text is escaped or neutralised as the bulletin's writers do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PureWindowsPath
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


_RECEIVED_COLUMNS = [
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


def _value(kind: str, value: Any, status: str | None, unit: str | None, lang: Lang) -> Any:
    """A target's value as a number; a task's (or a milestone's) status and progress as text."""
    if kind == "target" and value is not None:
        return value
    return doubt_value({"kind": kind, "value": value, "status": status, "unit": unit}, lang)


def received_table(rows: list[dict[str, Any]], lang: Lang = "zh") -> Table:
    """Values received (the rows of every office, or the 旬 values)."""
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
                source_text({"source_file": _file_name(r["source_file"]), "row": r["row"]}),
            ]
        )
    return Table(
        headers(_RECEIVED_COLUMNS, lang),
        body,
        group_col=0,
        keys=_RECEIVED_COLUMNS,
        unprinted=("id", "b_source_row"),
        # office, name, period, value, unit, earlier, arrived: an ISO date on one line
        print_widths=[24, 42, 19, 17, 12, 15, 24],
    )


def _file_name(path: str | None) -> str | None:
    """The name of a source file without its folders (the JSON keeps the path as stored)."""
    return PureWindowsPath(path).name if path else path


def received_rows(b: dict[str, Any]) -> list[dict[str, Any]]:
    """Every office's received values, office by office."""
    return [v for group in b["received"] for v in group["values"]]


def changes_table(b: dict[str, Any], lang: Lang = "zh") -> Table:
    """Worsened, newly overdue, newly missing (as the bulletin lists them), then improved."""
    changes = b["changes"]
    rows = change_rows(changes, lang)
    rows += [{**c, "labels": [word("b_change_improved", lang)]} for c in changes["improved"]]
    sep = word("b_list_sep", lang)
    body = [
        [x["id"], x["name"], sep.join(x["labels"]), x["from"], x["to"], sep.join(x["lead"])]
        for x in rows
    ]
    return Table(
        headers(CHANGE_COLUMNS, lang), body, (3, 4), keys=CHANGE_COLUMNS, unprinted=("id",)
    )


def behind_table(b: dict[str, Any], lang: Lang = "zh") -> Table:
    """The items newly behind, with their numbers."""
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
        for x in b["newly_behind"]
    ]
    return Table(headers(keys, lang), body, (2, 3), signed_cols=(6,), keys=keys, unprinted=("id",))


def missing_table(b: dict[str, Any], lang: Lang = "zh") -> Table:
    """Who has not submitted: per office, how many items and which (with the period due when it
    is not the month judged, as a quarter's value)."""
    keys = ["owes", "dk_owed_count", "dk_owed_items"]
    sep = word("b_list_sep", lang)

    def item(r: dict[str, Any]) -> str:
        if r["due_period"] in (None, b["as_of"]):
            return str(r["name"])
        return word("dk_owed_item_due", lang, name=r["name"], due=r["due_period"])

    body = [
        [o["unit"], len(o["items"]), sep.join(item(r) for r in o["items"])]
        for o in b["not_submitted"]
    ]
    return Table(headers(keys, lang), body)


def sections(b: dict[str, Any], lang: Lang = "zh") -> list[tuple[str, list[str], list[Table]]]:
    """The page: per section its title, its sentences (or the sentence saying it is empty) and
    its tables; the received section holds the 旬 values' table second, when there are any."""
    received = received_rows(b)
    changed = changes_table(b, lang)
    behind = behind_table(b, lang)
    missing = missing_table(b, lang)
    judged = b["as_of"] is not None and b["previous"]["as_of"] is not None

    def part(table: Table, empty: str, shown: bool = True) -> tuple[list[str], list[Table]]:
        if table.rows:
            return [], [table]
        return ([word(empty, lang)] if shown else []), []

    received_part = part(received_table(received, lang), "dk_none_received")
    if b["dekad_values"]:
        received_part[1].append(received_table(b["dekad_values"], lang))
    parts = [
        (overview(b, lang), []),
        received_part,
        part(changed, "dk_none_changed", judged),
        part(behind, "dk_none_behind", judged),
        part(missing, "dk_none_missing", b["as_of"] is not None),
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
        for i, t in enumerate(tables):
            if i:
                out += [f"### {word('dk_dekad_values', lang)}", ""]
            out += [*_table(t.headers, t.text_rows(lang)), ""]
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
        for i, t in enumerate(tables):
            if i:
                out.append(f"<h3>{_e(word('dk_dekad_values', lang))}</h3>")
            out.append(_table(t.headers, cells(t)))
        out.append("</section>")
    office = signature(b)
    foot = [escape(visible(x)) for x in (office, date_text(b.get("date"), lang)) if x]
    if foot:
        out.append(f'<p class="signature">{"<br>".join(foot)}</p>')
    out.append("</body></html>")
    return "\n".join(out)


# -- xlsx ----------------------------------------------------------------------------------------


def write_xlsx(b: dict[str, Any], path: Path, lang: Lang = "zh") -> None:
    """The brief as a workbook: the overview and notes on the first sheet, one sheet per table;
    numbers as numbers, text never a formula, printed as the bulletin is."""
    from openpyxl import Workbook

    from liuzhang.render.printing import print_setup_book
    from liuzhang.render.xlsx import _Sheet

    book = Workbook()
    default = book.active
    if default is not None:
        book.remove(default)
    parts = sections(b, lang)
    s = _Sheet(
        book, word("b_sheet_overview", lang), headers(["b_note_item", "b_note_content"], lang)
    )
    s.add([word("dk_title_row", lang), brief_title(b, lang)])
    for line in masthead(b, lang):
        s.add(["", line])
    for title, lines, _ in parts:
        for line in lines:
            s.add([title, line], wrap_col=1)
    s.add(["", " ".join(x for x in (signature(b), date_text(b.get("date"), lang)) if x)])
    s.finish()
    names = {
        1: ["dk_sheet_received", "dk_dekad_values"],
        2: ["dk_sheet_changes"],
        3: ["dk_sheet_behind"],
        4: ["dk_sheet_missing"],
    }
    for n, keys in names.items():
        tables = parts[n][2]
        for key, t in zip(keys, tables, strict=False):
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


def write_docx(b: dict[str, Any], path: Path, style: DocumentStyle, lang: Lang = "zh") -> None:
    """The brief as a 公文: title, the 旬's dates, numbered sections, tables, signature."""
    from liuzhang.render.gongwen import Gongwen

    doc = Gongwen(style, lang)
    doc.title(brief_title(b, lang))
    for line in masthead(b, lang):
        doc.paragraph(line, indent=False)
    for n, (_, lines, tables) in enumerate(sections(b, lang), 1):
        doc.heading(1, word(SECTIONS[n - 1], lang))
        for line in lines:
            doc.paragraph(line)
        for i, t in enumerate(tables):
            if i:
                doc.heading(2, word("dk_dekad_values", lang))
            shown = t.for_print()
            doc.table(shown.headers, shown.text_rows(lang), widths_mm=shown.print_widths)
    doc.signature(signature(b), b["date"])
    doc.save(path)
