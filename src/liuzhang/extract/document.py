"""Reading a plan document into blocks of normalised text: .txt (UTF-8 or GB18030), .docx
(paragraphs and tables in document order) and .pdf (text and tables).

Normalisation (:func:`normalize`) is what the rules read and what evidence quotes: a quote is a
substring of a block's ``text``. It folds only what carries no meaning:

- full-width letters, digits and ASCII symbols become ASCII (``７．５％`` -> ``7.5%``), the
  ideographic space a space, Kangxi radicals and CJK compatibility ideographs (PDF artefacts) the
  ideographs they stand for. The Chinese punctuation ``，：；（）！？`` stays as the document writes
  it, and so does a half-width ``(`` or ``,`` the document wrote: rules accept both forms, and
  quotes then match the text as a person reads it. Circled numbers (①) are not folded (NFKC
  would turn them into bare digits, i.e. into numbers that were never there);
- zero-width characters and soft hyphens are dropped, markup left by web copies (``<p>``,
  markdown ``**``) is dropped;
- white space: runs become one space, and a space next to a Chinese character or Chinese
  punctuation is dropped (PDF and web copies put them there), as is a space between a number and
  ``%``; a letter-spaced line (``1 2 3 . 4 亿 元``) loses its spaces; a line break inside a
  paragraph is white space like any other.

Paragraphs broken by a page break (or a stray line break) are joined again by
:func:`continues` and :func:`join_break`, which also drop a character repeated across the break.

Tables: a line of a plain text with tabs between at least two non-empty cells is a table row
(a table copied as text), the first of a run the header; a repeat of the header (the table
continued on the next page) is no row. A row's ``text`` is its non-empty cells joined by
``" | "``, a cell merged across columns written once; ``cells`` keeps one cell per column (a
cell merged down the rows of a .docx is repeated in each). Page numbers of a PDF are left out.

Where: paragraphs of a text or a .docx are ``第N段`` (non-empty paragraphs counted from 1); table
rows ``表n第m行`` (tables counted from 1 in document order, rows from 1 below the header row; the
header row is no block of its own, it is every row's ``header``); in a PDF ``第p页第k段`` (k counted
on the page where the paragraph starts) and ``第p页表n第m行``. ``Block.index`` is the block's
position in the document, from 0."""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liuzhang.extract.model import Block, ExtractError

CELL_SEPARATOR = " | "

# Chinese punctuation kept as written (not folded to ASCII).
_KEEP = set("，：；（）！？")


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    ranges = [
        (0xFF01, 0xFF5E),  # full-width ASCII forms
        (0xFE50, 0xFE6B),  # small form variants (﹪)
        (0x2E80, 0x2FDF),  # CJK radicals supplement and Kangxi radicals
        (0xF900, 0xFAFF),  # CJK compatibility ideographs
    ]
    for start, end in ranges:
        for cp in range(start, end + 1):
            ch = chr(cp)
            folded = unicodedata.normalize("NFKC", ch)
            if folded != ch and ch not in _KEEP and folded.strip():
                table[cp] = folded
    for ch in "\u3000\u00a0\u2002\u2003\u2009\u202f\t\r\n\f\v":
        table[ord(ch)] = " "
    for ch in "\u200b\u200c\u200d\u2060\ufeff\u00ad":
        table[ord(ch)] = None
    return table


_FOLD = _fold_table()
_MARKUP = re.compile(r"</?[A-Za-z][A-Za-z0-9]*\s*/?>|\*\*|&nbsp;")
_SPACES = re.compile(r" {2,}")


def is_wide(ch: str) -> bool:
    """A Chinese character or a Chinese (full-width) punctuation mark: no space belongs next to
    it."""
    cp = ord(ch)
    return (
        0x2E80 <= cp <= 0x9FFF  # radicals, CJK punctuation, kana, ideographs (incl. ext. A)
        or 0xF900 <= cp <= 0xFAFF
        or 0xFE30 <= cp <= 0xFE4F
        or 0xFF00 <= cp <= 0xFFEF
        or 0x2010 <= cp <= 0x2027  # dashes, quotes “”‘’, ellipsis, ·
        or 0x20000 <= cp <= 0x3FFFF
    )


def _drop_spaces(text: str) -> str:
    if " " not in text:
        return text
    out: list[str] = []
    n = len(text)
    for i, ch in enumerate(text):
        if ch == " ":
            before = text[i - 1] if i else ""
            after = text[i + 1] if i + 1 < n else ""
            if (
                not before
                or not after
                or is_wide(before)
                or is_wide(after)
                or (after in "%‰" and before.isdigit())
            ):
                continue
        out.append(ch)
    return "".join(out)


def unspace_letters(text: str) -> str:
    """A letter-spaced line (政 府 工 作 报 告, 1 2 3 . 4 亿 元 — a PDF's title or spaced text)
    without its spaces: at least four pieces, four in five of them one character."""
    pieces = text.split(" ")
    if len(pieces) >= 4 and sum(len(p) == 1 for p in pieces) * 5 >= len(pieces) * 4:
        return "".join(pieces)
    return text


def normalize(text: str) -> str:
    """One paragraph's text as the rules read it (and as quotes quote it)."""
    text = _MARKUP.sub("", text.translate(_FOLD))
    return _drop_spaces(unspace_letters(_SPACES.sub(" ", text).strip()))


# -- page breaks -------------------------------------------------------------------------------

# A paragraph is complete when it ends with one of these. Not ；: a page break after a clause
# of a long paragraph is common, and a list whose items end with ； opens each with 1. / (一).
_ENDS = set("。！？：…”’）)」』】]》〉!?:")
# Marks of prose: a piece without any of them (a title, a signature, a date) is not continued.
_PROSE = re.compile(r"[，。；：、,;]")
# How a new paragraph or heading opens: 一、 (一) （1） 1. 1、 ① 第一章 附件 — and a table row.
_OPENER = re.compile(
    r"^(?:[一二三四五六七八九十百]+[、.．]"
    r"|[(（][一二三四五六七八九十\d]+[)）]"
    r"|\d+(?:\.\d+)*[、.．](?!\d)"
    r"|[\u2460-\u2473\u2474-\u2487\u2488-\u249b]"
    r"|第[一二三四五六七八九十百\d]+[章节条部分]"
    r"|附件|附表"
    r")"
)
# A piece that is one bracket and nothing else: the units of the paragraph before it.
_ASIDE = re.compile(r"^[(（][^()（）]+[)）][。；]?$")
# Characters a Chinese text may double on purpose (人人, 天天, 村村通, 扎扎实实): a pair of them
# across a break is kept.
REDUPLICATED = set("人天年月日时处事家户村镇层步实扎真切常方面各个件项点滴默样")


def _is_ideograph(ch: str) -> bool:
    cp = ord(ch)
    return 0x3400 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF


def is_heading(text: str) -> bool:
    """A short line without sentence punctuation (一、指导思想; 附件3-1; a title)."""
    return len(text) <= 40 and not _PROSE.search(_OPENER.sub("", text, count=1))


def continues(before: str, after: str) -> bool:
    """Whether ``after`` carries on the sentence ``before`` broke off at a page break or a stray
    line break: ``before`` is prose (it has sentence punctuation) and does not end a sentence,
    and ``after`` does not open a new paragraph (一、 / (一) / 1. / 附件 …). A bracket alone
    on the next page (（区发改局牵头，…）) belongs to the paragraph before it, ended or not."""
    if not before or not after or _OPENER.match(after):
        return False
    if not _PROSE.search(_OPENER.sub("", before, count=1)):
        return False
    return before[-1] not in _ENDS or bool(_ASIDE.match(after))


def join_break(before: str, after: str, repeated: bool = True) -> str:
    """The two pieces of a paragraph broken by a page break, joined: a Chinese character repeated
    on both sides of the break (省级乡 / 乡村旅游) is written once, unless it is one that Chinese
    doubles on purpose (:data:`REDUPLICATED`). ``repeated=False``: keep it (a line wrapped on
    a page repeats nothing). A space goes only between two Latin letters (two words):
    增长5. / 5% is 增长5.5%."""
    if not before or not after:
        return before + after
    last, first = before[-1], after[0]
    doubled = last == first and _is_ideograph(last)
    if repeated and doubled and last not in REDUPLICATED:
        after = after[1:]
    words = after and before[-1].isascii() and before[-1].isalpha()
    words = words and after[0].isascii() and after[0].isalpha()
    return before + (" " if words else "") + after


def join_paragraphs(pieces: Iterable[str]) -> list[str]:
    """Normalised pieces (lines) joined into paragraphs where one :func:`continues` the other."""
    out: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if out and continues(out[-1], piece):
            out[-1] = join_break(out[-1], piece)
        else:
            out.append(piece)
    return out


# -- plain text --------------------------------------------------------------------------------


def _row_cells(line: str) -> tuple[str, ...] | None:
    """A tab-separated line (a table copied as text) as its normalised cells, or None."""
    if "\t" not in line:
        return None
    cells = tuple(normalize(c) for c in line.split("\t"))
    if sum(1 for c in cells if c) < 2:
        return None
    while cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def row_text(cells: Sequence[str]) -> str:
    """A row's text: its non-empty cells joined, a cell repeated by a merge written once."""
    shown: list[str] = []
    for cell in cells:
        if cell and (not shown or shown[-1] != cell):
            shown.append(cell)
    return CELL_SEPARATOR.join(shown)


class _Builder:
    """Numbers blocks as they come: paragraphs, tables and rows."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0

    def paragraph(self, text: str, where: str | None = None) -> None:
        self.paragraphs += 1
        self.blocks.append(
            Block(len(self.blocks), "paragraph", text, where or f"第{self.paragraphs}段")
        )

    def table(self, rows: Sequence[Sequence[str]], prefix: str = "") -> None:
        """A table's rows (normalised cells); the first is the header; a repeat of the header
        (a table continued on the next page) is no row."""
        kept = [tuple(r) for r in rows if any(r)]
        if not kept:
            return
        self.tables += 1
        header, m = kept[0], 0
        for cells in kept[1:]:
            if cells == header:
                continue
            m += 1
            self.blocks.append(
                Block(
                    len(self.blocks),
                    "row",
                    row_text(cells),
                    f"{prefix}表{self.tables}第{m}行",
                    cells=cells,
                    header=header,
                    table=self.tables,
                )
            )


def _text_items(text: str) -> Iterator[tuple[str, Any]]:
    """("para", normalised line) and ("rows", [cells, ...]) in order; blank lines between rows
    keep a table together."""
    rows: list[tuple[str, ...]] = []
    for line in text.splitlines():
        cells = _row_cells(line)
        if cells is not None:
            rows.append(cells)
            continue
        piece = normalize(line)
        if not piece:
            continue
        if rows:
            yield "rows", rows
            rows = []
        yield "para", piece
    if rows:
        yield "rows", rows


def blocks_from_text(text: str) -> list[Block]:
    """The paragraphs of a plain text, in order (see the module's notes on ``where``); lines
    with tabs (a table copied as text) are table rows, the first of a run its header."""
    builder = _Builder()
    pending: list[str] = []
    for kind, item in _text_items(text):
        if kind == "para":
            pending.append(item)
            continue
        for para in join_paragraphs(pending):
            builder.paragraph(para)
        pending = []
        builder.table(item)
    for para in join_paragraphs(pending):
        builder.paragraph(para)
    return builder.blocks


# -- files -------------------------------------------------------------------------------------

_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else GB18030; binary content is an
    ExtractError."""
    if not data.strip():
        raise ExtractError(code="extract_empty", path=str(path))
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with its BOM (Windows Notepad)
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ExtractError(code="extract_binary", path=str(path)) from None
    if b"\x00" in data[:8192]:
        raise ExtractError(code="extract_binary", path=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ExtractError(code="extract_binary", path=str(path)) from None
    sample = text[:8192]
    if len(_BINARY.findall(sample)) > max(2, len(sample) // 100):
        raise ExtractError(code="extract_binary", path=str(path))
    return text


def _read_txt(path: Path) -> list[Block]:
    return blocks_from_text(decode_text(path.read_bytes(), path))


def _docx_rows(table: Any) -> list[list[str]]:
    """A python-docx table's rows as cells, one per grid column (a merged cell repeated)."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            cells.append(normalize("\n".join(p.text for p in cell.paragraphs)))
        rows.append(cells)
    return rows


def _body_items(element: Any) -> Iterator[Any]:
    """The paragraphs and tables of a Word body in document order, also those inside content
    controls (w:sdt)."""
    for child in element.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag in ("p", "tbl"):
            yield child
        elif tag in ("sdt", "sdtContent"):
            yield from _body_items(child)


def _read_docx(path: Path) -> list[Block]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise ExtractError(code="extract_not_docx", path=str(path)) from None
    builder = _Builder()
    pending: list[str] = []
    for child in _body_items(document.element.body):
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            pending.append(normalize(Paragraph(child, document).text))
        elif tag == "tbl":
            for para in join_paragraphs(pending):
                builder.paragraph(para)
            pending = []
            builder.table(_docx_rows(Table(child, document)))
    for para in join_paragraphs(pending):
        builder.paragraph(para)
    return builder.blocks


def _pdf_lines(page: Any, boxes: Sequence[tuple[float, float, float, float]]) -> list[Any]:
    """The text lines of a page outside its tables, each with x0, x1, top, bottom and text."""
    if boxes:

        def outside(obj: dict[str, Any]) -> bool:
            cx = (obj["x0"] + obj["x1"]) / 2
            cy = (obj["top"] + obj["bottom"]) / 2
            return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

        page = page.filter(outside)
    return list(page.extract_text_lines(return_chars=False))


# A page number or a running page mark: "- 3 -", "— 12 —", "第3页", "第 3 页 共 10 页", "3/10".
_PAGE_MARK = re.compile(
    r"^[-—–‒ ]*\d{1,4}[-—–‒ ]*$|^第\s*\d+\s*页(?:\s*[,，]?\s*共\s*\d+\s*页)?$|^\d+\s*/\s*\d+$"
)


def is_page_mark(text: str) -> bool:
    """A line that only numbers the page (not text of the plan)."""
    return bool(_PAGE_MARK.match(text.strip()))


def _line_opens(x0: float, left: float, em: float) -> bool:
    return x0 > left + em * 0.8


def _line_full(x1: float, right: float, em: float, piece: str) -> bool:
    return x1 >= right - em * 1.5 and piece[-1] not in "。！？"


def pdf_paragraphs(
    lines: Sequence[tuple[float, float, str]], left: float, right: float, em: float
) -> list[list[str]]:
    """Lines (x0, x1, text) of one page grouped into paragraphs by their geometry: a line that
    is indented opens a paragraph, a line that stops short of the right margin closes one."""
    paras: list[list[str]] = []
    open_ = False
    for x0, x1, text in lines:
        piece = normalize(text)
        if not piece:
            continue
        if not open_ or _line_opens(x0, left, em) or _OPENER.match(piece):
            paras.append([piece])
        else:
            paras[-1].append(piece)
        open_ = _line_full(x1, right, em, piece)
    return paras


@dataclass(frozen=True)
class PdfPage:
    """One page's paragraphs (as lines), and what its edges say about a page break: whether its
    first line opens a paragraph (indented) and whether its last line runs on (full width)."""

    paragraphs: list[list[str]]
    first_opens: bool
    last_runs_on: bool


def pdf_page(lines: Sequence[tuple[float, float, float, str]]) -> PdfPage:
    """A page from its text lines (x0, x1, height, text); page numbers are left out."""
    kept = [ln for ln in lines if normalize(ln[3]) and not is_page_mark(ln[3])]
    if not kept:
        return PdfPage([], True, False)
    heights = sorted(h for _, _, h, _ in kept)
    em = heights[len(heights) // 2] or 10.0
    left = min(x0 for x0, _, _, _ in kept)
    right = max(x1 for _, x1, _, _ in kept)
    paras = pdf_paragraphs([(x0, x1, t) for x0, x1, _, t in kept], left, right, em)
    first, last = kept[0], kept[-1]
    return PdfPage(
        paras,
        first_opens=_line_opens(first[0], left, em) or bool(_OPENER.match(normalize(first[3]))),
        last_runs_on=_line_full(last[1], right, em, normalize(last[3])),
    )


def carries_over(before: str, after: str, last_runs_on: bool, first_opens: bool) -> bool:
    """Whether the first paragraph of a page carries on the last one of the page before: the
    text says so (:func:`continues`) and so does the layout (the last line ran to the margin and
    the next page's first line is not indented) — or it is a bracket alone (the units)."""
    if not continues(before, after):
        return False
    return (last_runs_on and not first_opens) or bool(_ASIDE.match(after))


def _read_pdf(path: Path) -> list[Block]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(str(path))
    except (PdfminerException, PDFSyntaxError, PSException, ValueError, TypeError) as exc:
        raise ExtractError(code="extract_not_pdf", path=str(path), reason=str(exc)) from None
    builder = _Builder()
    seen_text = False
    # the paragraph read last, held back while what follows may continue it: [text, where]
    held: list[str] | None = None
    runs_on = False  # the last line read ran on to the margin

    def flush() -> None:
        nonlocal held
        if held is not None:
            builder.paragraph(held[0], held[1])
            held = None

    with pdf:
        for p, page in enumerate(pdf.pages, start=1):
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            lines = _pdf_lines(page, [t.bbox for t in tables])
            seen_text = seen_text or bool(lines) or bool(tables)
            k = 0  # paragraphs that start on this page
            # the text above each table, then the table; the text below the last one
            for i in range(len(tables) + 1):
                top = tables[i - 1].bbox[3] if i else float("-inf")
                bottom = tables[i].bbox[1] if i < len(tables) else float("inf")
                segment = pdf_page(
                    [
                        (float(ln["x0"]), float(ln["x1"]), float(ln["bottom"]) - float(ln["top"]),
                         str(ln["text"]))
                        for ln in lines
                        if top <= float(ln["top"]) < bottom
                    ]
                )  # fmt: skip
                for n, pieces in enumerate(segment.paragraphs):
                    whole = pieces[0]
                    for more in pieces[1:]:  # lines wrapped on the page: nothing repeated
                        whole = join_break(whole, more, repeated=False)
                    first = n == 0 and k == 0 and i == 0
                    if (
                        held is not None
                        and first
                        and carries_over(held[0], whole, runs_on, segment.first_opens)
                    ):
                        held[0] = join_break(held[0], whole)
                        continue
                    flush()
                    k += 1
                    held = [whole, f"第{p}页第{k}段"]
                if segment.paragraphs:
                    runs_on = segment.last_runs_on
                if i < len(tables):
                    flush()
                    runs_on = False
                    rows = [[normalize(c or "") for c in row] for row in tables[i].extract()]
                    builder.table(rows, prefix=f"第{p}页")
        flush()
    if not seen_text:
        raise ExtractError(code="extract_needs_ocr", path=str(path))
    return builder.blocks


_READERS = {".txt": _read_txt, ".text": _read_txt, ".docx": _read_docx, ".pdf": _read_pdf}


def read_document(path: Path) -> list[Block]:
    """The blocks of a .txt, .docx or .pdf file; ExtractError when it cannot be read."""
    path = Path(path)
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise ExtractError(code="extract_unknown_type", path=str(path), suffix=path.suffix or "-")
    try:
        if path.stat().st_size == 0:
            raise ExtractError(code="extract_empty", path=str(path))
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise ExtractError(code="extract_unreadable", path=str(path), reason=reason) from None
    blocks = reader(path)
    if not blocks:
        raise ExtractError(code="extract_empty", path=str(path))
    return blocks
