"""Spreadsheets that print: every sheet of the bulletin and of a form on A4 landscape, all its
columns fitted to the page width, its header row repeated, the title in the page header and
page numbers in the footer."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import DATA, replace_once
from liuzhang.cli.app import app
from liuzhang.render.printing import HEADER_LIMIT, header_text
from test_report import make_reports


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("大通湖区月通报（2023年6月）", "大通湖区月通报（2023年6月）"),
        ("R&D 投入", "R&&D 投入"),  # & starts a page-header code in Excel
        ("x" * (HEADER_LIMIT + 50), "x" * (HEADER_LIMIT - 1) + "…"),
    ],
)
def test_header_text(text: str, expected: str) -> None:
    assert header_text(text) == expected


def printing(ws: Any) -> tuple[Any, ...]:
    setup = ws.page_setup
    return (
        setup.orientation,
        int(setup.paperSize),
        int(setup.fitToWidth),
        int(setup.fitToHeight),
        ws.sheet_properties.pageSetUpPr.fitToPage,
        ws.print_title_rows,
        ws.oddFooter.center.text,
    )


def test_every_sheet_of_the_bulletin_prints_on_a4_landscape_fitted_to_its_width(
    tmp_path: Path,
) -> None:
    import openpyxl

    out = make_reports(tmp_path, DATA, "--month", "2023-06", "-f", "xlsx")
    book = openpyxl.load_workbook(out / "月通报_2023-06.xlsx")
    assert len(book.worksheets) >= 5
    for ws in book.worksheets:
        assert printing(ws) == ("landscape", 9, 1, 0, True, "$1:$1", "第 &P 页，共 &N 页"), ws
        assert ws.oddHeader.center.text == "大通湖区打好“发展六仗”月通报（2023年6月）"
    out = make_reports(tmp_path / "en", DATA, "--month", "2023-06", "-f", "xlsx", "--lang", "en")
    book = openpyxl.load_workbook(out / "bulletin_2023-06.xlsx")
    assert {ws.oddFooter.center.text for ws in book.worksheets} == {"Page &P of &N"}


def test_a_form_prints_with_its_header_row_on_every_page(tmp_path: Path) -> None:
    import openpyxl

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    replace_once(data / "plan.yaml", 'title: "', 'title: "R&D ')  # a title with a header code
    path = tmp_path / "form.xlsx"
    result = CliRunner().invoke(
        app,
        ["template", "-u", "区住建局", "-p", "2023-07", "-o", str(path), "--data", str(data)],
    )
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(path).active
    assert printing(ws) == ("landscape", 9, 1, 0, True, "$2:$2", "第 &P 页，共 &N 页")
    assert ws.oddHeader.center.text.startswith("R&&D 大通湖区打好")


# -- printed through LibreOffice (when it is installed) -------------------------------------

SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install "
    "libreoffice-calc-nogui to print the workbooks to PDF",
)


def _to_pdf(path: Path) -> Path:
    """``path`` printed to PDF by LibreOffice (a private profile: tests may run in parallel)."""
    import subprocess

    profile = path.parent / "lo-profile"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(path.parent),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return path.with_suffix(".pdf")


def _pages_by_sheet(xlsx: Path) -> list[tuple[str, float]]:
    """Per printed page: the sheet whose every column header it shows (in sheet order), and
    the smallest type on it in points."""
    import re

    import openpyxl
    import pdfplumber

    def bare(text: object) -> str:
        return re.sub(r"\s+", "", str(text or ""))

    book = openpyxl.load_workbook(xlsx)
    sheets = []
    for ws in book.worksheets:
        row = int(ws.print_title_rows.split(":")[0].strip("$"))
        sheets.append((ws.title, [bare(c.value) for c in ws[row] if c.value not in (None, "")]))
    pages = []
    with pdfplumber.open(_to_pdf(xlsx)) as pdf:
        for page in pdf.pages:
            assert (round(page.width), round(page.height)) == (842, 595)  # A4 landscape
            text = bare(page.extract_text())
            shown = [name for name, heads in sheets if all(h in text for h in heads)]
            assert len(shown) == 1, (shown, text[:200])
            pages.append((shown[0], min(c["size"] for c in page.chars)))
    names = [name for name, _ in sheets]
    order = [names.index(name) for name, _ in pages]
    assert order == sorted(order) and set(order) == set(range(len(names)))  # every sheet, in order
    return pages


@needs_soffice
def test_the_bulletin_printed_shows_every_column_of_its_sheet_on_every_page(
    tmp_path: Path,
) -> None:
    out = make_reports(tmp_path, DATA, "--month", "2023-06", "-f", "xlsx")
    pages = _pages_by_sheet(out / "月通报_2023-06.xlsx")
    # 15 pages (64 before the print setup), none in type smaller than 4.5 pt
    assert len(pages) == 15
    assert min(size for _, size in pages) > 4.5


@needs_soffice
def test_a_form_printed_is_one_page_with_every_column(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    result = CliRunner().invoke(
        app,
        ["template", "-u", "区住建局", "-p", "2023-06", "-o", str(path), "--data", str(DATA)],
    )
    assert result.exit_code == 0, result.output
    pages = _pages_by_sheet(path)
    assert [name for name, _ in pages] == ["填报表"]
    assert pages[0][1] > 6
