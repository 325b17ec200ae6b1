"""`report --lang en`: an English bulletin, where only the plan's and the units' own data stay
Chinese; the battle and plan names come from the plan data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import DATA, replace_once
from liuzhang.cli.app import app
from liuzhang.plandata.catalog import load_catalog
from test_report import make_reports

CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+")
# Data fields of the bulletin: names and notes as the plan or the units wrote them.
DATA_KEYS = {
    "name",
    "unit",
    "lead",
    "responsible",
    "owes",
    "note",
    "file",
    "source_file",
    "reported_by",
    "plan",
    "document",  # plan.yaml's 文号 and issuer, as the plan gives them
    "issuer",
}


def data_texts(node: Any, key: str = "") -> set[str]:
    """Every text under a data key of the bulletin model."""
    if isinstance(node, dict):
        return {t for k, v in node.items() for t in data_texts(v, k)}
    if isinstance(node, list):
        return {t for v in node for t in data_texts(v, key)}
    return {node} if isinstance(node, str) and key in DATA_KEYS else set()


def plan_texts() -> set[str]:
    catalog, _ = load_catalog(DATA)
    texts = {t.name for t in catalog.targets.values()} | {
        t.unit for t in catalog.targets.values() if t.unit
    }
    for unit in catalog.units.values():
        texts |= {unit.name, *unit.aliases}
    return texts


def without_data(text: str, data: set[str]) -> str:
    for piece in sorted(data, key=len, reverse=True):
        text = text.replace(piece, "")
    return text


FORMATS = ["-f", "md", "-f", "html", "-f", "xlsx", "-f", "json"]


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("report_en")
    return make_reports(tmp, DATA, "--month", "2023-06", "--lang", "en", *FORMATS)


def cjk_left(english: Path, text: str) -> list[str]:
    model = json.loads((english / "bulletin_2023-06.json").read_text(encoding="utf-8"))
    return sorted(set(CJK.findall(without_data(text, data_texts(model) | plan_texts()))))


def test_english_markdown_and_html_have_no_chinese_but_data(english: Path) -> None:
    for name in ("bulletin_2023-06.md", "bulletin_2023-06.html"):
        text = (english / name).read_text(encoding="utf-8")
        assert cjk_left(english, text) == [], name
    md = (english / "bulletin_2023-06.md").read_text(encoding="utf-8")
    assert md.startswith("# Datonghu District “Six Battles” monthly bulletin (2023-06)\n")
    assert "### Section 1: Economic growth\n" in md
    assert "## 7. About the data\n" in md
    assert '<html lang="en">' in (english / "bulletin_2023-06.html").read_text(encoding="utf-8")


def test_english_workbook_has_no_chinese_but_data(english: Path) -> None:
    book = load_workbook(english / "bulletin_2023-06.xlsx")
    assert book.sheetnames == [
        "Overview",
        "By section",
        "Tasks",
        "Watch list",
        "By unit",
        "Reporting by office",
        "Year-end projection",
        "Data doubts",
        "About the data",
    ]
    cells = "\n".join(
        str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v
    )
    assert cjk_left(english, cells) == []


def test_the_json_names_come_from_the_plan_data(english: Path) -> None:
    model = json.loads((english / "bulletin_2023-06.json").read_text(encoding="utf-8"))
    assert model["plan"] == "Datonghu District “Six Battles”"
    assert [(b["battle"], b["name"]) for b in model["battles"]] == [
        (1, "Economic growth"),
        (2, "Science and technology innovation"),
        (3, "Business environment"),
        (4, "Risk prevention"),
        (5, "Work safety"),
        (6, "People's livelihood"),
    ]


def test_battle_names_are_plan_data(tmp_path: Path, data_copy: Path) -> None:
    """Renaming a section in plan.yaml renames it in the bulletin; no English name falls back
    to the Chinese one; the plan's name titles the bulletin."""
    path = data_copy / "plan.yaml"
    replace_once(
        path, '"打好经济增长主动仗", short: "经济增长", name_en: "Economic growth"', '"第一部分"'
    )
    replace_once(path, 'name: "大通湖区打好“发展六仗”"', 'name: "某县三年行动"')
    out = make_reports(tmp_path, data_copy, "--month", "2023-06", "-f", "md")
    md = (out / "月通报_2023-06.md").read_text(encoding="utf-8")
    assert md.startswith("# 某县三年行动月通报（2023年6月）\n")
    assert "### 第1部分 第一部分\n" in md
    out = make_reports(tmp_path / "en", data_copy, "--month", "2023-06", "-f", "md", "--lang", "en")
    md = (out / "bulletin_2023-06.md").read_text(encoding="utf-8")
    assert md.startswith("# Datonghu District “Six Battles” monthly bulletin (2023-06)\n")
    assert "### Section 1: 第一部分\n" in md


def test_an_item_in_an_undeclared_battle_is_an_error(data_copy: Path) -> None:
    path = data_copy / "targets.yaml"
    line = replace_once(path, "    battle: 1\n", "    battle: 7\n")
    problems = load_catalog(data_copy)[1].problems
    assert [(p.line, p.code, p.params) for p in problems] == [
        (line, "unknown_battle", {"battle": 7, "choices": ["1", "2", "3", "4", "5", "6"]})
    ]


def test_the_battle_option_takes_the_plans_battles(data_copy: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["targets", "--battle", "7", "--data", str(data_copy)])
    assert result.exit_code == 2
    assert "没有第 7 部分（方案中有：1、2、3、4、5、6）" in result.output
    replace_once(
        data_copy / "plan.yaml",
        '  - {number: 6, name: "打好重点民生保障仗"',
        '  - {number: 7, name: "第七部分"}\n  - {number: 6, name: "打好重点民生保障仗"',
    )
    replace_once(data_copy / "targets.yaml", "    battle: 6\n", "    battle: 7\n")
    result = runner.invoke(
        app, ["targets", "--battle", "7", "--data", str(data_copy), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert [r["battle"] for r in json.loads(result.stdout)] == [7]


def test_file_names_are_in_the_bulletins_language(tmp_path: Path, runner: CliRunner) -> None:
    """The bulletin's and the form's default names follow --lang (a Chinese name is kept for
    Chinese output: offices file them by it)."""
    zh = make_reports(tmp_path / "zh", DATA, "--quarter", "2023-Q2", "-f", "md")
    en = make_reports(tmp_path / "en", DATA, "--quarter", "2023-Q2", "-f", "md", "--lang", "en")
    assert [p.name for p in zh.iterdir()] == ["季总结_2023-Q2.md"]
    assert [p.name for p in en.iterdir()] == ["quarterly_review_2023-Q2.md"]
    result = runner.invoke(
        app, ["template", "-u", "区住建局", "-p", "2023-07", "-o", str(tmp_path), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "form_区住房城乡建设局_2023-07.csv").is_file()
