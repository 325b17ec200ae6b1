"""Timeliness (报送及时率) end to end: files ingested with different ``--received`` dates, the
``timeliness`` command (table, JSON, CSV, --lang en, bad input), the log, and the bulletin's
各单位报送情况 section in every format."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from conftest import ROOT, store_snapshot
from liuzhang.cli.app import app
from liuzhang.store import open_store

EXAMPLES = ROOT / "examples"
JUNE = EXAMPLES / "2023-06"
# When each June file arrived (None: the day of its ingest, today); 区民政人社局 and
# 市生态环境局大通湖分局 never send theirs. Values of June were due by 2023-07-05, Q2's by 07-10.
RECEIVED: list[tuple[str, str | None]] = [
    ("区应急局_2023-06.csv", "2023-07-04"),
    ("区住房城乡建设局_2023-06.csv", "2023-07-04"),
    ("区农业农村水利局_2023-06.csv", "2023-07-04"),
    ("区发改财政局_2023-06.csv", "2023-07-05"),  # on the due day
    ("区发改财政局_2023-06_更正.csv", "2023-07-15"),  # a later revision: still on time
    ("区市场监管局_2023-06.csv", "2023-07-12"),  # late
    ("区教育卫生健康局_2023-06.csv", "2023-07-12"),
    ("区委区管委会办公室（区优办）_2023-06.csv", "2023-07-21"),  # after the as-of date below
    ("区科技工信局_2023-06.csv", None),  # ingested today
]
AS_OF = "2023-07-20"


def run(runner: CliRunner, db: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--db", str(db)])


def june(runner: CliRunner, db: Path, *args: str, as_of: str = AS_OF) -> Result:
    """``liuzhang timeliness --month 2023-06 --as-of-date AS_OF …``."""
    return run(runner, db, "timeliness", "--month", "2023-06", "--as-of-date", as_of, *args)


def june_json(runner: CliRunner, db: Path, as_of: str = AS_OF) -> dict[str, Any]:
    return dict(json.loads(june(runner, db, "-f", "json", as_of=as_of).stdout))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    runner = CliRunner()
    db = tmp_path_factory.mktemp("timeliness") / "s.sqlite"
    may = sorted(str(p) for p in (EXAMPLES / "2023-05").iterdir())
    assert run(runner, db, "ingest", *may, "--received", "2023-06-05").exit_code == 0
    for name, received in RECEIVED:
        extra = ("--received", received) if received else ()
        result = run(runner, db, "ingest", str(JUNE / name), *extra)
        assert result.exit_code == 0, result.output
    return db


def rows_of(model: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    keys = ("expected", "on_time", "late", "missing", "not_due")
    return {r["unit"]: tuple(r[k] for k in keys) for r in model["rows"]}


NOTHING_SENT = {  # offices that sent nothing for June: their expected values, all missing
    "区自然资源局": 7,
    "区委区管委会办公室（行政审批办）": 3,
    "区交通运输局": 2,
    "区人民法院": 2,
    "区安委办": 2,
    "区消防救援大队": 2,
    "区妇联": 1,
    "区委宣传统战部": 1,
    "区政务中心": 1,
    "区税务局": 1,
    "区金融办": 1,
}


def test_each_office_on_time_late_and_missing(store: Path, runner: CliRunner) -> None:
    result = june(runner, store, "-f", "json")
    assert result.exit_code == 0, result.output
    model = json.loads(result.stdout)
    # (expected, on time, late, missing, not yet due)
    assert rows_of(model) == {
        "区应急局": (15, 15, 0, 0, 0),
        "区住房城乡建设局": (11, 11, 0, 0, 0),
        "区农业农村水利局": (5, 5, 0, 0, 0),  # its Q2 value too (due 07-10)
        "区发改财政局": (19, 18, 0, 1, 0),  # one value it never sent
        "区市场监管局": (6, 0, 4, 2, 0),
        "区教育卫生健康局": (6, 0, 6, 0, 0),
        "区委区管委会办公室（区优办）": (5, 0, 0, 5, 0),  # arrived the day after
        "区科技工信局": (19, 0, 0, 19, 0),  # ingested today: not there on 07-20
        "区民政人社局": (12, 0, 0, 12, 0),
        "市生态环境局大通湖分局": (4, 0, 0, 4, 0),
        **{unit: (n, 0, 0, n, 0) for unit, n in NOTHING_SENT.items()},
    }
    assert model["total"] == {
        "expected": 125,
        "on_time": 49,
        "late": 10,
        "missing": 66,
        "not_due": 0,
        "on_time_rate": round(49 / 125, 4),
        "received_rate": round(59 / 125, 4),
    }
    assert (model["period"], model["as_of"], model["due"]) == ("2023-06", AS_OF, "2023-07-05")
    # worst first: nothing on time and nothing received first, the best last
    rates = [(r["on_time_rate"], r["received_rate"]) for r in model["rows"]]
    assert rates == sorted(rates)
    assert model["rows"][-1]["on_time_rate"] == 1.0
    market = next(r for r in model["rows"] if r["unit"] == "区市场监管局")
    assert (market["on_time_rate"], market["received_rate"]) == (0.0, round(4 / 6, 4))
    # what came late or not at all, item by item
    late = [(i["unit"], i["id"], i["arrived"]) for i in model["items"] if i["status"] == "late"]
    assert len(late) == 10 and all(a == "2023-07-12" for _, _, a in late)
    assert {i["status"] for i in model["items"]} == {"late", "missing"}
    assert len(model["items"]) == 76


def test_as_of_today_the_files_ingested_late_count_as_late(store: Path, runner: CliRunner) -> None:
    """Without --as-of-date: today. The file ingested today (no --received) arrived today."""
    model = json.loads(run(runner, store, "timeliness", "--month", "2023-06", "-f", "json").stdout)
    rows = rows_of(model)
    assert rows["区科技工信局"] == (19, 0, 17, 2, 0)
    assert rows["区委区管委会办公室（区优办）"] == (5, 0, 5, 0, 0)
    assert model["as_of"] == date.today().isoformat()


def test_before_the_due_date_values_are_not_yet_due(store: Path, runner: CliRunner) -> None:
    """On 07-08 June's monthly values are past due, Q2's not yet (due 07-10)."""
    result = june(runner, store, "-f", "json", as_of="2023-07-08")
    rows = rows_of(json.loads(result.stdout))
    assert rows["区市场监管局"] == (6, 0, 0, 6, 0)  # 07-12 is after 07-08: not there yet
    assert rows["区应急局"] == (15, 15, 0, 0, 0)
    # 区发改财政局's Q2 GDP arrived on 07-05: on time, even before it was due
    assert rows["区发改财政局"] == (19, 18, 0, 1, 0)
    quarterly = {
        unit: row[4]
        for unit, row in rows.items()
        if row[4]  # not yet due: unsent Q2 values
    }
    assert quarterly and all(n >= 1 for n in quarterly.values())
    early = june_json(runner, store, as_of="2023-07-01")
    assert early["total"]["not_due"] == early["total"]["expected"] == 125
    assert early["total"]["on_time_rate"] is None
    assert all(r["on_time_rate"] is None for r in early["rows"])


def test_the_offices_are_those_missing_names(store: Path, runner: CliRunner) -> None:
    """What is expected of whom is what ``missing`` counts: as of today, the values each office
    still owes for June are those ``missing --as-of 2023-06`` lists, office by office."""
    model = json.loads(run(runner, store, "timeliness", "--month", "2023-06", "-f", "json").stdout)
    owed = json.loads(run(runner, store, "missing", "--as-of", "2023-06", "-f", "json").stdout)
    by_unit: dict[str, int] = {}
    for r in owed:
        by_unit[r["unit"]] = by_unit.get(r["unit"], 0) + 1
    assert {r["unit"]: r["missing"] for r in model["rows"] if r["missing"]} == by_unit
    missing_items = {(i["unit"], i["id"]) for i in model["items"] if i["status"] == "missing"}
    assert missing_items == {(r["unit"], r["id"]) for r in owed}
    assert len(owed) == 66 - 17 - 5  # less what 区科技工信局 and 区优办 sent after 07-20


def test_a_quarter_counts_its_three_months(store: Path, runner: CliRunner) -> None:
    """April's values never came, May's came on their due day (06-05), June's as above."""
    args = ("timeliness", "--as-of-date", AS_OF, "-f", "json")
    model = json.loads(run(runner, store, *args, "--quarter", "2023-Q2").stdout)
    months = {
        m: json.loads(run(runner, store, *args, "--month", m).stdout)["total"]
        for m in ("2023-04", "2023-05", "2023-06")
    }
    assert (model["period"], model["due"]) == ("2023-Q2", "2023-07-10")
    table = run(runner, store, "timeliness", "--quarter", "2023-Q2", "--as-of-date", AS_OF).stdout
    assert (
        "2023年第2季度内各月的数据应于次月 5 日前报送，季度数据应于 2023年7月10日 前报送"
    ) in table
    for key in ("expected", "on_time", "late", "missing", "not_due"):
        assert model["total"][key] == sum(t[key] for t in months.values()), key
    assert months["2023-04"]["missing"] == months["2023-04"]["expected"] == 122
    assert (months["2023-05"]["expected"], months["2023-05"]["on_time"]) == (122, 48)
    assert model["total"] == {
        "expected": 369,
        "on_time": 97,
        "late": 10,
        "missing": 262,
        "not_due": 0,
        "on_time_rate": round(97 / 369, 4),
        "received_rate": round(107 / 369, 4),
    }


def test_the_table_in_chinese_and_english(store: Path, runner: CliRunner) -> None:
    zh = june(runner, store)
    assert zh.exit_code == 0
    lines = zh.stdout.splitlines()
    assert lines[0] == "报送及时率：2023年6月（截至 2023-07-20）"
    assert lines[2].split() == ["单位", "应报", "按时报送", "逾期报送", "未报", "及时率", "报送率"]
    total = next(line for line in lines if line.strip().startswith("合计"))
    assert total.split() == ["合计", "125", "49", "10", "66", "39.2%", "47.2%"]
    market = next(line for line in lines if line.strip().startswith("区市场监管局"))
    assert market.split() == ["区市场监管局", "6", "0", "4", "2", "0.0%", "66.7%"]
    assert "2023年7月5日 前报送" in zh.stdout and "截至 2023年7月20日" in zh.stdout
    assert "区科技工信局" not in zh.stdout.split("合计")[1]  # no detail without --detail
    en = june(runner, store, "--lang", "en", "--detail")
    assert en.stdout.splitlines()[0] == "Timeliness of reporting: 2023-06 (as of 2023-07-20)"
    assert "On-time rate" in en.stdout and "Received rate" in en.stdout and "Total" in en.stdout
    assert "Values late or missing (76)" in en.stdout and "not yet due" not in en.stdout
    detail = june(runner, store, "--detail")
    assert "逾期和未报的数据（76 项）" in detail.stdout
    assert "2023-07-12  逾期" in detail.stdout


def test_not_yet_due_is_a_column_only_when_some_value_is(store: Path, runner: CliRunner) -> None:
    result = june(runner, store, as_of="2023-07-08")
    assert "未到期" in result.stdout.splitlines()[2]
    result = june(runner, store)
    assert "未到期" not in result.stdout


def test_csv_in_both_languages(store: Path, runner: CliRunner) -> None:
    zh = june(runner, store, "-f", "csv")
    rows = list(csv.reader(io.StringIO(zh.stdout.lstrip("\ufeff"))))
    assert rows[0] == ["单位", "应报", "按时报送", "逾期报送", "未报", "及时率", "报送率"]
    assert rows[-1] == ["合计", "125", "49", "10", "66", "0.392", "0.472"]
    assert len(rows) == 2 + 21
    en = june(runner, store, "-f", "csv", "--lang", "en")
    rows = list(csv.reader(io.StringIO(en.stdout.lstrip("\ufeff"))))
    assert rows[0] == [
        "unit",
        "expected",
        "on_time",
        "late",
        "missing",
        "on_time_rate",
        "received_rate",
    ]
    assert rows[-1][0] == "Total"


def test_the_store_keeps_when_each_file_arrived(store: Path, runner: CliRunner) -> None:
    with open_store(store, create=False, readonly=True) as s:
        received = {Path(r.file).name: r.received for r in s.ingests()}
        values = s.latest()
    assert {name: received[name] for name, _ in RECEIVED} == dict(RECEIVED)
    assert sum(1 for r in received.values() if r == "2023-06-05") == 4  # May's files
    fixed = next(
        v for v in values if (v.item_id, v.period) == ("key_project_investment", "2023-06")
    )
    assert (fixed.received, fixed.source_file.endswith("更正.csv")) == ("2023-07-15", True)
    log = json.loads(run(runner, store, "log", "-f", "json").stdout)
    assert [r["received"] for r in log][-len(RECEIVED) :] == [r for _, r in RECEIVED]
    table = run(runner, store, "log").stdout
    assert "收到日期" in table.splitlines()[2] and "2023-07-21" in table
    english = run(runner, store, "log", "--lang", "en").stdout
    assert "Received" in english
    rows = list(
        csv.reader(io.StringIO(run(runner, store, "log", "-f", "csv").stdout.lstrip("\ufeff")))
    )
    assert rows[0][-1] == "收到日期" and rows[-1][-1] == ""  # ingested today: none given


def test_the_log_shows_no_received_column_when_none_was_given(
    tmp_path: Path, runner: CliRunner
) -> None:
    db = tmp_path / "s.sqlite"
    assert run(runner, db, "ingest", str(JUNE / "区应急局_2023-06.csv")).exit_code == 0
    assert "收到日期" not in run(runner, db, "log").stdout
    assert json.loads(run(runner, db, "log", "-f", "json").stdout)[0]["received"] is None


@pytest.mark.parametrize("value", ["2023-7-4", "2023-02-30", "明天", "2023-07"])
def test_a_malformed_received_date_is_a_usage_error_and_stores_nothing(
    store: Path, tmp_path: Path, runner: CliRunner, value: str
) -> None:
    db = tmp_path / "s.sqlite"
    shutil.copy(store, db)
    before = store_snapshot(db)
    result = run(runner, db, "ingest", str(JUNE / "区民政人社局_2023-06.xlsx"), "--received", value)
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"--received “{value}”无效：请写成 2023-07-04 这样的日期（文件收到的日期）"
    )
    assert store_snapshot(db) == before
    en = run(
        runner,
        db,
        "ingest",
        str(JUNE / "区民政人社局_2023-06.xlsx"),
        "--received",
        value,
        "--lang",
        "en",
    )
    assert en.exit_code == 2 and "is not a date" in en.stderr and "Traceback" not in en.output


def test_doubtful_received_dates_are_kept_with_a_warning(tmp_path: Path, runner: CliRunner) -> None:
    """A date after today (a typo? a clock?) or before the period reported ended (sent before
    the month was over?) is possible: a warning, and the date is kept as given."""
    db = tmp_path / "s.sqlite"
    future = (date.today() + timedelta(days=3)).isoformat()
    result = run(runner, db, "ingest", str(JUNE / "区应急局_2023-06.csv"), "--received", future)
    assert result.exit_code == 0
    assert (
        f"警告：收到日期 {future} 晚于今天（{date.today().isoformat()}），请核实；仍按此日期记录"
        in result.stderr
    )
    early = run(
        runner, db, "ingest", str(JUNE / "区市场监管局_2023-06.csv"), "--received", "2023-06-20"
    )
    assert early.exit_code == 0
    assert (
        "区市场监管局_2023-06.csv:0:-: 警告：收到日期 2023-06-20 早于所报期间 2023-06 结束"
        "（2023-06-30），请核实；仍按此日期记录"
    ) in early.stderr
    fine = run(
        runner, db, "ingest", str(JUNE / "区住房城乡建设局_2023-06.csv"), "--received", "2023-06-30"
    )
    assert fine.exit_code == 0 and "警告" not in fine.stderr
    english = run(
        runner,
        db,
        "ingest",
        str(JUNE / "区农业农村水利局_2023-06.csv"),
        "--received",
        "2023-06-01",
        "--lang",
        "en",
    )
    assert (
        "the received date 2023-06-01 is before the end of the period reported, 2023-06"
        in english.stderr
    )
    with open_store(db, create=False, readonly=True) as s:
        assert [r.received for r in s.ingests()] == [
            future,
            "2023-06-20",
            "2023-06-30",
            "2023-06-01",
        ]


def test_a_dry_run_with_received_stores_nothing(tmp_path: Path, runner: CliRunner) -> None:
    db = tmp_path / "s.sqlite"
    result = run(
        runner,
        db,
        "ingest",
        str(JUNE / "区应急局_2023-06.csv"),
        "--received",
        "2023-07-04",
        "--dry-run",
    )
    assert result.exit_code == 0
    with open_store(db, create=False, readonly=True) as s:
        assert s.ingests() == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "请用 --month（如 2023-06）或 --quarter（如 2023-Q2）指定期间（二者选一）"),
        (["--month", "2023-06", "--quarter", "2023-Q2"], "二者选一"),
        (["--month", "2023-Q2"], "期间“2023-Q2”无效：--month 写成 2023-06，--quarter 写成 2023-Q2"),
        (["--quarter", "2023-06"], "期间“2023-06”无效"),
        (
            ["--month", "2023-06", "--as-of-date", "07-20"],
            "--as-of-date “07-20”无效：请写成 2023-07-20 这样的日期",
        ),
        (["--month", "2022-06"], "2022 年没有方案（有：大通湖区/2023）"),
        (["--month", "2022-06", "--plan", "2023"], "方案 大通湖区/2023 不是 2022 年的"),
    ],
)
def test_bad_options_are_usage_errors(
    store: Path, runner: CliRunner, args: list[str], message: str
) -> None:
    result = run(runner, store, "timeliness", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_a_month_with_nothing_expected(store: Path, runner: CliRunner) -> None:
    result = run(runner, store, "timeliness", "--month", "2023-01")
    assert result.exit_code == 0
    assert result.stdout.strip() == (
        "2023年1月 没有应报的数据（月度指标自 2 月起按月报送，季度指标在季末月，年度指标在 12 月）"
    )
    model = json.loads(run(runner, store, "timeliness", "--month", "2023-01", "-f", "json").stdout)
    assert model["rows"] == [] and model["total"]["expected"] == 0


def test_no_store_yet_everything_is_missing(tmp_path: Path, runner: CliRunner) -> None:
    result = run(runner, tmp_path / "none.sqlite", "timeliness", "--month", "2023-06", "-f", "json")
    model = json.loads(result.stdout)
    assert model["total"]["missing"] == model["total"]["expected"] == 125
    assert not (tmp_path / "none.sqlite").exists()


def test_the_command_has_help_with_an_example(runner: CliRunner) -> None:
    result = runner.invoke(app, ["timeliness", "--help"])
    assert result.exit_code == 0 and "示例：liuzhang timeliness --month 2023-06" in result.output
    assert "--as-of-date" in result.output and "--quarter" in result.output


# -- the bulletin's 各单位报送情况 -----------------------------------------------------------------


@pytest.fixture(scope="module")
def bulletin(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bulletin")
    result = CliRunner().invoke(
        app,
        [
            "report", "--month", "2023-06", "--date", AS_OF, "--db", str(store), "-o", str(out),
            *("-f", "json", "-f", "md", "-f", "html", "-f", "xlsx"),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return out


def test_the_bulletin_section_is_the_commands_table(
    store: Path, bulletin: Path, runner: CliRunner
) -> None:
    """As of the bulletin's date (--date), the same rows and total as the command's."""
    model = json.loads((bulletin / "月通报_2023-06.json").read_text(encoding="utf-8"))
    section = model["timeliness"]
    command = june_json(runner, store)
    assert section == {k: v for k, v in command.items() if k not in ("plan", "items")}
    assert set(section) == {"period", "as_of", "due", "reporting", "rows", "total"}
    assert set(section["rows"][0]) == {
        "unit", "expected", "on_time", "late", "missing", "not_due",
        "on_time_rate", "received_rate",
    }  # fmt: skip
    assert section["due"] == "2023-07-05" and section["as_of"] == model["date"] == AS_OF


def test_the_bulletin_section_in_md_html_and_xlsx(bulletin: Path) -> None:
    md = (bulletin / "月通报_2023-06.md").read_text(encoding="utf-8")
    part = md.split("## 各单位报送情况")[1].split("## ")[0]
    assert "| 单位 | 应报 | 按时报送 | 逾期报送 | 未报 | 及时率 | 报送率 |" in part
    assert "| 区市场监管局 | 6 | 0 | 4 | 2 | 0.0% | 66.7% |" in part
    assert "| 合计 | 125 | 49 | 10 | 66 | 39.2% | 47.2% |" in part
    assert "截至 2023年7月20日" in part
    html = (bulletin / "月通报_2023-06.html").read_text(encoding="utf-8")
    section = html.split('<section id="timeliness">')[1].split("</section>")[0]
    assert "<h2>各单位报送情况</h2>" in section
    assert (
        '<tr><td>区市场监管局</td><td class="num">6</td><td class="num">0</td>'
        '<td class="num">4</td><td class="num">2</td><td class="num">0.0%</td>'
        '<td class="num">66.7%</td></tr>'
    ) in section
    book = load_workbook(bulletin / "月通报_2023-06.xlsx")
    ws = book["各单位报送情况"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("单位", "应报", "按时报送", "逾期报送", "未报", "及时率", "报送率")
    assert ("区市场监管局", 6, 0, 4, 2, 0, 0.6667) in rows
    assert rows[22] == ("合计", 125, 49, 10, 66, 0.392, 0.472)
    assert ws.cell(row=23, column=6).number_format == "0.0%"
    assert str(rows[24][0]).startswith("2023年6月 的数据应于 2023年7月5日 前报送")
    # it prints as the other sheets do: landscape, fitted to the width, the header repeated
    assert (ws.page_setup.orientation, ws.page_setup.fitToWidth, ws.print_title_rows) == (
        "landscape",
        1,
        "$1:$1",
    )


def test_the_bulletin_section_in_english(store: Path, tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(
        app,
        [
            "report", "--month", "2023-06", "--date", AS_OF, "--db", str(store),
            "-o", str(tmp_path), "-f", "md", "--lang", "en",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    md = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    assert "## Reporting by office" in md
    assert "| Office | Expected | On time | Late | Missing | On-time rate | Received rate |" in md
    assert "| Total | 125 | 49 | 10 | 66 | 39.2% | 47.2% |" in md


def test_a_hostile_office_name_is_neutralised_everywhere(
    store: Path, tmp_path: Path, runner: CliRunner
) -> None:
    """An office named as a formula with markup: text in the CSV (never a formula), escaped in
    the HTML, a text cell in the workbook."""
    data = tmp_path / "data"
    data.mkdir()
    hostile = "=1+2<script>金融办"
    for name in ("plan.yaml", "targets.yaml", "tasks.yaml", "units.yaml"):
        text = (ROOT / "data" / name).read_text(encoding="utf-8")
        (data / name).write_text(text.replace("区金融办", hostile), encoding="utf-8")
    base = ("timeliness", "--month", "2023-06", "--data", str(data))
    rows = list(
        csv.reader(io.StringIO(run(runner, store, *base, "-f", "csv").stdout.lstrip("\ufeff")))
    )
    assert ["'" + hostile, "1", "0", "0", "1", "0.0", "0.0"] in rows
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "report", "--month", "2023-06", "--data", str(data), "--db", str(store),
            "-o", str(out), "-f", "html", "-f", "xlsx", "-f", "md",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = (out / "月通报_2023-06.html").read_text(encoding="utf-8")
    section = html.split('<section id="timeliness">')[1].split("</section>")[0]
    assert "<td>=1+2&lt;script&gt;金融办</td>" in section and "<script>" not in section
    ws = load_workbook(out / "月通报_2023-06.xlsx")["各单位报送情况"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == hostile)
    assert cell.data_type == "s"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
