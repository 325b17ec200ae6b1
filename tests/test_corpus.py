"""The bad-input corpus, end to end through the CLI.

``tests/corpus/submissions/`` holds broken submission files and ``tests/corpus/data/`` broken
plan files (``targets__x.yaml`` replaces targets.yaml in a copy of the shipped data). For each
one ``tests/corpus/expected.json`` gives the exit code, the location (file, row or line,
column) and a distinctive part of the Chinese message; a ``bug`` entry marks a case the tool
gets wrong today (a strict xfail, so that the fix has to remove it). Submissions run against a
store that already holds one ingest, and the store must be unchanged row for row.

Workbooks (.xlsx) and the 200,000-row file are built at run time, not committed.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from conftest import CLEAN_ENV, DATA, assert_no_crash, store_snapshot
from liuzhang.cli.app import app

CORPUS = Path(__file__).resolve().parent / "corpus"
SUBMISSIONS = CORPUS / "submissions"
DATA_CASES = CORPUS / "data"
EXPECTED: dict[str, dict[str, dict[str, Any]]] = json.loads(
    (CORPUS / "expected.json").read_text(encoding="utf-8")
)
HEADER = "id,period,value,unit,status,note,reported_by\n"
FIRST = HEADER + "new_urban_jobs,2023-05,500,人,,,区民政人社局\n"

pytestmark = pytest.mark.usefixtures("private_cache")


def invoke(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(app, list(args), env=CLEAN_ENV)


def problem_lines(output: str, display: str) -> list[str]:
    """The ``file:row:column: reason`` lines about one file (not its summary line)."""
    return [
        line
        for line in output.splitlines()
        if line.startswith(f"{display}:") and line[len(display) + 1 : len(display) + 2].isdigit()
    ]


def cases(kind: str) -> list[Any]:
    return [
        pytest.param(
            name,
            case,
            id=name,
            marks=[pytest.mark.xfail(strict=True, reason=case["bug"])] if "bug" in case else [],
        )
        for name, case in sorted(EXPECTED[kind].items())
    ]


# -- the store every submission runs against -----------------------------------------------


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one earlier ingest, so that “unchanged” is a real claim."""
    folder = tmp_path_factory.mktemp("baseline")
    db = folder / "store.sqlite"
    first = folder / "first.csv"
    first.write_text(FIRST, encoding="utf-8")
    result = invoke(CliRunner(), "ingest", str(first), "--db", str(db), "--data", str(DATA))
    assert result.exit_code == 0, result.output
    tables = store_snapshot(db)
    assert (len(tables["ingests"]), len(tables["observations"])) == (1, 1)
    return db


@pytest.fixture
def store(baseline: Path, tmp_path: Path) -> Path:
    db = tmp_path / "store.sqlite"
    shutil.copy(baseline, db)
    return db


def ingest(runner: CliRunner, db: Path, path: Path, *extra: str) -> Result:
    return invoke(runner, "ingest", str(path), "--db", str(db), "--data", str(DATA), *extra)


def assert_refused_whole(
    result: Result, path: Path, row: int, column: str | None, message: str
) -> None:
    """Exit 1, exactly one problem, at ``row`` and ``column`` (any when None), no traceback."""
    assert_no_crash(result)
    assert result.exit_code == 1, result.output
    found = problem_lines(result.output, str(path))
    prefix = f"{path}:{row}:" + ("" if column is None else f"{column}: ")
    assert [p for p in found if p.startswith(prefix) and message in p], result.output
    assert len(found) == 1, result.output


# -- the corpus itself -----------------------------------------------------------------------


def test_every_corpus_file_has_an_expectation_and_the_corpus_is_broad() -> None:
    subs = {p.name for p in SUBMISSIONS.iterdir()}
    data = {p.name for p in DATA_CASES.iterdir()}
    assert subs == set(EXPECTED["submissions"])
    assert data == set(EXPECTED["data"])
    assert (len(subs), len(data)) == (52, 33)
    for name in data:
        assert name.split("__")[0] in ("plan", "targets", "tasks", "units"), name
    for case in [*EXPECTED["submissions"].values(), *EXPECTED["data"].values()]:
        assert case["exit"] == 1 and case["message"] and case["note"]


# -- submissions -----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "case"), cases("submissions"))
def test_a_broken_submission_is_refused_whole(
    runner: CliRunner, store: Path, name: str, case: dict[str, Any]
) -> None:
    path = SUBMISSIONS / name
    before = store_snapshot(store)
    result = ingest(runner, store, path)
    assert result.exit_code == case["exit"], result.output
    assert_refused_whole(result, path, case["row"], case["column"], case["message"])
    assert store_snapshot(store) == before


def _workbook(rows: list[list[Any]], title: str = "Sheet") -> Any:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    return book


def _merged_header(path: Path) -> None:
    book = _workbook([["编号", "期间", "数值", ""], ["new_urban_jobs", "2023-06", 500]])
    book.active.merge_cells("C1:D1")
    book.save(path)


def _formula(path: Path) -> None:
    # openpyxl writes the formula and no cached value, as a script or a converter would.
    _workbook([["编号", "期间", "数值"], ["new_urban_jobs", "2023-06", "=100+400"]]).save(path)


def _error_value(path: Path) -> None:
    _workbook([["编号", "期间", "数值"], ["new_urban_jobs", "2023-06", "#DIV/0!"]]).save(path)


def _two_sheets(path: Path) -> None:
    book = _workbook([["编号", "期间", "数值"], ["new_urban_jobs", "2023-06", 500]], "六月")
    book.create_sheet("五月")
    book.save(path)


def _truncated_sheet_xml(path: Path) -> None:
    buffer = io.BytesIO()
    _workbook([["编号", "期间", "数值"], ["new_urban_jobs", "2023-06", 500]]).save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    with zipfile.ZipFile(path, "w") as target:
        for name in source.namelist():
            blob = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                blob = blob[: len(blob) // 2]  # a download cut short inside the sheet
            target.writestr(name, blob)


# (builder, extra arguments, row, column, message)
XLSX_CASES: dict[str, tuple[Callable[[Path], None], list[str], int, str, str]] = {
    "merged_header": (_merged_header, [], 1, "-", "表头有合并单元格 C1:D1，请取消合并"),
    # A formula without a cached value is never evaluated: the row is refused, asking to open
    # and save the file in Excel/WPS (issue 11 #9).
    "formula_without_cached_value": (
        _formula,
        [],
        2,
        "数值",
        "单元格 C2 是公式，文件中没有计算结果：请在 Excel/WPS 中打开并保存后再导入",
    ),
    "error_value": (_error_value, [], 2, "数值", "数值“#DIV/0!”无法识别"),
    "missing_sheet": (
        _two_sheets,
        ["--sheet", "七月"],
        1,
        "-",
        "没有名为“七月”的工作表（现有：六月、五月）",
    ),
    # A traceback (xml ParseError) before 0da839e.
    "truncated_sheet_xml": (_truncated_sheet_xml, [], 1, "-", "无法读取 xlsx 文件"),
}


@pytest.mark.parametrize("name", sorted(XLSX_CASES))
def test_a_broken_workbook_is_refused_whole(
    runner: CliRunner, store: Path, tmp_path: Path, name: str
) -> None:
    build, args, row, column, message = XLSX_CASES[name]
    path = tmp_path / f"{name}.xlsx"
    build(path)
    before = store_snapshot(store)
    result = ingest(runner, store, path, *args)
    assert_refused_whole(result, path, row, column, message)
    assert store_snapshot(store) == before


@pytest.mark.parametrize("name", sorted(XLSX_CASES))
def test_a_broken_workbook_is_left_to_the_row_checker(tmp_path: Path, name: str) -> None:
    """The column-wise path (taken for large workbooks) refuses each by design: None in strict
    mode, where an unexpected exception would be raised."""
    from liuzhang.plandata.catalog import load_catalog
    from liuzhang.submissions.xlsx import check_fast_xlsx

    build, args, *_ = XLSX_CASES[name]
    path = tmp_path / f"{name}.xlsx"
    build(path)
    catalog, _ = load_catalog(DATA)
    sheet = args[1] if args else None
    assert check_fast_xlsx(catalog, path.read_bytes(), sheet, None, strict=True) is None


def test_a_large_file_with_one_bad_row_near_the_end(
    runner: CliRunner, store: Path, tmp_path: Path
) -> None:
    """200,000 rows; row 199,995 has an unknown status: that row is named, nothing is stored."""
    from liuzhang.plandata.catalog import load_catalog

    catalog, _ = load_catalog(DATA)
    tasks = sorted(catalog.tasks)
    periods = [f"2023-{m:02d}" for m in range(1, 13)]
    periods += [f"2023-{m:02d}-{d}" for m in range(1, 13) for d in ("上旬", "中旬")]
    total, bad = 200_000, 200_000 - 7
    lines = [HEADER]
    for n in range(total):
        task, period = tasks[n % len(tasks)], periods[(n // len(tasks)) % len(periods)]
        status = "差不多" if n == bad else "推进中"
        # The same (id, period) always carries the same percentage: repeats are duplicates.
        lines.append(f"{task},{period},{(n // len(tasks)) % len(periods)},%,{status},,\n")
    path = tmp_path / "big.csv"
    path.write_text("".join(lines), encoding="utf-8")
    before = store_snapshot(store)
    result = ingest(runner, store, path)
    line = bad + 2  # the header is line 1
    assert_refused_whole(result, path, line, "status", "状态“差不多”无法识别")
    assert "big.csv：有 1 行被拒收，整个文件未导入" in result.output
    assert store_snapshot(store) == before


# -- plan data -------------------------------------------------------------------------------

_LOCATED = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<rest>.*)$")


@pytest.mark.parametrize(("name", "case"), cases("data"))
def test_a_broken_data_file_is_reported_at_its_line_and_column(
    runner: CliRunner, tmp_path: Path, name: str, case: dict[str, Any]
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for file in ("plan.yaml", "targets.yaml", "tasks.yaml", "units.yaml"):
        shutil.copy(DATA / file, data / file)
    shutil.copy(DATA_CASES / name, data / case["file"])
    result = invoke(runner, "validate", "--data", str(data))
    assert_no_crash(result)
    assert result.exit_code == case["exit"], result.output
    located = [m for m in map(_LOCATED.match, result.output.splitlines()) if m]
    in_file = [
        m
        for m in located
        if Path(m["file"]).name == case["file"] and Path(m["file"]).parent == data.resolve()
    ]
    where = [(int(m["line"]), int(m["col"])) for m in in_file]
    assert where == [(case["line"], case["column"])], result.output
    assert case["message"] in in_file[0]["rest"], result.output
    if case["errors"] is not None:
        assert f"发现 {case['errors']} 个错误" in result.output, result.output


# -- accepted input must not break the commands that read it ---------------------------------

HUGE = "1" + "0" * 40


def _reading_commands(db: Path, data: Path, out: Path) -> list[list[str]]:
    common = ["--db", str(db), "--data", str(data)]
    return [
        ["status", "--as-of", "2023-06", *common],
        ["show", "new_urban_jobs", *common],
        ["report", "--month", "2023-06", "--out", str(out), *common],
    ]


def test_a_huge_submitted_value_is_refused_or_shown_never_a_crash(
    runner: CliRunner, store: Path, tmp_path: Path
) -> None:
    path = tmp_path / "huge.csv"
    path.write_text(f"{HEADER}new_urban_jobs,2023-06,{HUGE},人,,,\n", encoding="utf-8")
    result = ingest(runner, store, path)
    assert_no_crash(result)
    assert result.exit_code == 1 and f"huge.csv:2:value: 数值 {HUGE} 超出合理范围" in result.output
    for args in _reading_commands(store, DATA, tmp_path / "reports"):
        later = invoke(runner, *args)
        assert_no_crash(later)
        assert later.exit_code == 0, (args[0], later.output)


def test_a_huge_target_is_refused_or_shown_never_a_crash(
    runner: CliRunner, store: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    for file in ("plan.yaml", "tasks.yaml", "units.yaml"):
        shutil.copy(DATA / file, data / file)
    text = (DATA / "targets.yaml").read_text(encoding="utf-8")
    entry = text.index("  - id: new_urban_jobs\n")
    at = text.index("    target: ", entry)
    end = text.index("\n", at)
    (data / "targets.yaml").write_text(
        text[:at] + f"    target: {HUGE}" + text[end:], encoding="utf-8"
    )
    result = invoke(runner, "validate", "--data", str(data))
    assert_no_crash(result)
    assert result.exit_code == 1 and "超出合理范围" in result.output
    for args in _reading_commands(store, data, tmp_path / "reports"):
        later = invoke(runner, *args)  # the plan is refused everywhere, with the same reason
        assert_no_crash(later)
        assert later.exit_code == 1 and "超出合理范围" in later.output, (args[0], later.output)
