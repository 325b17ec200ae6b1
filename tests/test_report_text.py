"""The bulletin's and the listings' text says what the data says (issue 11, case 16).

The shipped examples plus a July and a December file: stale tasks name what is due and who owes
it, every count has the list it counts, the quarterly review compares with the previous quarter,
a target reached in June says so, small gaps stay visible, a first value is not a revision.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from liuzhang.render.outtext import number_text
from liuzhang.render.text import (
    change_rows,
    comparison_text,
    files_text,
    period_label,
    reach_text,
    source_text,
)
from test_output_safety import EXAMPLES, HEADER, invoke


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("text")
    july = tmp / "市生态环境局大通湖分局_2023-07.csv"
    july.write_text(
        HEADER + "total_phosphorus,2023-07,0.094,mg/L,,,市生态环境局大通湖分局\n", encoding="utf-8"
    )
    december = tmp / "区科技工信局_2023-12.csv"  # reached in June, reported again in December
    december.write_text(
        HEADER + "billion_yuan_projects,2023-12,1,个,,,区科技工信局\n", encoding="utf-8"
    )
    path = tmp / "s.sqlite"
    result = invoke("ingest", *EXAMPLES, str(july), str(december), "--db", str(path))
    assert result.exit_code == 0, result.output
    return path


def report(db: Path, out: Path, *args: str) -> Path:
    result = invoke("report", *args, "--db", str(db), "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def september(db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("september")
    return report(
        db, out, "--month", "2023-09", *("-f", "md", "-f", "html", "-f", "xlsx", "-f", "json")
    )


def md_table(md: str, section: str) -> list[list[str]]:
    """The rows of the first table under a heading (header row first)."""
    part = md.split(section, 1)[1]
    lines = [line for line in part.split("\n## ")[0].splitlines() if line.startswith("| ")]
    return [[c.strip() for c in line.strip("|").split(" | ")] for line in lines]


# -- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "signed", "text"),
    [
        (None, False, "—"),
        (0, True, "0"),
        (Decimal("0.094"), False, "0.094"),
        (Decimal("0.088"), False, "0.088"),
        (Decimal("0.006"), True, "+0.006"),
        (Decimal("-0.004"), True, "-0.004"),
        (0.0912, False, "0.091"),
        (0.15, True, "+0.15"),
        (7.345, False, "7.35"),  # halves round up
        (Decimal("7.35"), True, "+7.35"),
        (Decimal("-0.15"), True, "-0.15"),
        (1200, False, "1,200"),
        (Decimal("1234567.891"), False, "1,234,567.89"),
        (12.0, False, "12"),
        (Decimal("15.80"), False, "15.8"),
        (Decimal("0.00001"), False, "0.00001"),
    ],
)
def test_number_text(value: Decimal | float | None, signed: bool, text: str) -> None:
    assert number_text(value, signed) == text


@given(
    st.decimals(
        min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=6, allow_nan=False
    ).filter(lambda d: d != 0)
)
def test_a_number_that_is_not_zero_never_shows_as_zero(value: Decimal) -> None:
    shown = Decimal(number_text(value).replace(",", ""))
    assert shown != 0 and (shown > 0) == (value > 0)
    assert abs(shown - value) <= abs(value) * Decimal("0.05") + Decimal("0.005")


def test_a_small_gap_is_visible_in_status_and_the_bulletin(db: Path, tmp_path: Path) -> None:
    """≤ 0.088 mg/L, 0.094 reported: not “≤ 0.09 | 0.09 | 差距 0 | 预警”."""
    status = invoke("status", "--as-of", "2023-07", "--battle", "6", "--db", str(db))
    line = next(x for x in status.stdout.splitlines() if "total_phosphorus" in x)
    assert re.search(r"≤ 0\.088\s+0\.094\s+0\.088\s+\+0\.006\s+0\.006\s+mg/L\s+预警", line), line
    md = (report(db, tmp_path, "--month", "2023-07", "-f", "md") / "月通报_2023-07.md").read_text(
        encoding="utf-8"
    )
    row = next(r for r in md_table(md, "### 第6部分") if r[0] == "total_phosphorus")
    assert row[2:8] == ["≤ 0.088", "0.094", "0.088", "+0.006", "mg/L", "预警"]


# -- the data note -------------------------------------------------------------------------------


def test_stale_tasks_name_the_period_due_and_who_owes_it(september: Path) -> None:
    md = (september / "月通报_2023-09.md").read_text(encoding="utf-8")
    html = (september / "月通报_2023-09.html").read_text(encoding="utf-8")
    assert "None" not in md and "None" not in html
    expected = "a1-1-2（2023-06，应报 2023-09，区住房城乡建设局）"
    assert expected in md and expected in html
    assert "gdp_growth（2023-Q2，应报 2023-Q3，区发改财政局）" in md
    book = load_workbook(september / "月通报_2023-09.xlsx")
    notes = [[c.value for c in row] for row in book["数据说明"].iter_rows(min_row=2)]
    assert not any(v is not None and "None" in str(v) for row in notes for v in row)
    assert ["旧数", "促进房地产市场消费：" + expected, "区住房城乡建设局"] in notes
    bulletin = json.loads((september / "月通报_2023-09.json").read_text(encoding="utf-8"))
    assert all(r["due_period"] and r["owes"] for r in bulletin["data_note"]["stale"])


# -- counts and their lists ----------------------------------------------------------------------


def test_each_units_count_of_missing_is_the_length_of_its_list(september: Path) -> None:
    bulletin = json.loads((september / "月通报_2023-09.json").read_text(encoding="utf-8"))
    owed = {u["unit"]: len(u["owes"]) for u in bulletin["units"]}
    assert owed["区发改财政局"] == 19 and sum(owed.values()) > 100
    md = (september / "月通报_2023-09.md").read_text(encoding="utf-8")
    rows = md_table(md, "## 四、各单位情况")
    count, items = rows[0].index("应报未报"), rows[0].index("应报未报事项")
    for row in rows[2:]:
        listed = len(row[items].split("；")) if row[items] else 0
        assert int(row[count]) == listed == owed[row[0]], row
    book = load_workbook(september / "月通报_2023-09.xlsx")
    sheet = book["各单位"]
    header = [c.value for c in sheet[1]]
    column = header.index("应报未报")
    for values in sheet.iter_rows(min_row=2, values_only=True):
        listed = len(str(values[-1]).split("；")) if values[-1] else 0
        assert values[column] == listed == owed[str(values[0])]
    html = (september / "月通报_2023-09.html").read_text(encoding="utf-8")
    section = html.split('id="units"')[1].split("</section>")[0]
    for unit, count in owed.items():
        assert f'<td>{unit}</td><td class="num">' in section
        cells = section.split(f"<td>{unit}</td>", 1)[1].split("</tr>")[0]
        numbers = re.findall(r'<td class="num">(\d+)</td>', cells)
        assert int(numbers[3]) == count  # after 未完成, 滞后, 预警


def test_every_new_overdue_task_counted_is_listed(db: Path, tmp_path: Path) -> None:
    out = report(db, tmp_path, "--month", "2023-12", "-f", "md", "-f", "json")
    bulletin = json.loads((out / "月通报_2023-12.json").read_text(encoding="utf-8"))
    changes = bulletin["headline"]["changes"]
    md = (out / "月通报_2023-12.md").read_text(encoding="utf-8")
    sentence = re.search(r"新增逾期任务 (\d+) 项", md)
    assert sentence and int(sentence.group(1)) == len(changes["new_overdue"])
    rows = [r for r in md_table(md, "## 一、总体情况") if len(r) == 6 and r[0] != "编号"]
    labelled = [r for r in rows if "新增逾期" in r[2].split("、")]
    # 182 tasks, as of December: those not done, whose deadline passed since November
    assert len(labelled) == len(changes["new_overdue"]) == 142
    assert len([r for r in rows if "变差" in r[2].split("、")]) == len(changes["worsened"])
    # A task never reported whose deadline passed: overdue, not “worse” than not started.
    a111 = next(r for r in rows if r[0] == "a1-1-1")
    assert a111[2:5] == ["新增逾期", "未启动", "逾期"]


def test_change_rows_list_each_item_once_with_every_label() -> None:
    change = {"id": "a", "name": "n", "from": "in_progress", "to": "overdue", "lead": ["x"]}
    other = {"id": "b", "name": "m", "from": "not_started", "to": "overdue", "lead": ["y"]}
    rows = change_rows(
        {"worsened": [change], "new_overdue": [change, other], "newly_missing": [], "improved": []}
    )
    assert [(r["id"], r["labels"]) for r in rows] == [
        ("a", ["变差", "新增逾期"]),
        ("b", ["新增逾期"]),
    ]


# -- the quarterly review ------------------------------------------------------------------------


def test_the_quarterly_review_compares_with_the_previous_quarter(db: Path, tmp_path: Path) -> None:
    out = report(db, tmp_path, "--quarter", "2023-Q3", "-f", "md", "-f", "html", "-f", "json")
    review = json.loads((out / "季总结_2023-Q3.json").read_text(encoding="utf-8"))
    changes = review["headline"]["changes"]
    assert changes["previous"] == 6 and changes["previous_period"] == "2023-Q2"
    for name in ("季总结_2023-Q3.md", "季总结_2023-Q3.html"):
        text = (out / name).read_text(encoding="utf-8")
        assert "与2023年第2季度相比：" in text and "2023年9月相比" not in text, name


@pytest.mark.parametrize(
    ("kind", "quarter", "previous", "text"),
    [
        ("monthly", None, "2023-08", "与2023年8月相比"),
        ("quarterly", 3, "2023-Q2", "与2023年第2季度相比"),
        ("quarterly", 4, "2023-Q3", "与2023年第3季度相比"),
    ],
)
def test_comparison_text(kind: str, quarter: int | None, previous: str, text: str) -> None:
    changes = {
        "previous": 6,
        "previous_period": previous,
        "improved": [],
        "worsened": [],
        "new_overdue": [],
        "newly_missing": [],
    }
    bulletin = {"kind": kind, "quarter": quarter, "headline": {"changes": changes}}
    assert comparison_text(bulletin) == (
        f"{text}：好转 0 项，变差 0 项，新增逾期任务 0 项，新增应报未报 0 项。"
    )
    assert period_label("2023-12") == "2023年12月"


# -- projections ---------------------------------------------------------------------------------


def _projection(month: int | None, in_year: bool, **extra: object) -> dict[str, object]:
    return {"reached_period": None, "reach_month": month, "reaches_in_year": in_year, **extra}


@pytest.mark.parametrize(
    ("projection", "text"),
    [
        (_projection(6, True, reached_period="2023-06"), "已达到（2023-06）"),
        (_projection(11, True), "11月"),
        (_projection(14, False), "年内难以完成"),
        (_projection(None, True, direction="at_most"), "可控制在目标内"),
        (_projection(None, False, direction="at_most"), "预计超出目标"),
    ],
)
def test_reach_text(projection: dict[str, object], text: str) -> None:
    assert reach_text(projection) == text


def test_a_target_reached_in_june_says_so(db: Path, tmp_path: Path) -> None:
    out = report(db, tmp_path, "--month", "2023-12", "-f", "md", "-f", "json")
    bulletin = json.loads((out / "月通报_2023-12.json").read_text(encoding="utf-8"))
    platforms = next(p for p in bulletin["projections"] if p["id"] == "billion_yuan_projects")
    assert (platforms["reached_period"], platforms["reach_month"], platforms["period"]) == (
        "2023-06",
        6,
        "2023-12",
    )
    md = (out / "月通报_2023-12.md").read_text(encoding="utf-8")
    rows = {r[0]: r for r in md_table(md, "## 五、全年预计")}
    assert rows["billion_yuan_projects"][6] == "已达到（2023-06）"
    assert rows["hazwaste_major_pollution_events"][6] == "可控制在目标内"  # ≤ 0, at 0
    assert rows["major_accidents"][6] == "预计超出目标"  # ≤ 0, at 1 already
    assert rows["no_reason_return_stores"][6] == "年内难以完成"  # 22 of 50 by June
    show = invoke("show", "billion_yuan_projects", "--as-of", "2023-12", "--db", str(db))
    assert "按当前进度预计全年：1 个，已于 2023-06 达到目标" in show.stdout
    assert "预计 12 月达到目标" not in show.stdout
    view = json.loads(
        invoke(
            "show", "billion_yuan_projects", "--as-of", "2023-12", "-f", "json", "--db", str(db)
        ).stdout
    )
    assert view["projection"]["reached_period"] == "2023-06"
    # As of May it was not reached yet (0 of 1): no value after the as-of month is used.
    may = json.loads(
        invoke(
            "show", "billion_yuan_projects", "--as-of", "2023-05", "-f", "json", "--db", str(db)
        ).stdout
    )
    assert may["projection"]["reached_period"] is None and may["projection"]["year_end"] == 0


# -- show ----------------------------------------------------------------------------------------


def test_show_numbers_revisions_from_the_first_value(db: Path) -> None:
    view = json.loads(
        invoke("show", "key_project_investment", "-f", "json", "--db", str(db)).stdout
    )
    assert [(h["period"], h["revision"]) for h in view["history"]] == [
        ("2023-05", 0),
        ("2023-06", 0),
        ("2023-06", 1),
    ]
    table = invoke("show", "key_project_investment", "--db", str(db)).stdout
    history = table.split("报送记录")[1].splitlines()
    marks = [re.split(r"\s{2,}", line.strip())[2] for line in history if "2023-0" in line]
    assert marks == ["首报", "首报", "1"]
    english = invoke("show", "key_project_investment", "--lang", "en", "--db", str(db)).stdout
    assert "first" in english


def test_same_day_periods_are_one_period_for_revisions() -> None:
    from liuzhang.domain.observations import StoredValue
    from liuzhang.views.show import revision_numbers

    def row(i: int, period: str, end: str, kind: str = "month") -> StoredValue:
        none = (None,) * 8  # value ... flags
        return StoredValue(i, 1, "x", "target", period, kind, end, 9, *none, 2, "f", "sha", "t")

    history = [
        row(1, "2023-Q3", "2023-09-30", "quarter"),
        row(3, "2023-09-下旬", "2023-09-30", "dekad"),
        row(2, "2023年1-9月", "2023-09-30", "ytd"),
        row(4, "2023-12", "2023-12-31"),
        row(5, "2023", "2023-12-31", "year"),
    ]
    assert revision_numbers(history) == [0, 0, 1, 0, 1]


@pytest.mark.parametrize(
    ("row", "name_only", "text"),
    [
        ({"source_file": "/home/a/局_2023-06.csv", "row": 3}, False, "/home/a/局_2023-06.csv:3"),
        ({"source_file": "/home/a/局_2023-06.csv", "row": 3}, True, "局_2023-06.csv:3"),
        ({"source_file": "C:\\报表\\局.xlsx", "row": 7}, True, "局.xlsx:7"),
        ({"source_file": "局.csv", "row": None}, True, "局.csv"),
        ({"source_file": None, "row": None}, True, "—"),
        ({"source_file": None, "row": 2}, True, "—:2"),
    ],
)  # fmt: skip
def test_source_text(row: dict[str, object], name_only: bool, text: str) -> None:
    assert source_text(row, name_only) == text


def test_files_text_by_name_or_path() -> None:
    files = [
        {"file": "/d/5月/甲.csv", "sha256": "0123456789abcdef0"},
        {"file": "D:\\乙.xlsx", "sha256": None},
    ]
    assert files_text(files) == "/d/5月/甲.csv（sha256 0123456789ab）；D:\\乙.xlsx"
    assert files_text(files, "en", name_only=True) == "甲.csv (sha256 0123456789ab); 乙.xlsx"
    assert files_text([]) == "无"
