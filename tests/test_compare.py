"""``compare`` end to end on a workspace of three counties and their city (tests/fixtures/areas):
exact rows, ranks and roll-ups in table, JSON and CSV, both languages; bad input; the bulletin's
areas section; choosing a plan when several areas share a year; the catalogue in init/extract."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from liuzhang.cli.app import app

FIXTURES = Path(__file__).parent / "fixtures" / "areas"
COUNTIES = ("南县", "沅江市", "桃江县")


@pytest.fixture
def workspace(tmp_path: Path, runner: CliRunner) -> Path:
    """The four plans, each area's June file ingested into its own plan."""
    shutil.copytree(FIXTURES / "data", tmp_path / "data")
    for area in (*COUNTIES, "益阳市"):
        result = runner.invoke(
            app,
            [
                "ingest",
                "--data",
                str(tmp_path / "data"),
                "--plan",
                f"{area}/2023",
                str(FIXTURES / "submissions" / f"{area}_2023-06.csv"),
            ],
        )
        assert result.exit_code == 0, result.output
    return tmp_path / "data"


def run(runner: CliRunner, data: Path, *args: str) -> Any:
    return runner.invoke(app, [*args, "--data", str(data)])


def compare_json(runner: CliRunner, data: Path, *args: str) -> list[dict[str, Any]]:
    result = run(
        runner, data, "compare", "--year", "2023", "--as-of", "2023-06", "-f", "json", *args
    )
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def brief(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (r["indicator"], r["row_type"], r["area"], r["actual"], r["status"], r["rank"])
        for r in rows
    ]


def test_compare_ranks_every_shared_indicator(runner: CliRunner, workspace: Path) -> None:
    rows = compare_json(runner, workspace)
    # lotus_output is in one plan only: not shared, not compared
    assert [r for r in rows if r["indicator"] == "lotus_output"] == []
    assert brief(rows) == [
        # a growth rate: ranked, not summed; 桃江县 sent nothing: unranked, listed last
        ("fixed_asset_investment_growth", "area", "南县", 12, "on_track", 1),
        ("fixed_asset_investment_growth", "area", "沅江市", 9, "at_risk", 2),
        ("fixed_asset_investment_growth", "area", "桃江县", None, "missing", None),
        ("fixed_asset_investment_growth", "rollup", "益阳市", None, None, None),
        # amounts in 万元 and 亿元: converted to the city's 亿元, summed
        ("gdp", "area", "沅江市", 120, "on_track", 1),
        ("gdp", "area", "桃江县", 100, "at_risk", 2),
        ("gdp", "area", "南县", 80, "on_track", 3),
        ("gdp", "rollup", "益阳市", 305, "behind", None),
        # 桃江县's target is gdp_increase with indicator: gdp_growth; each judged by its own plan
        ("gdp_growth", "area", "桃江县", 7.8, "on_track", 1),
        ("gdp_growth", "area", "南县", 7.2, "at_risk", 2),
        ("gdp_growth", "area", "沅江市", 6.5, "behind", 3),
        ("gdp_growth", "rollup", "益阳市", 7.1, "on_track", None),
        # rollup: last; 桃江县's newest value is May's: unranked, but counted in the stock
        ("high_tech_enterprises", "area", "沅江市", 20, "on_track", 1),
        ("high_tech_enterprises", "area", "南县", 12, "behind", 2),
        ("high_tech_enterprises", "area", "桃江县", 8, "behind", None),
        ("high_tech_enterprises", "rollup", "益阳市", None, None, None),
        # at most: the smallest first, ties share a rank (1, 1, 3)
        ("pm25", "area", "南县", 28, "on_track", 1),
        ("pm25", "area", "沅江市", 28, "on_track", 1),
        ("pm25", "area", "桃江县", 35, "on_track", 3),
        ("pm25", "rollup", "益阳市", None, None, None),
        ("urban_new_jobs", "area", "沅江市", 700, "on_track", 1),
        ("urban_new_jobs", "area", "南县", 600, "on_track", 2),
        ("urban_new_jobs", "area", "桃江县", 300, "behind", None),
        ("urban_new_jobs", "rollup", "益阳市", 1500, "behind", None),
    ]
    rollups = {
        r["indicator"]: (
            r["rollup"],
            r["rollup_kind"],
            r["rollup_complete"],
            r["rollup_reason"],
            r["rollup_missing"],
        )
        for r in rows
        if r["row_type"] == "rollup"
    }
    assert rollups == {
        "fixed_asset_investment_growth": (None, "none", False, "not_summed", []),
        "gdp": (300, "sum", True, None, []),
        # weighted by each county's GDP: (7.2*80 + 6.5*120 + 7.8*100) / 300
        "gdp_growth": (7.12, "none", True, None, []),
        "high_tech_enterprises": (40, "last", True, None, []),
        "pm25": (None, "none", False, "not_summed", []),
        # 桃江县 reported May only: incomplete, never summed from two counties
        "urban_new_jobs": (None, "sum", False, "incomplete", ["桃江县"]),
    }


def test_compare_json_rows_carry_the_fields(runner: CliRunner, workspace: Path) -> None:
    rows = compare_json(runner, workspace, "--indicator", "gdp")
    assert rows[0] == {
        "indicator": "gdp",
        "name": "地区生产总值",
        "row_type": "area",
        "area": "沅江市",
        "actual": 120,  # 1,200,000 万元 in 亿元
        "target": 240,
        "status": "on_track",
        "rank": 1,
        "unit": "亿元",
        "period": "2023-06",
        "direction": "at_least",
        "id": "gdp_value",
        "rollup": None,
        "rollup_kind": None,
        "rollup_complete": None,
        "rollup_reason": None,
        "rollup_missing": [],
    }
    assert rows[-1]["row_type"] == "rollup" and rows[-1]["rollup"] == 300
    assert {"indicator", "area", "actual", "target", "status", "rank", "rollup"} <= set(rows[-1])


def test_compare_parent_option_gives_the_same_rows(runner: CliRunner, workspace: Path) -> None:
    assert compare_json(runner, workspace, "--parent", "益阳市") == compare_json(runner, workspace)


def test_compare_csv_in_both_languages(runner: CliRunner, workspace: Path) -> None:
    args = ["compare", "--as-of", "2023-06", "-i", "gdp_growth", "-f", "csv"]
    zh = list(csv.reader(io.StringIO(run(runner, workspace, *args).stdout.lstrip("\ufeff"))))
    assert zh[0][:8] == ["指标代码", "名称", "行类别", "地区", "实际", "目标", "状态", "排名"]
    assert [row[3:8] for row in zh[1:]] == [
        ["桃江县", "7.8", "7.5", "on_track", "1"],
        ["南县", "7.2", "7.5", "at_risk", "2"],
        ["沅江市", "6.5", "7.5", "behind", "3"],
        ["益阳市", "7.1", "7", "on_track", ""],
    ]
    assert zh[-1][12] == "7.12"
    en = list(
        csv.reader(
            io.StringIO(run(runner, workspace, *args, "--lang", "en").stdout.lstrip("\ufeff"))
        )
    )
    assert en[0][:8] == [
        "indicator",
        "name",
        "row_type",
        "area",
        "actual",
        "target",
        "status",
        "rank",
    ]
    assert en[1:] == zh[1:]


def test_compare_table_zh_and_en(runner: CliRunner, workspace: Path) -> None:
    result = run(runner, workspace, "compare", "--as-of", "2023-06", "-i", "urban_new_jobs")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "益阳市所属 3 个地区截至 2023-06 的比较" in out
    assert "城镇新增就业（urban_new_jobs） 人" in out
    assert "益阳市：汇总不完整：桃江县 没有 2023-06 的数值；本级数 1,500（滞后）" in out
    lines = [line.split() for line in out.splitlines()]
    assert ["1", "沅江市", "700", "1,400", "正常", "2023-06"] in lines
    assert ["—", "桃江县", "300", "1,000", "滞后", "2023-05"] in lines
    result = run(
        runner, workspace, "compare", "--as-of", "2023-06", "-i", "gdp_growth", "--lang", "en"
    )
    assert "3 areas of 益阳市 as of 2023-06" in result.stdout
    assert "益阳市: mean weighted by gdp 7.12 %; own figure 7.1 (on track)" in result.stdout
    assert "Rank" in result.stdout and "on track" in result.stdout


def test_compare_defaults_to_the_latest_month(runner: CliRunner, workspace: Path) -> None:
    result = run(runner, workspace, "compare", "-i", "gdp", "-f", "json")
    assert result.exit_code == 0, result.output
    assert [r["period"] for r in json.loads(result.stdout)] == ["2023-06"] * 4


def test_compare_as_of_may_sees_only_may(runner: CliRunner, workspace: Path) -> None:
    rows = compare_json(runner, workspace, "-i", "urban_new_jobs")
    assert rows[-1]["rollup_missing"] == ["桃江县"]
    result = run(
        runner, workspace, "compare", "--as-of", "2023-05", "-i", "urban_new_jobs", "-f", "json"
    )
    may = json.loads(result.stdout)
    assert [(r["area"], r["actual"], r["rank"]) for r in may] == [
        ("桃江县", 300, 1),
        ("南县", None, None),
        ("沅江市", None, None),
        ("益阳市", None, None),
    ]
    assert may[-1]["rollup_missing"] == ["南县", "沅江市"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--parent", "常德市"], "没有方案以“常德市”为上级"),
        (["--indicator", "gdp_growht"], "这些地区的方案都没有指标代码“gdp_growht”"),
        (["--year", "2024"], "2024"),
        (["--year", "2024", "--as-of", "2023-06"], "--as-of 2023-06 不在 2024 年"),
        (["--as-of", "2023-13"], "2023-13"),
    ],
)
def test_compare_usage_errors_exit_2(
    runner: CliRunner, workspace: Path, args: list[str], message: str
) -> None:
    result = run(runner, workspace, "compare", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_compare_unknown_parent_in_english(runner: CliRunner, workspace: Path) -> None:
    result = run(runner, workspace, "compare", "--parent", "常德市", "--lang", "en")
    assert result.exit_code == 2
    assert "no plan names '常德市' as its parent" in result.stderr
    assert "益阳市" in result.stderr


def test_compare_refuses_to_mix_units(runner: CliRunner, workspace: Path) -> None:
    targets = workspace / "桃江县-2023" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace('unit: "μg/m³"', 'unit: "mg/L"'), encoding="utf-8")
    result = run(runner, workspace, "compare", "--as-of", "2023-06", "-i", "pm25", "-f", "json")
    assert result.exit_code == 0, result.output
    assert (
        "警告：指标 pm25 各地区的单位（mg/L、μg/m³）不能相互换算：不排名、不汇总" in result.stderr
    )
    rows = json.loads(result.stdout)
    assert [(r["area"], r["rank"], r["unit"]) for r in rows[:3]] == [
        ("南县", None, "μg/m³"),
        ("桃江县", None, "mg/L"),
        ("沅江市", None, "μg/m³"),
    ]
    assert (rows[-1]["rollup"], rows[-1]["rollup_reason"]) == (None, "units")


def test_compare_without_a_common_parent_compares_every_plan(
    runner: CliRunner, workspace: Path
) -> None:
    """Plans naming several parents, none of them here: every plan of the year, no roll-up."""
    for folder in ("益阳市-2023", "沅江市-2023"):
        plan = workspace / folder / "plan.yaml"
        text = plan.read_text(encoding="utf-8")
        plan.write_text(text.replace('parent: "益阳市"', 'parent: "常德市"'), encoding="utf-8")
    shutil.rmtree(workspace / "益阳市-2023")
    rows = compare_json(runner, workspace, "-i", "gdp")
    assert [(r["area"], r["rank"], r["row_type"]) for r in rows] == [
        ("沅江市", 1, "area"),
        ("桃江县", 2, "area"),
        ("南县", 3, "area"),
    ]


# -- the bulletin's areas section ----------------------------------------------------------------


def test_report_areas_section(runner: CliRunner, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["report", "--month", "2023-06", "--plan", "益阳市/2023", "--areas", "-o", str(out)]
    result = run(runner, workspace, *args, "-f", "json", "-f", "html", "-f", "md", "-f", "xlsx")
    assert result.exit_code == 0, result.output
    bulletin = json.loads((out / "月通报_2023-06.json").read_text(encoding="utf-8"))
    # the same model as compare's, built by the same function
    from liuzhang.services.compare import compare_model

    assert bulletin["areas"] == json.loads(
        json.dumps(compare_model(workspace, None, 2023, "2023-06", parent="益阳市"))
    )
    gdp = next(i for i in bulletin["areas"]["indicators"] if i["indicator"] == "gdp")
    assert [(r["area"], r["rank"]) for r in gdp["rows"]] == [
        ("沅江市", 1),
        ("桃江县", 2),
        ("南县", 3),
    ]
    html = (out / "月通报_2023-06.html").read_text(encoding="utf-8")
    section = html[html.index('<section id="areas">') :]
    section = section[: section.index("</section>")]
    assert "<h2>各地区比较</h2>" in section
    assert section.count("<svg") == 6  # a ranking chart per indicator
    assert "益阳市：各地区合计 300亿元；本级数 305（滞后）" in section
    md = (out / "月通报_2023-06.md").read_text(encoding="utf-8")
    assert "## 各地区比较" in md
    assert "| 1 | 南县 | 28 | 35 | 正常 | 2023-06 |" in md
    assert "| 1 | 沅江市 | 28 | 35 | 正常 | 2023-06 |" in md
    from openpyxl import load_workbook

    sheet = load_workbook(out / "月通报_2023-06.xlsx")["各地区比较"]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == ["指标代码", "名称", "排名", "地区", "实际", "目标", "状态", "期间", "单位"]
    assert ["gdp", "地区生产总值", 1, "沅江市", 120, 240, "正常", "2023-06", "亿元"] in values


def test_report_areas_section_in_the_docx(
    runner: CliRunner, workspace: Path, tmp_path: Path
) -> None:
    from docx import Document

    out = tmp_path / "out"
    args = ["report", "--month", "2023-06", "--plan", "益阳市/2023", "--areas", "-o", str(out)]
    result = run(runner, workspace, *args, "-f", "docx", "--date", "2023-07-10")
    assert result.exit_code == 0, result.output
    doc = Document(str(out / "月通报_2023-06.docx"))
    text = [p.text for p in doc.paragraphs]
    assert any(t.endswith("、各地区比较") for t in text)
    assert "益阳市：各地区合计 300亿元；本级数 305（滞后）" in text
    rows = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["1", "南县", "28", "35", "正常", "2023-06"] in rows
    assert ["排名", "地区", "实际", "目标", "状态", "期间"] in rows


def test_report_areas_in_english(runner: CliRunner, workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["report", "--month", "2023-06", "--plan", "益阳市/2023", "--areas", "-o", str(out)]
    result = run(runner, workspace, *args, "-f", "md", "--lang", "en")
    assert result.exit_code == 0, result.output
    md = next(out.glob("*.md")).read_text(encoding="utf-8")
    assert "## Areas compared" in md
    assert "益阳市: sum of the areas 300 亿元; own figure 305 (behind)" in md


def test_report_without_areas_has_no_section(
    runner: CliRunner, workspace: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ["report", "--month", "2023-06", "--plan", "益阳市/2023", "-o", str(out), "-f", "json"]
    assert run(runner, workspace, *args).exit_code == 0
    assert "areas" not in json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))


def test_report_areas_of_a_plan_without_areas_is_a_usage_error(
    runner: CliRunner, workspace: Path, tmp_path: Path
) -> None:
    args = ["report", "--month", "2023-06", "--plan", "南县/2023", "--areas", "-o", str(tmp_path)]
    result = run(runner, workspace, *args)
    assert result.exit_code == 2
    assert "没有方案以“南县”为上级" in result.stderr


# -- choosing a plan among areas of the same year -------------------------------------------------


def test_several_areas_of_a_year_need_plan(runner: CliRunner, workspace: Path) -> None:
    result = run(runner, workspace, "status", "--as-of", "2023-06")
    assert result.exit_code == 2
    for area in (*COUNTIES, "益阳市"):
        assert f"{area}/2023" in result.stderr  # the choices are listed, none is picked
    assert run(runner, workspace, "status").exit_code == 2
    chosen = run(runner, workspace, "status", "--plan", "南县/2023", "-f", "json")
    assert chosen.exit_code == 0, chosen.output
    ids = {r["id"] for r in json.loads(chosen.stdout)}
    assert "lotus_output" in ids


# -- targets.yaml fields, init and extract ------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "line", "code"),
    [
        ("    rollup: sum\n    weight: gdp\n", 34, "weight_not_none"),  # the target's line
        ("    indicator: GDP Growth\n", 35, "id_format"),  # the field's line
        ("    rollup: median\n", 35, "value_not_allowed"),
    ],
)
def test_target_fields_are_validated(
    runner: CliRunner, workspace: Path, fields: str, line: int, code: str
) -> None:
    targets = workspace / "南县-2023" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(
        text.replace("  - id: pm25\n", "  - id: pm25\n" + fields, 1), encoding="utf-8"
    )
    result = runner.invoke(app, ["validate", "--data", str(workspace), "-f", "json"])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    found = [p for p in problems if "targets.yaml" in p["file"]]
    assert [(p["file"].split("/")[-2], p["line"], p["code"]) for p in found] == [
        ("南县-2023", line, code)
    ]
    if code == "weight_not_none":
        assert "只有 rollup 为 none 的指标才能设置 weight" in found[0]["message"]


def test_init_lists_the_catalogue(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["init", "--area", "南县", "--year", "2023", "--data", str(tmp_path / "data")]
    )
    assert result.exit_code == 0, result.output
    text = next((tmp_path / "data").rglob("targets.yaml")).read_text(encoding="utf-8")
    assert "#   gdp_growth: 地区生产总值增长（%，rollup: none，按 gdp 加权）" in text
    assert "#   grain_output: 粮食产量（万吨，rollup: sum）" in text


def test_extract_suggests_indicator_codes() -> None:
    from decimal import Decimal

    from liuzhang.extract.draft import target_record, targets_text
    from liuzhang.extract.model import DraftTarget, Evidence

    def drafted(name: str, measure: Any, unit: str) -> DraftTarget:
        quote = Evidence(name, "第1段")
        return DraftTarget(name, Decimal("7.5"), unit, "at_least", measure, "monthly", [quote])

    growth = drafted("地区生产总值增长", "growth", "%")
    assert target_record(growth)["indicator"] == "gdp_growth"
    assert "    indicator: gdp_growth" in targets_text([growth])
    other = drafted("新建5G基站", "cumulative", "个")
    assert "indicator" not in target_record(other)


# -- the store read compare uses -----------------------------------------------------------------


def test_store_newest_values_of_many_plans(db: Path | str) -> None:
    """Per plan asked, each item's current value with the latest period end in the plan's year
    up to the date: revisions count, reverted ingests do not, other plans are left out."""
    from decimal import Decimal

    from liuzhang.domain.observations import Observation
    from liuzhang.domain.plan import PlanKey
    from liuzhang.store import open_store, period_facts

    def obs(item: str, period: str, value: str) -> Observation:
        kind, end, month = period_facts(period)
        return Observation(
            item, "target", period, kind, end.isoformat(), month, Decimal(value), None, "%",
            value, "%", None, "发改局", 2,
        )  # fmt: skip

    a23, b23, a22, c23 = (PlanKey("南县", 2023), PlanKey("沅江市", 2023), PlanKey("南县", 2022),
                          PlanKey("桃江县", 2023))  # fmt: skip
    with open_store(db) as store:

        def ingest(name: str, plan: PlanKey, rows: list[Observation]) -> int | None:
            writer = store.begin_ingest(name, f"sha-{name}")
            writer.add(rows, plan)
            return writer.finish(len(rows), 0, None).ingest_id

        ingest("a.csv", a23, [obs("x", "2023-05", "1"), obs("x", "2023-06-中旬", "2"),
                              obs("x", "2023-07", "3"), obs("y", "2023-Q1", "5")])  # fmt: skip
        ingest("a22.csv", a22, [obs("x", "2022-12", "9")])
        ingest("b.csv", b23, [obs("x", "2023-06", "4")])
        ingest("b2.csv", b23, [obs("x", "2023-06", "4.5")])  # a revision
        taken_back = ingest("b3.csv", b23, [obs("z", "2023-02", "8")])
        assert taken_back is not None
        store.revert(taken_back)
        ingest("c.csv", c23, [obs("x", "2023-06", "7")])
        found = store.newest_values([a23, b23, a22], "2023-06-30")
    got = {k: [(v.item_id, v.period, v.value) for v in vs] for k, vs in found.items()}
    assert got == {
        a23: [("x", "2023-06-中旬", "2"), ("y", "2023-Q1", "5")],
        b23: [("x", "2023-06", "4.5")],
        a22: [("x", "2022-12", "9")],
    }


def test_areas_section_escapes_names(runner: CliRunner, workspace: Path, tmp_path: Path) -> None:
    targets = workspace / "益阳市-2023" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    evil = '<img src=x onerror="alert(1)">GDP'
    targets.write_text(
        text.replace('name: "地区生产总值"\n', f"name: '{evil}'\n", 1), encoding="utf-8"
    )
    out = tmp_path / "out"
    args = ["report", "--month", "2023-06", "--plan", "益阳市/2023", "--areas", "-o", str(out)]
    assert run(runner, workspace, *args, "-f", "html").exit_code == 0
    html = next(out.glob("*.html")).read_text(encoding="utf-8")
    section = html[html.index('<section id="areas">') :]
    assert "<img" not in section
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;GDP" in section


def test_compare_with_nothing_shared_says_so(runner: CliRunner, workspace: Path) -> None:
    for area in ("沅江市", "桃江县"):
        shutil.rmtree(workspace / f"{area}-2023")
    for fmt in ("table", "json"):
        result = run(runner, workspace, "compare", "--as-of", "2023-06", "-f", fmt)
        assert result.exit_code == 1
        assert "这些地区没有共有的指标" in result.stderr
        assert result.stdout == ""


def test_an_area_without_the_indicator_makes_the_rollup_incomplete(
    runner: CliRunner, workspace: Path
) -> None:
    """桃江县's plan has no GDP target: the city's GDP is not the sum of two counties, and GDP
    growth cannot be weighted without 桃江县's base."""
    import re

    targets = workspace / "桃江县-2023" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(re.sub(r"  - id: gdp_value\n(    .*\n)+", "", text), encoding="utf-8")
    rows = compare_json(runner, workspace, "-i", "gdp")
    assert [(r["area"], r["rank"]) for r in rows] == [("沅江市", 1), ("南县", 2), ("益阳市", None)]
    assert (rows[-1]["rollup"], rows[-1]["rollup_reason"], rows[-1]["rollup_missing"]) == (
        None,
        "incomplete",
        ["桃江县"],
    )
    growth = compare_json(runner, workspace, "-i", "gdp_growth")[-1]
    assert (growth["rollup"], growth["rollup_reason"], growth["rollup_missing"]) == (
        None,
        "no_base",
        ["桃江县"],
    )
