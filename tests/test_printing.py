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
