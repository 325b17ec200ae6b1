"""Number forms, magnitudes and unit conversion."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liuzhang.domain.quantities import (
    QuantityError,
    canonical_text,
    convert,
    parse_number,
    parse_unit,
    to_target_unit,
)


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("7.5", "7.5", ""),
        ("７.５％", "7.5", "%"),
        ("7.5%", "7.5", "%"),
        ("-9.4%", "-9.4", "%"),
        ("−9.4", "-9.4", ""),
        ("下降9.4%", "-9.4", "%"),
        ("增长6.8%", "6.8", "%"),
        ("负1.2亿", "-1.2", "亿"),
        ("1,200", "1200", ""),
        ("１，２００人", "1200", "人"),
        ("12,345,678.5", "12345678.5", ""),
        ("3000万元", "3000", "万元"),
        ("1.2亿", "1.2", "亿"),
        ("+0.5", "0.5", ""),
        (" 35 ", "35", ""),
        (".5", "0.5", ""),
        ("0.9‰", "0.9", "‰"),
        ("35μg/m³", "35", "μg/m3"),
    ],
)
def test_parse_number(text: str, amount: str, unit: str) -> None:
    reading = parse_number(text)
    assert reading.amount == Decimal(amount)
    assert reading.unit == unit


@pytest.mark.parametrize(
    "text", ["abc", "1.2.3", "约100", "100（预计）", "1,2", "--5", "5-6", "12 34", "1 200"]
)
def test_malformed_numbers(text: str) -> None:
    with pytest.raises(QuantityError) as info:
        parse_number(text)
    assert info.value.code == "value_malformed"


def test_empty_value() -> None:
    with pytest.raises(QuantityError) as info:
        parse_number("  ")
    assert info.value.code == "value_empty"


@pytest.mark.parametrize(
    ("unit", "factor", "base"),
    [
        ("亿元", 10**8, "元"),
        ("万元", 10**4, "元"),
        ("元", 1, "元"),
        ("万吨", 10**4, "吨"),
        ("万亩", 10**4, "亩"),
        ("万", 10**4, ""),
        ("%", 1, "%"),
        ("％", 1, "%"),
        ("ug/m3", 1, "μg/m³"),
        ("km", 1, "公里"),
        ("万立方米", 10**4, "m³"),
    ],
)
def test_parse_unit(unit: str, factor: int, base: str) -> None:
    parsed = parse_unit(unit)
    assert (parsed.factor, parsed.base) == (Decimal(factor), base)


@pytest.mark.parametrize(
    ("cell", "column", "target", "expected"),
    [
        ("8.2", "亿元", "亿元", "8.2"),
        ("82000", "万元", "亿元", "8.2"),
        ("82000万元", "", "亿元", "8.2"),
        ("1.2亿", "", "亿元", "1.2"),
        ("1.2亿", "元", "亿元", "1.2"),
        ("3000万", "", "亿元", "0.3"),
        ("500", "万元", "万元", "500"),
        ("0.05", "亿元", "万元", "500"),
        ("12", "", "万吨", "12"),
        ("120000", "吨", "万吨", "12"),
        ("40000", "人", "万人", "4"),
        ("4", "", "万人", "4"),
        ("7.5%", "", "%", "7.5"),
        ("35", "ug/m3", "μg/m³", "35"),
        ("26", "km", "km", "26"),
    ],
)
def test_to_target_unit(cell: str, column: str, target: str, expected: str) -> None:
    assert to_target_unit(cell, column, target) == Decimal(expected)


@pytest.mark.parametrize(
    ("cell", "column", "target", "code"),
    [
        ("8.2", "吨", "亿元", "unit_mismatch"),
        ("8.2亿元", "万元", "亿元", "unit_conflict"),
        ("8.2亿", "万元", "亿元", "unit_conflict"),
        ("8.2亿元", "吨", "亿元", "unit_conflict"),
        ("30", "人次", "人", "unit_mismatch"),
        ("5", "%", "‰", "unit_mismatch"),
        ("30", "座", "个", "unit_mismatch"),
    ],
)
def test_refused_conversions(cell: str, column: str, target: str, code: str) -> None:
    with pytest.raises(QuantityError) as info:
        to_target_unit(cell, column, target)
    assert info.value.code == code


_AMOUNTS = st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False)


@given(_AMOUNTS)
def test_magnitudes_round_trip(amount: Decimal) -> None:
    """亿元 -> 万元 -> 元 -> 亿元 gives back the same amount exactly."""
    in_wan = convert(amount, "亿元", "万元")
    in_yuan = convert(in_wan, "万元", "元")
    assert in_wan == amount * 10**4
    assert convert(in_yuan, "元", "亿元") == amount


@given(_AMOUNTS)
def test_written_forms_agree(amount: Decimal) -> None:
    """The same amount written plainly, with separators, or full-width reads the same."""
    plain = f"{amount:f}"
    grouped = f"{amount:,f}"
    full_width = plain.translate(str.maketrans("0123456789.-", "０１２３４５６７８９．－"))
    assert parse_number(plain).amount == parse_number(grouped).amount == amount
    assert parse_number(full_width).amount == amount


@pytest.mark.parametrize(
    ("value", "text"),
    [("1.50", "1.5"), ("1E+2", "100"), ("-0.000", "-0"), ("1E-7", "0.0000001"), ("82000", "82000")],
)
def test_canonical_text(value: str, text: str) -> None:
    assert canonical_text(Decimal(value)) == text
