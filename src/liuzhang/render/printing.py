"""How a workbook prints: A4 landscape, every column of a sheet fitted to the page width, the
header row repeated on every page, the title in the page header and page numbers in the footer.
One home for the bulletin's and the forms' sheets."""

from __future__ import annotations

from typing import Any

from liuzhang.i18n import Lang, word

# Excel keeps at most 255 characters in a page header; "&" starts a header code there.
HEADER_LIMIT = 200


def header_text(text: str) -> str:
    """``text`` as an Excel page header shows it: ``&`` doubled, cut to the header's limit."""
    cut = text if len(text) <= HEADER_LIMIT else text[: HEADER_LIMIT - 1] + "…"
    return cut.replace("&", "&&")


def print_setup(ws: Any, title: str, lang: Lang) -> None:
    """Set up one sheet for printing; its header row (the row above the frozen panes) repeats
    on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    frozen = ws.freeze_panes
    if frozen and frozen[1:].isdigit() and int(frozen[1:]) > 1:
        header_row = int(frozen[1:]) - 1
        ws.print_title_rows = f"{header_row}:{header_row}"
    ws.oddHeader.center.text = header_text(title)
    ws.oddFooter.center.text = word("print_footer", lang)
    ws.print_options.horizontalCentered = True


def print_setup_book(book: Any, title: str, lang: Lang) -> None:
    """:func:`print_setup` for every sheet of a workbook."""
    for ws in book.worksheets:
        print_setup(ws, title, lang)
