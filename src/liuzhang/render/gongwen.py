"""GB/T 9704-2012 official documents (公文) over python-docx: the page, the fonts, the numbered
headings, tables, the signature and the page numbers every 公文 writer (bulletin, 督办通知,
旬简报) shares.

The layout: A4, margins top 37 mm, bottom 35, left 28, right 26 (a 156 × 225 mm text block);
title 2号 (22 pt), body 3号 (16 pt) on a document grid of 22 lines of 28 characters; page numbers
“— 1 —” in 4号 at the outside edge (right on odd pages, left on even). Fonts are named (every
run carries its East Asian font), never embedded. Untrusted text is neutralised (control and
bidirectional characters shown, :func:`liuzhang.render.outtext.visible`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, Twips

from liuzhang.i18n import Lang
from liuzhang.render.outtext import visible

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.text.paragraph import Paragraph
    from docx.text.run import Run

    from liuzhang.domain.plan import DocumentStyle

# GB/T 9704-2012 5.2.1 and 5.2.2: A4 and its margins (天头 37 mm, 订口 28 mm).
PAGE_MM = (210.0, 297.0)
MARGINS_MM = {"top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 156
# Font sizes (字号): 2号 title, 3号 body, 4号 page numbers and table text at most.
TITLE_PT = 22.0
BODY_PT = 16.0
PAGE_NUMBER_PT = 14.0
# The document grid: 22 lines a page (225 mm / 22 = 579 twips), 28 characters a line. charSpace
# is the extra width of a grid character over the body size, in 1/4096 pt:
# (156 mm / 28 in pt − 16 pt) × 4096 = −849.
LINE_PITCH = 579
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
CHAR_SPACE = round((TEXT_WIDTH_MM / 25.4 * 72 / CHARS_PER_LINE - BODY_PT) * 4096)
# Paragraphs do not snap to the grid (LibreOffice gives a character wider than a grid cell two
# cells, doubling the spacing); exact line spacing of the pitch and body text a quarter point
# tighter (w:spacing, twentieths of a point: 28 × 15.75 pt ≤ 156 mm) keep 22 × 28 in Word and
# LibreOffice alike.
BODY_TRACKING = -5
# Table cells: 1 mm of margin left and right (Word's default is 1.9 mm).
CELL_MARGIN_MM = 1.0
# 页码 (7.5): its top 7 mm below the text block.
FOOTER_MM = MARGINS_MM["bottom"] - 7.0 - PAGE_NUMBER_PT * 25.4 / 72

# The fonts a style names, by role (--font ROLE=NAME; plan.yaml documents ROLE_font).

_ZH_DIGITS = "零一二三四五六七八九"
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九 (heading numbers; larger as digits)."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _ZH_DIGITS[tens] + "十")
    return head + (_ZH_DIGITS[ones] if ones else "")


def heading_number(level: int, counters: tuple[int, ...], lang: Lang = "zh") -> str:
    """The number of a heading (with its separator) from the counters of levels 1..``level``:
    一、 （一） 1. in Chinese; 1. 1.1 1.1.1 in English."""
    n = counters[level - 1]
    if lang == "en":
        return ".".join(str(c) for c in counters[:level]) + (". " if level == 1 else " ")
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    return f"{n}."


def document_date_text(date_iso: str, lang: Lang = "zh") -> str:
    """成文日期 in Arabic numerals (GB/T 9704 7.3.5.1): 2023年7月10日 / 10 July 2023."""
    year, month, day = (int(p) for p in date_iso.split("-"))
    if lang == "en":
        return f"{day} {_EN_MONTHS[month - 1]} {year}"
    return f"{year}年{month}月{day}日"


def set_run_fonts(run: Run, font: str, size_pt: float, bold: bool = False) -> None:
    """A run's font for every script (ascii, hAnsi, East Asian, complex) and its size; body-size
    text a quarter point tighter, so that 28 characters fill a line (:data:`BODY_TRACKING`)."""
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    r_pr = run._r.get_or_add_rPr()
    fonts = r_pr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), font)
    if size_pt == BODY_PT:
        _put(r_pr, "w:spacing", _AFTER_SPACING, val=str(BODY_TRACKING))


# What follows w:snapToGrid in a w:pPr and w:spacing in a w:rPr (the schema's
# order, which Word holds to).
_AFTER_SNAP = (
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
    "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_SPACING = (
    "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
    "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)  # fmt: skip


def _put(parent: BaseOxmlElement, tag: str, successors: tuple[str, ...], **attrs: str) -> None:
    """Set the child ``tag`` of ``parent`` to one with ``attrs``, in the schema's order."""
    old = parent.find(qn(tag))
    if old is not None:
        parent.remove(old)
    child = OxmlElement(tag)
    for key, value in attrs.items():
        child.set(qn(f"w:{key}"), value)
    parent.insert_element_before(child, *successors)


def no_grid(p: Paragraph) -> None:
    """A paragraph that does not snap to the document grid (its own exact line spacing)."""
    _put(p._p.get_or_add_pPr(), "w:snapToGrid", _AFTER_SNAP, val="0")


class Gongwen:
    """A 公文 being written, block by block, then :meth:`save`d."""

    def __init__(self, style: DocumentStyle, lang: Lang = "zh") -> None:
        self.style = style
        self.lang: Lang = lang
        self.doc: DocumentObject = Document()
        self._counters = [0, 0, 0]
        self._page()
        self._defaults()
        self._page_numbers()

    # -- the page ---------------------------------------------------------------------------

    def _page(self) -> None:
        section = self.doc.sections[0]
        section.start_type = WD_SECTION_START.NEW_PAGE
        section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        section.footer_distance = Mm(FOOTER_MM)
        section.header_distance = Mm(15)
        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = OxmlElement("w:docGrid")
            sect_pr.append(grid)
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(LINE_PITCH))
        grid.set(qn("w:charSpace"), str(CHAR_SPACE))

    def _defaults(self) -> None:
        """The Normal style: body font and size, exact line spacing of the grid's pitch."""
        normal = self.doc.styles["Normal"]
        normal.font.name = self.style.body_font
        normal.font.size = Pt(BODY_PT)
        # the body font everywhere by default, no theme fonts (a theme font would win)
        defaults = self.doc.styles.element.find(qn("w:docDefaults"))
        r_prs = [normal.element.get_or_add_rPr()]
        if defaults is not None:
            r_prs += defaults.findall(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        for r_pr in r_prs:
            fonts = r_pr.find(qn("w:rFonts"))
            if fonts is None:
                fonts = OxmlElement("w:rFonts")
                r_pr.insert(0, fonts)
            fonts.attrib.clear()
            for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
                fonts.set(qn(attr), self.style.body_font)
        fmt = normal.paragraph_format
        fmt.line_spacing = Twips(LINE_PITCH)  # exact
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.widow_control = False

    def _page_numbers(self) -> None:
        """— 1 — at the outside edge: a default (odd) footer on the right, an even one on the
        left, each one character in from the edge."""
        self.doc.settings.odd_and_even_pages_header_footer = True
        section = self.doc.sections[0]
        for footer, align in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p.alignment = align
            fmt = p.paragraph_format
            fmt.line_spacing = 1.0
            if align == WD_ALIGN_PARAGRAPH.RIGHT:
                fmt.right_indent = Pt(PAGE_NUMBER_PT)
            else:
                fmt.left_indent = Pt(PAGE_NUMBER_PT)
            no_grid(p)
            self._page_field(p)

    def _page_field(self, p: Paragraph) -> None:
        """“— {PAGE} —”, every run in the page-number font."""
        font = self.style.page_number_font

        def run(text: str = "") -> Run:
            r = p.add_run(text)
            set_run_fonts(r, font, PAGE_NUMBER_PT)
            return r

        run("— ")
        begin = run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), "begin")
        begin._r.append(char)
        instr = run()
        code = OxmlElement("w:instrText")
        code.set(qn("xml:space"), "preserve")
        code.text = " PAGE "
        instr._r.append(code)
        separate = run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), "separate")
        separate._r.append(char)
        run("1")
        end = run()
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), "end")
        end._r.append(char)
        run(" —")

    # -- blocks -----------------------------------------------------------------------------

    def _paragraph(
        self,
        text: str,
        font: str,
        size_pt: float,
        *,
        bold: bool = False,
        align: WD_ALIGN_PARAGRAPH | None = None,
        first_line_chars: int = 0,
    ) -> Paragraph:
        p = self.doc.add_paragraph()
        no_grid(p)
        if align is not None:
            p.alignment = align
        if first_line_chars:
            p.paragraph_format.first_line_indent = Pt(size_pt * first_line_chars)
            _set_chars(p, "firstLineChars", first_line_chars)
        set_run_fonts(p.add_run(visible(text)), font, size_pt, bold)
        return p

    def title(self, text: str) -> None:
        """The title: 2号, the title font, centred (long titles wrap), a blank line under it."""
        p = self._paragraph(text, self.style.title_font, TITLE_PT, align=WD_ALIGN_PARAGRAPH.CENTER)
        p.paragraph_format.space_after = Twips(LINE_PITCH)

    def addressee(self, text: str) -> None:
        """主送机关: flush left, ending with a colon."""
        colon = ":" if self.lang == "en" else "："
        text = text.rstrip().rstrip(":：") + colon
        self._paragraph(text, self.style.body_font, BODY_PT)

    def heading(self, level: int, text: str) -> None:
        """A numbered heading: 1 一、 (heading1 font), 2 （一） (heading2 font), 3 1. (body font,
        bold); a level's count restarts under a new heading of a higher level."""
        if level not in (1, 2, 3):
            raise ValueError(f"heading level {level}: 1, 2 or 3")
        self._counters[level - 1] += 1
        for lower in range(level, 3):
            self._counters[lower] = 0
        number = heading_number(level, tuple(self._counters), self.lang)
        font = {1: self.style.heading1_font, 2: self.style.heading2_font}.get(
            level, self.style.body_font
        )
        p = self._paragraph(number + text, font, BODY_PT, bold=level == 3, first_line_chars=2)
        p.paragraph_format.keep_with_next = True

    def paragraph(self, text: str, *, indent: bool = True, bold: bool = False) -> None:
        """Body text: 3号, the body font, first line indented 2 characters."""
        self._paragraph(
            text,
            self.style.body_font,
            BODY_PT,
            bold=bold,
            first_line_chars=2 if indent else 0,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        )

    def table(
        self,
        headers: list[str],
        rows: list[list[str]],
        *,
        widths_mm: list[float] | None = None,
    ) -> None:
        """A bordered table across the text width, its header row repeated on every page; the
        text smaller the more columns there are (4号 at most)."""
        size = table_font_pt(len(headers))
        widths = (
            fit_widths(widths_mm, TEXT_WIDTH_MM)
            if widths_mm
            else column_widths_mm([headers, *rows], size)
        )
        xml = table_xml(
            [headers, *rows], widths, self.style.body_font, size, self.doc.styles["Table Grid"]
        )
        body = self.doc.element.body
        body.sectPr.addprevious(parse_xml(xml))
        # a paragraph after a table, so two tables never merge and text does not touch it
        self.doc.add_paragraph()
        self._set_last_paragraph_fonts()

    def _set_last_paragraph_fonts(self) -> None:
        p = self.doc.paragraphs[-1]
        set_run_fonts(p.add_run(""), self.style.body_font, BODY_PT)

    def signature(self, office: str, date_iso: str) -> None:
        """发文机关署名 and 成文日期 under the text, right-aligned, 4 characters in from the
        right (GB/T 9704 7.3.5.1), one blank line above."""
        self.doc.add_paragraph()
        self._set_last_paragraph_fonts()
        for text in (office, document_date_text(date_iso, self.lang)):
            if not text:
                continue
            p = self._paragraph(text, self.style.body_font, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(BODY_PT * 4)
            _set_chars(p, "rightChars", 4)

    def page_break(self) -> None:
        p = self.doc.add_paragraph()
        run = p.add_run()
        set_run_fonts(run, self.style.body_font, BODY_PT)
        run.add_break(WD_BREAK.PAGE)

    def save(self, path: Path) -> None:
        self.doc.save(str(path))


def _set_chars(p: Paragraph, attr: str, chars: int) -> None:
    """An indent in characters (w:ind firstLineChars/rightChars, hundredths of a character)."""
    ind = p._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn(f"w:{attr}"), str(chars * 100))


def _twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


def _attr(text: str) -> str:
    return quoteattr(visible(text))


def table_xml(
    table: list[list[str]], widths_mm: list[float], font: str, size_pt: float, style: Any
) -> str:
    """A w:tbl (the first row the header, bold, centred and repeated on every page): fixed
    layout across the text width, 1 mm cell margins, every run in ``font`` (East Asian too),
    off the document grid. Written as XML text at once: python-docx's cell API takes seconds
    for a bulletin's few thousand cells."""
    fonts = "".join(f" w:{a}={_attr(font)}" for a in ("ascii", "hAnsi", "eastAsia", "cs"))
    half_points = round(size_pt * 2)
    size = f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
    margin = _twips(CELL_MARGIN_MM)
    widths = [_twips(w) for w in widths_mm]
    out = [
        f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val={_attr(style.style_id)}/>"
        f'<w:tblW w:w="{_twips(TEXT_WIDTH_MM)}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/>'
        f'<w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"'
        ' w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    for r, values in enumerate(table):
        head = r == 0
        out.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if head else "<w:tr>")
        for c, width in enumerate(widths):
            text = escape(visible(str(values[c]) if c < len(values) else ""))
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p><w:pPr>'
                '<w:snapToGrid w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/>'
                + ('<w:jc w:val="center"/>' if head else "")
                + f"</w:pPr><w:r><w:rPr><w:rFonts{fonts}/>"
                + ("<w:b/>" if head else "")
                + f'{size}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p></w:tc>'
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def table_font_pt(columns: int) -> float:
    """Table text: 4号 (14 pt) up to 4 columns, 小4 (12 pt) up to 6, 5号 (10.5 pt) up to 9,
    else 小5 (9 pt)."""
    if columns <= 4:
        return 14.0
    if columns <= 6:
        return 12.0
    return 10.5 if columns <= 9 else 9.0


def column_widths_mm(table: list[list[str]], size_pt: float) -> list[float]:
    """Column widths (mm) across the text width from the content. A column wants three in four
    of its cells on one line (a header may fold onto two; no column more than 45% of the
    width) and needs its short unbreakable cells (numbers, dates, codes) whole. When the
    columns want more than the text width, each keeps what it needs and up to four characters
    (fewer in a table of many columns), and the wide ones share the rest in proportion to what
    they want beyond that (:func:`fit_widths`)."""
    em = size_pt * 25.4 / 72

    def mm(ems: float) -> float:
        return ems * em * 1.05 + CELL_MARGIN_MM * 2

    head, body = table[0], table[1:]
    wanted, needed = [], []
    for c, header in enumerate(head):
        cells = [str(r[c]) for r in body if c < len(r)]
        ems = sorted(text_ems(x) for x in cells)
        typical = ems[(len(ems) * 3) // 4] if ems else 0.0  # a long outlier may wrap
        needed.append(mm(max([unbreakable_ems(x) for x in cells] + [2.0])))
        want = min(mm(max(typical, text_ems(header) / 2, 2.0)), 0.45 * TEXT_WIDTH_MM)
        wanted.append(max(want, needed[-1]))
    floor = 4.0

    def kept() -> list[float]:
        return [min(w, max(n, mm(floor))) for w, n in zip(wanted, needed, strict=True)]

    while floor > 0 and sum(kept()) > 0.7 * TEXT_WIDTH_MM:
        floor -= 0.5
    return fit_widths(wanted, TEXT_WIDTH_MM, kept())


def fit_widths(wanted: list[float], total: float, kept: list[float] | None = None) -> list[float]:
    """Widths summing to ``total``: ``wanted`` scaled up when they fit; else each column keeps
    its ``kept`` width (none by default) and the rest is shared in proportion to what each
    wants beyond it."""
    if sum(wanted) <= total:
        return [w * total / sum(wanted) for w in wanted]
    kept = kept or [0.0] * len(wanted)
    if sum(kept) >= total:
        return [k * total / sum(kept) for k in kept]
    beyond = [w - k for w, k in zip(wanted, kept, strict=True)]
    share = (total - sum(kept)) / sum(beyond)
    return [k + b * share for k, b in zip(kept, beyond, strict=True)]


def unbreakable_ems(text: str) -> float:
    """How wide a cell must be not to break it: a short run without spaces or East Asian
    characters (-0.15, 2023-Q2, 1,000) whole; 0 for anything that may wrap."""
    ems = text_ems(text)
    if ems > 5 or " " in text or any(ord(ch) > 0x2E7F for ch in text):
        return 0.0
    return ems


def text_ems(text: str) -> float:
    """How wide ``text`` is, in em: East Asian characters 1, others 0.6 (digits and Latin
    letters of the usual fonts are a little wider than half an em)."""
    return sum(1.0 if ord(ch) > 0x2E7F else 0.6 for ch in str(text))
