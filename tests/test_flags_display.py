"""Case 7, the display side: stored warnings and the office's note where users look.

`status` (JSON, CSV, a ⚠ mark and a footnote), `show` (JSON and the lines under each value),
the bulletin's 数据疑点 section and 备注 columns; the bulletin's tolerance sentence; and the
bulletin ranks a correction with another spelling of the same period as `tracking.newest` does.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import DATA
from liuzhang.domain.tracking import Reading
from liuzhang.plandata.catalog import load_catalog
from liuzhang.render.text import tolerance_text
from liuzhang.views.bulletin import build_bulletin, projection, reached_since
from test_output_safety import HEADER, invoke
from test_report_text import md_table

UNIT = "区发改财政局"
LOANS_ZH = "累计值 0.3 亿元 小于上一期 2023-08 的 1.9 亿元（填成了当月数？）"
LOANS_EN = "the year-to-date value 0.3 亿元 is below 1.9 亿元 of 2023-08 (a single month's figure?)"
GDP_ZH = "数值 0.075% 像是小数写法（目标 7.5%），是否应为 7.5？"
GDP_EN = "the value 0.075% looks like a fraction (target 7.5%); did you mean 7.5?"
TASK_ZH = "上一期 2023-08 已报“已完成”，本期改为“推进中”，请核实"
TASK_EN = "reported done in 2023-08, now 'in progress': please check"
TASK_FLAG = {
    "code": "task_reopened",
    "message": TASK_ZH,
    "params": {"previous_period": "2023-08", "status": "in_progress"},
}
LOANS_FLAG = {
    "code": "ytd_decrease",
    "message": LOANS_ZH,
    "params": {"value": "0.3", "previous": "1.9", "previous_period": "2023-08", "unit": "亿元"},
}
GDP_FLAG = {
    "code": "rate_fraction",
    "message": GDP_ZH,
    "params": {"value": "0.075", "target": "7.5", "unit": "%", "scaled": "7.5"},
}
TOLERANCE = (
    "预警容差：% 与 ‰ 类取 1 个百分点与目标值 10% 中较小者，其他类为序时预期的 10%；"
    "年底终值不设容差"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """August: new loans 1.9 亿元, task a1-2-1 done. September: 0.3 (the month alone, 备注
    当月), GDP growth written as a fraction (0.075 for 7.5 %), a plausible value with a note,
    and the task back in progress (with a note)."""
    tmp = tmp_path_factory.mktemp("flags")
    august = tmp / "august.csv"
    august.write_text(
        HEADER + f"new_loans,2023-08,1.9,亿元,,,{UNIT}\na1-2-1,2023-08,,,已完成,,{UNIT}\n",
        encoding="utf-8",
    )
    september = tmp / "september.csv"
    september.write_text(
        HEADER
        + f"new_loans,2023-09,0.3,亿元,,当月,{UNIT}\n"
        + f"gdp_growth,2023-Q3,0.075,%,,,{UNIT}\n"
        + f"key_project_investment,2023-09,12,亿元,,含省重点项目 3 个,{UNIT}\n"
        + f"a1-2-1,2023-09,60,,推进中,重新评估后续工程,{UNIT}\n",
        encoding="utf-8",
    )
    path = tmp / "s.sqlite"
    for file in (august, september):
        result = invoke("ingest", str(file), "--db", str(path))
        assert result.exit_code == 0, result.output
    return path


def status_json(db: Path, *args: str, as_of: str = "2023-09") -> dict[str, dict[str, object]]:
    result = invoke("status", "--as-of", as_of, "-f", "json", "--db", str(db), *args)
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in json.loads(result.stdout)}


# -- status ----------------------------------------------------------------------------------


def test_status_json_carries_the_flags_and_note_of_the_value_judged(db: Path) -> None:
    records = status_json(db)
    assert records["new_loans"]["flags"] == [LOANS_FLAG]
    assert records["new_loans"]["note"] == "当月"
    assert records["gdp_growth"]["flags"] == [GDP_FLAG]
    assert records["gdp_growth"]["note"] is None
    assert records["key_project_investment"]["flags"] == []
    assert records["key_project_investment"]["note"] == "含省重点项目 3 个"
    assert records["a1-2-1"]["flags"] == [TASK_FLAG]
    assert records["a1-2-1"]["note"] == "重新评估后续工程"
    assert records["retail_sales_growth"]["flags"] == [] and records["a1-1-1"]["flags"] == []
    assert list(records["new_loans"])[-2:] == ["flags", "note"]
    english = status_json(db, "--lang", "en")
    assert english["new_loans"]["flags"] == [{**LOANS_FLAG, "message": LOANS_EN}]
    assert english["a1-2-1"]["flags"] == [{**TASK_FLAG, "message": TASK_EN}]
    # As of August the value judged is August's: no warning, no note.
    august = invoke("status", "--as-of", "2023-08", "-f", "json", "--db", str(db))
    loans = next(r for r in json.loads(august.stdout) if r["id"] == "new_loans")
    assert (loans["flags"], loans["note"]) == ([], None)


def test_status_csv_joins_the_messages(db: Path) -> None:
    result = invoke(
        "status", "--as-of", "2023-09", "-f", "csv", "--only", "behind", "--db", str(db)
    )
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0][-2:] == ["数据疑点", "备注"]
    by_id = {r[0]: r[-2:] for r in rows[1:]}
    assert by_id["new_loans"] == [LOANS_ZH, "当月"]
    assert by_id["gdp_growth"] == [GDP_ZH, ""]


def test_status_table_marks_flagged_values_and_explains_them_in_a_footnote(db: Path) -> None:
    out = invoke("status", "--as-of", "2023-09", "--db", str(db)).stdout
    lines = out.splitlines()
    loans = next(x for x in lines if x.lstrip().startswith("new_loans "))
    assert " 0.3 ⚠ " in loans
    gdp = next(x for x in lines if x.lstrip().startswith("gdp_growth "))
    assert " 0.075 ⚠ " in gdp
    investment = next(x for x in lines if x.lstrip().startswith("key_project_investment "))
    assert "⚠" not in investment
    task = next(x for x in lines if x.lstrip().startswith("a1-2-1 "))
    assert " 60% ⚠ " in task
    assert lines[-1] == (
        "带 ⚠ 的数值有数据疑点（见 liuzhang show 编号）："
        f"gdp_growth（2023-Q3）：{GDP_ZH}；new_loans（2023-09）：{LOANS_ZH}；"
        f"a1-2-1（2023-09）：{TASK_ZH}"
    )
    english = invoke("status", "--as-of", "2023-09", "--lang", "en", "--db", str(db))
    assert english.stdout.splitlines()[-1] == (
        "values marked ⚠ are doubtful (see liuzhang show ID): "
        f"gdp_growth (2023-Q3): {GDP_EN}; new_loans (2023-09): {LOANS_EN}; "
        f"a1-2-1 (2023-09): {TASK_EN}"
    )
    # Only the rows shown are listed.
    third = invoke("status", "--as-of", "2023-09", "--battle", "3", "--db", str(db)).stdout
    assert third.splitlines()[-1] == (
        f"带 ⚠ 的数值有数据疑点（见 liuzhang show 编号）：new_loans（2023-09）：{LOANS_ZH}"
    )
    august = invoke("status", "--as-of", "2023-08", "--db", str(db)).stdout
    assert "⚠" not in august


# -- show ------------------------------------------------------------------------------------


def test_show_json_revision_rows_carry_flags_and_note(db: Path) -> None:
    view = json.loads(invoke("show", "new_loans", "-f", "json", "--db", str(db)).stdout)
    assert [(h["period"], h["flags"], h["note"]) for h in view["history"]] == [
        ("2023-08", [], None),
        ("2023-09", [LOANS_FLAG], "当月"),
    ]
    assert view["status"]["flags"] == [LOANS_FLAG] and view["status"]["note"] == "当月"


def test_show_text_puts_warnings_and_note_under_the_value(db: Path) -> None:
    lines = invoke("show", "new_loans", "--db", str(db)).stdout.splitlines()
    row = next(i for i, x in enumerate(lines) if x.lstrip().startswith("2023-09 "))
    assert " 0.3 ⚠ " in lines[row]
    assert lines[row + 1].rstrip() == f"    ⚠ {LOANS_ZH}"
    assert lines[row + 2].rstrip() == "    备注：当月"
    august = next(i for i, x in enumerate(lines) if x.lstrip().startswith("2023-08 "))
    assert august + 1 == row and "⚠" not in lines[august]
    status = next(x for x in lines if x.startswith("状态 9月"))
    assert "实际 0.3 ⚠  序时预期 2.25" in status
    english = invoke("show", "new_loans", "--lang", "en", "--db", str(db)).stdout.splitlines()
    row = next(i for i, x in enumerate(english) if x.lstrip().startswith("2023-09 "))
    assert english[row + 1 : row + 3] == [
        f"    ⚠ {LOANS_EN}".ljust(len(english[row + 1])),
        "    Note: 当月".ljust(len(english[row + 2])),
    ]


# -- the bulletin ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bulletin(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bulletin")
    formats = ("-f", "json", "-f", "md", "-f", "html", "-f", "xlsx")
    result = invoke("report", "--month", "2023-09", *formats, "--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_bulletin_model_lists_the_doubts(db: Path, bulletin: Path) -> None:
    source = str(db.parent / "september.csv")
    model = json.loads((bulletin / "月通报_2023-09.json").read_text(encoding="utf-8"))
    assert model["doubts"] == [
        {
            "id": "gdp_growth",
            "kind": "target",
            "battle": 1,
            "name": "地区生产总值增长",
            "period": "2023-Q3",
            "value": 0.075,
            "status": None,
            "unit": "%",
            "flags": [GDP_FLAG],
            "note": None,
            "reported_by": UNIT,
            "source_file": source,
            "row": 3,
        },
        {
            "id": "a1-2-1",
            "kind": "task",
            "battle": 1,
            "name": "加快重点项目建设",
            "period": "2023-09",
            "value": 60,
            "status": "in_progress",
            "unit": None,
            "flags": [TASK_FLAG],
            "note": "重新评估后续工程",
            "reported_by": UNIT,
            "source_file": source,
            "row": 5,
        },
        {
            "id": "new_loans",
            "kind": "target",
            "battle": 3,
            "name": "年度新增贷款",
            "period": "2023-09",
            "value": 0.3,
            "status": None,
            "unit": "亿元",
            "flags": [LOANS_FLAG],
            "note": "当月",
            "reported_by": UNIT,
            "source_file": source,
            "row": 2,
        },
    ]
    loans = next(r for b in model["battles"] for r in b["targets"] if r["id"] == "new_loans")
    assert loans["flags"] == [LOANS_FLAG] and loans["note"] == "当月"


def test_bulletin_markdown_has_the_doubts_before_the_data_note(db: Path, bulletin: Path) -> None:
    source = str(db.parent / "september.csv")
    md = (bulletin / "月通报_2023-09.md").read_text(encoding="utf-8")
    assert md.index("## 六、数据疑点") < md.index("## 七、数据说明")
    assert md_table(md, "## 六、数据疑点") == [
        ["编号", "名称", "期间", "数值", "疑点", "填报单位", "来源文件:行", "备注"],
        [
            "gdp_growth",
            "地区生产总值增长",
            "2023-Q3",
            "0.075%",
            GDP_ZH,
            UNIT,
            f"{source}:3",
            "",
        ],
        [
            "a1-2-1",
            "加快重点项目建设",
            "2023-09",
            "推进中 60%",
            TASK_ZH,
            UNIT,
            f"{source}:5",
            "重新评估后续工程",
        ],
        [
            "new_loans",
            "年度新增贷款",
            "2023-09",
            "0.3 亿元",
            LOANS_ZH,
            UNIT,
            f"{source}:2",
            "当月",
        ],
    ]
    assert f"- 截至：2023-09；{TOLERANCE}。" in md
    # The office's note in the battle tables, last column.
    targets = md_table(md, "### 第1部分")
    assert targets[0][-1] == "备注"
    investment = next(r for r in targets if r[0] == "key_project_investment")
    assert investment[-1] == "含省重点项目 3 个"
    loans = next(r for r in md_table(md, "### 第3部分") if r[0] == "new_loans")
    assert loans[-1] == "当月"
    tasks = md_table(md.split("### 第1部分", 1)[1], "| 编号 | 任务 |")
    task = next(r for r in tasks if r[0] == "a1-2-1")
    assert task[-1] == "重新评估后续工程"


def test_the_printed_bulletin_names_the_doubts_files_without_folders(
    db: Path, tmp_path: Path
) -> None:
    """The Word bulletin is printed and sent: its 来源文件:行 is the file's name (the screen
    formats above keep the path as stored)."""
    from docx import Document

    result = invoke(
        "report", "--month", "2023-09", "-f", "docx", "--db", str(db), "--out", str(tmp_path)
    )
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "月通报_2023-09.docx"))
    table = next(t for t in doc.tables if "来源文件:行" in [c.text for c in t.rows[0].cells])
    assert [r.cells[6].text for r in table.rows[1:]] == [
        "september.csv:3",
        "september.csv:5",
        "september.csv:2",
    ]


def test_bulletin_html_and_xlsx_have_the_doubts(db: Path, bulletin: Path) -> None:
    source = str(db.parent / "september.csv")
    html = (bulletin / "月通报_2023-09.html").read_text(encoding="utf-8")
    doubts = html.split('<section id="doubts">', 1)[1].split("</section>", 1)[0]
    assert "<h2>六、数据疑点</h2>" in doubts and LOANS_ZH in doubts and f"{source}:2" in doubts
    assert html.index('id="doubts"') < html.index('id="data-note"')
    assert f"<li>数据截至 2023-09；{TOLERANCE}。</li>" in html
    assert '<td class="note">含省重点项目 3 个</td>' in html
    book = load_workbook(bulletin / "月通报_2023-09.xlsx")
    names = book.sheetnames
    assert names.index("数据疑点") == names.index("数据说明") - 1
    rows = [[c.value for c in row] for row in book["数据疑点"].iter_rows()]
    assert rows == [
        ["编号", "名称", "期间", "数值", "单位", "疑点", "填报单位", "来源文件:行", "备注"],
        [
            "gdp_growth",
            "地区生产总值增长",
            "2023-Q3",
            0.075,
            "%",
            GDP_ZH,
            UNIT,
            f"{source}:3",
            None,
        ],
        [
            "a1-2-1",
            "加快重点项目建设",
            "2023-09",
            "推进中 60%",
            None,
            TASK_ZH,
            UNIT,
            f"{source}:5",
            "重新评估后续工程",
        ],
        [
            "new_loans",
            "年度新增贷款",
            "2023-09",
            0.3,
            "亿元",
            LOANS_ZH,
            UNIT,
            f"{source}:2",
            "当月",
        ],
    ]
    assert book["数据疑点"]["F2"].alignment.wrap_text
    notes = [[c.value for c in row] for row in book["数据说明"].iter_rows(min_row=2)]
    assert ["预警容差", TOLERANCE.removeprefix("预警容差："), None] in notes
    header = [c.value for c in book["各部分情况"][1]]
    investment = next(
        r for r in book["各部分情况"].iter_rows(min_row=2) if r[1].value == "key_project_investment"
    )
    assert header[-1] == "备注" and investment[-1].value == "含省重点项目 3 个"
    task = next(r for r in book["任务"].iter_rows(min_row=2) if r[1].value == "a1-2-1")
    assert [c.value for c in book["任务"][1]][-1] == "备注"
    assert task[-1].value == "重新评估后续工程"


def test_no_doubts_say_so(db: Path, tmp_path: Path) -> None:
    result = invoke(
        "report",
        "--month",
        "2023-08",
        "-f",
        "md",
        "-f",
        "json",
        "--db",
        str(db),
        "--out",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.output
    assert (
        json.loads((tmp_path / "月通报_2023-08.json").read_text(encoding="utf-8"))["doubts"] == []
    )
    md = (tmp_path / "月通报_2023-08.md").read_text(encoding="utf-8")
    assert "## 六、数据疑点\n\n本期计算所用数据无疑点。\n" in md


@pytest.mark.parametrize(
    ("points", "ratio", "text"),
    [
        (1, 0.1, TOLERANCE),
        (
            0.5,
            0.2,
            "预警容差：% 与 ‰ 类取 0.5 个百分点与目标值 20% 中较小者，"
            "其他类为序时预期的 20%；年底终值不设容差",
        ),
        (2, None, "预警容差：% 与 ‰ 类为 2 个百分点，其他类不设容差；年底终值不设容差"),
        (None, 0.05, "预警容差：% 与 ‰ 类为目标值的 5%，其他类为序时预期的 5%；年底终值不设容差"),
        (None, None, "预警容差：% 与 ‰ 类不设容差，其他类不设容差；年底终值不设容差"),
    ],
)
def test_tolerance_sentence_follows_the_plan(
    points: float | None, ratio: float | None, text: str
) -> None:
    assert tolerance_text({"points": points, "ratio": ratio}) == text
    assert tolerance_text({"points": points, "ratio": ratio}, label=False) == text.removeprefix(
        "预警容差："
    )


# -- leftover: the bulletin ranks readings as tracking.newest does -----------------------------

CATALOG, _ = load_catalog(DATA)
INVESTMENT = CATALOG.targets["key_project_investment"]  # cumulative, ≥ 15 亿元


def reading(period: str, kind: str, value: str, seq: int) -> Reading:
    return Reading(
        item_id="key_project_investment",
        period=period,
        period_kind=kind,
        period_end=date(2023, 9, 30),
        end_month=9,
        value=Decimal(value),
        status=None,
        seq=seq,
    )


QUARTER = reading("2023-Q3", "quarter", "16", seq=1)  # reached 15 ...
CORRECTION = reading("2023-09", "month", "12", seq=2)  # ... then corrected as 2023年1-9月


@pytest.mark.parametrize("order", [[QUARTER, CORRECTION], [CORRECTION, QUARTER]])
def test_a_correction_with_another_spelling_is_what_the_bulletin_uses(
    order: list[Reading],
) -> None:
    forecast = projection(INVESTMENT, order)
    assert forecast is not None
    assert (forecast["actual"], forecast["period"], forecast["reached_period"]) == (
        12,
        "2023-09",
        None,
    )
    assert reached_since(INVESTMENT, order) is None
    model = build_bulletin(CATALOG, order, 9)
    chart = next(c for c in model["charts"] if c["id"] == "key_project_investment")
    assert chart["actual"] == [{"month": 9, "value": 12}]
    planned = next(p for p in model["projections"] if p["id"] == "key_project_investment")
    assert (planned["actual"], planned["year_end"]) == (12, 16)


def test_show_projection_uses_the_correction(tmp_path: Path) -> None:
    quarter, month = tmp_path / "q3.csv", tmp_path / "m9.csv"
    quarter.write_text(HEADER + f"key_project_investment,2023-Q3,16,亿元,,,{UNIT}\n", "utf-8")
    month.write_text(HEADER + f"key_project_investment,2023年1-9月,12,亿元,,,{UNIT}\n", "utf-8")
    db = tmp_path / "s.sqlite"
    for file in (quarter, month):
        assert invoke("ingest", str(file), "--db", str(db)).exit_code == 0
    view = json.loads(
        invoke("show", "key_project_investment", "-f", "json", "--db", str(db)).stdout
    )
    assert view["projection"]["actual"] == 12 and view["projection"]["reached_period"] is None


@pytest.mark.parametrize("version", [1, 2])
def test_a_migrated_store_has_no_flags_and_keeps_who_reported(tmp_path: Path, version: int) -> None:
    """Schemas 1 and 2 had no flags: migrated rows have none (their reporter stays the reporter)."""
    from test_store_safety import _old_store

    db = tmp_path / "old.sqlite"
    _old_store(db, version)
    records = status_json(db, as_of="2023-06")
    jobs = records["new_urban_jobs"]
    assert (jobs["reported_by"], jobs["flags"]) == ("区人社局", [])
