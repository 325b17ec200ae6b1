"""Unit spellings that are units in their own right are not split into a magnitude (#14)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from liuzhang.domain.quantities import QuantityError, parse_unit, to_target_unit


@pytest.mark.parametrize(
    ("cell", "unit_column", "target", "expected"),
    [
        ("3.5千米", "", "km", "3.5"),
        ("3.5千米", "", "公里", "3.5"),
        ("3.5", "千米", "km", "3.5"),
        ("3.5 千米", "", "km", "3.5"),
        ("3.5ＫＭ", "", "km", "3.5"),
        ("2万千米", "", "km", "20000"),
        ("2万公里", "", "千米", "20000"),
        ("16km", "", "千米", "16"),
        ("3千元", "", "元", "3000"),  # a magnitude before a plain unit is still a magnitude
        ("8.2亿元", "", "万元", "82000"),
    ],
)
def test_converted(cell: str, unit_column: str, target: str, expected: str) -> None:
    assert to_target_unit(cell, unit_column, target) == Decimal(expected)


@pytest.mark.parametrize(
    ("cell", "target", "code"),
    [
        ("3500米", "km", "unit_mismatch"),  # 米 is not a spelling of km: refused, not guessed
        ("3.5千米", "亩", "unit_mismatch"),
    ],
)
def test_refused(cell: str, target: str, code: str) -> None:
    with pytest.raises(QuantityError) as caught:
        to_target_unit(cell, "", target)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("spelling", "factor", "base"),
    [("千米", 1, "公里"), ("km", 1, "公里"), ("万千米", 10**4, "公里"), ("千元", 10**3, "元")],
)
def test_parse_unit(spelling: str, factor: int, base: str) -> None:
    unit = parse_unit(spelling)
    assert (unit.factor, unit.base) == (Decimal(factor), base)
