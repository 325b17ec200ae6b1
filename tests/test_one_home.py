"""One home each: status colours, the CSV-injection guard, the default tolerance."""

from __future__ import annotations

import ast
import csv
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
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


# -- nothing plan-specific in the code ------------------------------------------------------------


def shipped_identity() -> list[str]:
    """What names the shipped plan (read from data/plan.yaml): area (and its stem without the
    level, 大通湖), title, name, document number, issuer, office (with the English ones), and
    every section's name, short name and English name."""
    plan = yaml.safe_load((ROOT / "data" / "plan.yaml").read_text(encoding="utf-8"))
    fields = ("area", "title", "name", "document", "issuer", "office")
    texts = [plan[f] for f in fields] + [plan[f"{f}_en"] for f in fields if f"{f}_en" in plan]
    stem = plan["area"].rstrip("省市县区镇乡")
    texts += [stem] if len(stem) >= 2 else []
    for section in plan["sections"]:
        texts += [section[k] for k in ("name", "short", "name_en") if section.get(k)]
    return texts


def test_the_identity_list_is_read_from_the_data() -> None:
    texts = shipped_identity()
    assert {"大通湖区", "大通湖", "大办发〔2023〕2号", "打好重点民生保障仗"} <= set(texts)
    assert "重点民生" in texts
    assert "Datonghu District “Six Battles” task force" in texts and len(texts) == 29


def identity_findings(text: str, identity: list[str]) -> list[tuple[int, str]]:
    """(line, what) for every piece of the plan's identity in a source file's text, comments and
    docstrings included."""
    return [
        (number, piece)
        for number, line in enumerate(text.splitlines(), 1)
        for piece in identity
        if piece in line
    ]


def test_nothing_plan_specific_in_code() -> None:
    """The plan's area, title, name, document, issuer, office and sections live in data/, not
    anywhere in src/ (docstrings and comments included)."""
    identity = shipped_identity()
    found = [
        f"{path.relative_to(ROOT)}:{line}: {piece}"
        for path in sorted((ROOT / "src").rglob("*"))
        if path.is_file() and path.suffix in (".py", ".txt", ".json", ".md", ".toml", ".yaml")
        for line, piece in identity_findings(path.read_text(encoding="utf-8"), identity)
    ]
    assert found == []


# A year (2001-2099) standing alone: 2023, 2023-06, 南县/2023, 2023年; not 20000, 12023 or the
# escape \u2060.
YEAR = re.compile(r"(?<![0-9A-Za-z])20(?:0[1-9]|[1-9][0-9])(?![0-9])")
# A comment inside a text of code (SQL's “-- ”, a script's “# ”): a comment like any other.
EMBEDDED_COMMENT = re.compile(r"(?:^|\s)(?:--|#) .*$", re.MULTILINE)
# Texts that may show examples with years (periods such as 2023-06, --plan 南县/2023): the user
# texts of i18n.py, the CLI's help (``help=``, the app's HELP), the descriptions of the schema.
EXAMPLE_DICTS = frozenset({"MESSAGES", "WORDS", "HELP"})
EXAMPLE_KEYWORDS = frozenset({"help", "description"})


def year_findings(source: str) -> list[int]:
    """Lines where a year is written into the code. The rule: outside docstrings and comments,
    a year (2001-2099) may appear only in a text that shows examples (a value of i18n's MESSAGES
    or WORDS, a ``help=`` or ``description=`` argument, the CLI's HELP), in a URI
    (``https://…/2020-12/…``, ``tag:yaml.org,2002:…``) or in a comment inside an SQL text; never
    as a number written in decimal."""
    tree = ast.parse(source)
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                allowed.add(id(first.value))  # a docstring
        examples: list[ast.AST] = []
        if isinstance(node, ast.keyword) and node.arg in EXAMPLE_KEYWORDS:
            examples.append(node.value)
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign):
            targets = [node.target]
        if any(isinstance(t, ast.Name) and t.id in EXAMPLE_DICTS for t in targets):
            examples.append(node.value)  # type: ignore[union-attr]
        allowed |= {id(n) for example in examples for n in ast.walk(example)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in allowed:
            continue
        value = node.value
        if type(value) is int and 2001 <= value <= 2099:
            written = ast.get_source_segment(source, node) or ""
            if written.isdigit():  # 0x800 is no year
                found.append(node.lineno)
        elif isinstance(value, str) and YEAR.search(EMBEDDED_COMMENT.sub("", value)):
            uri = "://" in value or value.startswith("tag:")
            found += [] if uri else [node.lineno]
    return found


@pytest.mark.parametrize(
    ("source", "lines"),
    [
        ("YEAR = 2023", [1]),
        ("def f(year=2024):\n    return year", [1]),
        ("x = f'{area}/2023'", [1]),
        ("x = '2023年'", [1]),
        ("x = {'a': 'm', 'b': 'as of 2023-06'}", [1]),
        ("x = len(data) < 20000 or y == 12023 or z == 0x800", []),
        ("INVISIBLE = re.compile(r'[\\u2060\\u2066-\\u2069]')", []),
        ('SQL = """CREATE TABLE t (\n  period TEXT  -- like 2023-06\n)"""', []),
        ("SQL = 'SELECT * FROM t WHERE year = 2023'", [1]),
        ("year = Field(ge=2000, le=2100)", []),
        ('def f():\n    """2023-06 → 2023年6月."""\n    return 1', []),
        ("x = 1  # 2023-08 stored as a date", []),
        ("HELP = '示例：liuzhang report --month 2023-06'", []),
        ("MESSAGES = {'a': ('如 2024-06', 'e.g. 2024-06')}", []),
        ("o = typer.Option('--as-of', help='截至月份，如 2023-06')", []),
        ("f = Field(description='文号，如“×办发〔2023〕2号”')", []),
        ("s = 'https://json-schema.org/draft/2020-12/schema'", []),
        ("s = 'tag:yaml.org,2002:str'", []),
        ("o = typer.Option('--as-of', default='2023-06', help='月份')", [1]),
    ],
)
def test_the_year_rule(source: str, lines: list[int]) -> None:
    assert year_findings(source) == lines


def test_no_year_in_code() -> None:
    """No plan year in src/ but in docstrings, comments and example texts (test_the_year_rule)."""
    found = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "src" / "liuzhang").rglob("*.py"))
        for line in year_findings(path.read_text(encoding="utf-8"))
    ]
    assert found == []
