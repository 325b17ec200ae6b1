"""The message-code registry: every code in both languages, and every code the sources use."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from conftest import ROOT
from liuzhang.domain.problems import Problem
from liuzhang.i18n import MESSAGES, WORDS, UnknownMessageCode, message
from liuzhang.plandata.catalog import SCHEMA_CODES, load_catalog
from liuzhang.plandata.schema import CUSTOM_CODES
from liuzhang.render.problems import problem_line, problem_message, problem_record

SOURCES = ROOT / "src" / "liuzhang"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_both_languages_with_the_same_placeholders(code: str) -> None:
    zh, en = MESSAGES[code]
    assert zh.strip() and en.strip()
    assert placeholders(zh) == placeholders(en)


@pytest.mark.parametrize("key", sorted(WORDS))
def test_every_word_has_both_languages_with_the_same_placeholders(key: str) -> None:
    zh, en = WORDS[key]
    assert zh.strip() and en.strip()
    assert placeholders(zh) == placeholders(en)


def test_an_unknown_code_is_an_error_not_the_bare_code() -> None:
    with pytest.raises(UnknownMessageCode):
        message("no_such_code", "zh")


# Where each callable takes its message code (the positional argument's index).
CODE_ARGUMENT = {
    "Problem": 3,
    "LiuzhangError": 0,
    "IntakeError": 0,
    "StoreError": 0,
    "ServiceError": 0,
    "QuantityError": 0,
    "YamlError": 0,
    "WorkspaceError": 0,
    "PydanticCustomError": 0,
    "Flag": 0,
    "fail": 0,
    "msg": 0,
    "message": 0,
    "_problem": 2,
    "_opening": 2,
    "_warning": 2,
    "bad": 1,
}


def _literals(node: ast.expr) -> list[str]:
    """The texts an expression can take: a literal, or either branch of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def codes_in_sources() -> dict[str, str]:
    """Every message code the code base passes literally: as the code argument of the calls above,
    assigned to ``code``, in a ``(column, "code", {params})`` issue,
    returned as a ``("code", {params})`` pair or in the plausibility CODES."""
    found: dict[str, str] = {}
    for path in sorted(SOURCES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            texts: list[str] = []
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                index = CODE_ARGUMENT.get(name)
                if index is not None and len(node.args) > index:
                    texts = _literals(node.args[index])
                for keyword in node.keywords:
                    if keyword.arg == "code":
                        texts += _literals(keyword.value)
            elif isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id in ("code", "CODES") for t in node.targets
            ):
                value = node.value
                elements = value.elts if isinstance(value, ast.Tuple) else [value]
                texts = [t for e in elements for t in _literals(e)]
            elif (
                isinstance(node, ast.Tuple)
                and len(node.elts) == 3
                and isinstance(node.elts[2], ast.Dict)
            ):
                texts = _literals(node.elts[1])
            elif (
                isinstance(node, ast.Return)
                and isinstance(node.value, ast.Tuple)
                and len(node.value.elts) == 2
                and isinstance(node.value.elts[1], ast.Dict)
            ):
                texts = _literals(node.value.elts[0])
            for text in texts:
                found.setdefault(text, where)
    return found


def test_the_collector_finds_codes_of_every_kind() -> None:
    found = codes_in_sources()
    # one of each way of passing a code, so that the walk below cannot pass by finding nothing
    for code in (
        "yaml_alias",  # YamlError
        "store_busy",  # StoreError
        "value_malformed",  # IntakeError / bad()
        "unknown_unit",  # _problem()
        "report_written",  # ctx.msg()
        "ingest_failed_file",  # code = … if … else …
        "period_numeric",  # an xlsx issue tuple
        "ytd_decrease",  # plausibility CODES
        "id_format",  # PydanticCustomError
        "pacing_month",  # a (code, params) pair
    ):
        assert code in found, code


def test_every_registered_code_is_used() -> None:
    """No dead messages: each code is used by the sources, is a schema code, or is the hint."""
    used = {*codes_in_sources(), *SCHEMA_CODES.values(), "hint_did_you_mean"}
    assert sorted(set(MESSAGES) - used) == []


def test_every_code_the_sources_use_is_registered() -> None:
    unregistered = {c: w for c, w in codes_in_sources().items() if c not in MESSAGES}
    assert unregistered == {}


def test_schema_codes_are_registered_and_pydantic_names_are_not() -> None:
    for ours in [*SCHEMA_CODES.values(), *CUSTOM_CODES]:
        assert ours in MESSAGES
    assert set(SCHEMA_CODES).isdisjoint(MESSAGES)


def broken_data(data_copy: Path) -> list[Problem]:
    """The shipped data with one error of each pydantic kind in the first target."""
    path = data_copy / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    first = text.index("  - id: gdp_growth")
    entry = text[first:].replace('name: "地区生产总值增长"', "name: []", 1)
    entry = entry.replace("battle: 1", 'battle: "one"', 1)
    entry = entry.replace('lead: "区发改财政局"', 'lead: ""\n    extra_key: 1', 1)
    entry = entry.replace("direction: at_least", "direction: upwards", 1)
    entry = entry.replace(
        "    sources:\n", "    tolerance: {ratio: 2, points: -1}\n    sources:\n", 1
    )
    path.write_text(text[:first] + entry, encoding="utf-8")
    text = (data_copy / "tasks.yaml").read_text(encoding="utf-8")
    (data_copy / "tasks.yaml").write_text(
        text.replace("    deadline_stated: false\n", "    deadline_stated: maybe\n", 1),
        encoding="utf-8",
    )
    return load_catalog(data_copy)[1].problems


def test_pydantic_errors_become_our_codes(data_copy: Path) -> None:
    problems = broken_data(data_copy)
    got = sorted((p.field.rsplit(".", 1)[-1], p.code) for p in problems)
    assert got == [
        ("battle", "expected_integer"),
        ("deadline_stated", "expected_bool"),
        ("direction", "value_not_allowed"),
        ("extra_key", "field_unknown"),
        ("lead", "text_empty"),
        ("name", "expected_text"),
        ("points", "number_at_least"),
        ("ratio", "number_at_most"),
    ]
    for problem in problems:
        for lang in ("zh", "en"):
            text = problem_message(problem, lang)
            assert text and "{" not in text and problem.code not in text
    direction = next(p for p in problems if p.code == "value_not_allowed")
    assert problem_message(direction, "en") == (
        "invalid value 'upwards', expected 'at_least' or 'at_most'"
    )
    assert problem_message(direction, "zh") == "取值“upwards”无效，应为 'at_least' or 'at_most'"


def test_a_problem_in_words() -> None:
    problem = Problem("data/targets.yaml", 12, "5", "field_missing", "targets[0].lead")
    assert problem_line(problem, "en") == (
        "data/targets.yaml:12:5: targets[0].lead: required field is missing"
    )
    assert problem_record(problem, "zh") == {
        "file": "data/targets.yaml",
        "line": 12,
        "column": "5",
        "severity": "error",
        "code": "field_missing",
        "field": "targets[0].lead",
        "message": "缺少必填字段",
    }


def test_validate_counts_errors_only(data_copy: Path) -> None:
    """The plan checks find errors only: the summary has no always-zero warnings count."""
    from typer.testing import CliRunner

    from liuzhang.cli.app import app

    problems = broken_data(data_copy)
    runner = CliRunner()
    zh = runner.invoke(app, ["validate", "--data", str(data_copy)])
    en = runner.invoke(app, ["validate", "--data", str(data_copy), "--lang", "en"])
    assert (zh.exit_code, en.exit_code) == (1, 1)
    assert zh.stderr.splitlines()[-1] == f"发现 {len(problems)} 个错误"
    assert en.stderr.splitlines()[-1] == f"{len(problems)} error(s)"


def test_one_error_base_with_a_code() -> None:
    from liuzhang.domain.problems import LiuzhangError
    from liuzhang.domain.quantities import QuantityError
    from liuzhang.plandata.yamlsafe import YamlError
    from liuzhang.store import StoreError
    from liuzhang.submissions.table import IntakeError
    from liuzhang.views.plan import UnknownUnit

    for kind in (QuantityError, YamlError, StoreError, IntakeError, UnknownUnit):
        assert issubclass(kind, LiuzhangError)
    yaml_error = YamlError("yaml_tag", 3, 5, {"tag": "!!python"})
    assert (yaml_error.code, yaml_error.params, yaml_error.line, yaml_error.column) == (
        "yaml_tag",
        {"tag": "!!python"},
        3,
        5,
    )
    unknown = UnknownUnit("区发改才政局", "区发改财政局")
    assert (
        message(unknown.code, "zh", **unknown.params)
        == "未知单位“区发改才政局”，是否指“区发改财政局”？"
    )
