"""The bulletin: every format built from one model, checked as a reader would open it."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import DATA, ROOT, replace_once
from liuzhang.cli.app import app
from liuzhang.domain.tracking import judge_all, reading_from_row
from liuzhang.plandata.catalog import load_catalog
from liuzhang.services.timeliness import arrivals
from liuzhang.store import open_store
from liuzhang.views.bulletin import build_bulletin

EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("2023-0*/*"))


def make_reports(tmp: Path, data: Path, *extra: str) -> Path:
    db, out = tmp / "r.sqlite", tmp / "reports"
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", *EXAMPLES, "--db", str(db), "--data", str(data)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(
        app, ["report", "--db", str(db), "--data", str(data), "--out", str(out), *extra]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("report")
    return make_reports(
        tmp,
        DATA,
        "--month",
        "2023-06",
        "--date",
        "2023-07-10",
        *("-f", "html", "-f", "xlsx", "-f", "md", "-f", "json"),
    )


@pytest.fixture(scope="module")
def bulletin(reports: Path) -> dict[str, object]:
    return json.loads((reports / "月通报_2023-06.json").read_text(encoding="utf-8"))


def test_json_is_the_model(reports: Path, bulletin: dict[str, object]) -> None:
    catalog, _ = load_catalog(DATA)
    with open_store(reports.parent / "r.sqlite") as store:
        readings = [reading_from_row(r) for r in store.latest()]
        ingests = [r.as_dict() for r in store.ingests()]
        arrived = arrivals(store, catalog.key, catalog.targets)
    # 各单位报送情况 as of the bulletin's date (--date)
    model = build_bulletin(
        catalog, readings, 6, ingests=ingests, arrivals=arrived, as_of=date(2023, 7, 10)
    )
    model["date"] = "2023-07-10"  # --date: the document's date, kept as given
    assert bulletin == json.loads(json.dumps(model, ensure_ascii=False, default=str))
    judged = judge_all(catalog, readings, 6)
    assert bulletin["headline"]["targets"]["behind"] == sum(  # type: ignore[index]
        1 for j in judged if j.kind == "target" and j.status == "behind"
    )


def _key(w: dict[str, object]) -> tuple[int, int]:
    """确保 before 力争, then behind/overdue, missing, at risk (stated independently)."""
    order = {"确保": 0, None: 1, "力争": 2}
    rank = {"behind": 0, "overdue": 0, "missing": 1, "at_risk": 2}
    return order[w["commitment"]], rank[w["status"]]  # type: ignore[index]


def test_watchlist_is_every_grave_item_in_order(bulletin: dict[str, object]) -> None:
    watch = bulletin["watchlist"]
    assert isinstance(watch, list) and watch
    statuses = {w["status"] for w in watch}
    assert statuses <= {"behind", "at_risk", "missing", "overdue"}
    all_rows = [r for b in bulletin["battles"] for r in b["targets"] + b["tasks"]]  # type: ignore[attr-defined]
    assert len(watch) == sum(1 for r in all_rows if r["status"] in statuses)
    commitments = [w["commitment"] for w in watch]
    order = {"确保": 0, None: 1, "力争": 2}
    assert commitments == sorted(commitments, key=lambda c: order[c])
    first = [w for w in watch if w["commitment"] == commitments[0]]
    ranks = [
        0 if w["status"] in ("behind", "overdue") else 1 if w["status"] == "missing" else 2
        for w in first
    ]
    assert ranks == sorted(ranks)
    assert [_key(w) for w in watch] == sorted(_key(w) for w in watch)


def test_changes_since_the_previous_month(bulletin: dict[str, object]) -> None:
    changes = bulletin["headline"]["changes"]  # type: ignore[index]
    assert changes["previous"] == 5
    assert any(c["id"] == "a5-1-5" and c["to"] == "overdue" for c in changes["new_overdue"])
    for c in changes["worsened"]:
        assert c["from"] not in ("missing", "not_due") and c["to"] not in ("missing", "not_due")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.refs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("src", "href", "srcset", "action", "data") and value:
                self.refs.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_html_has_every_section_charts_and_no_external_reference(
    reports: Path, bulletin: dict[str, Any]
) -> None:
    html = (reports / "月通报_2023-06.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    ids = {"headline", "battles", "watchlist", "units", "projections", "doubts", "data-note"}
    assert ids <= page.ids
    # one chart per charted target and the headline's bars; the June examples chart 95 targets
    assert len(bulletin["charts"]) == 95
    assert page.tags.count("svg") == len(bulletin["charts"]) + 1
    expected_paths = sum(1 for c in bulletin["charts"] if c["expected"])
    assert expected_paths == 46 and page.tags.count("polyline") == 89
    assert "script" not in page.tags and page.refs == []
    without_namespace = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/|@import|url\(", without_namespace)
    assert "@media print" in html and "size: A4" in html
    text = "".join(page.text)
    assert "督办清单" in text and "全年预计" in text and "数据说明" in text


def test_xlsx_sheets_numbers_colours_and_frozen_headers(reports: Path) -> None:
    book = load_workbook(reports / "月通报_2023-06.xlsx")
    assert book.sheetnames == [
        "概览",
        "各部分情况",
        "任务",
        "督办清单",
        "各单位",
        "各单位报送情况",
        "全年预计",
        "数据疑点",
        "数据说明",
    ]
    sheet = book["各部分情况"]
    assert all(book[name].freeze_panes == "A2" for name in book.sheetnames)
    header = [c.value for c in sheet[1]]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    jobs = rows["new_urban_jobs"]
    actual = jobs[header.index("实际值")].value
    assert isinstance(actual, int | float) and not isinstance(actual, bool)
    assert jobs[header.index("单位（以上数值的单位）")].value == "人"
    status = jobs[header.index("状态")]
    assert status.value in ("正常", "预警", "滞后", "已完成")
    assert status.fill.fgColor.rgb.endswith(("43A047", "F9A825", "C62828", "2E7D32"))
    assert sheet.column_dimensions["C"].width >= 12  # names are Chinese: wide enough


def test_markdown_has_the_same_sections(reports: Path, bulletin: dict[str, object]) -> None:
    md = (reports / "月通报_2023-06.md").read_text(encoding="utf-8")
    for heading in (
        "## 一、总体情况",
        "## 二、各部分情况",
        "## 三、督办清单",
        "## 四、各单位情况",
        "## 五、全年预计",
        "## 六、数据疑点",
        "## 七、数据说明",
    ):
        assert heading in md
    watch_rows = md.split("## 三、督办清单")[1].split("## 四")[0].count("\n| ") - 1
    assert watch_rows == len(bulletin["watchlist"])  # type: ignore[arg-type]


def test_hostile_names_are_escaped_and_never_formulas(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("source"))
    targets = data / "targets.yaml"
    replace_once(
        targets,
        'name: "地区生产总值增长"',
        'name: "=HYPERLINK(\\"http://evil.example\\",\\"点我\\")"',
    )
    replace_once(targets, 'name: "社会消费品零售总额增长"', 'name: "<script>alert(1)</script>"')
    out = make_reports(tmp_path, data, "--month", "2023-06", "-f", "html", "-f", "xlsx")
    html = (out / "月通报_2023-06.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    book = load_workbook(out / "月通报_2023-06.xlsx")
    cells = [c for row in book["各部分情况"].iter_rows() for c in row if isinstance(c.value, str)]
    hostile = next(c for c in cells if "HYPERLINK" in c.value)
    # A text cell: shown as typed, with no visible apostrophe, and never evaluated.
    assert hostile.value == '=HYPERLINK("http://evil.example","点我")' and hostile.data_type == "s"
    assert not any(c.data_type == "f" for ws in book for row in ws.iter_rows() for c in row)


def test_quarterly_review(tmp_path: Path) -> None:
    out = make_reports(tmp_path, DATA, "--quarter", "2023-Q2", "-f", "json", "-f", "md")
    review = json.loads((out / "季总结_2023-Q2.json").read_text(encoding="utf-8"))
    assert review["kind"] == "quarterly" and review["month"] == 6
    assert review["headline"]["changes"]["previous"] == 3
    assert "季总结（2023年第2季度）" in (out / "季总结_2023-Q2.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ["--month", "2023-06", "--quarter", "2023-Q2"],
        [],
        ["--month", "2023-Q2"],
        ["--quarter", "2023-06"],
    ],
)
def test_report_usage_errors(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(app, ["report", *args, "--out", str(tmp_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "year"), [(["-m", "2024-06"], 2024), (["-q", "2022-Q4"], 2022)]
)
def test_a_report_for_a_year_without_a_plan_names_the_plans(
    tmp_path: Path, args: list[str], year: int
) -> None:
    result = CliRunner().invoke(app, ["report", *args, "--out", str(tmp_path / "r")])
    assert result.exit_code == 2 and f"{year} 年没有方案（有：大通湖区/2023）" in result.output
    assert not (tmp_path / "r").exists()


def test_watch_order_puts_the_largest_relative_gap_first() -> None:
    from decimal import Decimal

    from liuzhang.domain.tracking import Judgement
    from liuzhang.views.bulletin import watch_key

    def j(
        ident: str, status: str, gap: str, expected: str, unit: str, commitment: str | None
    ) -> Judgement:
        return Judgement(
            id=ident,
            kind="target",
            battle=1,
            name=ident,
            status=status,
            lead=["x"],
            unit=unit,
            gap=Decimal(gap),
            expected=Decimal(expected),
            direction="at_least",
            commitment=commitment,
        )

    rows = [
        j("small", "behind", "-20", "100", "个", None),  # 20 % short
        j(
            "big", "behind", "-5", "10", "亿元", None
        ),  # 50 % short: first despite the smaller number
        j("risk", "at_risk", "-0.5", "7.5", "%", None),
        j("must", "at_risk", "-0.1", "7.5", "%", "确保"),
        j("strive", "behind", "-9", "10", "家", "力争"),
    ]
    assert [r.id for r in sorted(rows, key=watch_key)] == ["must", "big", "small", "risk", "strive"]


def test_a_bulletin_before_any_submission_lists_everything_as_missing(tmp_path: Path) -> None:
    db = tmp_path / "never-created.sqlite"
    result = CliRunner().invoke(
        app, ["report", "--month", "2023-06", "--db", str(db), "--out", str(tmp_path), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    bulletin = json.loads((tmp_path / "月通报_2023-06.json").read_text(encoding="utf-8"))
    # every target is missing but the 12 not due by June (yearly ones, later quarters)
    counts = bulletin["headline"]["targets"]
    assert (counts["missing"], counts["not_due"]) == (125, 12)
    assert sum(counts.values()) == len(load_catalog(DATA)[0].targets)
    assert bulletin["data_note"]["files"] == []
    assert not db.exists()
