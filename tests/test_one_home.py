"""One home each: status colours, the CSV-injection guard, the default tolerance."""

from __future__ import annotations

import ast
import csv
from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from conftest import ROOT, replace_once
from liuzhang.cli import tracking as cli_tracking
from liuzhang.cli.app import app
from liuzhang.domain.model import DEFAULT_TOLERANCE, Tolerance
from liuzhang.domain.tracking import TARGET_STATUSES, TASK_STATUSES
from liuzhang.plandata.catalog import load_catalog
from liuzhang.plandata.schema import TargetsFile
from liuzhang.render import cells, html, xlsx
from liuzhang.render.colors import STATUS_COLORS, STATUS_STYLES


def test_one_colour_table_for_every_status() -> None:
    statuses = {*TARGET_STATUSES, *TASK_STATUSES}
    assert set(STATUS_COLORS) == statuses and set(STATUS_STYLES) == statuses
    # the terminal, the HTML and the xlsx writers use that table, not copies of it
    assert cli_tracking.STATUS_STYLES is STATUS_STYLES and cells.STATUS_STYLES is STATUS_STYLES
    assert html.STATUS_COLORS is STATUS_COLORS and xlsx.STATUS_COLORS is STATUS_COLORS


def test_the_template_csv_cannot_carry_a_formula(tmp_path: Path, data_copy: Path) -> None:
    """A task title from the plan that starts like a formula is written as text, as in every
    other CSV the tool writes."""
    replace_once(data_copy / "tasks.yaml", 'title: "促进房地产市场消费"', 'title: "=1+2 促进消费"')
    out = tmp_path / "f.csv"
    result = CliRunner().invoke(
        app,
        ["template", "-u", "区住建局", "-p", "2023-06", "-o", str(out), "--data", str(data_copy)],
    )
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = {row[0]: row for row in csv.reader(handle)}
    assert rows["a1-1-2"][1] == "'=1+2 促进消费"


def test_one_default_tolerance(data_copy: Path) -> None:
    assert Tolerance(Decimal(1), Decimal("0.1")) == DEFAULT_TOLERANCE
    default = TargetsFile.model_validate({"targets": []}).tolerance
    assert Tolerance(default.points, default.ratio) == DEFAULT_TOLERANCE
    path = data_copy / "targets.yaml"
    replace_once(path, "tolerance:\n  points: 1\n  ratio: 0.1\n", "")
    catalog, report = load_catalog(data_copy)
    assert report.ok and catalog.tolerance == DEFAULT_TOLERANCE


def test_nothing_plan_specific_in_code() -> None:
    """The plan's area, name and year live in data/, not in the code (docstrings aside)."""
    found = []
    for path in sorted((ROOT / "src" / "liuzhang").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Constant) or id(node) in docstrings:
                continue
            text = node.value
            if (isinstance(text, str) and ("大通湖" in text or "发展六仗" in text)) or (
                type(text) is int and text == 2023
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
