"""The rules both submission checkers apply (``submissions/rules.py``): tables of cases, and a
check that the checkers import them instead of writing them again."""

from __future__ import annotations

import ast
import codecs
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DATA, ROOT
from liuzhang.domain.periods import parse_period
from liuzhang.domain.quantities import LIMIT, QuantityError, canonical_text
from liuzhang.plandata.catalog import load_catalog
from liuzhang.submissions import rules

CATALOG, _ = load_catalog(DATA)
SUBMISSIONS = ROOT / "src" / "liuzhang" / "submissions"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (codecs.BOM_UTF8 + b"id", ("utf-8", 3)),
        (codecs.BOM_UTF16_LE + "id".encode("utf-16-le"), ("utf-16", 0)),
        (codecs.BOM_UTF16_BE + "id".encode("utf-16-be"), ("utf-16", 0)),
        (b"id,period", (None, 0)),
        ("编号".encode("gb18030"), (None, 0)),
        (b"", (None, 0)),
    ],
)
def test_byte_order_mark(raw: bytes, expected: tuple[str | None, int]) -> None:
    assert rules.byte_order_mark(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id,period\n1\t2\n", ","),
        ("id\tperiod\nx,y\n", "\t"),
        ("id\tperiod,value\n", ","),
        ("id\tperiod", "\t"),
        ("id", ","),
        ("", ","),
        ("\nid\tperiod\n", ","),  # only the first line counts
    ],
)
def test_delimiter(text: str, expected: str) -> None:
    assert rules.delimiter(text) == expected


@pytest.mark.parametrize(
    ("cells", "expected"),
    [([], True), ([""], True), (["", " ", "\t"], True), (["", "x"], False), (["\u3000"], True)],
)
def test_is_blank_row(cells: list[str], expected: bool) -> None:
    assert rules.is_blank_row(cells) is expected


@pytest.mark.parametrize(
    ("cell", "key"),
    [
        ("ID", "id"),
        (" 编 号 ", "编号"),
        ("ＩＤ", "id"),
        ("Reported_By", "reported_by"),
        ("N/A", "n/a"),
    ],
)
def test_cell_key(cell: str, key: str) -> None:
    assert rules.cell_key(cell) == key


@pytest.mark.parametrize(
    ("header", "columns", "codes"),
    [
        (["id", "period", "value"], {"id": 0, "period": 1, "value": 2}, []),
        (["指标名称", "编号", "报告期", "状态"], {"id": 1, "period": 2, "status": 3}, []),
        (
            ["ＩＤ", " Period ", "完成值", "计量单位"],
            {"id": 0, "period": 1, "value": 2, "unit": 3},
            [],
        ),
        (
            ["id", "编号", "period", "value"],
            {"id": 0, "period": 2, "value": 3},
            ["column_duplicate"],
        ),
        (["period", "value"], {"period": 0, "value": 1}, ["column_missing"]),
        (["id", "period"], {"id": 0, "period": 1}, ["column_missing"]),
        ([], {}, ["column_missing", "column_missing", "column_missing"]),
    ],
)
def test_map_header(header: list[str], columns: dict[str, int], codes: list[str]) -> None:
    found, problems = rules.map_header(header, "t.csv", 3)
    assert found == columns
    assert [p.code for p in problems] == codes
    assert all((p.file, p.line) == ("t.csv", 3) for p in problems)


@pytest.mark.parametrize(
    ("column", "label"), [("value", "完成值"), ("id", "编号"), ("status", "状态"), ("unit", "单位")]
)
def test_column_label(column: str, label: str) -> None:
    header = [" 编号", "完成值 "]
    assert rules.column_label(header, {"id": 0, "value": 1}, column) == label


@pytest.mark.parametrize(
    ("code", "column"),
    [("task_reopened", "status"), ("ytd_decrease", "value"), ("rate_fraction", "value")],
)
def test_flag_column(code: str, column: str) -> None:
    assert rules.flag_column(code) == column


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("推进中", "in_progress"),
        ("In_Progress", "in_progress"),
        ("已 完成", "done"),
        ("未启动", "not_started"),
        ("差不多", None),
        ("1", None),
    ],
)
def test_status_word(text: str, status: str | None) -> None:
    assert rules.status_word(text) == status


@pytest.mark.parametrize(
    ("text", "status"),
    [("1", "done"), ("是", "done"), ("０", "not_started"), ("否", "not_started"), ("2", None)],
)
def test_milestone_status(text: str, status: str | None) -> None:
    assert rules.milestone_status(text) == status


@pytest.mark.parametrize(
    ("value", "status", "nothing", "unfilled"),
    [
        ("", "", True, True),
        ("—", "", True, True),
        ("／", "", True, True),  # NFKC: “/”
        ("N/A", "", True, True),
        ("不适用", "推进中", True, False),
        ("0", "", False, False),
        ("", "done", True, False),
    ],
)
def test_nothing_reported(value: str, status: str, nothing: bool, unfilled: bool) -> None:
    assert rules.means_nothing(value) is nothing
    assert rules.reports_nothing(value, status) is unfilled


@pytest.mark.parametrize(
    ("text", "unit", "target_unit", "expected"),
    [
        ("7.35", "%", "%", Decimal("7.35")),
        ("7.35%", "", "%", Decimal("7.35")),
        ("82000", "万元", "亿元", Decimal("8.2")),
        ("8.2亿元", "", "亿元", Decimal("8.2")),
        ("1,200", "人", "人", Decimal(1200)),
        ("下降5%", "", "%", Decimal(-5)),
        ("７．５", "", "%", Decimal("7.5")),
        ("7.3.5", "", "%", "value_malformed"),
        ("5", "吨", "%", "unit_mismatch"),
        ("1000000000000000", "", "人", "value_out_of_range"),
        ("100000000000000", "亿元", "万元", "value_out_of_range"),
    ],
)
def test_target_value(text: str, unit: str, target_unit: str, expected: Decimal | str) -> None:
    if isinstance(expected, Decimal):
        assert rules.target_value(text, unit, target_unit) == expected
    else:
        with pytest.raises(QuantityError) as caught:
            rules.target_value(text, unit, target_unit)
        assert caught.value.code == expected


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("60%", "", Decimal(60)),
        ("60", "%", Decimal(60)),
        ("60", "", Decimal(60)),
        ("60", "％", Decimal(60)),
        ("６０％", "", Decimal(60)),
        ("0", "", Decimal(0)),
        ("100", "", Decimal(100)),
        ("60", "万元", "value_for_task"),
        ("60亿", "", "value_for_task"),
        ("101%", "", "task_percent_range"),
        ("-1", "%", "task_percent_range"),
        ("大半", "", "value_malformed"),
        ("4 5%", "", "value_malformed"),
    ],
)
def test_task_percent(text: str, unit: str, expected: Decimal | str) -> None:
    if isinstance(expected, Decimal):
        assert rules.task_percent(text, unit) == expected
    else:
        with pytest.raises(QuantityError) as caught:
            rules.task_percent(text, unit)
        assert caught.value.code == expected


def test_value_unit() -> None:
    target = CATALOG.targets["key_project_investment"]
    assert [
        rules.value_unit(target, True),
        rules.value_unit(target, False),
        rules.value_unit(None, True),
        rules.value_unit(None, False),
    ] == ["亿元", "亿元", "%", None]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", True),
        ("7.35", True),
        ("-7.35", True),
        ("123456789012345", True),  # 15 digits: below quantities.LIMIT
        ("1234567890123456", False),  # 16 digits: at or over it
        ("0.000000000001", True),  # 12 decimals: 27 digits with 15 before the point
        ("0.0000000000001", False),
        ("-0", False),
        ("-0.5", True),
        ("7.50", False),
        ("07", False),
        ("+7", False),
        ("1E+3", False),
        (".5", False),
        ("5.", False),
        ("７", False),
        ("", False),
    ],
)
def test_is_canonical_number(text: str, expected: bool) -> None:
    assert rules.is_canonical_number(text) is expected


def test_the_canonical_number_limits_follow_quantities() -> None:
    assert (rules.INTEGER_DIGITS, rules.FRACTION_DIGITS) == (15, 12)
    assert Decimal(10) ** rules.INTEGER_DIGITS == LIMIT


@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=-LIMIT, max_value=LIMIT))
def test_a_canonical_number_is_its_own_canonical_text(value: Decimal) -> None:
    """What the column-wise checker stores as it is, the row checker stores the same."""
    text = canonical_text(value)
    if rules.is_canonical_number(text):
        assert canonical_text(rules.target_value(text, "", None)) == text
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    if text != "-0" and abs(value) < LIMIT and exponent >= -rules.FRACTION_DIGITS:
        assert rules.is_canonical_number(text), text


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2023-06", "2023-06-30"),
        ("2023年6月", "2023-06-30"),
        ("2023-Q2", "2023-06-30"),
        ("2023-H1", "2023-06-30"),
        ("2023年1-6月", "2023-06-30"),
        ("2023-06-上旬", "2023-06-10"),
        ("2023", "2023-12-31"),
    ],
)
def test_period_key(text: str, key: str) -> None:
    period = parse_period(text)
    assert period is not None
    assert rules.period_key(period) == key


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("区发改财政局", "区发改财政局"),
        ("区发改局", "区发改财政局"),
        ("区优办", "区委区管委会办公室（区优办）"),
        ("区气象局局", None),
        ("区不存在局", None),
        ("", None),
    ],
)
def test_reporting_unit(text: str, unit: str | None) -> None:
    assert rules.reporting_unit(CATALOG, text) == unit


# -- one home: the checkers import these rules and do not write them again ------------------


def _tree(name: str) -> ast.Module:
    return ast.parse((SUBMISSIONS / name).read_text(encoding="utf-8"))


def _defined(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


RULES = {name for name in _defined(_tree("rules.py")) if not name.startswith("_")}


@pytest.mark.parametrize("module", ["intake.py", "fast.py", "xlsx.py"])
def test_no_rule_is_written_again_in_a_checker(module: str) -> None:
    assert _defined(_tree(module)) & RULES == set()


@pytest.mark.parametrize("module", ["fast.py", "xlsx.py"])
def test_no_private_name_is_imported_from_another_checker(module: str) -> None:
    private = [
        (node.module, alias.name)
        for node in ast.walk(_tree(module))
        if isinstance(node, ast.ImportFrom) and node.module and "submissions" in node.module
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert private == []


def test_the_rules_module_is_at_hand() -> None:
    """Both checkers take these names from rules.py (the same objects)."""
    from liuzhang.submissions import fast, intake

    for name in ("map_header", "task_percent", "reporting_unit", "owns", "unit_scope"):
        assert getattr(intake, name) is getattr(rules, name)
    for name in ("map_header", "status_word", "target_value", "delimiter", "value_unit"):
        assert getattr(fast, name) is getattr(rules, name)
