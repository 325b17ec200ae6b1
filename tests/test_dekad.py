"""The 旬简报 (``report --dekad``): a store filled over June 2023 with controlled arrival dates,
and the briefs of its 旬 read back exactly, through the service and the CLI in every format."""

from __future__ import annotations

import csv
import json
import shutil
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from conftest import CLEAN_ENV, DATA, ROOT, assert_no_crash, store_snapshot
from liuzhang.cli.app import app
from liuzhang.services.dekad import dekad_brief

EXAMPLES = ROOT / "examples"
# (the day the file arrived, the file): June 2023 as the office saw it
ARRIVALS = (
    ("2023-06-03", "2023-05/区发改财政局_2023-05.csv"),
    ("2023-06-12", "2023-05/区民政人社局_2023-05.xlsx"),  # late: in 中旬
    ("2023-06-13", "旬报_区民政人社局.csv"),  # a value for 2023-06-上旬
    ("2023-06-14", "更正_区发改财政局_2023-05.csv"),  # two May values revised
    ("2023-06-16", "再更正_区发改财政局_2023-05.csv"),  # one of them again
    ("2023-06-15", "2023-06/区发改财政局_2023-06_更正.csv"),  # a June value, early
    ("2023-06-22", "2023-05/市生态环境局大通湖分局_2023-05.csv"),  # late: in 下旬
    ("2023-06-25", "2023-06/区发改财政局_2023-06.csv"),  # June's file, after its correction
)


def invoke(*args: str, runner: CliRunner | None = None) -> Result:
    result = (runner or CliRunner()).invoke(
        app, list(args), env={**CLEAN_ENV, "LIUZHANG_DATA": str(DATA), "COLUMNS": "200"}
    )
    assert_no_crash(result)
    return result


HEADER = "id,period,value,unit,status,note,reported_by\n"
# Written next to the store: a May correction (one value up, one down, that one corrected again
# within the 旬) and a 旬 value.
MADE = {
    "更正_区发改财政局_2023-05.csv": HEADER
    + "public_budget_revenue_growth,2023-05,8.2,%,,更正,区发改财政局\n"
    + "fixed_asset_investment_growth,2023-05,9.5,%,,更正,区发改财政局\n",
    "再更正_区发改财政局_2023-05.csv": HEADER
    + "fixed_asset_investment_growth,2023-05,9,%,,再更正,区发改财政局\n",
    "旬报_区民政人社局.csv": HEADER + "new_urban_jobs,2023-06-上旬,580,人,,,区民政人社局\n",
}


def fill(db: Path, arrivals: tuple[tuple[str, str], ...], monkeypatch: pytest.MonkeyPatch) -> None:
    """Ingest each file through the CLI as if it arrived (and was ingested) on its day."""
    from liuzhang.store.sqlite import writer

    for name, text in MADE.items():
        (db.parent / name).write_text(text, encoding="utf-8")
    for day, name in arrivals:
        monkeypatch.setattr(writer, "now", lambda day=day: f"{day}T09:30:00+08:00")
        path = db.parent / name if name in MADE else EXAMPLES / name
        result = invoke("ingest", str(path), "--db", str(db))
        assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def june_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    db = tmp_path_factory.mktemp("dekad") / "june.sqlite"
    with pytest.MonkeyPatch.context() as monkeypatch:
        fill(db, ARRIVALS, monkeypatch)
    yield db


def brief(db: Path, dekad: str, lang: str = "zh") -> dict[str, Any]:
    return dekad_brief(DATA, str(db), dekad, lang, None, "2023-06-21").content  # type: ignore[arg-type]


def file_ids(name: str) -> list[str]:
    """The item ids of a shipped file's rows, in order (read here, not through liuzhang)."""
    path = EXAMPLES / name
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        rows = list(load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
        return [str(r[0]) for r in rows[1:] if r and r[0]]
    text = path.read_bytes().decode("utf-8-sig")
    return [r[0] for r in list(csv.reader(text.splitlines()))[1:] if r and r[0]]


def received(b: dict[str, Any]) -> dict[str | None, list[tuple[Any, ...]]]:
    return {
        g["office"]: [
            (v["id"], v["period"], v["value"], v["earlier"], v["arrived"]) for v in g["values"]
        ]
        for g in b["received"]
    }


# -- the brief of 2023-06-中旬 ------------------------------------------------------------------


def test_middle_dekad_dates_and_the_months_judged(june_db: Path) -> None:
    b = brief(june_db, "2023-06-中旬")
    assert (b["kind"], b["dekad"], b["start"], b["end"]) == (
        "dekad",
        "2023-06-中旬",
        "2023-06-11",
        "2023-06-20",
    )
    # May's values were due on 5 June: both ends of the comparison judge as of May
    assert (b["as_of"], b["as_of_due"], b["due_day"]) == ("2023-05", "2023-06-05", 5)
    assert b["previous"] == {
        "dekad": "2023-06-上旬",
        "end": "2023-06-10",
        "as_of": "2023-05",
        "as_of_due": "2023-06-05",
    }
    assert b["date"] == "2023-06-21"


def test_middle_dekad_values_received_by_office(june_db: Path) -> None:
    b = brief(june_db, "2023-06-中旬")
    got = received(b)
    assert list(got) == ["区发改财政局", "区民政人社局"]
    # the correction of two May values (with the value known before the 旬; one corrected twice
    # within it: listed once, as last sent), and June's early value
    assert got["区发改财政局"] == [
        ("fixed_asset_investment_growth", "2023-05", 9, 12.65, "2023-06-16"),
        ("public_budget_revenue_growth", "2023-05", 8.2, 6.4, "2023-06-14"),
        ("key_project_investment", "2023-06", 7.9, None, "2023-06-15"),
    ]
    late = got["区民政人社局"]
    assert [r[0] for r in late] == file_ids("2023-05/区民政人社局_2023-05.xlsx")
    assert {(r[1], r[3], r[4]) for r in late} == {("2023-05", None, "2023-06-12")}
    assert late[0][2] == 550  # new_urban_jobs
    # the 旬 value apart, not in the count of values received
    assert [(v["id"], v["period"], v["value"], v["arrived"]) for v in b["dekad_values"]] == [
        ("new_urban_jobs", "2023-06-上旬", 580, "2023-06-13")
    ]
    assert (b["summary"]["received"], b["summary"]["received_offices"]) == (21, 2)
    assert b["summary"]["dekad_values"] == 1


def test_middle_dekad_changes_and_newly_behind(june_db: Path) -> None:
    b = brief(june_db, "2023-06-中旬")
    pick = [(c["id"], c["from"], c["to"]) for c in b["changes"]["improved"]]
    assert pick == [("public_budget_revenue_growth", "behind", "on_track")]
    pick = [(c["id"], c["from"], c["to"]) for c in b["changes"]["worsened"]]
    assert pick == [("fixed_asset_investment_growth", "on_track", "behind")]
    assert b["changes"]["new_overdue"] == b["changes"]["newly_missing"] == []
    behind = [
        (x["id"], x["from"], x["to"], x["actual"], x["expected"], x["gap"], x["lead"])
        for x in b["newly_behind"]
    ]
    # as the 督办清单 orders them: the larger shortfall first (0.5 of 2.5 before 2 of 11)
    assert behind == [
        # its first value (arrived late) shows it behind: 2 of 6 a year, 2.5 due by May
        ("disabled_children_rehab", "missing", "behind", 2, 2.5, -0.5, ["区民政人社局"]),
        ("fixed_asset_investment_growth", "on_track", "behind", 9, 11, -2, ["区发改财政局"]),
    ]
    # per office, the values received (the 旬 value included) and how many revised one
    offices = [
        (
            o["office"],
            o["values"],
            o["targets"],
            o["tasks"],
            o["periods"],
            o["arrived"],
            o["revised"],
        )
        for o in b["received_offices"]
    ]
    assert offices == [
        ("区发改财政局", 3, 3, 0, ["2023-05", "2023-06"],
         ["2023-06-14", "2023-06-15", "2023-06-16"], 2),
        ("区民政人社局", 19, 12, 7, ["2023-05", "2023-06-上旬"], ["2023-06-12", "2023-06-13"], 0),
    ]  # fmt: skip


def missing_then(tmp_path: Path, arrived: tuple[tuple[str, str], ...]) -> list[tuple[str, ...]]:
    """``liuzhang missing --as-of 2023-05`` on a store holding only the files that had arrived."""
    db = tmp_path / "then.sqlite"
    with pytest.MonkeyPatch.context() as monkeypatch:
        fill(db, arrived, monkeypatch)
    result = invoke("missing", "--as-of", "2023-05", "-f", "json", "--db", str(db))
    assert result.exit_code == 0, result.output
    return [(r["unit"], r["id"], r["due_period"]) for r in json.loads(result.stdout)]


def owed(b: dict[str, Any]) -> list[tuple[str, ...]]:
    return [(o["unit"], r["id"], r["due_period"]) for o in b["not_submitted"] for r in o["items"]]


def test_who_has_not_submitted_is_the_missing_list_of_what_had_arrived(
    june_db: Path, tmp_path: Path
) -> None:
    b = brief(june_db, "2023-06-中旬")
    by_then = tuple(a for a in ARRIVALS if a[0] <= "2023-06-20")
    assert owed(b) == missing_then(tmp_path, by_then)
    by_office = {o["unit"]: [r["id"] for r in o["items"]] for o in b["not_submitted"]}
    assert by_office["区民政人社局"] == ["disabled_home_barrier_free"]  # its May file came
    assert len(by_office["市生态环境局大通湖分局"]) == 4  # its May file had not
    assert (b["summary"]["not_submitted_offices"], b["summary"]["not_submitted_items"]) == (
        len(by_office),
        len(owed(b)),
    )


# -- the brief of 2023-06-下旬 ------------------------------------------------------------------


def test_last_dekad_of_june(june_db: Path, tmp_path: Path) -> None:
    b = brief(june_db, "2023-06-下旬")
    assert (b["start"], b["end"], b["as_of"]) == ("2023-06-21", "2023-06-30", "2023-05")
    assert b["previous"]["dekad"] == "2023-06-中旬"
    got = received(b)
    assert list(got) == ["区发改财政局", "市生态环境局大通湖分局"]
    june = got["区发改财政局"]
    assert [r[0] for r in june] == file_ids("2023-06/区发改财政局_2023-06.csv")
    # June's file came after its own correction: the later submission counts, the earlier shown
    revised = [r for r in june if r[3] is not None]
    assert revised == [("key_project_investment", "2023-06", 7.5, 7.9, "2023-06-25")]
    may = got["市生态环境局大通湖分局"]
    assert [r[0] for r in may] == file_ids("2023-05/市生态环境局大通湖分局_2023-05.csv")
    assert {r[4] for r in may} == {"2023-06-22"}
    # late May values that arrive are not changes, and none of them is behind
    assert b["newly_behind"] == []
    assert all(b["changes"][k] == [] for k in ("improved", "worsened", "new_overdue"))
    assert b["dekad_values"] == []
    assert owed(b) == missing_then(tmp_path, ARRIVALS)
    assert "市生态环境局大通湖分局" not in {o["unit"] for o in b["not_submitted"]}


def test_first_dekad_of_june_compares_with_may_judged_as_of_april(june_db: Path) -> None:
    b = brief(june_db, "2023-06-上旬")
    assert b["previous"] == {
        "dekad": "2023-05-下旬",
        "end": "2023-05-31",
        "as_of": "2023-04",
        "as_of_due": "2023-05-05",
    }
    assert list(received(b)) == ["区发改财政局"]
    assert b["summary"]["received"] == len(file_ids("2023-05/区发改财政局_2023-05.csv"))


def test_a_brief_before_any_month_of_the_year_is_due(june_db: Path) -> None:
    b = brief(june_db, "2023-01-上旬")  # December 2022 is due: not this plan's year
    assert (b["as_of"], b["previous"]["as_of"], b["previous"]["dekad"]) == (
        None,
        None,
        "2022-12-下旬",
    )
    assert b["not_submitted"] == b["newly_behind"] == b["received"] == []


def test_what_the_office_knows_at_last_is_the_stores_current_values(june_db: Path) -> None:
    from liuzhang.domain.dekads import known_by
    from liuzhang.store import open_store

    with open_store(june_db, create=False, readonly=True) as store:
        values = [v for item in {v.item_id for v in store.latest()} for v in store.history(item)]
        assert [v.id for v in known_by(values, date(2099, 12, 31))] == [
            v.id for v in store.latest()
        ]


# -- the command, end to end -------------------------------------------------------------------

FORMATS = ("html", "md", "xlsx", "json", "docx")


def report(db: Path, out: Path, *extra: str) -> Result:
    args = ["report", "--dekad", "2023-06-中旬", "--db", str(db), "-o", str(out), *extra]
    return invoke(*args, "--date", "2023-06-21")


def test_every_format_is_written_and_the_store_is_untouched(june_db: Path, tmp_path: Path) -> None:
    before = store_snapshot(june_db)
    out = tmp_path / "out"
    result = report(june_db, out, *(x for f in FORMATS for x in ("-f", f)))
    assert result.exit_code == 0, result.output
    stem = "旬简报_2023-06-中旬"
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{stem}.{f}" for f in FORMATS)
    assert result.output.count("已生成") == len(FORMATS)
    assert store_snapshot(june_db) == before
    model = json.loads((out / f"{stem}.json").read_text(encoding="utf-8"))
    assert model == json.loads(json.dumps(brief(june_db, "2023-06-中旬")))

    md = (out / f"{stem}.md").read_text(encoding="utf-8")
    assert md.startswith("# 大通湖区打好“发展六仗”旬简报（2023年6月中旬）\n")
    for heading in ("一、本旬概况", "二、本旬收到的数据", "三、状态变化", "四、新增滞后"):
        assert f"## {heading}\n" in md
    assert "## 五、应报未报\n" in md and "## 六、说明\n" in md
    assert len(md.splitlines()) == 56
    assert (
        "按2023年5月研判，与上旬末（按2023年5月研判）相比：好转 1 项，变差 1 项，新增滞后 2 项"
        in md
    )
    # one row per office, the most values first, and the total; not one row per value
    assert (
        "| 区民政人社局 | 19 | 12 | 7 | 2023-05、2023-06-上旬 | 2023-06-12至06-13 | 0 |\n"
        "| 区发改财政局 | 3 | 3 | 0 | 2023-05、2023-06 | 2023-06-14至06-16 | 2 |\n"
        "| 合计 | 22 | 15 | 7 |  | 2023-06-12至06-16 | 2 |\n" in md
    )
    assert "fixed_asset_investment_growth | 固定资产投资增长 | 2023-05" not in md
    assert "| 区科技工信局 | 19 | 培育10亿级项目、实现外资“破零”等 17 项 |\n" in md
    assert "| 其余 16 个单位 39 项（详见 xlsx 明细） |  |  |\n" in md
    assert (
        "| disabled_children_rehab | 康复救助0-6岁残疾儿童 | 应报未报 | 滞后 | 2 | 2.5 | -0.5 "
        "| 人 |" in md
    )
    assert md.rstrip().endswith("大通湖区打好“发展六仗”工作专班\n2023年6月21日")

    html = (out / f"{stem}.html").read_text(encoding="utf-8")
    assert "<h2>四、新增滞后</h2>" in html and "固定资产投资增长" in html
    assert 'class="badge"' in html  # statuses in colour and in words

    from openpyxl import load_workbook

    book = load_workbook(out / f"{stem}.xlsx")
    assert book.sheetnames == ["旬简报", "明细", "状态变化", "新增滞后", "应报未报"]
    page = [[c.value for c in row] for row in book["旬简报"].iter_rows()]
    assert page[8][:8] == [
        None,
        "区民政人社局",
        19,
        12,
        7,
        "2023-05、2023-06-上旬",
        "2023-06-12至06-13",
        0,
    ]
    assert [None, "其余 16 个单位 39 项（详见 xlsx 明细）"] + [None] * 8 in page
    detail = book["明细"]
    assert detail.max_row == 1 + 22  # every value received, the 旬 value included
    assert [c.value for c in detail[23]][:5] == [
        "区民政人社局",
        "new_urban_jobs",
        "城镇新增就业",
        "2023-06-上旬",
        580,
    ]
    assert book["应报未报"].max_row == 1 + 97  # every item owed
    first = [c.value for c in detail[2]]
    assert first[:7] == [
        "区发改财政局",
        "fixed_asset_investment_growth",
        "固定资产投资增长",
        "2023-05",
        9,
        "%",
        12.65,
    ]
    behind = [c.value for c in book["新增滞后"][3]]
    assert behind[:7] == [
        "fixed_asset_investment_growth",
        "固定资产投资增长",
        "正常",
        "滞后",
        9,
        11,
        -2,
    ]
    assert book["新增滞后"].page_setup.orientation == "landscape"


def test_the_docx_is_a_gongwen(june_db: Path, tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    out = tmp_path / "out"
    assert report(june_db, out, "-f", "docx").exit_code == 0
    doc = Document(str(out / "旬简报_2023-06-中旬.docx"))
    section = doc.sections[0]
    sizes = (section.page_width, section.page_height, section.top_margin, section.left_margin)
    assert [round(x.mm) for x in sizes] == [210, 297, 37, 28]
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "大通湖区打好“发展六仗”旬简报（2023年6月中旬）"
    # one page: the overview's counts are the tables', the notes the other formats'
    headings = [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、", "五、", "六、")]
    assert headings == [
        "一、本旬收到的数据",
        "二、状态变化（按2023年5月研判）",
        "三、新增滞后",
        "四、应报未报",
    ]
    assert texts[-2:] == ["大通湖区打好“发展六仗”工作专班", "2023年6月21日"]
    body = doc.paragraphs[-2]
    fonts = {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in body.runs}
    assert fonts == {"仿宋_GB2312"}
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    assert len(tables) == 4  # received per office, changes, newly behind, not submitted
    assert tables[0] == [
        ["填报单位", "数值", "指标", "任务", "期间", "收到日期", "修订"],
        ["区民政人社局", "19", "12", "7", "2023-05、2023-06-上旬", "2023-06-12至06-13", "0"],
        ["区发改财政局", "3", "3", "0", "2023-05、2023-06", "2023-06-14至06-16", "2"],
        ["合计", "22", "15", "7", "", "2023-06-12至06-16", "2"],
    ]
    # names, not ids, on the 156 mm page
    assert tables[2][2][:6] == ["固定资产投资增长", "正常", "滞后", "9", "11", "-2"]
    assert tables[1][1][:4] == ["固定资产投资增长", "变差", "正常", "滞后"]
    # the offices owing the most, then the others counted in one row across the table
    assert tables[3][1] == ["区科技工信局", "19", "培育10亿级项目、实现外资“破零”等 17 项"]
    assert tables[3][-1] == ["其余 16 个单位 39 项（详见 xlsx 明细）"] * 3


def test_font_names_the_docx_asks_for(june_db: Path, tmp_path: Path) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    out = tmp_path / "out"
    assert report(june_db, out, "-f", "docx", "--font", "body=思源宋体").exit_code == 0
    doc = Document(str(out / "旬简报_2023-06-中旬.docx"))
    body = doc.paragraphs[-2]
    assert {r._element.rPr.rFonts.get(qn("w:eastAsia")) for r in body.runs} == {"思源宋体"}


def test_in_english(june_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = report(june_db, out, "--lang", "en", "-f", "md", "-f", "docx")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output
    stem = "dekad_brief_2023-06-中旬"
    md = (out / f"{stem}.md").read_text(encoding="utf-8")
    assert "ten-day brief (2023-06, days 11–20)" in md.splitlines()[0]
    assert "## 1. Overview" in md and "## 4. Newly behind" in md
    assert "Judged as of 2023-05, against the end of the previous dekad" in md
    assert "| fixed_asset_investment_growth | 固定资产投资增长 | on track | behind |" in md
    from docx import Document

    texts = [p.text for p in Document(str(out / f"{stem}.docx")).paragraphs]
    assert "1. Values received" in texts and "21 June 2023" in texts


def test_default_formats_are_the_bulletins(june_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert report(june_db, out).exit_code == 0
    assert sorted(p.suffix for p in out.iterdir()) == [".html", ".md", ".xlsx"]


def test_without_a_store_everything_due_is_owed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = report(tmp_path / "none.sqlite", out, "-f", "json")
    assert result.exit_code == 0, result.output
    model = json.loads((out / "旬简报_2023-06-中旬.json").read_text(encoding="utf-8"))
    assert model["received"] == [] and model["summary"]["not_submitted_items"] > 0
    assert not (tmp_path / "none.sqlite").exists()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--dekad", "2023-06"], "2023-06-上旬"),
        (["--dekad", "2023-13-上旬"], "2023-06-中旬"),
        (["--dekad", "上旬"], "2023年6月中旬"),
        (["--dekad", "2023-06-中旬", "--month", "2023-06"], "--month"),
        (["--dekad", "2023-06-中旬", "--quarter", "2023-Q2"], "--quarter"),
        (["--dekad", "2023-06-中旬", "--notices"], "--notices"),
        (["--dekad", "2023-06-中旬", "--date", "6月21日"], "2023-07-10"),
    ],
)
def test_usage_errors(june_db: Path, tmp_path: Path, args: list[str], words: str) -> None:
    out = tmp_path / "out"
    result = invoke("report", *args, "--db", str(june_db), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert words in result.output
    assert not out.exists()


def test_a_month_named_as_a_dekad_is_refused_in_english(june_db: Path) -> None:
    result = invoke("report", "--dekad", "2023-06", "--db", str(june_db), "--lang", "en")
    assert result.exit_code == 2
    assert "invalid dekad '2023-06': write 2023-06-上旬" in result.output


def test_the_brief_in_markdown_stays_light(june_db: Path, tmp_path: Path) -> None:
    """No pandas, no openpyxl, no python-docx for a Markdown brief."""
    import subprocess
    import sys

    command = [
        "report",
        "--dekad",
        "2023-06-中旬",
        "-f",
        "md",
        "-o",
        str(tmp_path),
        "--db",
        str(june_db),
    ]
    code = (
        "import sys\n"
        "from liuzhang.cli.app import main\n"
        f"sys.argv = ['liuzhang', *{command!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('HEAVY', sorted(m for m in ('pandas', 'openpyxl', 'docx') if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert run.stdout.strip().endswith("HEAVY []"), run.stdout[-300:] + run.stderr[-300:]


# -- untrusted text ------------------------------------------------------------------------------

HOSTILE = '=HYPERLINK("evil.example","x")<script>alert(1)|.csv'
ANSI = "\x1b[31m红\x1b[0m.csv"


NAME = "=1+2<script>alert(2)</script>"
LONG = "长" * 300


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(data, db): two targets named hostilely (a formula with a script, 300 characters), and
    their values in two files with hostile names, arrived in 2023-06-中旬."""
    import shutil

    from conftest import replace_once

    tmp = tmp_path_factory.mktemp("hostile")
    data = tmp / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("source"))
    replace_once(data / "targets.yaml", 'name: "细颗粒物(PM2.5)浓度"', f'name: "{NAME}"')
    replace_once(data / "targets.yaml", 'name: "大通湖国控站点总磷浓度"', f'name: "{LONG}"')
    db = tmp / "h.sqlite"
    (tmp / HOSTILE).write_text(
        HEADER + "pm25,2023-05,30,μg/m³,,,市生态环境局大通湖分局\n", encoding="utf-8"
    )
    (tmp / ANSI).write_text(
        HEADER + "total_phosphorus,2023-05,0.09,mg/L,,,市生态环境局大通湖分局\n", encoding="utf-8"
    )
    from liuzhang.store.sqlite import writer

    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setattr(writer, "now", lambda: "2023-06-12T09:00:00+08:00")
        for name in (HOSTILE, ANSI):
            result = invoke("ingest", str(tmp / name), "--db", str(db), "--data", str(data))
            assert result.exit_code == 0, result.output
    return data, db


def test_hostile_names_are_neutralised_in_every_format(
    hostile: tuple[Path, Path], tmp_path: Path
) -> None:
    data, db = hostile
    out = tmp_path / "out"
    result = report(db, out, "--data", str(data), *(x for f in FORMATS for x in ("-f", f)))
    assert result.exit_code == 0, result.output
    stem = out / "旬简报_2023-06-中旬"
    # the page counts values per office: the items and files received are in the xlsx 明细 and
    # the json (test_dekad_onepage.py::test_hostile_text_on_the_page for the page's own cells)
    html = stem.with_suffix(".html").read_text(encoding="utf-8")
    assert "<script>" not in html and "\x1b" not in html
    md = stem.with_suffix(".md").read_text(encoding="utf-8")
    assert "\x1b" not in md
    with zipfile.ZipFile(stem.with_suffix(".xlsx")) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)  # no formula anywhere
    from openpyxl import load_workbook

    sheet = load_workbook(stem.with_suffix(".xlsx"))["明细"]
    cells = [c for row in sheet.iter_rows() for c in row]
    assert any(c.value == f"{HOSTILE}:2" and c.data_type == "s" for c in cells)
    assert any(c.value == "\\x1b[31m红\\x1b[0m.csv:2" for c in cells)
    assert any(c.value == NAME and c.data_type == "s" for c in cells)  # text, no apostrophe
    assert any(c.value == LONG for c in cells)
    model = json.loads(stem.with_suffix(".json").read_text(encoding="utf-8"))
    assert [v["name"] for g in model["received"] for v in g["values"]] == [NAME, LONG]


def test_the_plans_due_day_decides_the_month_judged(june_db: Path, data_copy: Path) -> None:
    with (data_copy / "plan.yaml").open("a", encoding="utf-8") as f:
        f.write("reporting:\n  monthly_due_day: 15\n")
    content = dekad_brief(data_copy, str(june_db), "2023-06-上旬", "zh", None, None).content
    # by 10 June May's values (due 15 June) are not due yet: April is judged, as on 31 May
    assert (content["as_of"], content["as_of_due"], content["due_day"]) == (
        "2023-04",
        "2023-05-15",
        15,
    )
    assert content["previous"]["as_of"] == "2023-04"
    assert content["date"] == date.today().isoformat()  # no --date: today


def test_the_first_month_due_is_judged_alone(june_db: Path) -> None:
    from liuzhang.render.dekad import render_md

    b = brief(june_db, "2023-02-上旬")  # January due on 5 February; nothing on 31 January
    assert (b["as_of"], b["previous"]["as_of"]) == ("2023-01", None)
    md = render_md(b)
    assert "按2023年1月研判（上旬末尚无到期的月份，不作比较）。" in md
    assert "与上旬末相比无状态变化" not in md and "## 三、状态变化\n\n## 四、新增滞后" in md
    january = render_md(brief(june_db, "2023-01-中旬"))
    assert "截至旬末，本方案年度尚无到期应报的月份，不作研判。" in january
    assert "无应报未报数据" not in january


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_the_brief_as_pdf_is_its_docx_converted(june_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(
        "report", "--dekad", "2023-06-中旬", "-f", "pdf", "--db", str(june_db), "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in out.iterdir()] == ["旬简报_2023-06-中旬.pdf"]
    import pdfplumber

    with pdfplumber.open(out / "旬简报_2023-06-中旬.pdf") as pdf:
        first = pdf.pages[0].extract_text() or ""
    assert "旬简报" in first.replace(" ", "")
