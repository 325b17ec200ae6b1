"""`liuzhang plans` (one row per plan, the span of its stored data), and a workspace that cannot
be used as it is: what `validate`, `status`, `plans` and `init` say, with exact exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from conftest import DATA, assert_no_crash, replace_once
from liuzhang.cli.app import app
from liuzhang.domain.plan import PlanKey
from liuzhang.plandata.catalog import load_catalog
from liuzhang.store import PlanSpan

SHIPPED = load_catalog(DATA)[0]
TARGETS, TASKS = len(SHIPPED.targets), len(SHIPPED.tasks)
WARNINGS = f"另有 {TARGETS + TASKS} 个警告（见上）"  # the 2024 plan's items, marked for review
TITLE = SHIPPED.plan.title if SHIPPED.plan else ""
AREA = SHIPPED.plan.area if SHIPPED.plan else ""


def invoke(runner: CliRunner, *args: str) -> Result:
    result = runner.invoke(app, list(args))
    assert_no_crash(result)
    return result


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped plan and the next year's made from it by init: data/2023, data/2024."""
    root = tmp_path_factory.mktemp("two_years")
    shutil.copytree(DATA, root / "data")
    result = CliRunner().invoke(
        app, ["init", "--year", "2024", "--from", "2023", "--data", str(root / "data")]
    )
    assert result.exit_code == 0, result.output
    return root / "data"


@pytest.fixture
def data(two_years: Path, tmp_path: Path) -> Path:
    """A writable copy of the two-year workspace."""
    shutil.copytree(two_years, tmp_path / "data")
    return tmp_path / "data"


def row(
    year: int, folder: str | None, errors: int = 0, area: str | None = AREA, **span: Any
) -> dict[str, Any]:
    return {
        "area": area,
        "year": year,
        "title": TITLE if folder is not None else None,
        "folder": folder,
        "targets": TARGETS if folder is not None else None,
        "tasks": TASKS if folder is not None else None,
        "errors": errors,
        "values": span.get("values", 0),
        "first_period": span.get("first"),
        "last_period": span.get("last"),
    }


def test_one_plan_at_the_root(runner: CliRunner, data_copy: Path) -> None:
    result = invoke(runner, "plans", "--format", "json", "--data", str(data_copy))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [row(2023, ".")]


def test_two_years_table_and_json(runner: CliRunner, data: Path) -> None:
    listing = invoke(runner, "plans", "--format", "json", "--data", str(data))
    assert listing.exit_code == 0, listing.output
    assert json.loads(listing.stdout) == [row(2023, "2023"), row(2024, "2024")]
    table = invoke(runner, "plans", "--data", str(data))
    assert table.exit_code == 0 and table.stderr == ""
    lines = table.stdout.splitlines()
    assert lines[0] == "方案（共 2 个）"
    assert lines[2].split() == [
        "地区",
        "年度",
        "标题",
        "目录",
        "指标",
        "任务",
        "错误",
        "数据（条）",
        "数据期间",
    ]
    assert [ln.split() for ln in lines[4:]] == [
        [AREA, "2023", TITLE, "2023", str(TARGETS), str(TASKS)],
        [AREA, "2024", TITLE, "2024", str(TARGETS), str(TASKS)],
    ]
    english = invoke(runner, "plans", "--data", str(data), "--lang", "en")
    assert english.stdout.splitlines()[0] == "Plans (2)"
    assert english.stdout.splitlines()[2].split()[:4] == ["Area", "Year", "Title", "Folder"]


def test_spans_are_joined_to_their_plans(
    runner: CliRunner, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What Store.plans() says of each plan lands on its row; a plan the store holds data of
    but the workspace lacks gets a row of its own, last."""
    from liuzhang.services import workspace

    spans = [
        PlanSpan(PlanKey(AREA, 2024), 3, 1, "2024-01", "2024-03"),
        PlanSpan(PlanKey(AREA, 2022), 5, 2, "2022-06", "2022-12"),
        PlanSpan(PlanKey(AREA, 2023), 1, 1, "2023-06", "2023-06"),
    ]
    monkeypatch.setattr(workspace, "read_store", lambda *args, **kwargs: spans)
    listing = invoke(runner, "plans", "--format", "json", "--data", str(data))
    assert listing.exit_code == 0, listing.output
    assert json.loads(listing.stdout) == [
        row(2023, "2023", values=1, first="2023-06", last="2023-06"),
        row(2024, "2024", values=3, first="2024-01", last="2024-03"),
        row(2022, None, values=5, first="2022-06", last="2022-12"),
    ]
    table = invoke(runner, "plans", "--data", str(data)).stdout.splitlines()
    assert table[4].split()[-2:] == ["1", "2023-06"]
    assert table[5].split()[-4:] == ["3", "2024-01", "–", "2024-03"]
    assert table[6].split() == [
        AREA,
        "2022",
        "（仅数据库中有数据）",
        "5",
        "2022-06",
        "–",
        "2022-12",
    ]


def test_the_span_of_stored_data(runner: CliRunner, data: Path) -> None:
    values = data.parent / "v.csv"
    values.write_text(
        "编号,期间,数值,单位,状态,备注,填报单位\n"
        "retail_sales_growth,2023-05,6.1,%,,,区发改财政局\n"
        "retail_sales_growth,2023-06,6.5,%,,,区发改财政局\n"
        "fixed_asset_investment_growth,2023-06,9.0,%,,,区发改财政局\n",
        encoding="utf-8",
    )
    ingest = invoke(runner, "ingest", str(values), "--plan", "2023", "--data", str(data))
    assert ingest.exit_code == 0, ingest.output
    listing = invoke(runner, "plans", "--format", "json", "--data", str(data))
    assert json.loads(listing.stdout) == [
        row(2023, "2023", values=3, first="2023-05", last="2023-06"),
        row(2024, "2024"),
    ]


# -- a workspace that cannot be used as it is ------------------------------------------------------

COMMANDS = (["validate"], ["status", "--as-of", "2024-06"], ["plans"])


def outcomes(runner: CliRunner, data: Path, lang: str = "zh") -> dict[str, tuple[int, str]]:
    """Each command's exit code and the last line of its errors."""
    out = {}
    for command in COMMANDS:
        result = invoke(runner, *command, "--data", str(data), "--lang", lang)
        out[command[0]] = (result.exit_code, result.stderr.splitlines()[-1])
    return out


def test_plan_yaml_missing(runner: CliRunner, data: Path) -> None:
    path = data / "2024" / "plan.yaml"
    path.unlink()
    missing = (
        f"缺少 {path}：每个方案目录都要有 plan.yaml（地区、年度、标题等），可用 liuzhang init 生成"
    )
    assert outcomes(runner, data) == {
        "validate": (1, WARNINGS),
        "status": (1, missing),
        "plans": (1, "1 个方案的数据有错误（2024）：用 liuzhang validate 目录 查看"),
    }
    validate = invoke(runner, "validate", "--data", str(data)).stderr.splitlines()
    assert validate[-3:] == [f"{path}:1:1: 找不到文件", "发现 1 个错误", WARNINGS]
    plans = invoke(runner, "plans", "--format", "json", "--data", str(data))
    assert plans.stderr.splitlines()[0] == missing
    assert json.loads(plans.stdout)[1] == {
        **row(2024, "2024", errors=1, area=None),
        "year": None,
        "title": None,
    }
    english = outcomes(runner, data, "en")
    assert english["status"] == (
        1,
        f"{path} is missing: every plan folder needs a plan.yaml (area, year, title…); "
        "liuzhang init writes one",
    )


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            "level: district",
            "level: village",
            "7:8: level: 取值“village”无效，应为 'province', 'city', 'county', 'district', "
            "'township' or 'department'",
        ),
        ('area: "大通湖区"', 'area: "大通湖区', "6:11: YAML 语法错误：did not find expected key"),
    ],
    ids=["unknown_level", "malformed"],
)
def test_plan_yaml_unusable(
    runner: CliRunner, data: Path, old: str, new: str, problem: str
) -> None:
    path = data / "2024" / "plan.yaml"
    replace_once(path, old, new)
    invalid = f"{path} 有误，无法确定方案的地区和年度（见上）"
    assert outcomes(runner, data) == {
        "validate": (1, WARNINGS),
        "status": (1, invalid),
        "plans": (1, "1 个方案的数据有错误（2024）：用 liuzhang validate 目录 查看"),
    }
    for command in COMMANDS:
        lines = invoke(runner, *command, "--data", str(data)).stderr.splitlines()
        assert any(ln.startswith(f"{path}:{problem}") for ln in lines), (command, lines)
    english = outcomes(runner, data, "en")
    assert english["status"] == (
        1,
        f"{path} is invalid: the plan's area and year cannot be read (see above)",
    )


def test_two_plans_claim_one_area_and_year(runner: CliRunner, data: Path) -> None:
    replace_once(data / "2024" / "plan.yaml", "year: 2024", "year: 2023")
    first, second = data / "2023" / "plan.yaml", data / "2024" / "plan.yaml"
    duplicate = f"两个方案都是 {AREA}/2023：{first} 与 {second}"
    assert outcomes(runner, data) == {
        "validate": (1, duplicate),
        "status": (1, duplicate),
        "plans": (1, "1 个方案的数据有错误（2024）：用 liuzhang validate 目录 查看"),
    }
    plans = invoke(runner, "plans", "--format", "json", "--data", str(data))
    assert plans.stderr.splitlines()[0] == duplicate
    rows = json.loads(plans.stdout)
    assert [(r["year"], r["folder"]) for r in rows] == [(2023, "2023"), (2023, "2024")]
    assert rows[1]["errors"] > 0  # its dates are outside the year it claims
    english = outcomes(runner, data, "en")
    assert english["status"] == (1, f"two plans claim {AREA}/2023: {first} and {second}")
    init = invoke(runner, "init", "--year", "2025", "--from", "2024", "--data", str(data))
    assert (init.exit_code, init.stderr) == (1, duplicate + "\n")


def test_plan_files_at_the_root_and_in_folders(runner: CliRunner, data: Path) -> None:
    shutil.copy(data / "2023" / "units.yaml", data / "units.yaml")
    mixed = (
        f"数据目录 {data} 的根目录有方案文件（units.yaml），又有方案子目录（2023、2024）："
        "每个方案放一个子目录"
    )
    assert outcomes(runner, data) == {
        "validate": (1, mixed),
        "status": (1, mixed),
        "plans": (1, mixed),
    }
    english = outcomes(runner, data, "en")
    assert english["plans"] == (
        1,
        f"the data directory {data} has plan files at its root (units.yaml) and plan folders "
        "(2023, 2024): put each plan in a folder of its own",
    )
    for args in (["--year", "2025", "--from", "2024"], ["--year", "2025"]):
        init = invoke(runner, "init", *args, "--data", str(data))
        assert (init.exit_code, init.stderr) == (1, mixed + "\n")
    assert sorted(p.name for p in data.iterdir()) == ["2023", "2024", "schemas", "units.yaml"]
