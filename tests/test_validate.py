"""`validate` on broken copies of the shipped data: every kind of error, with its line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import DATA, replace_once
from liuzhang.cli.app import app
from liuzhang.domain.problems import Problem
from liuzhang.plandata.catalog import load_catalog
from liuzhang.render.problems import problem_message


def edit_field(path: Path, ident: str, field: str, new_line: str | None) -> int:
    """Replace (or with None, delete) the ``field:`` line of entry ``ident``; returns its line."""
    lines = path.read_text(encoding="utf-8").split("\n")
    start = next(
        i for i, ln in enumerate(lines) if ln.strip() in (f"- id: {ident}", f'- id: "{ident}"')
    )
    for i in range(start, len(lines)):
        if i > start and lines[i].lstrip().startswith("- id:"):
            break
        line = lines[i]
        stripped = line.strip().removeprefix("- ")
        if stripped.startswith(f"{field}:"):
            prefix = line[: len(line) - len(line.lstrip())]
            if line.lstrip().startswith("- "):
                prefix += "- "
            if new_line is None:
                del lines[i]
            else:
                lines[i] = prefix + new_line
            path.write_text("\n".join(lines), encoding="utf-8")
            return i + 1
    raise AssertionError(f"{ident}.{field} not found")


def entry_line(path: Path, ident: str) -> int:
    lines = path.read_text(encoding="utf-8").split("\n")
    return next(i for i, ln in enumerate(lines) if ln.strip() == f"- id: {ident}") + 1


def problems_of(data: Path) -> list[Problem]:
    return load_catalog(data)[1].problems


def find(problems: list[Problem], code: str) -> Problem:
    matches = [p for p in problems if p.code == code]
    assert matches, f"no {code} in {[p.code for p in problems]}"
    return matches[0]


def test_shipped_data_is_clean(runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["ok"] is True and payload["problems"] == []
    listed = {
        name: len(yaml.safe_load((DATA / f"{name}.yaml").read_text(encoding="utf-8"))[name])
        for name in ("targets", "tasks", "units")
    }
    assert payload["counts"] == listed == {"targets": 137, "tasks": 182, "units": 102}


def test_yaml_syntax_error_names_its_line(data_copy: Path) -> None:
    line = edit_field(data_copy / "targets.yaml", "pm25", "name", "name: 细颗粒物: 35")
    problem = find(problems_of(data_copy), "yaml_syntax")
    assert problem.file.endswith("targets.yaml")
    assert problem.line == line


def test_duplicate_key(data_copy: Path) -> None:
    line = edit_field(
        data_copy / "tasks.yaml",
        "a3-10",
        "deadline",
        'deadline: "2023-12"\n    deadline: "2023-11"',
    )
    problem = find(problems_of(data_copy), "yaml_duplicate_key")
    assert (problem.line, problem.params["key"]) == (line + 1, "deadline")


def test_wrong_type(data_copy: Path) -> None:
    line = edit_field(data_copy / "targets.yaml", "grain_output", "battle", "battle: one")
    problem = find(problems_of(data_copy), "expected_integer")
    assert (problem.line, problem.field) == (line, problem.field)
    assert problem.field.endswith(".battle")


def test_unknown_field_is_a_typo(data_copy: Path) -> None:
    line = edit_field(data_copy / "targets.yaml", "grain_output", "target", "tagret: 12")
    extra = find(problems_of(data_copy), "field_unknown")
    assert extra.line == line and extra.field.endswith(".tagret")


def test_a_level_target_without_value(data_copy: Path) -> None:
    path = data_copy / "targets.yaml"
    edit_field(path, "grain_output", "target", None)
    assert find(problems_of(data_copy), "target_required").line == entry_line(path, "grain_output")


def test_invalid_choice(data_copy: Path) -> None:
    line = edit_field(data_copy / "targets.yaml", "pm25", "direction", "direction: below")
    problem = find(problems_of(data_copy), "value_not_allowed")
    assert problem.line == line
    assert "at_least" in problem_message(problem, "zh") and "below" in problem_message(
        problem, "en"
    )


def test_missing_required_field_points_at_the_entry(data_copy: Path) -> None:
    edit_field(data_copy / "targets.yaml", "pm25", "lead", None)
    problem = find(problems_of(data_copy), "field_missing")
    assert problem.line == entry_line(data_copy / "targets.yaml", "pm25")
    assert problem.field.endswith(".lead")


def test_duplicate_id(data_copy: Path) -> None:
    path = data_copy / "tasks.yaml"
    line = edit_field(path, "a3-11", "id", "id: a3-10")
    problem = find(problems_of(data_copy), "duplicate_id")
    assert problem.line == line
    assert f"tasks.yaml:{entry_line(path, 'a3-10')}" in problem.params["first"]


def test_unknown_unit_suggests_the_nearest(data_copy: Path) -> None:
    line = edit_field(data_copy / "tasks.yaml", "a3-10", "lead", 'lead: ["区发改才政局"]')
    problem = find(problems_of(data_copy), "unknown_unit")
    assert problem.line == line and problem.field.endswith(".lead[0]")
    assert "区发改财政局" in problem_message(problem, "zh")


def test_unknown_unit_in_a_target(data_copy: Path) -> None:
    line = edit_field(data_copy / "targets.yaml", "pm25", "lead", 'lead: "市环保局"')
    problem = find(problems_of(data_copy), "unknown_unit")
    assert problem.file.endswith("targets.yaml") and problem.line == line


def test_target_linked_to_missing_task(data_copy: Path) -> None:
    line = edit_field(data_copy / "targets.yaml", "new_loans", "task", "task: a3-99")
    problem = find(problems_of(data_copy), "unknown_task")
    assert problem.line == line and problem.params["task"] == "a3-99"


def test_deadline_outside_plan_year(data_copy: Path) -> None:
    line = edit_field(data_copy / "tasks.yaml", "a3-10", "deadline", 'deadline: "2024-03"')
    problem = find(problems_of(data_copy), "outside_plan_year")
    assert problem.line == line and "2023" in problem_message(problem, "zh")


def test_malformed_deadline(data_copy: Path) -> None:
    line = edit_field(data_copy / "tasks.yaml", "a3-10", "deadline", 'deadline: "2023年12月"')
    problem = find(problems_of(data_copy), "deadline_format")
    assert problem.line == line


@pytest.mark.parametrize(
    ("pacing", "code"),
    [
        ("{3: 0.2, 6: 0.5, 9: 0.8}", "pacing_incomplete"),
        ("{3: 0.5, 6: 0.4, 12: 1}", "pacing_decreasing"),
        ("{3: 1.5, 12: 1}", "pacing_share"),
        ("{13: 1}", "pacing_month"),
    ],
)
def test_cumulative_target_needs_a_usable_pacing(data_copy: Path, pacing: str, code: str) -> None:
    path = data_copy / "targets.yaml"
    line = edit_field(path, "new_loans", "unit", f'unit: "亿元"\n    pacing: {pacing}')
    problem = find(problems_of(data_copy), code)
    assert problem.line == entry_line(path, "new_loans") and line > problem.line


def test_pacing_on_a_level_target(data_copy: Path) -> None:
    path = data_copy / "targets.yaml"
    edit_field(path, "pm25", "unit", 'unit: "μg/m³"\n    pacing: {6: 0.5, 12: 1}')
    assert find(problems_of(data_copy), "pacing_not_cumulative").line == entry_line(path, "pm25")


def test_an_alias_claimed_by_two_units(data_copy: Path) -> None:
    path = data_copy / "units.yaml"
    added = replace_once(path, 'aliases: ["区科工信局"]', 'aliases: ["区科工信局", "区住建局"]')
    original = next(
        i + 1
        for i, ln in enumerate(path.read_text(encoding="utf-8").split("\n"))
        if "区住建局" in ln and i + 1 != added
    )
    problem = find(problems_of(data_copy), "duplicate_unit_name")
    # Whichever of the two comes later in the file is reported, naming the earlier owner.
    assert problem.params["name"] == "区住建局"
    assert (problem.line, problem.params["other"]) in {
        (added, "区住房城乡建设局"),
        (original, "区科技工信局"),
    }


def test_alias_bomb_is_refused(data_copy: Path) -> None:
    path = data_copy / "units.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "x: &a [1, 2]\ny: [*a, *a]\n", encoding="utf-8"
    )
    problem = find(problems_of(data_copy), "yaml_alias")
    assert problem.file.endswith("units.yaml")


def test_missing_file_and_not_utf8(data_copy: Path) -> None:
    (data_copy / "units.yaml").unlink()
    (data_copy / "tasks.yaml").write_bytes("tasks:\n  - id: 测试\n".encode("gb18030"))
    problems = problems_of(data_copy)
    assert find(problems, "file_missing").file.endswith("units.yaml")
    assert find(problems, "file_not_utf8").line == 2


def test_all_errors_are_reported_and_cli_exits_1(data_copy: Path, runner: CliRunner) -> None:
    l1 = edit_field(data_copy / "targets.yaml", "pm25", "direction", "direction: below")
    l2 = edit_field(data_copy / "tasks.yaml", "a3-10", "deadline", 'deadline: "2024-03"')
    result = runner.invoke(app, ["validate", "--data", str(data_copy)])
    assert result.exit_code == 1
    assert f"targets.yaml:{l1}:" in result.output and f"tasks.yaml:{l2}:" in result.output
    assert "Traceback" not in result.output
    english = runner.invoke(
        app, ["validate", "--data", str(data_copy), "--lang", "en", "-f", "json"]
    )
    payload = json.loads(english.stdout)
    assert english.exit_code == 1 and payload["ok"] is False
    assert {p["code"] for p in payload["problems"]} >= {"value_not_allowed", "outside_plan_year"}
    assert any("outside the plan year" in p["message"] for p in payload["problems"])


def test_validate_a_single_file_path(data_copy: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", str(data_copy / "targets.yaml")])
    assert result.exit_code == 0, result.output


def test_missing_data_dir_is_a_usage_error(tmp_path: Path, runner: CliRunner) -> None:
    result = runner.invoke(app, ["validate", "--data", str(tmp_path / "nope")])
    assert result.exit_code == 2
