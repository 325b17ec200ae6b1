"""``liuzhang extract`` end to end with the reading and finding steps faked: the folder it
writes, its table and JSON, --against, --force, and the exit codes."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from conftest import CLEAN_ENV, DATA, SEED
from liuzhang.cli.app import COMMAND_GROUPS, app
from liuzhang.extract.model import Block, Draft, DraftUnit, ExtractError
from liuzhang.plandata.catalog import load_catalog
from liuzhang.services.extract import write_draft
from test_extract_draft import NOTICE, blocks_of, dt, install_fakes

pytestmark = pytest.mark.usefixtures("private_cache")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=CLEAN_ENV)


@pytest.fixture
def doc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A document whose reading and finding are faked (the notice of a county plan)."""
    path = tmp_path / "docs" / "方案.txt"
    path.parent.mkdir()
    path.write_text("\n".join(NOTICE), encoding="utf-8")
    install_fakes(monkeypatch)

    def read_document(p: Path) -> list[Block]:
        return blocks_of(p.read_text(encoding="utf-8").splitlines())

    monkeypatch.setattr("liuzhang.extract.document.read_document", read_document)
    return path


def test_registered() -> None:
    assert COMMAND_GROUPS["extract"] == "extract"
    result = invoke("extract", "--help")
    assert result.exit_code == 0 and "示例：liuzhang extract" in result.output


def test_writes_a_draft_that_validates(doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft"
    result = invoke("extract", str(doc), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "指标 5 项，任务 2 项" in result.stdout
    assert "待复核（needs_review）：指标 4 项，任务 1 项" in result.stdout
    assert "原文未写牵头单位，暂填“待定”" in result.stdout
    assert "草稿校验通过（5 条提示）" in result.stdout
    catalog, report = load_catalog(out)
    assert report.errors == [] and len(report.problems) == 5
    assert catalog.plan is not None and (catalog.plan.area, catalog.plan.year) == ("南县", 2024)
    assert sorted(catalog.targets) == ["t1-1", "t1-2", "t1-3", "t2-1", "t3-1"]
    assert invoke("validate", "--data", str(out)).exit_code == 0


def test_the_default_folder_is_beside_the_document(doc: Path) -> None:
    result = invoke("extract", str(doc))
    assert result.exit_code == 0, result.output
    assert (doc.parent / "南县-2024" / "targets.yaml").is_file()


def test_an_existing_plan_needs_force(doc: Path, tmp_path: Path) -> None:
    out = tmp_path / "draft"
    assert invoke("extract", str(doc), "-o", str(out)).exit_code == 0
    before = (out / "targets.yaml").read_text(encoding="utf-8")
    (out / "targets.yaml").write_text(before + "# edited\n", encoding="utf-8")
    again = invoke("extract", str(doc), "-o", str(out))
    assert again.exit_code == 1
    assert "已有方案（plan.yaml）" in again.stderr and "--force" in again.stderr
    assert (out / "targets.yaml").read_text(encoding="utf-8") == before + "# edited\n"
    forced = invoke("extract", str(doc), "-o", str(out), "--force")
    assert forced.exit_code == 0
    assert (out / "targets.yaml").read_text(encoding="utf-8") == before


def test_json(doc: Path) -> None:
    result = invoke("extract", str(doc), "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert {"plan", "targets", "tasks", "units", "problems"} <= set(record)
    assert record["folder"] is None
    assert sorted(p.name for p in doc.parent.iterdir()) == [doc.name]  # nothing written
    first = record["targets"][0]
    assert (first["id"], first["name"], first["target"], first["unit"]) == (
        "t1-1",
        "政务服务事项网上可办率",
        98,
        "%",
    )
    assert first["sources"] == [{"quote": "政务服务事项网上可办率", "where": "第3段"}]
    assert record["tasks"][1]["lead"] == ["待定"]
    assert {p["severity"] for p in record["problems"]} == {"warning"}
    assert {p["file"] for p in record["problems"]} == {"targets.yaml", "tasks.yaml"}
    assert record["missing"] == []


def last_year(folder: Path) -> Path:
    """Last year's plan with two targets: one the fakes draft again, one they do not."""
    targets = [
        dt("新增市场主体", 1, ident="new_entities", lead="县发改局", target=Decimal(2500)),
        dt("森林覆盖率", 1, ident="forest", lead="县发改局", target=Decimal(60)),
    ]
    targets[0].unit = "户"
    plan = {"area": "南县", "level": "county", "year": 2023, "title": "南县2023年工作方案"}
    plan["sections"] = [{"number": 1, "name": "全部"}]
    write_draft(Draft(plan, targets, [], [DraftUnit("县发改局", "office")]), folder)
    return folder


def test_against_last_year(doc: Path, tmp_path: Path) -> None:
    before = last_year(tmp_path / "2023")
    out = tmp_path / "2024"
    result = invoke("extract", str(doc), "-o", str(out), "--against", str(before))
    assert result.exit_code == 0, result.output
    assert "新增 4，取消 1，目标值变化 1，未变 0" in result.stdout
    lines = [line.split() for line in result.stdout.splitlines()]
    assert ["变化", "new_entities", "新增市场主体", "2500户", "3000户"] in lines
    assert ["取消", "forest", "森林覆盖率", "60%"] in lines
    catalog, _ = load_catalog(out)
    assert "new_entities" in catalog.targets  # last year's id kept
    as_json = invoke("extract", str(doc), "-f", "json", "--against", str(before))
    against = json.loads(as_json.stdout)["against"]
    assert against["counts"] == {"new": 4, "gone": 1, "changed": 1, "unchanged": 0}
    assert {"status": "gone", "id": "forest", "name": "森林覆盖率", "old": "60%", "new": None} in (
        against["targets"]
    )


def test_the_workspace_last_plan_is_the_default_against(doc: Path, tmp_path: Path) -> None:
    """--out inside a workspace: its newest plan before the draft's year is last year's."""
    workspace = tmp_path / "data"
    last_year(workspace / "2023")
    result = invoke("extract", str(doc), "-o", str(workspace / "2024"))
    assert result.exit_code == 0, result.output
    assert "新增 4，取消 1，目标值变化 1，未变 0" in result.stdout
    assert str(workspace / "2023") in result.stdout


def test_units_from_a_registry(doc: Path, tmp_path: Path) -> None:
    before = last_year(tmp_path / "2023")
    result = invoke("extract", str(doc), "-o", str(tmp_path / "d"), "--units", str(before))
    assert result.exit_code == 0, result.output
    missing = invoke("extract", str(doc), "-o", str(tmp_path / "e"), "--units", "nope.yaml")
    assert missing.exit_code == 1 and "找不到单位文件 nope.yaml" in missing.stderr


def test_bad_input_is_a_message_and_exit_1(
    doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable(path: Path) -> list[Block]:
        raise ExtractError("extract_year_unknown")

    monkeypatch.setattr("liuzhang.extract.document.read_document", unreadable)
    result = invoke("extract", str(doc), "-o", str(tmp_path / "x"))
    assert result.exit_code == 1
    assert result.stderr == "看不出方案的年度（文号、标题和印发日期中都没有）：请用 --year 指定\n"
    assert not (tmp_path / "x").exists()


def test_no_targets_is_exit_1(doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        "liuzhang.extract.targets.find_targets", lambda blocks, year=None, known=None: ([], [])
    )
    result = invoke("extract", str(doc), "-o", str(tmp_path / "x"), "--lang", "en")
    assert result.exit_code == 1
    assert result.stderr == "no targets for the year found in the text: is this a plan?\n"


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "xml"],
        ["--year", "1999"],
        ["--no-such-option"],
    ],
)
def test_usage_errors_exit_2(doc: Path, args: list[str]) -> None:
    result = invoke("extract", str(doc), *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_a_missing_document_is_a_usage_error(tmp_path: Path) -> None:
    assert invoke("extract", str(tmp_path / "none.docx")).exit_code == 2


def test_the_year_option_wins(doc: Path, tmp_path: Path) -> None:
    result = invoke("extract", str(doc), "-o", str(tmp_path / "d"), "--year", "2025")
    assert result.exit_code == 0, result.output
    catalog, _ = load_catalog(tmp_path / "d")
    assert catalog.plan is not None and catalog.plan.year == 2025


def test_the_seed_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "draft"
    result = invoke("extract", str(SEED), "-o", str(out), "--against", str(DATA))
    assert result.exit_code == 0, result.output
    assert invoke("validate", "--data", str(out)).exit_code == 0
    catalog, report = load_catalog(out)
    assert report.errors == []
    gdp = catalog.targets["gdp_growth"]  # last year's id, matched by name
    assert (gdp.target, gdp.unit, gdp.direction) == (Decimal("7.5"), "%", "at_least")
    assert catalog.plan is not None and catalog.plan.document == "大办发〔2023〕2号"
    assert len(catalog.battles) == 6
