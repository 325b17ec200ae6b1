"""Reading real offices' files: Excel's ways and CSV oddities (issue 11 #3, #4, #9, #15)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from conftest import CLEAN_ENV, DATA, store_snapshot
from liuzhang.cli.app import app
from liuzhang.submissions.reading import parse_table, read_csv_text

HEADER = ["编号", "期间", "数值", "单位", "备注"]


def book(
    *sheets: tuple[str, list[list[Any]]], active: int = 0, hidden: tuple[str, ...] = ()
) -> Any:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    workbook.active = active
    return workbook


def ingest(runner: CliRunner, db: Path, *args: str) -> Result:
    return runner.invoke(
        app, ["ingest", *args, "--db", str(db), "--data", str(DATA)], env=CLEAN_ENV
    )


def stored(db: Path) -> list[tuple[str, str, str | None, int]]:
    from liuzhang.store import open_store

    with open_store(db, create=False) as store:
        rows = [(r.item_id, r.period, r.raw_value, r.row) for r in store.latest()]
    return sorted(rows)


def problems(result: Result, path: Path) -> list[str]:
    return [line for line in result.output.splitlines() if line.startswith(f"{path}:")]


# -- #3: numbers and dates in the period column ----------------------------------------------


def test_a_number_in_the_period_column_is_refused_a_date_is_its_month(
    runner: CliRunner, tmp_path: Path
) -> None:
    path, db = tmp_path / "十月.xlsx", tmp_path / "s.sqlite"
    rows = [
        HEADER,
        ["new_urban_jobs", 2023.1, 900, "", ""],  # typed 2023.10: Excel keeps the number 2023.1
        ["new_urban_jobs", dt.datetime(2023, 8, 1), 600, "", ""],  # typed 2023-08: a date
        ["key_project_investment", "2023.10", 9.5, "亿元", ""],  # text: October
    ]
    book(("Sheet", rows)).save(path)
    result = ingest(runner, db, str(path), "--partial")
    assert result.exit_code == 1, result.output
    assert problems(result, path) == [
        f"{path}:2:期间: 期间单元格是数字 2023.1，无法判断月份（Excel 会把 2023.10 存成 2023.1）："
        "请把期间写成文本，如 2023-10 或 2023年10月"
    ]
    assert stored(db) == [
        ("key_project_investment", "2023-10", "9.5", 4),
        ("new_urban_jobs", "2023-08", "600", 3),
    ]


# -- #4: which sheet -------------------------------------------------------------------------


def test_a_hidden_draft_is_not_read_the_active_visible_sheet_is(
    runner: CliRunner, tmp_path: Path
) -> None:
    path, db = tmp_path / "九月.xlsx", tmp_path / "s.sqlite"
    book(
        ("草稿", [HEADER, ["new_urban_jobs", "2023-09", 99, "", ""]]),
        ("9月", [HEADER, ["new_urban_jobs", "2023-09", 25, "", ""]]),
        ("说明", [["填表说明：数值填累计数"]]),
        active=1,
        hidden=("草稿",),
    ).save(path)
    result = ingest(runner, db, str(path))
    assert result.exit_code == 0, result.output
    assert stored(db) == [("new_urban_jobs", "2023-09", "25", 2)]
    # A hidden sheet is read when named.
    again = ingest(runner, tmp_path / "t.sqlite", str(path), "--sheet", "草稿")
    assert again.exit_code == 0, again.output
    assert stored(tmp_path / "t.sqlite") == [("new_urban_jobs", "2023-09", "99", 2)]


def test_several_visible_submission_sheets_are_refused_by_name(
    runner: CliRunner, tmp_path: Path
) -> None:
    path, db = tmp_path / "两月.xlsx", tmp_path / "s.sqlite"
    book(
        ("8月", [HEADER, ["new_urban_jobs", "2023-08", 20, "", ""]]),
        ("9月", [HEADER, ["new_urban_jobs", "2023-09", 25, "", ""]]),
        active=1,
    ).save(path)
    before = store_snapshot(db) if db.exists() else None
    result = ingest(runner, db, str(path))
    assert result.exit_code == 1, result.output
    assert problems(result, path) == [
        f"{path}:1:-: 有多个可见工作表像填报表（8月、9月），请用 --sheet 指定要导入的一个"
    ]
    assert (store_snapshot(db) if db.exists() and before else None) == before
    chosen = ingest(runner, db, str(path), "--sheet", "8月")
    assert chosen.exit_code == 0, chosen.output
    assert stored(db) == [("new_urban_jobs", "2023-08", "20", 2)]


def test_the_one_visible_submission_sheet_is_read_even_when_not_active(
    runner: CliRunner, tmp_path: Path
) -> None:
    path, db = tmp_path / "x.xlsx", tmp_path / "s.sqlite"
    book(
        ("数据", [["2023年9月 区人社局"], HEADER, ["new_urban_jobs", "2023-09", 25, "", ""]]),
        ("说明", [["填表说明"]]),
        active=1,
    ).save(path)
    result = ingest(runner, db, str(path))
    assert result.exit_code == 0, result.output
    assert stored(db) == [("new_urban_jobs", "2023-09", "25", 3)]


# -- #9: Excel and CSV messes ----------------------------------------------------------------


def test_a_title_row_above_the_header_is_skipped_and_not_counted(
    runner: CliRunner, tmp_path: Path
) -> None:
    db = tmp_path / "s.sqlite"
    csv_path = tmp_path / "标题.csv"
    csv_path.write_text(
        "区人社局2023年9月报送表,,\n\n编号,期间,数值\nnew_urban_jobs,2023-09,25\nnope,2023-09,1\n",
        encoding="utf-8",
    )
    xlsx_path = tmp_path / "标题.xlsx"
    sheet = book(
        ("Sheet", [["区人社局2023年9月报送表"], HEADER, ["new_urban_jobs", "2023-08", 20]])
    )
    sheet.active.merge_cells("A1:E1")  # a merged title is not a merged header
    sheet.save(xlsx_path)
    result = ingest(runner, db, str(csv_path), "--partial")
    assert result.exit_code == 1, result.output
    assert problems(result, csv_path)[0].startswith(f"{csv_path}:5:编号: ")
    assert "读取 2 行，新增 1，未变 0，修订 0，拒收 1" in result.output
    result = ingest(runner, db, str(xlsx_path))
    assert result.exit_code == 0, result.output
    assert stored(db) == [
        ("new_urban_jobs", "2023-08", "20", 3),
        ("new_urban_jobs", "2023-09", "25", 4),
    ]
    from liuzhang.store import open_store

    with open_store(db, create=False) as store:
        counts = [(r.rows_read, r.rows_rejected) for r in store.ingests()]
    assert counts == [(2, 1), (1, 0)]


def test_merged_id_and_period_cells_fill_every_row_of_their_range(
    runner: CliRunner, tmp_path: Path
) -> None:
    path, db = tmp_path / "合并.xlsx", tmp_path / "s.sqlite"
    workbook = book(
        (
            "Sheet",
            [
                HEADER,
                ["new_urban_jobs", "2023-06", 500, "", "合并的期间"],
                ["key_project_investment", None, 8.2, "亿元", ""],
                ["key_project_investment", "2023-07", 9, None, ""],
                [None, "2023-08", 10, None, ""],
            ],
        )
    )
    workbook.active.merge_cells("B2:B3")
    workbook.active.merge_cells("A4:A5")
    workbook.active.merge_cells("D3:D5")
    workbook.save(path)
    result = ingest(runner, db, str(path))
    assert result.exit_code == 0, result.output
    assert stored(db) == [
        ("key_project_investment", "2023-06", "8.2", 3),
        ("key_project_investment", "2023-07", "9", 4),
        ("key_project_investment", "2023-08", "10", 5),
        ("new_urban_jobs", "2023-06", "500", 2),
    ]


def test_a_formula_without_a_cached_value_asks_to_open_and_save(
    runner: CliRunner, tmp_path: Path
) -> None:
    path, db = tmp_path / "公式.xlsx", tmp_path / "s.sqlite"
    rows = [HEADER, ["new_urban_jobs", "2023-06", 500], ["key_project_investment", "2023-06"]]
    workbook = book(("Sheet", rows))
    workbook.active["C3"] = "=C2*2"
    workbook.save(path)
    result = ingest(runner, db, str(path), "--partial")
    assert result.exit_code == 1, result.output
    assert problems(result, path) == [
        f"{path}:3:数值: 单元格 C3 是公式，文件中没有计算结果：请在 Excel/WPS 中打开并保存后再导入"
    ]
    assert stored(db) == [("new_urban_jobs", "2023-06", "500", 2)]


def test_percent_error_and_bool_cells_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "格式.xlsx"
    workbook = book(("Sheet", [["编号", "期间", "数值", "状态"], ["a", "2023-06", 0.962, True]]))
    workbook.active["C2"].number_format = "0.0%"
    workbook.active["D3"] = "#DIV/0!"
    workbook.active["B4"] = dt.date(2023, 6, 30)
    workbook.active["E4"] = dt.date(2023, 6, 30)  # a date outside the period column
    workbook.save(path)
    table = parse_table(path, path.read_bytes())
    assert table.header == ["编号", "期间", "数值", "状态", ""]
    assert list(table.rows) == [
        (2, ["a", "2023-06", "96.2%", "1", ""]),
        (3, ["", "", "", "#DIV/0!", ""]),
        (4, ["", "2023-06", "", "", "2023-06-30"]),
    ]


@pytest.mark.parametrize("mark", ["\u200b", "\ufeff", "\u200c", "\u200d", "\u00a0"])
def test_an_id_with_an_invisible_character_matches(
    runner: CliRunner, tmp_path: Path, mark: str
) -> None:
    db = tmp_path / "s.sqlite"
    csv_path = tmp_path / "a.csv"
    csv_path.write_text(f"编号,期间,数值\nnew_urban_jobs{mark},2023-06,500\n", encoding="utf-8")
    xlsx_path = tmp_path / "a.xlsx"
    book(("Sheet", [HEADER, [f"{mark}key_project_investment", "2023-06", 8.2]])).save(xlsx_path)
    result = ingest(runner, db, str(csv_path), str(xlsx_path))
    assert result.exit_code == 0, result.output
    assert stored(db) == [
        ("key_project_investment", "2023-06", "8.2", 2),
        ("new_urban_jobs", "2023-06", "500", 2),
    ]


def test_cr_only_line_ends_are_lines() -> None:
    table = read_csv_text("编号,期间,数值\rnew_urban_jobs,2023-06,500\r\ra,2023-07,1\r")
    assert (table.header_row, table.header) == (1, ["编号", "期间", "数值"])
    assert list(table.rows) == [
        (2, ["new_urban_jobs", "2023-06", "500"]),
        (3, []),
        (4, ["a", "2023-07", "1"]),
    ]


def test_a_directory_and_sheet_on_a_csv_get_clear_messages(
    runner: CliRunner, tmp_path: Path
) -> None:
    db = tmp_path / "s.sqlite"
    folder = tmp_path / "九月"
    folder.mkdir()
    result = ingest(runner, db, str(folder))
    assert result.exit_code == 1, result.output
    assert problems(result, folder) == [
        f"{folder}:1:-: 这是目录，不是文件：请给出其中的填报文件（如 目录/*.csv）"
    ]
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("编号,期间,数值\nnew_urban_jobs,2023-06,500\n", encoding="utf-8")
    other = tmp_path / "t.sqlite"
    result = ingest(runner, other, str(csv_path), "--sheet", "9月")
    assert result.exit_code == 2, result.output
    assert f"--sheet 只用于 xlsx 文件，{csv_path} 不是 xlsx" in result.output
    assert not other.exists()


# -- #15: large workbooks ------------------------------------------------------------------


def _big_rows(n: int) -> list[list[Any]]:
    from liuzhang.plandata.catalog import load_catalog

    catalog, _ = load_catalog(DATA)
    tasks = sorted(catalog.tasks)
    periods = [f"2023-{m:02d}" for m in range(1, 13)]
    return [
        [
            tasks[i % len(tasks)],
            periods[i // len(tasks)],
            f"{i % 100}%",
            "推进中",
            catalog.task_units(catalog.tasks[tasks[i % len(tasks)]], "lead")[0],  # an owner
        ]
        for i in range(n)
    ]


def test_a_large_workbook_is_checked_column_wise_with_the_same_result(tmp_path: Path) -> None:
    """The column-wise path (taken for a workbook of FAST_MIN_BYTES or more) accepts what the
    row-by-row checker accepts, row numbers below a title included."""
    from liuzhang.plandata.catalog import load_catalog
    from liuzhang.submissions.intake import check_submission
    from liuzhang.submissions.xlsx import check_fast_xlsx, read_workbook

    header = ["编号", "期间", "数值", "状态", "填报单位"]
    rows = _big_rows(2_000)
    workbook = book(("Sheet", [["标题"], header, *rows]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    raw = buffer.getvalue()
    catalog, _ = load_catalog(DATA)
    fast = check_fast_xlsx(catalog, raw, None, None, strict=True)
    assert fast is not None
    slow = check_submission(catalog, read_workbook(raw, None), "x.xlsx")
    assert not slow.problems
    columns = fast.lists()
    for name in ("item_id", "period", "status", "row", "reported_by"):
        assert columns[name] == [getattr(o, name) for o in slow.observations], name
    assert columns["value"] == [str(o.value) for o in slow.observations]
    assert columns["row"][:2] == [3, 4]


def test_a_workbook_with_an_unreadable_cell_is_left_to_the_row_checker() -> None:
    """A formula without a cached value: the column-wise path refuses by design (None, also
    in strict mode, where an unexpected exception would be raised), the row checker reports."""
    from liuzhang.plandata.catalog import load_catalog
    from liuzhang.submissions.xlsx import check_fast_xlsx

    header = ["编号", "期间", "数值", "状态", "填报单位"]
    rows = _big_rows(50)
    rows[10][2] = "=1+1"
    buffer = io.BytesIO()
    book(("Sheet", [header, *rows])).save(buffer)
    catalog, _ = load_catalog(DATA)
    assert check_fast_xlsx(catalog, buffer.getvalue(), None, None, strict=True) is None
    rows[10][2] = "45%"
    buffer = io.BytesIO()
    book(("Sheet", [header, *rows])).save(buffer)
    assert check_fast_xlsx(catalog, buffer.getvalue(), None, None, strict=True) is not None


def test_a_workbook_is_streamed_not_loaded_with_openpyxl(tmp_path: Path) -> None:
    """Reading never loads the workbook with openpyxl (810 MB for 300k rows)."""
    import sys

    path = tmp_path / "a.xlsx"
    book(("Sheet", [HEADER, ["new_urban_jobs", "2023-06", 500]])).save(path)
    for name in [m for m in sys.modules if m.startswith("openpyxl")]:
        del sys.modules[name]
    table = parse_table(path, path.read_bytes())
    assert list(table.rows) == [(2, ["new_urban_jobs", "2023-06", "500", "", ""])]
    assert not [m for m in sys.modules if m.startswith("openpyxl")]


def test_cells_without_references_are_located(tmp_path: Path) -> None:
    """Some writers omit r="C2": percent styles and formulas are still placed right."""
    path = tmp_path / "a.xlsx"
    workbook = book(("Sheet", [["编号", "期间", "数值"], ["a", "2023-06", 0.5], ["b", "2023-06"]]))
    workbook.active["C2"].number_format = "0%"
    workbook.active["C3"] = "=1+1"
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            blob = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                import re

                blob = re.sub(rb' r="[A-Z]+[0-9]+"', b"", blob)
            target.writestr(name, blob)
    table = parse_table(path, path.read_bytes())
    assert list(table.rows) == [(2, ["a", "2023-06", "50%"]), (3, ["b", "2023-06", ""])]
    assert table.issues == {3: [(2, "xlsx_formula_uncached", {"cell": "C3"})]}


def test_a_large_workbook_warns_and_stores_as_the_row_by_row_path_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The column-wise path (a large workbook) prints the same warnings as the row-by-row path,
    naming the file and the sheet's row (a title row above the header counts) and column, and
    stores the same values, flags and rows."""
    from liuzhang.plandata.catalog import load_catalog
    from liuzhang.store import open_store
    from liuzhang.submissions import xlsx as intake_xlsx

    catalog, _ = load_catalog(DATA)
    per_month = len(catalog.tasks)
    rows = _big_rows(2_000)
    for k in range(2):  # done in January, in progress again in February
        rows[k][3] = "已完成"
    rows.append(["gdp_growth", "2023-Q1", 0.005, "", "区发改财政局"])  # shown as 0.5%
    workbook = book(("Sheet", [["标题"], ["编号", "期间", "数值", "状态", "填报单位"], *rows]))
    workbook.active.cell(row=len(rows) + 2, column=3).number_format = "0.0%"
    path = tmp_path / "big.xlsx"
    workbook.save(path)

    real = intake_xlsx.check_fast_xlsx
    fast: list[bool] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        fast.append(result is not None)
        return result

    monkeypatch.setattr(intake_xlsx, "check_fast_xlsx", spy)
    runner = CliRunner()
    outputs: list[list[str]] = []
    contents: list[list[tuple[Any, ...]]] = []
    for smallest in (0, 1 << 40):  # column-wise, then row by row
        monkeypatch.setattr(intake_xlsx, "FAST_MIN_BYTES", smallest)
        db = tmp_path / f"{smallest}.sqlite"
        result = ingest(runner, db, str(path))
        assert result.exit_code == 0, result.output
        outputs.append(problems(result, path))
        with open_store(db, create=False) as store:
            contents.append(
                [
                    (r.item_id, r.period, r.value, r.status, r.flags, r.row)
                    for r in store.latest()
                ]
            )
    assert fast == [True]
    first, second = 3, 3 + per_month  # sheet rows: title, header, then January
    reopened = "状态: 警告：上一期 2023-01 已报“已完成”，本期改为“推进中”，请核实"
    assert outputs[0] == [
        f"{path}:{second}:{reopened}",
        f"{path}:{second + 1}:{reopened}",
        f"{path}:{len(rows) + 2}:数值: 警告：数值 0.5% 像是小数写法（目标 7.5%），是否应为 50？",
    ]
    assert outputs[1] == outputs[0]
    assert contents[1] == contents[0]
    assert [c[-1] for c in contents[0]][:1] == [first]


@pytest.mark.parametrize(
    ("change", "accepted"),
    [
        ("none", True),
        ("line break in a note", False),  # a CSV of one line a row could not carry it either
        ("gap in the rows", False),
        ("short row", False),
        ("no rows", False),
    ],
)
def test_text_rows_are_checked_column_wise_or_left_to_the_row_checker(
    change: str, accepted: bool
) -> None:
    """``check_fast_rows`` answers for the rows it is sure about, else None (row by row)."""
    from liuzhang.plandata.catalog import load_catalog
    from liuzhang.submissions.fast import check_fast_rows

    catalog, _ = load_catalog(DATA)
    header = ["编号", "期间", "数值", "状态", "填报单位", "备注"]
    rows = [(n, [str(c) for c in row] + [""]) for n, row in enumerate(_big_rows(40), 3)]
    if change == "line break in a note":
        rows[5][1][5] = "第一行\n第二行"
    elif change == "gap in the rows":
        rows = rows[:5] + [(n + 1, cells) for n, cells in rows[5:]]
    elif change == "short row":
        rows[7] = (rows[7][0], rows[7][1][:4])
    elif change == "no rows":
        rows = []
    fast = check_fast_rows(catalog, header, iter(rows), None)
    assert (fast is not None) == accepted
    if fast is not None:
        assert fast.lists()["row"] == list(range(3, 43))


def test_a_large_csvs_warnings_name_the_file_as_a_small_ones_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The column-wise path of a large CSV prints its warnings as file:row:column, like the
    row-by-row path (it used to print ``-:row``)."""
    import liuzhang.cli.intake as cli_intake

    path = tmp_path / "big.csv"
    path.write_text(
        "编号,期间,数值,单位,状态,备注,填报单位\n"
        "gdp_growth,2023-Q1,0.075,%,,,区发改财政局\n"
        "retail_sales_growth,2023-03,7.6,%,,,区发改财政局\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    outputs = []
    for smallest in (0, 1 << 40):  # column-wise, then row by row
        monkeypatch.setattr(cli_intake, "FAST_MIN_BYTES", smallest)
        result = ingest(runner, tmp_path / f"{smallest}.sqlite", str(path))
        assert result.exit_code == 0, result.output
        outputs.append(problems(result, path))
    assert (
        outputs[0]
        == outputs[1]
        == [f"{path}:2:数值: 警告：数值 0.075% 像是小数写法（目标 7.5%），是否应为 7.5？"]
    )
