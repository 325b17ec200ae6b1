"""What the tool writes cannot hurt the reader (issue 11, cases 10 and 13).

Spreadsheet cells never become formulas (every ``--format csv`` listing and ``*.rejected.csv``),
control characters from file names never reach the terminal raw, and output paths that cannot be
written are clear messages naming the path (exit 1), never internal errors.
"""

from __future__ import annotations

import csv
import errno
import io
import json
import pathlib
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from conftest import CLEAN_ENV, DATA, ROOT, assert_no_crash, store_snapshot
from liuzhang.cli.app import app
from liuzhang.render.outtext import neutralize, visible

EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("2023-0*/*"))
HEADER = "编号,期间,数值,单位,状态,备注,填报单位\n"
HOSTILE = '=HYPERLINK("evil.example","x").csv'
ANSI = "\x1b[31m红\x1b[0m.csv"


def invoke(*args: str) -> Result:
    env = {**CLEAN_ENV, "COLUMNS": "400", "LIUZHANG_DATA": str(DATA)}
    result = CliRunner().invoke(app, list(args), env=env)
    assert_no_crash(result)
    return result


def csv_rows(result: Result) -> list[list[str]]:
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeff"), result.stdout[:20]  # UTF-8 BOM for Excel
    return list(csv.reader(io.StringIO(result.stdout[1:])))


# -- the rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("evil.example","x")', '\'=HYPERLINK("evil.example","x")'),
        ("+cmd", "'+cmd"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\nx", "'\nx"),
        ("-", "'-"),
        ("-3.5", "-3.5"),  # plain numbers are data
        ("+2", "+2"),
        ("7.5%", "7.5%"),
        ("-0.15", "-0.15"),
        ("-1e-05", "-1e-05"),
        ("-.5", "-.5"),
        ("地区生产总值", "地区生产总值"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralize(cell: str, expected: str) -> None:
    assert neutralize(cell) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[31m红\x1b[0m.csv", "\\x1b[31m红\\x1b[0m.csv"),
        ("a\x07b\x08c", "a\\x07b\\x08c"),
        ("a\rb", "a\\x0db"),
        ("a\nb", "a\\x0ab"),
        ("gdp\u200b_growth", "gdp\\u200b_growth"),
        ("abc\u202eexe.csv", "abc\\u202eexe.csv"),
        ("\x9b31m", "\\x9b31m"),
        ("区住建局_2023-06.csv", "区住建局_2023-06.csv"),
    ],
)
def test_visible(text: str, expected: str) -> None:
    assert visible(text) == expected


def test_visible_can_keep_line_feeds_for_folded_cells() -> None:
    assert visible("a\x1b\nb", keep_newlines=True) == "a\\x1b\nb"


# -- CSV listings --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples plus a file named as a formula and one whose name holds ANSI codes."""
    tmp = tmp_path_factory.mktemp("hostile")
    db = tmp / "s.sqlite"
    formula = tmp / HOSTILE
    formula.write_text(
        HEADER + "total_phosphorus,2023-07,0.094,mg/L,,,市生态环境局大通湖分局\n",
        encoding="utf-8",
    )
    coloured = tmp / ANSI
    coloured.write_text(
        HEADER + "pm25,2023-07,30,μg/m³,,,市生态环境局大通湖分局\n", encoding="utf-8"
    )
    result = invoke("ingest", *EXAMPLES, str(formula), str(coloured), "--db", str(db))
    assert result.exit_code == 0, result.output
    (tmp / "ingest.out").write_text(result.output, encoding="utf-8")
    return db


def test_log_csv_never_holds_a_live_formula(hostile_db: Path) -> None:
    rows = csv_rows(invoke("log", "-f", "csv", "--db", str(hostile_db)))
    assert rows[0][:3] == ["编号", "导入时间", "文件"]
    files = [r[2] for r in rows[1:]]
    assert f"'{ROOT}" not in files[0]  # ordinary paths are left alone
    assert any(f.endswith("/" + HOSTILE) for f in files)  # inside a path: starts with /
    rows_read = [r[5] for r in rows[1:]]
    assert all(v.isdigit() for v in rows_read)


def test_status_csv_neutralises_a_file_name_cell_and_keeps_negative_numbers(
    hostile_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A relative name, as an office's file is usually given: the cell starts with “=”.
    monkeypatch.chdir(tmp_path)
    Path(HOSTILE).write_text(
        HEADER + "air_quality_good_days_ratio,2023-07,91%,,,,市生态环境局大通湖分局\n",
        encoding="utf-8",
    )
    assert invoke("ingest", HOSTILE, "--db", str(hostile_db)).exit_code == 0
    rows = csv_rows(invoke("status", "--as-of", "2023-07", "-f", "csv", "--db", str(hostile_db)))
    header = rows[0]
    by_id = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    assert by_id["air_quality_good_days_ratio"]["来源文件"] == "'" + HOSTILE
    assert by_id["air_quality_good_days_ratio"]["差距"] == "-4"  # a number stays a number
    log = csv_rows(invoke("log", "-f", "csv", "--db", str(hostile_db)))
    assert log[-1][2] == "'" + HOSTILE


@pytest.mark.parametrize(
    ("command", "zh", "en"),
    [
        (["targets"], ["编号", "部分", "名称", "目标"], ["id", "battle", "name", "target"]),
        (["tasks"], ["编号", "部分", "任务", "牵头单位"], ["id", "battle", "title", "lead"]),
        (["units"], ["名称", "类别", "上级单位", "别名"], ["name", "kind", "parent", "aliases"]),
        (
            ["missing", "--as-of", "2023-06"],
            ["单位", "编号", "名称", "部分", "应报期", "最近报送", "状态"],
            ["unit", "id", "name", "battle", "due_period", "last_period", "status"],
        ),
        (
            ["status", "--as-of", "2023-06"],
            ["编号", "类别", "部分", "名称", "状态", "实际", "序时预期", "差距"],
            ["id", "kind", "battle", "name", "status", "actual", "expected", "gap"],
        ),
        (["log"], ["编号", "导入时间", "文件", "sha256"], ["id", "ingested_at", "file", "sha256"]),
    ],
)
def test_every_csv_listing_has_a_bom_and_headers_in_the_users_language(
    hostile_db: Path, command: list[str], zh: list[str], en: list[str]
) -> None:
    db = ["--db", str(hostile_db)] if command[0] in ("missing", "status", "log") else []
    chinese = csv_rows(invoke(*command, "-f", "csv", *db))
    english = csv_rows(invoke(*command, "-f", "csv", "--lang", "en", *db))
    assert chinese[0][: len(zh)] == zh and english[0][: len(en)] == en
    # The data is the same, except the warnings' messages, which are in the user's language.
    keep = [i for i, key in enumerate(english[0]) if key != "flags"]
    assert [[r[i] for i in keep] for r in chinese[1:]] == [
        [r[i] for i in keep] for r in english[1:]
    ]
    assert len(chinese) > 2
    # JSON keeps the English keys.
    records = json.loads(invoke(*command, "-f", "json", *db).stdout)
    assert set(en) <= set(records[0])


def test_missing_csv_opens_in_chinese_excel(hostile_db: Path, tmp_path: Path) -> None:
    """`missing --format csv > 催报.csv`: the bytes are UTF-8 with a BOM, CRLF line ends."""
    result = invoke("missing", "--as-of", "2023-06", "-f", "csv", "--db", str(hostile_db))
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf" + "单位,编号,名称".encode()) and b"\r\n" in raw
    assert "区交通运输局,rural_road_safety_facilities" in raw.decode("utf-8-sig")


# -- ingest and log in a terminal ------------------------------------------------------------------


def test_control_characters_in_file_names_never_reach_the_terminal(
    hostile_db: Path, tmp_path: Path
) -> None:
    ingest = (hostile_db.parent / "ingest.out").read_text(encoding="utf-8")
    assert "\x1b" not in ingest and "\\x1b[31m红\\x1b[0m.csv：读取 1 行" in ingest
    log = invoke("log", "--db", str(hostile_db))
    assert log.exit_code == 0 and "\x1b" not in log.output
    assert "\\x1b[31m红\\x1b[0m.csv" in log.output
    bad = tmp_path / "\x1b]0;pwned\x07bad.csv"
    bad.write_text(HEADER + "pm25,2023-13,30,,,,\n", encoding="utf-8")
    result = invoke("ingest", str(bad), "--db", str(tmp_path / "other.sqlite"))
    assert result.exit_code == 1 and "\x1b" not in result.output and "\x07" not in result.output
    assert "\\x1b]0;pwned\\x07bad.csv:2:" in result.output


# -- *.rejected.csv --------------------------------------------------------------------------------


def test_rejected_csv_neutralises_its_header_and_reasons(tmp_path: Path) -> None:
    path = tmp_path / "区应急局.csv"
    path.write_text(
        "编号,期间,数值,单位,状态,备注,填报单位,=cmd|' /C calc'!A0\n"
        "major_accidents,2023-06,0,起,,,区应急局,x\n"
        "major_accidents,2023-13,=1+1,起,,-3,区应急局,@y\n",
        encoding="utf-8",
    )
    result = invoke("ingest", str(path), "--partial", "--db", str(tmp_path / "s.sqlite"))
    assert result.exit_code == 1
    text = (tmp_path / "区应急局.rejected.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "编号",
        "期间",
        "数值",
        "单位",
        "状态",
        "备注",
        "填报单位",
        "'=cmd|' /C calc'!A0",
        "行号",
        "原因",
    ]
    assert rows[1][:8] == ["major_accidents", "2023-13", "'=1+1", "起", "", "-3", "区应急局", "'@y"]
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row)


# -- xlsx bulletin ---------------------------------------------------------------------------------


def test_xlsx_bulletin_keeps_hostile_file_names_as_text(hostile_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = invoke(
        "report", "--month", "2023-07", "-f", "xlsx", "--out", str(out), "--db", str(hostile_db)
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(out / "月通报_2023-07.xlsx")
    cells = [c for row in book["数据说明"].iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value == HOSTILE and c.data_type == "s" for c in cells)  # no apostrophe
    assert any(c.value.endswith("\\x1b[31m红\\x1b[0m.csv") for c in cells)  # shown, not dropped
    with zipfile.ZipFile(out / "月通报_2023-07.xlsx") as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)  # no formula anywhere


# -- output paths (case 13) ------------------------------------------------------------------------


@pytest.fixture
def june_db(hostile_db: Path) -> Path:
    return hostile_db


def test_report_out_an_existing_file(june_db: Path, tmp_path: Path) -> None:
    existing = tmp_path / "reports"
    existing.write_text("not a folder", encoding="utf-8")
    result = invoke("report", "--month", "2023-06", "--out", str(existing), "--db", str(june_db))
    assert result.exit_code == 1
    assert f"{existing} 是一个文件，不是目录：请用 --out 指定一个目录" in result.output
    assert existing.read_text(encoding="utf-8") == "not a folder"
    below = invoke("report", "-m", "2023-06", "--out", str(existing / "sub"), "--db", str(june_db))
    assert below.exit_code == 1
    assert f"无法写入 {existing / 'sub'}：路径中的 {existing} 是文件，不是目录" in below.output


def _refuse_writes_below(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """Writes below ``folder`` fail as on a read-only folder (the tests may run as root)."""

    def denied(path: Any) -> OSError:
        return PermissionError(errno.EACCES, "Permission denied", str(path))

    def guard(original: Any) -> Any:
        def wrapper(self: Path, *args: Any, **kwargs: Any) -> Any:
            if (self == folder or folder in self.parents) and not self.is_dir():
                raise denied(self)  # an existing folder is there already (mkdir exist_ok)
            return original(self, *args, **kwargs)

        return wrapper

    for name in ("write_text", "write_bytes", "mkdir", "open"):
        monkeypatch.setattr(pathlib.Path, name, guard(getattr(pathlib.Path, name)))
    import openpyxl.workbook.workbook as workbook

    save = workbook.Workbook.save

    def guarded_save(self: Any, filename: Any) -> None:
        path = Path(filename)
        if folder in path.parents:
            raise denied(path)
        save(self, filename)

    monkeypatch.setattr(workbook.Workbook, "save", guarded_save)


@pytest.mark.parametrize("fmt", ["md", "xlsx"])
def test_report_into_a_read_only_folder(
    june_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    _refuse_writes_below(monkeypatch, folder)
    result = invoke(
        "report", "-m", "2023-06", "-f", fmt, "--out", str(folder), "--db", str(june_db)
    )
    assert result.exit_code == 1
    path = folder / f"月通报_2023-06.{fmt}"
    assert f"无法写入 {path}：没有写入权限（目录或文件是只读的？）" in result.output
    english = invoke(
        "report", "-m", "2023-06", "-f", fmt, "-o", str(folder / "new"), "--db", str(june_db),
        "--lang", "en",
    )  # fmt: skip
    assert english.exit_code == 1
    assert f"cannot write {folder / 'new'}: permission denied" in english.output


def test_template_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "missing" / "dir" / "x.xlsx"
    result = invoke("template", "-u", "区住建局", "-p", "2023-07", "-o", str(path))
    assert result.exit_code == 0, result.output
    assert path.read_bytes().startswith(b"PK\x03\x04")  # .xlsx by its extension
    assert load_workbook(path).active["A2"].value == "编号"  # type: ignore[index]


def test_template_into_a_folder_writes_the_default_name_there(tmp_path: Path) -> None:
    result = invoke("template", "-u", "区住建局", "-p", "2023-07", "-o", str(tmp_path))
    assert result.exit_code == 0, result.output
    written = tmp_path / "填报表_区住房城乡建设局_2023-07.csv"
    assert written.read_text(encoding="utf-8-sig").splitlines()[1].startswith("编号,名称,期间")
    xlsx = invoke("template", "-u", "区住建局", "-p", "2023-07", "-o", str(tmp_path), "-f", "xlsx")
    assert xlsx.exit_code == 0
    assert (tmp_path / "填报表_区住房城乡建设局_2023-07.xlsx").read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["-p", "2024-07"], 2, "2024 年没有方案（有：大通湖区/2023）"),
        (["-p", "2022年12月"], 2, "2022 年没有方案（有：大通湖区/2023）"),
        (["-p", "2023-07", "-o", "x.xlsx", "-f", "csv"], 2, "--format csv 与输出文件 x.xlsx"),
        (["-p", "2023-07", "-o", "afile/x.csv"], 1, "无法写入 afile/x.csv：路径中的 afile 是文件"),
    ],
)
def test_template_refuses_what_ingest_would_refuse_or_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], code: int, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "afile").write_text("", encoding="utf-8")
    result = invoke("template", "-u", "区住建局", *args)
    assert result.exit_code == code and message in result.output, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile"]  # nothing written


def test_template_to_a_read_only_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "share"
    folder.mkdir()
    _refuse_writes_below(monkeypatch, folder)
    for fmt in ("csv", "xlsx"):
        path = folder / f"form.{fmt}"
        result = invoke("template", "-u", "区住建局", "-p", "2023-07", "-o", str(path))
        assert result.exit_code == 1
        assert f"无法写入 {path}：没有写入权限" in result.output


def test_an_unwritable_rejected_csv_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    db = tmp_path / "s.sqlite"
    assert invoke("ingest", EXAMPLES[0], "--db", str(db)).exit_code == 0
    before = store_snapshot(db)
    path = folder / "区应急局.csv"
    path.write_text(
        HEADER
        + "major_accidents,2023-06,0,起,,,区应急局\nmajor_accidents,2023-13,0,起,,,区应急局\n",
        encoding="utf-8",
    )
    original_write_text = pathlib.Path.write_text

    def refuse(self: Path, *args: Any, **kwargs: Any) -> int:
        if self.name.endswith(".rejected.csv"):
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return original_write_text(self, *args, **kwargs)

    monkeypatch.setattr(pathlib.Path, "write_text", refuse)
    result = invoke("ingest", str(path), "--partial", "--db", str(db))
    assert result.exit_code == 1
    assert f"无法写入 {folder / '区应急局.rejected.csv'}：没有写入权限" in result.output
    assert store_snapshot(db) == before
