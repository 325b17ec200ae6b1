"""Units of a draft: each spelling resolved against a registry (aliases, spaces and bracket
widths), unknown names new units with their raw spelling and a kind guessed from the name."""

from __future__ import annotations

import pytest

from conftest import ROOT
from liuzhang.domain.model import Unit
from liuzhang.extract.units import guess_kind, resolve_units
from liuzhang.plandata.catalog import UnitRegistry, load_catalog


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("各镇", "group"),
        ("各乡镇", "group"),
        ("区直相关单位", "group"),
        ("各相关单位", "group"),
        ("驻区金融机构", "group"),
        ("相关职能部门", "group"),
        ("其他相关部门", "group"),
        ("县直各单位", "group"),
        ("区安委会相关成员单位", "group"),
        ("城关镇", "town"),
        ("青山乡", "town"),
        ("东城街道", "town"),
        ("南湾湖办事处", "town"),
        ("县城投集团", "company"),
        ("国网某县供电公司", "company"),
        ("县人民法院", "court"),
        ("县人民检察院", "procuratorate"),
        ("县安全生产委员会", "committee"),
        ("县防汛抗旱指挥部", "committee"),
        ("县委组织部", "party_org"),
        ("县纪委监委", "party_org"),
        ("县发改局", "office"),
        ("县政府办", "office"),
        ("县卫健委", "office"),
        ("县政务服务中心", "office"),
        ("县消防救援大队", "office"),
        ("县委县政府办公室（督查室）", "office"),
        ("县妇联", "other"),
        ("县人民医院", "office"),
    ],
)
def test_guess_kind(name: str, kind: str) -> None:
    assert guess_kind(name) == kind


def registry() -> UnitRegistry:
    reg = UnitRegistry()
    for unit in (
        Unit("县发改局", "office", aliases=("县发展和改革局",)),
        Unit("县政府办（督查室）", "office"),
        Unit("各乡镇", "group", members=("城关镇", "青山乡")),
    ):
        reg.units[unit.name] = unit
        for spelling in (unit.name, *unit.aliases):
            reg.add_key(spelling, unit.name)
    return reg


def test_spellings_resolve_to_canonical_names() -> None:
    names = [
        "县发展和改革局",
        "县 发改局",
        "县政府办(督查室)",
        "各乡镇",
        "县城管局",
        "县 城管局",
        "各村",
    ]
    canonical, units = resolve_units(names, registry())
    assert canonical == {
        "县发展和改革局": "县发改局",
        "县 发改局": "县发改局",
        "县政府办(督查室)": "县政府办（督查室）",
        "各乡镇": "各乡镇",
        "县城管局": "县城管局",
        "县 城管局": "县城管局",
        "各村": "各村",
    }
    assert [(u.name, u.kind, u.aliases, u.members, u.known) for u in units] == [
        ("县发改局", "office", ["县发展和改革局"], [], True),
        ("县政府办（督查室）", "office", [], [], True),
        ("各乡镇", "group", [], ["城关镇", "青山乡"], True),
        ("县城管局", "office", [], [], False),
        ("各村", "group", [], [], False),
    ]


def test_without_a_registry_every_unit_is_new() -> None:
    canonical, units = resolve_units(["县发改局", "各乡镇", "县发改局", ""], None)
    assert canonical == {"县发改局": "县发改局", "各乡镇": "各乡镇"}
    assert [(u.name, u.kind, u.known) for u in units] == [
        ("县发改局", "office", False),
        ("各乡镇", "group", False),
    ]


def test_the_seeds_spellings_against_the_shipped_units() -> None:
    catalog, _ = load_catalog(ROOT / "data")
    names = [
        "区发改局 财政局",
        "区科技 工信局",
        "区委宣传部 统战部 (工商联)",
        "区直各相关单位",
        "各镇",
    ]
    canonical, units = resolve_units(names, catalog.registry)
    assert canonical == {
        "区发改局 财政局": "区发改财政局",
        "区科技 工信局": "区科技工信局",
        "区委宣传部 统战部 (工商联)": "区委宣传统战部",
        "区直各相关单位": "区直相关单位",
        "各镇": "各镇",
    }
    assert all(u.known for u in units)
    assert {u.name: u.kind for u in units}["各镇"] == "group"
