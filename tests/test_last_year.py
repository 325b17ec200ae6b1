"""Same period last year (去年同期): the pure rule (domain.lastyear), the engine's year-months, and
status, show and the bulletin end to end on a workspace of a 2023 and a 2024 plan.

The values of both years go into one store through the store API with their plan; a fake
in-memory store pins the use case without SQLite.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import CLEAN_ENV, DATA, replace_once, store_snapshot
from liuzhang import services
from liuzhang.cli.app import app
from liuzhang.domain.lastyear import (
    PERCENT,
    POINTS,
    LastYear,
    a_year_earlier,
    ahead,
    change,
    compare,
    in_unit,
    last_year_all,
    same_period_value,
)
from liuzhang.domain.model import Source, Target
from liuzhang.domain.observations import Observation, StoredValue
from liuzhang.domain.periods import parse_period
from liuzhang.domain.plan import PlanKey
from liuzhang.domain.tracking import Judgement, Reading, default_as_of, judge_all
from liuzhang.plandata.catalog import load_catalog
from liuzhang.render.lastyear import ahead_text, last_year_text
from liuzhang.store import open_store
from liuzhang.views.bulletin import ahead_of_last_year

D = Decimal


def reading(
    period: str, value: str | None, seq: int = 1, item: str = "x", status: str | None = None
) -> Reading:
    p = parse_period(period)
    assert p is not None
    return Reading(
        item_id=item,
        period=p.text,
        period_kind=p.kind,
        period_end=p.end,
        end_month=p.end_month,
        value=None if value is None else D(value),
        status=status,
        seq=seq,
    )


def target(**fields: Any) -> Target:
    base: dict[str, Any] = {
        "id": "x",
        "battle": 1,
        "name": "x",
        "direction": "at_least",
        "measure": "growth",
        "frequency": "monthly",
        "lead": "区发改财政局",
        "sources": (Source("r", "q"),),
        "target": D("7.5"),
        "unit": "%",
    }
    return Target(**{**base, **fields})


# -- the pure rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("this", "last", "unit", "expected"),
    [
        # rates: percentage points, this year − last year
        ("7.5", "6.8", "%", (D("0.7"), POINTS)),
        ("6.5", "7.0", "%", (D("-0.5"), POINTS)),
        ("-2.1", "-9.4", "%", (D("7.3"), POINTS)),
        ("3", "0", "%", (D("3"), POINTS)),  # a rate of 0 last year is still a difference
        # ‰: per-mille points are a tenth of a percentage point
        ("0.5", "0.7", "‰", (D("-0.02"), POINTS)),
        # amounts and counts: percent of last year's value
        ("8", "7.2", "亿元", (D("8") / D("7.2") * 100 - 100, PERCENT)),
        ("540", "600", "人", (D("-10"), PERCENT)),
        ("-1", "-2", "亿元", (D("50"), PERCENT)),  # against |last|: less negative is up
        ("2", "0", "家", (None, PERCENT)),  # last year 0: no percent change
        ("0", "0", "家", (None, PERCENT)),
        ("12", "10", None, (D("20"), PERCENT)),
    ],
)
def test_change(this: str, last: str, unit: str | None, expected: tuple[Any, str]) -> None:
    amount, change_unit = change(D(this), D(last), unit)
    assert change_unit == expected[1]
    if expected[0] is None:
        assert amount is None
    else:
        assert amount is not None and amount.quantize(D("1e-12")) == expected[0].quantize(
            D("1e-12")
        )


@pytest.mark.parametrize(
    ("value", "unit", "wanted", "expected"),
    [
        ("7.2", "亿元", "亿元", "7.2"),
        ("7.2", "亿元", "万元", "72000"),  # 亿 → 万: converted, never compared raw
        ("150000", "万元", "亿元", "15"),
        ("12", "万吨", "吨", "120000"),
        ("6.8", "%", "个百分点", "6.8"),  # one base, spelt two ways
        ("0.7", "‰", "%", None),  # different bases: not comparable
        ("7.2", "亿元", "个", None),
        ("7.2", None, "亿元", None),  # no unit on one side: not comparable
        ("7.2", "亿元", None, None),
        ("3", None, None, "3"),
        ("3", "万", "万元", None),  # a bare magnitude has no base
    ],
)
def test_in_unit(value: str, unit: str | None, wanted: str | None, expected: str | None) -> None:
    found = in_unit(D(value), unit, wanted)
    assert found == (None if expected is None else D(expected))


@pytest.mark.parametrize(
    ("this", "last", "direction", "expected"),
    [
        ("7.5", "6.8", "at_least", True),
        ("6.8", "6.8", "at_least", False),  # equal is not ahead
        ("6.5", "7.0", "at_least", False),
        ("0.5", "0.7", "at_most", True),  # lower is better for a ceiling
        ("0.7", "0.7", "at_most", False),
        ("0.9", "0.7", "at_most", False),
    ],
)
def test_ahead(this: str, last: str, direction: str, expected: bool) -> None:
    assert ahead(D(this), D(last), direction) is expected


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        ("2024-06", "2023-06"),
        ("2024-Q2", "2023-Q2"),
        ("2024-H1", "2023-H1"),
        ("2024", "2023"),
        ("2024-06-上旬", "2023-06-上旬"),
        ("2024-06-下旬", "2023-06-下旬"),
        ("2024-02", "2023-02"),  # 29 February → 28 February
    ],
)
def test_a_year_earlier(period: str, expected: str) -> None:
    found = a_year_earlier(parse_period(period))  # type: ignore[arg-type]
    assert found.text == expected
    assert found == parse_period(expected)


@pytest.mark.parametrize(
    ("period", "readings", "expected"),
    [
        # the same kind and end
        ("2024-06", [reading("2023-06", "7.0")], ("2023-06", "7.0")),
        # a quarter's value last year is the value of its end, whatever the form (1-6月, Q2, H1)
        ("2024-Q2", [reading("2023-06", "6.6")], ("2023-06", "6.6")),
        ("2024-06", [reading("2023-Q2", "6.8")], ("2023-Q2", "6.8")),
        ("2024-Q2", [reading("2023-H1", "6.9")], ("2023-H1", "6.9")),
        # the newest for that end counts: the later submission
        (
            "2024-Q2",
            [reading("2023-Q2", "6.8", seq=5), reading("2023-06", "6.6", seq=2)],
            ("2023-Q2", "6.8"),
        ),
        (
            "2024-06",
            [reading("2023-06", "7.2", seq=9), reading("2023-06", "7.0", seq=3)],
            ("2023-06", "7.2"),
        ),
        # another month, another year: no value
        ("2024-06", [reading("2023-05", "7.0"), reading("2022-06", "7.0")], None),
        ("2024-06", [reading("2024-06", "7.0")], None),
        ("2024-06", [], None),
        # a 旬 only with a 旬 (下旬 and the month end on the same day)
        ("2024-06", [reading("2023-06-下旬", "5")], None),
        ("2024-06-下旬", [reading("2023-06", "5")], None),
        ("2024-06-下旬", [reading("2023-06-下旬", "5")], ("2023-06-下旬", "5")),
        # a status is not a value
        ("2024-06", [reading("2023-06", None, status="done")], None),
    ],
)
def test_same_period_value(
    period: str, readings: list[Reading], expected: tuple[str, str] | None
) -> None:
    found = same_period_value(readings, parse_period(period))  # type: ignore[arg-type]
    if expected is None:
        assert found is None
    else:
        assert found is not None and (found.period, found.value) == (expected[0], D(expected[1]))


@pytest.mark.parametrize(
    ("fields", "actual", "past", "past_unit", "expected"),
    [
        # rate
        ({}, "7.5", "6.8", "%", LastYear(D("6.8"), "2023-06", "%", D("0.7"), POINTS, True)),
        # amount, same unit
        (
            {"unit": "人", "measure": "cumulative", "target": D(1200)},
            "540",
            "600",
            "人",
            LastYear(D("600"), "2023-06", "人", D("-10"), PERCENT, False),
        ),
        # last year in 亿元, this year in 万元: converted, then compared
        (
            {"unit": "万元", "measure": "cumulative", "target": D(150000)},
            "80000",
            "7.2",
            "亿元",
            LastYear(D("72000"), "2023-06", "万元", D(80000 - 72000) / 72000 * 100, PERCENT, True),
        ),
        # units that do not convert: last year's value as it was, no change, no direction
        ({"unit": "‰"}, "0.5", "0.7", "%", LastYear(D("0.7"), "2023-06", "%")),
        # zero last year: no percent change, but ahead
        (
            {"unit": "家", "measure": "cumulative", "target": D(4)},
            "2",
            "0",
            "家",
            LastYear(D("0"), "2023-06", "家", None, PERCENT, True),
        ),
        # no value this year: last year's alone
        ({}, None, "6.8", "%", LastYear(D("6.8"), "2023-06", "%")),
        # a ceiling: lower is ahead
        (
            {"unit": "‰", "direction": "at_most", "measure": "level", "target": D("0.9")},
            "0.5",
            "0.7",
            "‰",
            LastYear(D("0.7"), "2023-06", "‰", D("-0.02"), POINTS, True),
        ),
    ],
)
def test_compare(
    fields: dict[str, Any],
    actual: str | None,
    past: str,
    past_unit: str,
    expected: LastYear,
) -> None:
    found = compare(
        target(**fields), None if actual is None else D(actual), reading("2023-06", past), past_unit
    )
    assert found == expected


def judgement(
    id_: str, actual: str | None, period: str | None, due: str | None = None
) -> Judgement:
    return Judgement(
        id=id_,
        kind="target",
        battle=1,
        name=id_,
        status="on_track",
        lead=["区发改财政局"],
        actual=None if actual is None else D(actual),
        period=period,
        due_period=due,
    )


def test_last_year_all_matches_by_id_or_previous_id() -> None:
    targets = {
        "gdp": target(id="gdp"),
        "renamed": target(id="renamed", previous_id="old_name"),
        "new_one": target(id="new_one"),
        "no_value": target(id="no_value"),
        "missing_now": target(id="missing_now", frequency="quarterly"),
    }
    previous = {
        "gdp": target(id="gdp"),
        "old_name": target(id="old_name"),
        "renamed": target(id="renamed"),  # the same id last year is not the one it continues
        "no_value": target(id="no_value"),
        "missing_now": target(id="missing_now", frequency="quarterly"),
    }
    past = [
        reading("2023-06", "6.8", item="gdp"),
        reading("2023-06", "5.0", item="old_name"),
        reading("2023-06", "1.0", item="renamed"),
        reading("2023-06", "4.0", item="new_one"),  # not in last year's plan: never used
        reading("2023-Q2", "3.0", item="missing_now"),
    ]
    judgements = [
        judgement("gdp", "7.5", "2024-06"),
        judgement("renamed", "5.5", "2024-06"),
        judgement("new_one", "4.5", "2024-06"),
        judgement("no_value", "7.0", "2024-06"),
        judgement("missing_now", None, None, due="2024-Q2"),  # no value yet: the period due
        Judgement(id="gdp", kind="task", battle=1, name="t", status="done", lead=[]),
    ]
    found = last_year_all(targets, judgements, previous, past)
    assert found == {
        "gdp": LastYear(D("6.8"), "2023-06", "%", D("0.7"), POINTS, True),
        "renamed": LastYear(D("5.0"), "2023-06", "%", D("0.5"), POINTS, True),
        "missing_now": LastYear(D("3.0"), "2023-Q2", "%"),
    }


@given(
    st.decimals(min_value=-1000, max_value=1000, places=2),
    st.decimals(min_value=-1000, max_value=1000, places=2),
    st.sampled_from(["%", "‰", "亿元", "人"]),
    st.sampled_from(["at_least", "at_most"]),
)
def test_ahead_agrees_with_the_sign_of_the_change(
    this: Decimal, last: Decimal, unit: str, direction: str
) -> None:
    """Ahead of last year exactly when the change points the target's way."""
    amount, _ = change(this, last, unit)
    if amount is None:
        assert last == 0
        return
    better = amount > 0 if direction == "at_least" else amount < 0
    assert ahead(this, last, direction) is better


@pytest.mark.parametrize(
    ("args", "lang", "expected"),
    [
        ((D("6.8"), D("0.7"), POINTS, "%", "%"), "zh", "6.8（+0.7个百分点）"),
        ((D("6.8"), D("0.7"), POINTS, "%", "%"), "en", "6.8 (+0.7 pp)"),
        ((D("7"), D("-0.5"), POINTS, "%", "%"), "zh", "7（-0.5个百分点）"),
        ((D("7.2"), D("100") / 9, PERCENT, "亿元", "亿元"), "zh", "7.2（+11.11%）"),
        ((D("0"), None, PERCENT, "家", "家"), "zh", "0"),
        ((D("0.7"), None, None, "%", "‰"), "zh", "0.7 %"),  # another unit: shown with it
        ((None, None, None, None, None), "zh", "—"),
    ],
)
def test_last_year_text(args: tuple[Any, ...], lang: str, expected: str) -> None:
    assert last_year_text(*args, lang=lang) == expected  # type: ignore[arg-type]


def test_ahead_of_last_year_counts_only_what_compares() -> None:
    last_year = {
        "a": LastYear(D(1), "2023-06", "%", D(1), POINTS, True),
        "b": LastYear(D(1), "2023-06", "%", D(-1), POINTS, False),
        "c": LastYear(D(1), "2023-06", "%"),  # no value this year, or units apart
        "d": LastYear(D(0), "2023-06", "家", None, PERCENT, True),
    }
    judgements = [judgement(i, "1", "2024-06") for i in ("a", "b", "c", "d", "e")]
    counts = ahead_of_last_year(judgements, last_year)
    assert counts == {"ahead_of_last_year": 2, "compared_with_last_year": 3}
    assert ahead_text(counts) == "与去年同期相比：2 项指标好于去年同期（可比 3 项）。"
    assert ahead_text({"ahead_of_last_year": 0, "compared_with_last_year": 0}) is None


# -- year-months: 2023 values are history for the 2024 plan -------------------------------------

CATALOG_2023, _ = load_catalog(DATA)


def test_judge_all_judges_only_the_plans_year() -> None:
    """A 2023 value is never judged against another year's plan: judged as of June of the plan
    year, a target with only last year's value has none."""
    mixed = [
        reading("2023-06", "6.8", item="retail_sales_growth"),
        reading("2022-06", "5.0", item="fixed_asset_investment_growth"),
        reading("2024-06", "9.0", item="key_project_investment"),
    ]
    judged = {j.id: j for j in judge_all(CATALOG_2023, mixed, 6)}
    assert judged["retail_sales_growth"].actual == D("6.8")
    assert judged["fixed_asset_investment_growth"].actual is None
    assert judged["fixed_asset_investment_growth"].status == "missing"
    assert judged["key_project_investment"].actual is None


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2023, (12, "monthly")), (2024, (3, "monthly")), (2022, (9, "any")), (2021, None)],
)
def test_default_as_of_uses_only_the_plans_year(
    year: int, expected: tuple[int, str] | None
) -> None:
    readings = [
        reading("2023-12", "1"),
        reading("2024-03", "1"),
        reading("2022-Q3", "1"),
        reading("2023-06", "1"),
    ]
    found = default_as_of(readings, year)
    assert (None if found is None else (found.month, found.basis)) == expected


# -- a workspace of two plans ---------------------------------------------------------------------

AREA = "大通湖区"
# 2024: one target's value changed (retail sales 7.5 → 6), so that judgements differ.
CHANGED_TARGET = (
    "retail_sales_growth",
    '    name: "社会消费品零售总额增长"\n    target: 7.5\n',
    '    name: "社会消费品零售总额增长"\n    target: 6\n',
)
# (item, period, value): what each office sent, in the order sent (later ones win)
VALUES_2023 = [
    ("gdp_growth", "2023-06", "6.6"),  # 1-6月, then the Q2 figure: the Q2 one counts
    ("gdp_growth", "2023-Q2", "6.8"),
    ("retail_sales_growth", "2023-06", "7.0"),
    ("key_project_investment", "2023-06", "7.0"),
    ("key_project_investment", "2023-06", "7.2"),  # a revision: the later counts
    ("new_urban_jobs", "2023-06", "600"),
    ("forest_fire_damage_rate", "2023-06", "0.7"),
    ("new_industrial_enterprises", "2023-06", "0"),
    ("agri_output_growth", "2023-Q2", "5.1"),  # no value this year
]
VALUES_2024 = [
    ("gdp_growth", "2024-Q2", "7.5"),
    ("retail_sales_growth", "2024-06", "6.5"),
    ("key_project_investment", "2024-06", "8"),
    ("new_urban_jobs", "2024-06", "540"),
    ("forest_fire_damage_rate", "2024-06", "0.5"),
    ("new_industrial_enterprises", "2024-06", "2"),
    ("fixed_asset_investment_growth", "2024-06", "10"),  # no value last year
]
# What status --plan 2024 --as-of 2024-06 says of last year: (value, period, change, unit, ahead)
EXPECTED_2024 = {
    "gdp_growth": (6.8, "2023-Q2", 0.7, "pp", True),
    "retail_sales_growth": (7, "2023-06", -0.5, "pp", False),
    "key_project_investment": (7.2, "2023-06", 11.1111, "%", True),
    "new_urban_jobs": (600, "2023-06", -10, "%", False),
    "forest_fire_damage_rate": (0.7, "2023-06", -0.02, "pp", True),
    "new_industrial_enterprises": (0, "2023-06", None, "%", True),
    "agri_output_growth": (5.1, "2023-Q2", None, None, None),
}


def plan_copy(folder: Path, year: int, edits: Sequence[tuple[str, str, str]] = ()) -> Path:
    """The shipped plan in ``folder`` with its year moved to ``year`` (plan.yaml's year and
    dates, deadlines and due dates of tasks and targets), then ``edits`` (file stem, old, new)."""
    folder.mkdir(parents=True)
    shift = year - 2023
    for name in ("plan.yaml", "targets.yaml", "tasks.yaml", "units.yaml"):
        text = (DATA / name).read_text(encoding="utf-8")
        if shift:
            text = re.sub(r'"(\d{4})-', lambda m: f'"{int(m.group(1)) + shift}-', text)
            text = text.replace("year: 2023", f"year: {year}")
        (folder / name).write_text(text, encoding="utf-8")
    for stem, old, new in edits:
        replace_once(folder / f"{stem}.yaml", old, new)
    return folder


def observations(values: Sequence[tuple[str, str, str]]) -> list[Observation]:
    out = []
    for row, (item, text, value) in enumerate(values, 2):
        period = parse_period(text)
        assert period is not None
        out.append(
            Observation(
                item_id=item,
                kind="target",
                period=period.text,
                period_kind=period.kind,
                period_end=period.end.isoformat(),
                end_month=period.end_month,
                value=D(value),
                status=None,
                unit=None,
                raw_value=value,
                raw_unit=None,
                note=None,
                reported_by=None,
                row=row,
            )
        )
    return out


def store_values(db: Path, plan: PlanKey, values: Sequence[tuple[str, str, str]]) -> None:
    """Each value as its own ingest of ``plan`` (so that a later one is a later submission)."""
    with open_store(db) as store:
        for n, value in enumerate(values):
            name = f"{plan.area}-{plan.year}-{n}.csv"
            sha = hashlib.sha256(repr((plan, n, value)).encode()).hexdigest()
            store.ingest(name, sha, None, observations([value]), 1, 0, plan=plan)


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """data/2023 (the shipped plan) and data/2024 (moved a year, one target changed), with the
    values of June of both years in the store beside them."""
    data = tmp_path / "workspace" / "data"
    plan_copy(data / "2023", 2023)
    plan_copy(data / "2024", 2024, [("targets", *CHANGED_TARGET[1:])])
    db = data.parent / "liuzhang.sqlite"
    store_values(db, PlanKey(AREA, 2023), VALUES_2023)
    store_values(db, PlanKey(AREA, 2024), VALUES_2024)
    return data


@pytest.fixture(autouse=True)
def _private_cache(private_cache: None) -> None:
    """The catalog cache of these tests is private."""


def run(data: Path, *args: str) -> tuple[int, str, str]:
    env = {**CLEAN_ENV, "LIUZHANG_PLAN": None, "COLUMNS": "400"}
    result = CliRunner().invoke(app, [*args, "--data", str(data)], env=env)
    return result.exit_code, result.stdout, result.stderr


def status_json(data: Path, *args: str) -> list[dict[str, Any]]:
    code, out, err = run(data, "status", "--format", "json", *args)
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


LAST_YEAR_KEYS = (
    "last_year",
    "last_year_period",
    "last_year_change",
    "last_year_change_unit",
    "last_year_ahead",
)


def test_status_2024_gives_last_years_value_and_judges_against_2024(workspace: Path) -> None:
    """The Done-means check: each target with a value both years has last year's 2023-06 value,
    and is judged against the 2024 targets."""
    db = workspace.parent / "liuzhang.sqlite"
    before = store_snapshot(db)
    records = {r["id"]: r for r in status_json(workspace, "--plan", "2024", "--as-of", "2024-06")}
    found = {
        i: tuple(r[k] for k in LAST_YEAR_KEYS)
        for i, r in records.items()
        if r["last_year"] is not None
    }
    assert found == EXPECTED_2024
    assert records["fixed_asset_investment_growth"]["last_year"] is None  # none last year
    # judged against 2024's target (6), not 2023's (7.5): 6.5 is on track
    retail = records["retail_sales_growth"]
    assert (retail["target"], retail["actual"], retail["status"]) == (6, 6.5, "on_track")
    assert records["gdp_growth"]["period"] == "2024-Q2"
    # 2023's values are history: a target without a 2024 value has none judged
    assert records["agri_output_growth"]["actual"] is None
    assert store_snapshot(db) == before  # reading changed nothing


def test_status_2023_is_unchanged_by_the_2024_plan(workspace: Path, data_copy: Path) -> None:
    """--as-of 2023-06 judges the 2023 plan exactly as a workspace of that plan alone does."""
    store_values(data_copy.parent / "liuzhang.sqlite", PlanKey(AREA, 2023), VALUES_2023)
    alone = status_json(data_copy, "--as-of", "2023-06")
    both = status_json(workspace, "--as-of", "2023-06")
    assert both == alone
    assert all(r["last_year"] is None for r in both)  # no 2022 plan
    retail = next(r for r in both if r["id"] == "retail_sales_growth")
    assert (retail["target"], retail["actual"], retail["status"]) == (7.5, 7, "at_risk")


def test_status_without_as_of_takes_the_plans_own_month(workspace: Path) -> None:
    """Without --as-of, the 2024 plan's month comes from 2024's values only."""
    store_values(
        workspace.parent / "liuzhang.sqlite",
        PlanKey(AREA, 2023),
        [("new_urban_jobs", "2023-11", "900")],
    )
    code, out, _ = run(workspace, "status", "--plan", "2024")
    assert code == 0 and "截至 2024年6月" in out.splitlines()[0]
    code, out, _ = run(workspace, "status", "--plan", "2023")
    assert code == 0 and "截至 2023年11月" in out.splitlines()[0]


def test_the_status_table_has_a_last_year_column_only_when_there_is_one(workspace: Path) -> None:
    code, out, _ = run(workspace, "status", "--plan", "2024", "--as-of", "2024-06", "--battle", "1")
    assert code == 0
    header = next(line for line in out.splitlines() if "编号" in line)
    assert header.split().index("去年同期") == header.split().index("实际") + 1
    line = next(line for line in out.splitlines() if line.strip().startswith("gdp_growth "))
    assert "6.8（+0.7个百分点）" in line
    line = next(line for line in out.splitlines() if line.strip().startswith("key_project_inv"))
    assert "7.2（+11.11%）" in line
    code, out, _ = run(
        workspace, "status", "--plan", "2024", "--as-of", "2024-06", "--lang", "en", "-b", "1"
    )
    assert "Last year" in out and "6.8 (+0.7 pp)" in out
    code, out, _ = run(workspace, "status", "--as-of", "2023-06", "--battle", "1")
    assert code == 0 and "去年同期" not in out
    # a filter that leaves no row with a value last year leaves no column
    code, out, _ = run(
        workspace, "status", "--plan", "2024", "--as-of", "2024-06", "--only", "not_due"
    )
    assert code == 0 and "去年同期" not in out


def test_status_csv_carries_the_last_year_columns(workspace: Path) -> None:
    code, out, _ = run(
        workspace, "status", "--plan", "2024", "--as-of", "2024-06", "--format", "csv"
    )
    assert code == 0
    header, *rows = out.lstrip("\ufeff").splitlines()
    assert ",去年同期,去年同期期间,去年同期单位,比去年同期,增减单位,好于去年同期," in header
    gdp = next(r for r in rows if r.startswith("gdp_growth,"))
    assert ",6.8,2023-Q2,%,0.7,pp,True," in gdp
    jobs = next(r for r in rows if r.startswith("fixed_asset_investment_growth,"))
    assert ",,,,,,," in jobs
    code, out, _ = run(workspace, "status", "--as-of", "2024-06", "--format", "csv", "--lang", "en")
    english = out.lstrip("\ufeff").splitlines()[0]
    assert (
        ",last_year,last_year_period,last_year_unit,last_year_change,last_year_change_unit,"
        "last_year_ahead," in english
    )


def test_show_gives_last_years_value_for_the_same_period(workspace: Path) -> None:
    code, out, _ = run(workspace, "show", "gdp_growth", "--plan", "2024", "--as-of", "2024-06")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("去年同期"))
    assert "2023-Q2：6.8（+0.7个百分点）" in line
    code, out, _ = run(workspace, "show", "gdp_growth", "--as-of", "2024-06", "--format", "json")
    status = json.loads(out)["status"]
    assert tuple(status[k] for k in LAST_YEAR_KEYS) == EXPECTED_2024["gdp_growth"]
    code, out, _ = run(workspace, "show", "gdp_growth", "--as-of", "2023-06")
    assert code == 0 and "去年同期" not in out


def test_the_bulletin_carries_last_year_and_counts_who_is_ahead(
    workspace: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "reports"
    code, _, err = run(
        workspace,
        "report",
        "--month",
        "2024-06",
        "-o",
        str(out_dir),
        "-f",
        "json",
        "-f",
        "md",
        "-f",
        "html",
        "-f",
        "xlsx",
    )
    assert code == 0, err
    bulletin = json.loads(next(out_dir.glob("*.json")).read_text(encoding="utf-8"))
    headline = bulletin["headline"]
    assert (headline["ahead_of_last_year"], headline["compared_with_last_year"]) == (4, 6)
    rows = {r["id"]: r for b in bulletin["battles"] for r in b["targets"]}
    assert {
        i: tuple(r[k] for k in LAST_YEAR_KEYS)
        for i, r in rows.items()
        if r["last_year"] is not None
    } == EXPECTED_2024
    watch = {r["id"]: r for r in bulletin["watchlist"]}
    assert watch["new_urban_jobs"]["last_year"] == 600
    assert watch["fixed_asset_investment_growth"]["last_year"] is None
    sentence = "与去年同期相比：4 项指标好于去年同期（可比 6 项）。"
    md = next(out_dir.glob("*.md")).read_text(encoding="utf-8")
    assert sentence in md
    assert "| 编号 | 指标 | 目标 | 实际 | 去年同期 | 序时预期 |" in md
    assert "| 7.5 | 6.8（+0.7个百分点） |" in md
    html = next(out_dir.glob("*.html")).read_text(encoding="utf-8")
    assert sentence in html and "<th>去年同期</th>" in html
    assert '<td class="num">6.8（+0.7个百分点）</td>' in html
    from openpyxl import load_workbook

    book = load_workbook(next(out_dir.glob("*.xlsx")))
    overview = [[c.value for c in row] for row in book.worksheets[0].iter_rows()]
    assert [sentence, "去年同期"] == overview[-1][:2]
    sheet = book.worksheets[1]
    head = [c.value for c in sheet[1]]
    assert head[-4:] == ["去年同期", "去年同期期间", "比去年同期", "增减单位"]
    cells = {row[1].value: [c.value for c in row[-4:]] for row in sheet.iter_rows(min_row=2)}
    assert cells["gdp_growth"] == [6.8, "2023-Q2", 0.7, "个百分点"]
    assert cells["key_project_investment"] == [7.2, "2023-06", 11.1111, "%"]


def test_the_english_bulletin_says_it_in_english(workspace: Path, tmp_path: Path) -> None:
    out_dir = tmp_path / "reports"
    code, _, err = run(
        workspace, "report", "--month", "2024-06", "-o", str(out_dir), "-f", "md", "--lang", "en"
    )
    assert code == 0, err
    md = next(out_dir.glob("*.md")).read_text(encoding="utf-8")
    assert "Against the same period last year: 4 of 6 comparable targets are ahead." in md
    assert "| Last year |" in md and "6.8 (+0.7 pp)" in md


def test_a_bulletin_without_last_year_has_no_column_and_no_sentence(
    workspace: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "reports"
    code, _, err = run(
        workspace, "report", "--month", "2023-06", "-o", str(out_dir), "-f", "md", "-f", "json"
    )
    assert code == 0, err
    md = next(out_dir.glob("*.md")).read_text(encoding="utf-8")
    assert "去年同期" not in md
    headline = json.loads(next(out_dir.glob("*.json")).read_text(encoding="utf-8"))["headline"]
    assert (headline["ahead_of_last_year"], headline["compared_with_last_year"]) == (0, 0)


def test_previous_id_and_another_magnitude(tmp_path: Path) -> None:
    """A target renamed in 2024 finds last year's through ``previous_id``; a target measured in
    万元 in 2024 and in 亿元 in 2023 is compared after conversion."""
    data = tmp_path / "data"
    plan_copy(data / "2023", 2023)
    plan_copy(
        data / "2024",
        2024,
        [
            (
                "targets",
                "  - id: new_urban_jobs\n",
                "  - id: urban_jobs\n    previous_id: new_urban_jobs\n",
            ),
            (
                "targets",
                '    target: 15\n    unit: "亿元"\n',
                '    target: 150000\n    unit: "万元"\n',
            ),
        ],
    )
    db = tmp_path / "liuzhang.sqlite"
    store_values(db, PlanKey(AREA, 2023), VALUES_2023)
    store_values(
        db,
        PlanKey(AREA, 2024),
        [("urban_jobs", "2024-06", "540"), ("key_project_investment", "2024-06", "80000")],
    )
    records = {r["id"]: r for r in status_json(data, "--as-of", "2024-06")}
    jobs = records["urban_jobs"]
    assert (jobs["last_year"], jobs["last_year_change"], jobs["last_year_change_unit"]) == (
        600,
        -10,
        "%",
    )
    money = records["key_project_investment"]
    assert (money["unit"], money["last_year"], money["last_year_unit"]) == ("万元", 72000, "万元")
    assert money["last_year_change"] == 11.1111


def test_a_broken_plan_last_year_is_a_warning(workspace: Path) -> None:
    (workspace / "2023" / "targets.yaml").write_text("targets: [oops", encoding="utf-8")
    code, out, err = run(workspace, "status", "--plan", "2024", "--as-of", "2024-06", "-f", "json")
    assert code == 0
    assert "去年的方案 大通湖区/2023" in err and "不显示去年同期" in err
    assert all(r["last_year"] is None for r in json.loads(out))


# -- the use case with a store that keeps plans apart (and how often it reads) ------------------


@dataclass
class FakeStore:
    """An in-memory store that keeps plans apart: ``latest(plan=…)`` of that plan only."""

    values: dict[PlanKey, list[tuple[str, str, str]]]
    calls: list[PlanKey | None]

    def latest(
        self, as_of_end: str | None = None, *, plan: PlanKey | None = None
    ) -> list[StoredValue]:
        self.calls.append(plan)
        found = observations(self.values.get(plan, []) if plan else [])
        return [
            StoredValue(
                id=n,
                ingest_id=1,
                flags=None,
                source_file="f.csv",
                sha256="0" * 64,
                ingested_at=date(2024, 7, 1).isoformat(),
                value=None if o.value is None else str(o.value),
                **{k: getattr(o, k) for k in PASSED_ON},
            )
            for n, o in enumerate(found, 1)
        ]


# What an observation passes on to its stored value (as text where the store keeps text).
PASSED_ON = ("item_id", "kind", "period", "period_kind", "period_end", "end_month", "status")
PASSED_ON += ("unit", "raw_value", "raw_unit", "note", "reported_by", "row")


def fake_store(
    monkeypatch: pytest.MonkeyPatch, values: dict[PlanKey, list[tuple[str, str, str]]]
) -> FakeStore:
    store = FakeStore(values, [])

    def read_store(data_dir: Path, db: str | None, read: Any, area: str | None = None) -> Any:
        return read(store)

    monkeypatch.setattr(services, "read_store", read_store)
    return store


def two_areas(tmp_path: Path) -> Path:
    """data/2023 and data/2024 of one area, and data/南县-2023 (the same plan of another area)."""
    data = tmp_path / "data"
    plan_copy(data / "2023", 2023)
    plan_copy(data / "2024", 2024)
    plan_copy(data / "南县-2023", 2023, [("plan", 'area: "大通湖区"', 'area: "南县"')])
    return data


def test_judge_reads_last_years_plan_of_the_same_area(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another area's plan of last year, with the same ids and periods, is never compared."""
    data = two_areas(tmp_path)
    other = [(item, period, "99") for item, period, _ in VALUES_2023]
    store = fake_store(
        monkeypatch,
        {
            PlanKey(AREA, 2023): VALUES_2023,
            PlanKey("南县", 2023): other,
            PlanKey(AREA, 2024): VALUES_2024,
        },
    )
    judged = services.judge(data, None, "2024-06", plan=f"{AREA}/2024")
    assert store.calls == [PlanKey(AREA, 2024), PlanKey(AREA, 2023)]  # one read each
    assert judged.last_year["gdp_growth"] == LastYear(
        D("6.8"), "2023-Q2", "%", D("0.7"), POINTS, True
    )
    assert {i: float(v.value) for i, v in judged.last_year.items()} == {
        i: e[0] for i, e in EXPECTED_2024.items()
    }


def test_one_plan_reads_once_and_loads_one_catalog(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Speed: without last year's plan, no second read and no second catalog."""
    store = fake_store(monkeypatch, {PlanKey(AREA, 2023): VALUES_2023})
    loaded: list[Path] = []
    real = services.load_plan_folder

    def load(folder: Path) -> Any:
        loaded.append(folder)
        return real(folder)

    monkeypatch.setattr(services, "load_plan_folder", load)
    judged = services.judge(data_copy, None, "2023-06")
    assert store.calls == [PlanKey(AREA, 2023)]
    assert loaded == [data_copy]
    assert judged.last_year == {} and judged.warnings == []


def test_another_areas_values_are_not_last_year(tmp_path: Path) -> None:
    """In the SQLite store: 南县's 2023 values, sent later for the same ids and periods, are not
    大通湖区's last year."""
    data = two_areas(tmp_path)
    db = tmp_path / "liuzhang.sqlite"
    store_values(db, PlanKey(AREA, 2023), VALUES_2023)
    store_values(db, PlanKey(AREA, 2024), VALUES_2024)
    store_values(db, PlanKey("南县", 2023), [(i, p, "99") for i, p, _ in VALUES_2023])
    records = {
        r["id"]: r for r in status_json(data, "--plan", f"{AREA}/2024", "--as-of", "2024-06")
    }
    assert records["gdp_growth"]["last_year"] == 6.8


def test_a_malformed_previous_id_is_refused_where_it_stands(data_copy: Path) -> None:
    line = replace_once(
        data_copy / "targets.yaml",
        "  - id: gdp_growth\n",
        '  - id: gdp_growth\n    previous_id: "GDP Growth"\n',
    )
    code, out, err = run(data_copy, "validate")
    assert code == 1
    assert f"targets.yaml:{line + 1}:18: targets[0].previous_id: 编号“GDP Growth”无效" in out + err
