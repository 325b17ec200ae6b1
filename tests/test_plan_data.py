"""The shipped plan data against the source document: nothing missing, every number traced."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from conftest import DATA, SEED
from liuzhang.plandata.catalog import Catalog, load_catalog


def _squash(text: str) -> str:
    """Compare text without whitespace and the extractor's bold marks."""
    return re.sub(r"\s+", "", text).replace("**", "")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    catalog, report = load_catalog(DATA)
    assert report.problems == []
    return catalog


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED.read_text(encoding="utf-8")


def _measure_numbers_in_seed(seed: str) -> set[int]:
    start = seed.index("大通湖区打好优化发展环境持久仗重点工作任务清单\n")
    end = seed.index("附件4", start)
    return {int(n) for n in re.findall(r"[(（](\d{1,2})[)）]", seed[start:end])}


def test_every_annex_3_1_measure_is_a_task(catalog: Catalog, seed: str) -> None:
    numbers = _measure_numbers_in_seed(seed)
    # The extracted seed lost the text of measure (57); its row (lead, units, 长期坚持) remains.
    assert numbers == set(range(1, 65)) - {57}
    for n in range(1, 65):
        task = catalog.tasks[f"a3-{n:02d}"]
        assert task.ref == f"附件3-1 ({n})"
        assert task.battle == 3
    assert catalog.tasks["a3-57"].note and "原文" in catalog.tasks["a3-57"].note


FIXED = [
    ("gdp_growth", "7.5", "%", "at_least", "growth", "quarterly"),
    ("retail_sales_growth", "7.5", "%", "at_least", "growth", "monthly"),
    ("fixed_asset_investment_growth", "11", "%", "at_least", "growth", "monthly"),
    ("agri_output_growth", "7", "%", "at_least", "growth", "quarterly"),
    ("grain_output", "12", "万吨", "at_least", "level", "annual"),
    ("industrial_value_added_growth", "8", "%", "at_least", "growth", "monthly"),
    ("new_industrial_enterprises", "4", "家", "at_least", "cumulative", "monthly"),
    ("public_budget_revenue_growth", "8", "%", "at_least", "growth", "monthly"),
    ("key_project_investment", "15", "亿元", "at_least", "cumulative", "monthly"),
    ("new_5g_base_stations", "30", "个", "at_least", "cumulative", "monthly"),
    ("high_standard_farmland", "7000", "亩", "at_least", "cumulative", "monthly"),
    ("urbanization_rate", "52.82", "%", "at_least", "level", "annual"),
    ("rnd_intensity", "2", "%", "at_least", "level", "annual"),
    ("tech_smes", "15", "家", "at_least", "cumulative", "monthly"),
    ("new_high_tech_enterprises", "4", "家", "at_least", "cumulative", "monthly"),
    ("tech_contract_value", "1", "亿元", "at_least", "cumulative", "monthly"),
    ("gov_project_approval_days", "49", "工作日", "at_most", "level", "monthly"),
    ("new_loans", "3", "亿元", "at_least", "cumulative", "monthly"),
    ("forest_fire_damage_rate", "0.9", "‰", "at_most", "level", "monthly"),
    ("new_urban_jobs", "1200", "人", "at_least", "cumulative", "monthly"),
    ("vocational_training", "690", "人次", "at_least", "cumulative", "monthly"),
    ("urban_dibao_standard", "650", "元/月", "at_least", "level", "monthly"),
    ("air_quality_good_days_ratio", "95", "%", "at_least", "level", "monthly"),
    ("pm25", "35", "μg/m³", "at_most", "level", "monthly"),
    ("total_phosphorus", "0.088", "mg/L", "at_most", "level", "monthly"),
    ("icu_beds", "5", "张", "at_least", "cumulative", "monthly"),
]


@pytest.mark.parametrize(("ident", "value", "unit", "direction", "measure", "frequency"), FIXED)
def test_fixed_target_ids(
    catalog: Catalog,
    ident: str,
    value: str,
    unit: str,
    direction: str,
    measure: str,
    frequency: str,
) -> None:
    target = catalog.targets[ident]
    assert target.target == Decimal(value)
    assert (target.unit, target.direction, target.measure, target.frequency) == (
        unit,
        direction,
        measure,
        frequency,
    )


def test_every_quote_is_in_the_source(catalog: Catalog, seed: str) -> None:
    squashed = _squash(seed)
    missing = [
        (t.id, s.quote)
        for t in catalog.targets.values()
        for s in t.sources
        if _squash(s.quote) not in squashed
    ]
    assert missing == []


def test_every_task_text_is_in_the_source(catalog: Catalog, seed: str) -> None:
    squashed = _squash(seed)
    missing = [t.id for t in catalog.tasks.values() if t.text and _squash(t.text) not in squashed]
    assert missing == []


_CN_NUMERALS = {
    "一": 1,
    "两": 2,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}


def test_the_number_in_each_primary_quote_is_the_target(catalog: Catalog) -> None:
    """The target value appears in its primary quote (so a typo in one or the other shows).

    Zero targets come from words (杜绝, 不发生); “每季度 … 1次” is 4 a year.
    """
    wrong = []
    for t in catalog.targets.values():
        if t.target is None:
            continue
        quote = t.sources[0].quote
        numbers = {Decimal(n) for n in re.findall(r"\d+(?:\.\d+)?", quote)}
        numbers |= {Decimal(v) for k, v in _CN_NUMERALS.items() if k + "个" in quote}
        if "每季度" in quote:
            numbers |= {n * 4 for n in numbers}
        if t.target not in numbers and t.target != 0:
            wrong.append((t.id, str(t.target), quote))
    assert wrong == []


def test_every_battle_has_targets_and_tasks(catalog: Catalog) -> None:
    for battle in range(1, 7):
        assert any(t.battle == battle for t in catalog.targets.values())
        assert any(t.battle == battle for t in catalog.tasks.values())


_ROLE_SUFFIXES = (
    "按职责分工负责",
    "依职责配合",
    "依职责",
    "负责",
    "牵头",
    "配合",
    "参与",
    "等单位",
    "等部门",
    "等",
)


def _strip_role_words(part: str) -> str:
    changed = True
    while changed:
        changed = False
        for suffix in _ROLE_SUFFIXES:
            if part.endswith(suffix):
                part, changed = part[: -len(suffix)], True
    return part


def test_every_unit_spelling_in_the_seed_brackets_resolves(catalog: Catalog, seed: str) -> None:
    """Units named in “（X牵头，Y、Z等负责）” brackets of 附件1/5 resolve through units.yaml."""
    unresolved = set()
    for bracket in re.findall(r"[（(]([^（）()]*?(?:牵头|负责|配合)[^（）()]*?)[）)]", seed):
        for part in re.split(r"[，,]", bracket):
            part = _strip_role_words(part)
            for name in part.split("、"):
                name = name.strip()
                if name and len(name) < 20 and catalog.registry.resolve(name) is None:
                    unresolved.add(name)
    assert unresolved == set()


def test_a_cached_catalog_of_records_of_another_shape_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalog pickled by a release whose records had other fields is loaded again, not
    unpickled into records that lack the new fields (plan.yaml's documents, reporting)."""
    from liuzhang.plandata import catalog as catalog_module

    monkeypatch.setenv("LIUZHANG_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    loads = []
    real = catalog_module.load_catalog
    monkeypatch.setattr(
        catalog_module,
        "load_catalog",
        lambda d: loads.append(d) or real(d),  # type: ignore[func-returns-value]
    )
    catalog_module.load_catalog_cached(data)
    catalog_module.load_catalog_cached(data)
    assert len(loads) == 1  # the second came from the cache
    assert "PlanInfo:" in catalog_module.model_shape()
    assert "reporting" in catalog_module.model_shape()
    monkeypatch.setattr(catalog_module, "model_shape", lambda: "PlanInfo:area,year")
    catalog, _ = catalog_module.load_catalog_cached(data)
    assert (
        len(loads) == 2 and catalog.plan is not None and catalog.plan.reporting.monthly_due_day == 5
    )
