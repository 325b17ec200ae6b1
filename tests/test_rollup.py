"""Roll-up and ranking across areas (domain.rollup): each kind, the incomplete and refused ones,
ranks with ties, at-most indicators and missing data; indicator defaults and the catalogue."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liuzhang.domain.model import Source, Target
from liuzhang.domain.rollup import (
    INCOMPLETE,
    NO_BASE,
    NOT_SUMMED,
    UNITS,
    AreaValue,
    default_rollup,
    indicator_of,
    rank,
    rollup,
    rollup_of,
)
from liuzhang.extract.matching import suggest_indicator
from liuzhang.plandata.indicators import catalogue

D = Decimal
JUNE = "2023-06-30"
MAY = "2023-05-31"


def v(area: str, value: str | None, unit: str | None = "亿元", end: str | None = JUNE) -> AreaValue:
    return AreaValue(area, None if value is None else D(value), unit, end if value else None)


# -- ranking ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "direction", "expected"),
    [
        (["7.2", "6.5", "7.8"], "at_least", [2, 3, 1]),
        (["7.2", "6.5", "7.8"], "at_most", [2, 1, 3]),
        # ties share a rank, the next rank skips (competition ranking 1, 1, 3)
        (["10", "10", "9"], "at_least", [1, 1, 3]),
        (["28", "28", "35"], "at_most", [1, 1, 3]),
        (["5", "7", "7", "7"], "at_least", [4, 1, 1, 1]),
        (["5", "7", "7", "7"], "at_most", [1, 2, 2, 2]),
        # areas without a value are unranked; the others rank among themselves
        (["12", None, "9"], "at_least", [1, None, 2]),
        ([None, None], "at_least", [None, None]),
        ([], "at_least", []),
        # negative growth ranks below positive
        (["-9.4", "0", "3.1"], "at_least", [3, 2, 1]),
    ],
)
def test_rank(values: list[str | None], direction: str, expected: list[int | None]) -> None:
    assert rank([None if x is None else D(x) for x in values], direction) == expected


@given(st.lists(st.one_of(st.none(), st.integers(-50, 50)), max_size=12), st.booleans())
def test_rank_invariants(values: list[int | None], at_most: bool) -> None:
    """The best value ranks 1, equal values share a rank, a rank counts the better values."""
    direction = "at_most" if at_most else "at_least"
    ranks = rank([None if x is None else D(x) for x in values], direction)
    known = [x for x in values if x is not None]
    for x, r in zip(values, ranks, strict=True):
        if x is None:
            assert r is None
            continue
        better = [y for y in known if (y < x if at_most else y > x)]
        assert r == 1 + len(better)
    if known:
        assert 1 in ranks


# -- roll-up ---------------------------------------------------------------------------------

GDP = {"南县": v("南县", "80"), "沅江市": v("沅江市", "120"), "桃江县": v("桃江县", "100")}


@pytest.mark.parametrize(
    ("kind", "values", "unit", "value", "reason", "missing"),
    [
        # sum: counts and amounts add up, magnitudes converted (万元 -> 亿元)
        ("sum", [v("a", "80"), v("b", "1200000", "万元"), v("c", "100")], "亿元", "300", None, ()),
        ("sum", [v("a", "600", "人"), v("b", "700", "人")], "人", "1300", None, ()),
        # average: the plain mean
        ("average", [v("a", "650", "元"), v("b", "700", "元")], "元", "675", None, ()),
        # last: each area's newest value, whatever its period (a stock)
        ("last", [v("a", "12", "家"), v("b", "8", "家", MAY)], "家", "20", None, ()),
        # an area without a value: incomplete, never summed from part of the areas
        ("sum", [v("a", "80"), v("b", None), v("c", "100")], "亿元", None, INCOMPLETE, ("b",)),
        ("last", [v("a", "12", "家"), v("b", None, "家")], "家", None, INCOMPLETE, ("b",)),
        ("average", [v("a", "1"), v("b", None), v("c", None)], "元", None, INCOMPLETE, ("b", "c")),
        # an area's value of an older period: incomplete for sum and average
        ("sum", [v("a", "600", "人"), v("b", "300", "人", MAY)], "人", None, INCOMPLETE, ("b",)),
        ("average", [v("a", "6", "%"), v("b", "3", "%", MAY)], "%", None, INCOMPLETE, ("b",)),
        # units that do not convert into one another: refused
        ("sum", [v("a", "80"), v("b", "3", "万吨")], "亿元", None, UNITS, ()),
        ("average", [v("a", "7", "%"), v("b", "3", "‰")], "%", None, UNITS, ()),
        # none without a weight: per area only
        ("none", [v("a", "7.2", "%"), v("b", "6.5", "%")], "%", None, NOT_SUMMED, ()),
        # no areas: nothing to roll up
        ("sum", [], "亿元", None, INCOMPLETE, ()),
    ],
)
def test_rollup(
    kind: str,
    values: list[AreaValue],
    unit: str,
    value: str | None,
    reason: str | None,
    missing: tuple[str, ...],
) -> None:
    result = rollup(kind, values, unit)
    assert result.value == (None if value is None else D(value))
    assert result.complete is (value is not None)
    assert result.reason == reason
    assert result.missing == missing
    assert result.unit == unit


def test_weighted_growth_is_the_base_weighted_mean() -> None:
    growth = [v("南县", "7.2", "%"), v("沅江市", "6.5", "%"), v("桃江县", "7.8", "%")]
    bases = dict(GDP)
    bases["沅江市"] = v("沅江市", "1200000", "万元")  # converted to the first base's unit
    result = rollup("none", growth, "%", bases)
    # (7.2*80 + 6.5*120 + 7.8*100) / 300
    assert result.complete and result.value == D("7.12")
    assert result.period_end == JUNE


@pytest.mark.parametrize(
    ("bases", "missing"),
    [
        ({"南县": GDP["南县"], "沅江市": GDP["沅江市"]}, ("桃江县",)),  # no base target
        ({**GDP, "桃江县": v("桃江县", None)}, ("桃江县",)),  # a base target without value
        ({**GDP, "南县": v("南县", "70", end=MAY)}, ("南县",)),  # a base of another period
        ({}, ("南县", "沅江市", "桃江县")),
    ],
)
def test_weighted_rollup_needs_every_base(
    bases: dict[str, AreaValue], missing: tuple[str, ...]
) -> None:
    growth = [v("南县", "7.2", "%"), v("沅江市", "6.5", "%"), v("桃江县", "7.8", "%")]
    result = rollup("none", growth, "%", bases)
    assert (result.complete, result.value, result.reason, result.missing) == (
        False,
        None,
        NO_BASE,
        missing,
    )


def test_weighted_rollup_needs_every_rate_first() -> None:
    growth = [v("南县", "7.2", "%"), v("沅江市", None, "%"), v("桃江县", "7.8", "%")]
    result = rollup("none", growth, "%", GDP)
    assert (result.reason, result.missing) == (INCOMPLETE, ("沅江市",))


def test_weighted_rollup_refuses_bases_in_other_units() -> None:
    growth = [v("南县", "7.2", "%"), v("沅江市", "6.5", "%")]
    bases = {"南县": v("南县", "80"), "沅江市": v("沅江市", "3", "万吨")}
    assert rollup("none", growth, "%", bases).reason == UNITS


def test_unknown_rollup_kind_is_a_bug() -> None:
    with pytest.raises(ValueError):
        rollup("median", [], None)


# -- indicator defaults ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "unit", "expected"),
    [
        ("cumulative", "亿元", "sum"),  # amounts
        ("cumulative", "家", "sum"),  # counts
        ("cumulative", "人", "sum"),
        ("cumulative", "%", "none"),  # a cumulative share is still a ratio
        ("cumulative", "‰", "none"),
        ("growth", "%", "none"),  # growth rates
        ("level", "%", "none"),  # ratios
        ("level", "万吨", "none"),  # levels: not summed unless the plan says so
        ("level", "μg/m³", "none"),
        ("milestone", None, "none"),
    ],
)
def test_default_rollup(measure: str, unit: str | None, expected: str) -> None:
    assert default_rollup(measure, unit) == expected


def _target(**fields: object) -> Target:
    base: dict[str, object] = {
        "id": "new_jobs",
        "battle": 1,
        "name": "城镇新增就业",
        "direction": "at_least",
        "measure": "cumulative",
        "frequency": "monthly",
        "lead": "人社局",
        "sources": (Source("正文", "城镇新增就业"),),
        "target": D(1200),
        "unit": "人",
    }
    base.update(fields)
    return Target(**base)  # type: ignore[arg-type]


def test_indicator_defaults_to_the_id_and_rollup_to_the_measure() -> None:
    plain = _target()
    assert (indicator_of(plain), rollup_of(plain)) == ("new_jobs", "sum")
    coded = _target(indicator="urban_new_jobs", rollup="last")
    assert (indicator_of(coded), rollup_of(coded)) == ("urban_new_jobs", "last")
    growth = _target(measure="growth", unit="%")
    assert rollup_of(growth) == "none"


# -- the shared catalogue ----------------------------------------------------------------------


def test_catalogue_codes_are_valid_and_consistent() -> None:
    import re

    from liuzhang.plandata.schema import ID_PATTERN

    items = catalogue()
    for code, item in items.items():
        assert re.fullmatch(ID_PATTERN, code), code
        assert item.zh and item.en and item.unit
        assert item.rollup in ("sum", "none", "last", "average")
        assert item.measure in ("growth", "cumulative", "level", "milestone")
        if item.weight is not None:  # a weight names another code of the catalogue
            assert item.weight in items and item.rollup == "none"
        if item.measure == "growth":  # growth rates never add up
            assert item.rollup == "none"
    for code in (
        "gdp_growth",
        "fixed_asset_investment_growth",
        "retail_sales_growth",
        "industrial_value_added_growth",
        "budget_revenue_growth",
        "grain_output",
    ):
        assert code in items
    assert items["gdp_growth"].weight == "gdp"
    assert items["gdp_growth"].name("en") == "GDP growth"


@pytest.mark.parametrize(
    ("name", "measure", "unit", "expected"),
    [
        ("地区生产总值增长", "growth", "%", "gdp_growth"),
        ("GDP增速", "growth", "%", "gdp_growth"),
        ("地区生产总值", "cumulative", "亿元", "gdp"),  # the amount, not the growth rate
        ("规模以上工业增加值增长", "growth", "%", "industrial_value_added_growth"),
        ("固定资产投资增长", "growth", "%", "fixed_asset_investment_growth"),
        ("社会消费品零售总额增长", "growth", "%", "retail_sales_growth"),
        ("一般公共预算收入增长", "growth", "%", "budget_revenue_growth"),
        ("粮食产量稳定在", "level", "万吨", "grain_output"),
        ("粮食产量", "level", "亿元", None),  # another base unit: not grain output
        ("新建5G基站", "cumulative", "个", None),
        ("完成固定资产投资", "cumulative", "亿元", "fixed_asset_investment"),
    ],
)
def test_suggest_indicator(name: str, measure: str, unit: str, expected: str | None) -> None:
    assert suggest_indicator(name, measure, unit) == expected
