"""A workspace of several plans: plan.yaml identifies each plan, --plan chooses one, the period's
year chooses one, and a workspace that cannot be used says why."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA, replace_once
from liuzhang.cli.app import app
from liuzhang.domain.plan import PlanKey
from liuzhang.plandata.catalog import load_catalog
from liuzhang.plandata.workspace import PlanRef, Workspace, WorkspaceError, discover

PLAN_FILES = ("plan.yaml", "targets.yaml", "tasks.yaml", "units.yaml")


def make_plan(folder: Path, area: str = "大通湖区", year: int = 2023) -> Path:
    """A copy of the shipped plan as the plan of ``area`` and ``year`` (dates moved to it)."""
    folder.mkdir(parents=True)
    for name in PLAN_FILES:
        text = (DATA / name).read_text(encoding="utf-8")
        if name == "plan.yaml":
            text = text.replace('area: "大通湖区"', f'area: "{area}"', 1)
            text = text.replace("year: 2023", f"year: {year}", 1)
        elif name in ("targets.yaml", "tasks.yaml"):
            text = text.replace("2023", str(year))
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def ref(area: str, year: int, name: str = "") -> PlanRef:
    return PlanRef(Path("/w") / (name or f"{area}-{year}"), PlanKey(area, year), "t", name)


WS = Workspace(
    Path("/w"),
    (
        ref("南县", 2023, "南县-2023"),
        ref("大通湖区", 2023, "2023"),
        ref("大通湖区", 2024, "2024"),
    ),
)


@pytest.mark.parametrize(
    ("selector", "year", "chosen"),
    [
        (None, None, None),  # newest year 2024: one plan
        ("2024", None, "大通湖区/2024"),
        ("大通湖区/2023", None, "大通湖区/2023"),
        ("南县/2023", None, "南县/2023"),
        ("南县-2023", None, "南县/2023"),  # a folder name
        ("2023/", None, "大通湖区/2023"),  # a folder name with a slash
        ("南县", None, "南县/2023"),  # an area: its newest plan
        ("大通湖区", None, "大通湖区/2024"),
        (None, 2024, "大通湖区/2024"),
        ("南县/2023", 2023, "南县/2023"),
    ],
)
def test_choose_a_plan(selector: str | None, year: int | None, chosen: str | None) -> None:
    found = WS.choose(selector, year)
    assert str(found.key) == (chosen or "大通湖区/2024")


@pytest.mark.parametrize(
    ("selector", "year", "code", "params"),
    [
        (
            None,
            2023,
            "plan_ambiguous",
            {"value": "2023", "choices": ["南县/2023", "大通湖区/2023"]},
        ),
        (None, 2022, "plan_year_none", {"year": 2022}),
        ("2025", None, "plan_not_found", {"value": "2025"}),
        ("岳阳县/2023", None, "plan_not_found", {"value": "岳阳县/2023"}),
        ("2024", 2023, "plan_year_mismatch", {"plan": "大通湖区/2024", "year": 2023}),
    ],
)
def test_a_choice_that_names_no_plan_or_several_is_a_usage_error(
    selector: str | None, year: int | None, code: str, params: dict[str, object]
) -> None:
    with pytest.raises(WorkspaceError) as caught:
        WS.choose(selector, year)
    assert (caught.value.code, caught.value.exit_code) == (code, 2)
    assert params.items() <= caught.value.params.items()


def test_the_plan_of_a_year_needs_an_area_when_two_areas_have_one() -> None:
    with pytest.raises(WorkspaceError) as caught:
        WS.area_of(None)
    assert caught.value.code == "plan_area_ambiguous"
    assert WS.area_of("南县/2023") == "南县"
    assert WS.previous(PlanKey("大通湖区", 2024)) == WS.plans[1]
    assert WS.previous(PlanKey("南县", 2023)) is None


def test_one_plan_at_the_root_or_one_per_folder(tmp_path: Path) -> None:
    shipped = discover(DATA)
    assert [(str(p.key), p.name, p.folder) for p in shipped.plans] == [("大通湖区/2023", "", DATA)]
    assert not shipped.nested
    root = tmp_path / "data"
    make_plan(root / "2023")
    make_plan(root / "2024", year=2024)
    make_plan(root / "南县-2023", area="南县")
    (root / "source").mkdir()  # not a plan folder: no plan files
    (root / "source" / "plan.txt").write_text("x", encoding="utf-8")
    found = discover(root)
    assert [(str(p.key), p.name) for p in found.plans] == [
        ("南县/2023", "南县-2023"),
        ("大通湖区/2023", "2023"),
        ("大通湖区/2024", "2024"),
    ]
    assert found.nested


@pytest.mark.parametrize(
    ("build", "code"),
    [
        ("mixed", "workspace_mixed"),
        ("duplicate", "plan_duplicate"),
        ("no_plan_yaml", "plan_yaml_missing"),
        ("empty", "workspace_empty"),
        ("bad_level", "plan_yaml_invalid"),
    ],
)
def test_a_workspace_that_cannot_be_used_says_why(tmp_path: Path, build: str, code: str) -> None:
    root = tmp_path / "data"
    root.mkdir()
    if build == "mixed":
        shutil.copy(DATA / "plan.yaml", root / "plan.yaml")
        make_plan(root / "2024", year=2024)
    elif build == "duplicate":
        make_plan(root / "a")
        make_plan(root / "b")
    elif build == "no_plan_yaml":
        make_plan(root / "2023")
        (root / "2023" / "plan.yaml").unlink()
    elif build == "bad_level":
        make_plan(root / "2023")
        replace_once(root / "2023" / "plan.yaml", "level: district", "level: village")
    with pytest.raises(WorkspaceError) as caught:
        discover(root)
    assert caught.value.code == code
    if build == "bad_level":
        assert [p.code for p in caught.value.problems] == ["value_not_allowed"]


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        ("mixed", "（plan.yaml、targets.yaml、tasks.yaml、units.yaml），又有方案子目录（2024）"),
        ("duplicate", "两个方案都是 大通湖区/2023"),
        ("bad_level", "level: 取值“village”无效"),
    ],
)
def test_every_command_reports_an_unusable_workspace(
    runner: CliRunner, tmp_path: Path, build: str, expected: str
) -> None:
    root = tmp_path / "data"
    if build == "mixed":
        make_plan(root)
        make_plan(root / "2024", year=2024)
    elif build == "duplicate":
        make_plan(root / "a")
        make_plan(root / "b")
    else:
        make_plan(root / "2023")
        replace_once(root / "2023" / "plan.yaml", "level: district", "level: village")
    db = ["--db", str(tmp_path / "s.sqlite")]
    for args in (["status", *db], ["targets"], ["validate"], ["report", "-m", "2023-06"]):
        result = runner.invoke(app, [*args, "--data", str(root)])
        assert result.exit_code == 1, (args, result.output)
        assert expected in result.output, (args, result.output)
        assert "Traceback" not in result.output


def test_targets_yaml_of_the_release_before_names_plan_yaml(data_copy: Path) -> None:
    replace_once(data_copy / "targets.yaml", "tolerance:\n", "year: 2023\ntolerance:\n")
    problems = load_catalog(data_copy)[1].problems
    assert [(p.code, p.params) for p in problems] == [("field_moved_to_plan", {"field": "year"})]


def test_plan_option_and_environment_choose_the_plan(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "data"
    make_plan(root / "2023")
    make_plan(root / "2024", year=2024)
    replace_once(root / "2024" / "targets.yaml", "target: 7.5\n", "target: 8.5\n")

    def gdp(*args: str, env: dict[str, str] | None = None) -> object:
        result = runner.invoke(app, ["targets", "--data", str(root), "-f", "json", *args], env=env)
        assert result.exit_code == 0, result.output
        return next(r["target"] for r in json.loads(result.stdout) if r["id"] == "gdp_growth")

    assert gdp() == 8.5  # the newest plan
    assert gdp("--plan", "2023") == 7.5
    assert gdp("--plan", "大通湖区/2024") == 8.5
    assert gdp(env={"LIUZHANG_PLAN": "2023"}) == 7.5
    assert gdp("--plan", "2024", env={"LIUZHANG_PLAN": "2023"}) == 8.5
    result = runner.invoke(app, ["targets", "--data", str(root), "--plan", "2022"])
    assert result.exit_code == 2
    assert "没有方案“2022”（有：大通湖区/2023、大通湖区/2024）" in result.output
    result = runner.invoke(app, ["targets", "--data", str(root), "--plan", "2022", "--lang", "en"])
    assert "no plan '2022' (plans: 大通湖区/2023, 大通湖区/2024)" in result.output


def test_the_as_of_month_chooses_the_plan_of_its_year(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "data"
    make_plan(root / "2023")
    make_plan(root / "2024", year=2024)
    db = str(tmp_path / "s.sqlite")
    for as_of, due in (("2023-06", "2023-Q2"), ("2024-03", "2024-Q1")):
        result = runner.invoke(
            app, ["status", "--data", str(root), "--db", db, "--as-of", as_of, "-f", "json"]
        )
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        assert next(r["due_period"] for r in rows if r["id"] == "gdp_growth") == due
    result = runner.invoke(app, ["status", "--data", str(root), "--db", db, "--as-of", "2022-06"])
    assert result.exit_code == 2 and "2022 年没有方案" in result.output
    result = runner.invoke(
        app, ["status", "--data", str(root), "--db", db, "--as-of", "2023-06", "--plan", "2024"]
    )
    assert result.exit_code == 2
    assert "方案 大通湖区/2024 不是 2023 年的" in result.output


def test_choosing_a_plan_does_not_parse_yaml_when_nothing_changed(tmp_path: Path) -> None:
    root = tmp_path / "data"
    make_plan(root / "2023")
    make_plan(root / "2024", year=2024)
    code = (
        "import sys; from pathlib import Path\n"
        "from liuzhang.plandata.workspace import discover\n"
        f"w = discover(Path({str(root)!r}))\n"
        "print([str(p.key) for p in w.plans], 'yaml' in sys.modules)\n"
    )
    env = {"LIUZHANG_CACHE": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.stdout.strip() == "['大通湖区/2023', '大通湖区/2024'] True", first.stderr
    assert second.stdout.strip() == "['大通湖区/2023', '大通湖区/2024'] False", second.stderr
    replace_once(root / "2024" / "plan.yaml", "year: 2024", "year: 2025")
    third = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert third.stdout.strip() == "['大通湖区/2023', '大通湖区/2025'] True", third.stderr


def test_the_data_directory_is_found_from_a_sub_folder_of_the_project(tmp_path: Path) -> None:
    from liuzhang.plandata.paths import find_data_dir

    make_plan(tmp_path / "data" / "2023")
    (tmp_path / "reports" / "2023").mkdir(parents=True)
    assert find_data_dir(start=tmp_path / "reports" / "2023") == tmp_path / "data"
    assert find_data_dir(start=tmp_path / "data" / "2023") == tmp_path / "data"
    assert find_data_dir("elsewhere", start=tmp_path) == Path("elsewhere")


def test_validate_counts_each_plan_and_sums_up_hundreds_of_items_to_review(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = tmp_path / "data"
    make_plan(root / "2023")
    make_plan(root / "2024", year=2024)
    text = (root / "2024" / "targets.yaml").read_text(encoding="utf-8")
    text = text.replace("    battle: ", "    needs_review: true\n    battle: ")
    (root / "2024" / "targets.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["validate", "--data", str(root)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    review = [line for line in lines if "needs_review" in line]
    assert review == [
        f"{root / '2024' / 'targets.yaml'}：137 项待复核（needs_review: true）：gdp_growth、"
        "retail_sales_growth、fixed_asset_investment_growth、agri_output_growth、grain_output"
        " … (+132)（--format json 列出每一项的行号）"
    ]
    assert "数据有效：274 项指标、364 项任务、204 个单位" in lines
    assert f"  大通湖区/2024（{root / '2024'}）：137 项指标、182 项任务、102 个单位" in lines
    assert "另有 137 个警告（见上）" in lines
    result = runner.invoke(app, ["validate", "--data", str(root), "--format", "json"])
    report = json.loads(result.stdout)
    assert [p["plan"] for p in report["plans"]] == ["大通湖区/2023", "大通湖区/2024"]
    assert sum(p["code"] == "item_needs_review" for p in report["problems"]) == 137


def test_no_data_names_the_plan(runner: CliRunner, tmp_path: Path) -> None:
    root = tmp_path / "data"
    make_plan(root / "2023")
    make_plan(root / "2024", year=2024)
    db = tmp_path / "s.sqlite"
    result = runner.invoke(app, ["status", "--data", str(root), "--db", str(db)])
    assert result.exit_code == 1
    assert f"数据库 {db} 里还没有方案 大通湖区/2024 的数据" in result.output


def test_next_years_plan_made_by_init_carries_last_year_for_every_target(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The Done-means check end to end: the shipped plan, the June examples, ``init --from
    2023``, the June CSVs again as 2024-06: every target with both values has last year's
    2023 value, the 2024 plan's own target judges it, and 2023 is judged as before."""
    root = make_plan(tmp_path / "data")
    db = str(tmp_path / "liuzhang.sqlite")
    june = sorted((DATA.parent / "examples" / "2023-06").glob("*.csv"))

    def cli(*args: str) -> str:
        result = runner.invoke(app, [*args, "--data", str(root)])
        assert result.exit_code == 0, result.output
        return result.stdout

    def status(year: int) -> dict[str, dict[str, object]]:
        rows = json.loads(
            cli("status", "--db", db, "--plan", str(year), "--as-of", f"{year}-06", "-f", "json")
        )
        return {r["id"]: r for r in rows if r["kind"] == "target"}

    cli("ingest", "--db", db, *map(str, june))
    before = status(2023)
    cli("init", "--year", "2024", "--from", "2023")
    replace_once(root / "2024" / "targets.yaml", "target: 7.5\n", "target: 7.0\n")  # gdp_growth
    later = tmp_path / "2024-06"
    later.mkdir()
    for path in june:
        # the periods a year on (not ids such as no1_middle_school_2023_works); bytes: some
        # offices send GBK, and the digits are the same in either encoding
        data = re.sub(rb"2023(?=-|\xe5\xb9\xb4|\xc4\xea)", b"2024", path.read_bytes())
        (later / path.name.replace("2023", "2024")).write_bytes(data)
    cli("ingest", "--db", db, *map(str, sorted(later.iterdir())))
    now = status(2024)
    both = [
        i for i, r in now.items() if r["actual"] is not None and before[i]["actual"] is not None
    ]
    assert len(both) == 80
    for ident in both:
        assert now[ident]["last_year"] == before[ident]["actual"], ident
        assert now[ident]["last_year_period"] == before[ident]["period"], ident
    assert (now["gdp_growth"]["target"], now["gdp_growth"]["status"]) == (7.0, "on_track")
    assert (before["gdp_growth"]["target"], before["gdp_growth"]["status"]) == (7.5, "at_risk")
    assert status(2023) == before


def test_a_draft_extracted_beside_a_root_plan_makes_a_workspace(
    runner: CliRunner, tmp_path: Path
) -> None:
    """January: next year's document drafted into data/2024 moves the root plan into
    data/2023 first (as init does), compares with it, and the workspace validates."""
    root = make_plan(tmp_path / "data")
    shutil.copytree(DATA / "source", root / "source")
    seed = next((DATA / "source").glob("*.txt")).read_text(encoding="utf-8")
    document = tmp_path / "plan.txt"
    document.write_text(seed.replace("2023", "2024"), encoding="utf-8")
    result = runner.invoke(app, ["extract", str(document), "--out", str(root / "2024")])
    assert result.exit_code == 0, result.output
    assert "原方案 大通湖区/2023 的文件已移入子目录" in result.output
    compared = f"（{root / '2023'}）对比：新增 8，取消 4，目标值变化 0，未变 133"
    assert compared in result.output
    assert sorted(p.name for p in root.iterdir()) == ["2023", "2024"]
    assert sorted(p.name for p in (root / "2023").iterdir()) == sorted([*PLAN_FILES, "source"])
    result = runner.invoke(app, ["validate", "--data", str(root)])
    assert result.exit_code == 0, result.output
    assert [p.key for p in discover(root).plans] == [
        PlanKey("大通湖区", 2023),
        PlanKey("大通湖区", 2024),
    ]


def test_plans_names_the_data_directory_when_its_root_plan_has_errors(
    runner: CliRunner, tmp_path: Path
) -> None:
    root = make_plan(tmp_path / "data")
    replace_once(root / "targets.yaml", "    battle: 1\n", "    battle: 9\n")
    result = runner.invoke(app, ["plans", "--data", str(root), "--db", str(tmp_path / "s")])
    assert result.exit_code == 1
    assert f"1 个方案的数据有错误（{root}）：用 liuzhang validate 目录 查看" in result.output
    result = runner.invoke(app, ["plans", "--data", str(root), "--lang", "en"])
    assert f"1 plan(s) have errors in their data ({root})" in result.output
