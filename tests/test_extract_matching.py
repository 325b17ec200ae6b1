"""One pairing of drafted and known targets: --against, last year's ids and the seed benchmark."""

from __future__ import annotations

from decimal import Decimal

import pytest

from liuzhang.domain.model import Source, Target
from liuzhang.extract.draft import compare
from liuzhang.extract.matching import dice, pair, same_amount, similarity
from liuzhang.extract.model import DraftTarget, Evidence


def known(ident: str, name: str, value: str | None, unit: str | None = "%", **kw: str) -> Target:
    quote = kw.pop("quote", f"{name}{value or ''}{unit or ''}")
    return Target(
        id=ident,
        battle=1,
        name=name,
        direction=kw.pop("direction", "at_least"),
        measure=kw.pop("measure", "growth"),
        frequency="annual",
        lead="某局",
        sources=(Source("主要目标", quote),),
        target=Decimal(value) if value is not None else None,
        unit=unit,
    )


def drafted(name: str, value: str | None, unit: str | None = "%", **kw: str) -> DraftTarget:
    quote = kw.pop("quote", f"{name}{value or ''}{unit or ''}")
    return DraftTarget(
        name=name,
        target=Decimal(value) if value is not None else None,
        unit=unit,
        direction=kw.pop("direction", "at_least"),  # type: ignore[arg-type]
        measure=kw.pop("measure", "growth"),  # type: ignore[arg-type]
        frequency="annual",
        sources=[Evidence(quote, "第1段")],
    )


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("地区生产总值增长", "地区生产总值增长", 1.0),
        ("地区生产总值增长", "地区生产总值", 2 * 5 / (7 + 5)),
        ("粮食产量", "固定资产投资增长", 0.0),
        ("", "粮食产量", 0.0),
    ],
)
def test_dice(a: str, b: str, expected: float) -> None:
    assert dice(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        (known("a", "x", "15", "亿元"), drafted("x", "150000", "万元"), True),  # magnitudes
        (known("a", "x", "15", "亿元"), drafted("x", "15", "万元"), False),
        (known("a", "x", "35", "μg/m³", direction="at_most"), drafted("x", "35", "μg/m³"), False),
        (known("a", "x", "5", "家"), drafted("x", "5", "个"), False),  # another base unit
        (
            known("a", "x", None, None, measure="milestone"),
            drafted("x", None, None, measure="milestone"),
            True,
        ),
    ],
)
def test_same_amount(old: Target, new: DraftTarget, same: bool) -> None:
    assert same_amount(old, new) is same


def test_evidence_that_contains_the_other_is_sure() -> None:
    old = known("a", "城镇新增就业", "1200", "人", quote="城镇新增就业1200人")
    new = drafted("新增就业", "1200", "人", quote="全年城镇新增就业1200人以上")
    assert similarity(old, new) == 1.0


def test_pairs_are_one_to_one_and_the_same_amount_wins() -> None:
    olds = [known("gdp", "地区生产总值增长", "7.5"), known("gdp_q", "地区生产总值增长速度", "7")]
    news = [drafted("地区生产总值增长", "7"), drafted("粮食播种面积", "27", "万亩")]
    pairs = pair(olds, news)
    assert {j: t.id for j, t in pairs.items()} == {0: "gdp_q"}  # alike names, the same value
    assert {j: t.id for j, t in pair(olds, news, same_amount_only=True).items()} == {0: "gdp_q"}
    assert pair([olds[0]], news, same_amount_only=True) == {}


def test_against_last_year_new_gone_changed_unchanged() -> None:
    last_year = {
        t.id: t
        for t in (
            known("gdp_growth", "地区生产总值增长", "7.5"),
            known("retail", "社会消费品零售总额增长", "7.5"),
            known("grain", "粮食产量", "12", "万吨"),
        )
    }
    this_year = [
        drafted("地区生产总值增长", "7"),  # changed value
        drafted("社会消费品零售总额增长", "7.5"),  # unchanged
        drafted("新增规模以上工业企业", "20", "家"),  # new
    ]
    rows = [(r.status, r.name, r.old, r.new) for r in compare(this_year, last_year).rows]
    assert rows == [
        ("changed", "地区生产总值增长", "7.5%", "7%"),
        ("unchanged", "社会消费品零售总额增长", "7.5%", "7.5%"),
        ("new", "新增规模以上工业企业", None, "20家"),
        ("gone", "粮食产量", "12万吨", None),
    ]
