"""The plan listings end to end: JSON equals the core's records, filters, CSV, tables, start-up."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import click
import pytest
import typer
from rich.cells import cell_len
from typer.testing import CliRunner

from conftest import DATA, ROOT
from liuzhang.cli.app import COMMAND_GROUPS, app
from liuzhang.plandata.catalog import load_catalog
from liuzhang.plandata.schema import FILES, json_schema
from liuzhang.views import plan

CATALOG, _ = load_catalog(DATA)


def run_json(runner: CliRunner, *args: str) -> object:
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_targets_json_is_the_core_records(runner: CliRunner) -> None:
    records = run_json(runner, "targets")
    assert records == json.loads(json.dumps(plan.targets(CATALOG), ensure_ascii=False))
    required = {
        "id",
        "battle",
        "name",
        "target",
        "unit",
        "direction",
        "measure",
        "frequency",
        "lead",
    }
    assert all(required <= set(r) for r in records)  # type: ignore[union-attr]


def test_targets_filtered_by_battle_and_alias(runner: CliRunner) -> None:
    battle_1 = run_json(runner, "targets", "--battle", "1")
    assert battle_1 and {r["battle"] for r in battle_1} == {1}  # type: ignore[index,union-attr]
    by_alias = run_json(runner, "targets", "--unit", "区发改局")
    by_name = run_json(runner, "targets", "--unit", "区发改财政局")
    assert by_alias == by_name and by_alias
    assert {r["lead"] for r in by_alias} == {"区发改财政局"}  # type: ignore[index,union-attr]


def test_unknown_unit_option_is_a_usage_error_with_a_suggestion(runner: CliRunner) -> None:
    result = runner.invoke(app, ["targets", "--unit", "区发改才政局"])
    assert result.exit_code == 2
    assert "未知单位" in result.output and "区发改财政局" in result.output
    english = runner.invoke(app, ["tasks", "--unit", "nobody", "--lang", "en"])
    assert english.exit_code == 2 and "unknown unit 'nobody'" in english.output


def test_bad_battle_is_a_usage_error(runner: CliRunner) -> None:
    assert runner.invoke(app, ["targets", "--battle", "7"]).exit_code == 2


def test_tasks_json_shape(runner: CliRunner) -> None:
    records = run_json(runner, "tasks")
    assert len(records) == len(CATALOG.tasks)  # type: ignore[arg-type]
    for record in records:  # type: ignore[union-attr]
        assert {"id", "battle", "title", "lead", "responsible", "deadline"} <= set(record)
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?|ongoing", record["deadline"])
        assert all(CATALOG.registry.resolve(n) is not None for n in record["lead"])
        assert all(n in CATALOG.units for n in record["lead"] + record["responsible"])


def test_tasks_for_a_town_include_those_of_its_group(runner: CliRunner) -> None:
    town = run_json(runner, "tasks", "--unit", "金盆镇")
    ids = {r["id"] for r in town}  # type: ignore[union-attr]
    group_tasks = {r["id"] for r in plan.tasks(CATALOG) if "各镇" in r["responsible"]}
    assert group_tasks and group_tasks <= ids


def test_units_counts_match_the_listings(runner: CliRunner) -> None:
    units = {u["name"]: u for u in run_json(runner, "units")}  # type: ignore[union-attr]
    led = sum(1 for t in CATALOG.targets.values() if CATALOG.target_lead(t) == "区发改财政局")
    assert units["区发改财政局"]["targets_lead"] == led
    assert sum(u["tasks_lead"] for u in units.values()) >= len(CATALOG.tasks)


def test_csv_output(runner: CliRunner) -> None:
    result = runner.invoke(app, ["tasks", "--battle", "3", "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.startswith("\ufeff")  # for Chinese Excel
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert len(rows) == sum(1 for t in CATALOG.tasks.values() if t.battle == 3)
    assert rows[0]["编号"] == "a3-01" and "区发改财政局" in rows[0]["牵头单位"]


def display_width(text: str) -> int:
    """Terminal columns, computed independently of rich: wide and full-width characters take 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@pytest.mark.parametrize("command", ["targets", "tasks", "units"])
def test_chinese_tables_align(runner: CliRunner, command: str) -> None:
    """Every line of a table has the same display width, so columns line up in a terminal."""
    result = runner.invoke(app, [command, "--battle", "6"] if command != "units" else [command])
    assert result.exit_code == 0
    lines = [ln for ln in result.stdout.splitlines()[1:] if ln]  # below the title
    assert sum(1 for ln in lines if re.search(r"[\u4e00-\u9fff]", ln)) > 5
    assert {display_width(ln) for ln in lines} == {cell_len(lines[0])}


def test_english_headers(runner: CliRunner) -> None:
    result = runner.invoke(app, ["targets", "--battle", "2", "--lang", "en"])
    assert "Lead" in result.stdout and "牵头单位" not in result.stdout


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand of the app, found by walking it (not a hand list)."""
    paths = []
    for name, command in group.commands.items():
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += command_paths(command, (*prefix, name))
    return paths


ROOT_GROUP = typer.main.get_command(app)
assert isinstance(ROOT_GROUP, click.Group)
COMMAND_PATHS = command_paths(ROOT_GROUP)
HELP_PATHS = [(), *COMMAND_PATHS]  # the app itself, then every command


def test_every_command_is_walked() -> None:
    """The walk finds every command of the registry (and the registry every command)."""
    assert sorted(p[0] for p in COMMAND_PATHS if len(p) == 1) == sorted(COMMAND_GROUPS)
    assert ("store", "copy") in COMMAND_PATHS  # a group's subcommands are walked too


@pytest.mark.parametrize("command", HELP_PATHS, ids=lambda p: " ".join(p) or "liuzhang")
def test_every_command_help_has_an_example(runner: CliRunner, command: tuple[str, ...]) -> None:
    """Each help ends with an example of that very command (``示例：liuzhang <command> …``)."""
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert " ".join(("示例：liuzhang", *command)) in result.output


@pytest.mark.parametrize("kind", list(FILES))
def test_published_schemas_are_current(kind: str) -> None:
    committed = json.loads((ROOT / "schemas" / f"{kind}.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(json_schema(kind), ensure_ascii=False, default=str))
    first = (DATA / f"{kind}.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"


HEAVY = ("pandas", "openpyxl", "numpy", "liuzhang.plandata.schema", "pydantic.main")


@pytest.mark.parametrize("command", [["targets", "-f", "json"], ["status", "--as-of", "2023-06"]])
def test_everyday_commands_stay_light(tmp_path: Path, command: list[str]) -> None:
    """No pandas or openpyxl, and (once the catalog cache is warm) not even the pydantic schema."""
    code = (
        "import sys\n"
        "from liuzhang.cli.app import main\n"
        f"sys.argv = ['liuzhang', *{command!r}, '--db', {str(tmp_path / 'x.sqlite')!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY', sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    env = {**os.environ, "LIUZHANG_CACHE": str(tmp_path / "cache")}
    runs = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            check=True,
        ).stdout
        for _ in range(2)
    ]
    assert "'pandas'" not in runs[0] and "'openpyxl'" not in runs[0]
    assert runs[1].strip().endswith("HEAVY []"), runs[1][-300:]


def test_top_level_help_from_the_cache_is_typers_own(tmp_path: Path) -> None:
    env = {**os.environ, "LIUZHANG_CACHE": str(tmp_path), "COLUMNS": "100"}
    script = [sys.executable, "-m", "liuzhang.cli", "--help"]
    first = subprocess.run(script, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    second = subprocess.run(script, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    assert list(tmp_path.glob("help-*.txt"))
    direct = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "100"}, prog_name="liuzhang")
    assert first.stdout == second.stdout == direct.stdout
    assert "status" in first.stdout and "report" in first.stdout
