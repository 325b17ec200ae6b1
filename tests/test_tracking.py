"""The status rules as pure functions: tables of cases and invariants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DATA
from liuzhang.domain.measures import Projection, pacing_share
from liuzhang.domain.model import Target, Task, Tolerance, target_from, task_from
from liuzhang.domain.periods import month_end
from liuzhang.domain.tracking import (
    GRAVITY,
    Reading,
    classify,
    due_period,
    judge_target,
    judge_task,
    month_values,
    newest,
    periods_behind,
    project,
    tolerance_for,
)
from liuzhang.plandata import schema
from liuzhang.plandata.catalog import load_catalog

SHIPPED, _ = load_catalog(DATA)
PLAN_TOLERANCE = SHIPPED.tolerance
SOURCE = [{"ref": "test", "quote": "test"}]


def target(**fields: Any) -> Target:
    """A target as the engine gets it in production: validated by the schema, then the plain
    record the catalog loader keeps (:func:`liuzhang.domain.model.target_from`)."""
    base: dict[str, Any] = {
        "id": "t",
        "battle": 1,
        "name": "t",
        "target": Decimal(100),
        "unit": "个",
        "direction": "at_least",
        "measure": "cumulative",
        "frequency": "monthly",
        "lead": "区发改财政局",
        "sources": SOURCE,
    }
    base.update(fields)
    return target_from(schema.Target.model_validate(base))


def reading(
    month: int,
    value: str | None = None,
    status: str | None = None,
    kind: str = "month",
    dekad: int = 0,
) -> Reading:
    if kind == "dekad":
        end = date(2023, month, 10 * dekad) if dekad < 3 else month_end(2023, month)
        period = f"2023-{month:02d}-{'上中下'[dekad - 1]}旬"
    else:
        end = month_end(2023, month)
        period = {"month": f"2023-{month:02d}", "quarter": f"2023-Q{month // 3}"}.get(kind, "2023")
    return Reading("t", period, kind, end, month, None if value is None else Decimal(value), status)


def judge(t: Target, readings: list[Reading], as_of: int) -> Any:
    return judge_target(t, readings, as_of, 2023, PLAN_TOLERANCE, "区发改财政局")


GROWTH = {"measure": "growth", "unit": "%", "target": Decimal("7.5")}
JOBS = {"target": Decimal(1200), "unit": "人"}
QUARTERLY_PACING = {
    "target": Decimal(4),
    "unit": "次",
    "pacing": {3: "0.25", 6: "0.5", 9: "0.75", 12: "1"},
}
PM25 = {"measure": "level", "unit": "μg/m³", "target": Decimal(35), "direction": "at_most"}
GOOD_DAYS = {"measure": "level", "unit": "%", "target": Decimal(95)}
FIRE_DAMAGE = {"measure": "level", "unit": "‰", "target": Decimal("0.9"), "direction": "at_most"}


@pytest.mark.parametrize(
    ("fields", "month", "value", "status", "expected"),
    [
        # growth: compared with the target directly; tolerance min(1 point, 10 % of 7.5) = 0.75
        (GROWTH, 6, "7.5", "on_track", "7.5"),
        (GROWTH, 6, "6.75", "at_risk", "7.5"),
        (GROWTH, 6, "6.74", "behind", "7.5"),
        (GROWTH, 6, "-9.4", "behind", "7.5"),
        (GROWTH, 6, "8", "on_track", "7.5"),
        (GROWTH, 12, "8", "achieved", "7.5"),
        (GROWTH, 12, "7.5", "achieved", "7.5"),
        (GROWTH, 12, "7.49", "missed", "7.5"),  # a final value: no tolerance
        # cumulative, linear pacing: 1200 × 6/12 = 600; tolerance 10 % of 600
        (JOBS, 6, "600", "on_track", "600"),
        (JOBS, 6, "540", "at_risk", "600"),
        (JOBS, 6, "539", "behind", "600"),
        (JOBS, 6, "1200", "achieved", "600"),
        (JOBS, 3, "0", "behind", "300"),
        # cumulative with quarterly shares: a step at each quarter's end
        (QUARTERLY_PACING, 5, "1", "on_track", "1"),
        (QUARTERLY_PACING, 6, "1", "behind", "2"),
        (QUARTERLY_PACING, 2, "0", "on_track", "0"),
        # cumulative at_most a zero: any occurrence is behind
        ({"target": Decimal(0), "direction": "at_most", "unit": "起"}, 6, "0", "on_track", "0"),
        ({"target": Decimal(0), "direction": "at_most", "unit": "起"}, 6, "1", "behind", "0"),
        # level at_most 35 with ratio tolerance 3.5
        (PM25, 6, "35", "on_track", "35"),
        (PM25, 6, "38.5", "at_risk", "35"),
        (PM25, 6, "38.6", "behind", "35"),
        (PM25, 12, "30", "achieved", "35"),
        # level at_least in % with points tolerance
        (GOOD_DAYS, 6, "95", "on_track", "95"),
        (GOOD_DAYS, 6, "94", "at_risk", "95"),
        (GOOD_DAYS, 6, "93.9", "behind", "95"),
        # ‰ counts as a rate: min(1 point, 10 % of 0.9) = 0.09
        (FIRE_DAMAGE, 6, "0.99", "at_risk", "0.9"),
        (FIRE_DAMAGE, 6, "0.991", "behind", "0.9"),
        # a target's own tolerance overrides the plan's
        ({**JOBS, "tolerance": {"ratio": "0.05"}}, 6, "560", "behind", "600"),
        ({**GOOD_DAYS, "tolerance": {"points": "2"}}, 6, "93", "at_risk", "95"),
    ],
)
def test_target_rules(
    fields: dict[str, Any], month: int, value: str, status: str, expected: str
) -> None:
    judged = judge(target(**fields), [reading(month, value)], as_of=month)
    assert judged.status == status
    assert judged.expected == Decimal(expected)
    assert judged.gap == Decimal(value) - Decimal(expected)


@pytest.mark.parametrize(
    ("frequency", "as_of", "status", "due"),
    [
        ("monthly", 1, "not_due", None),  # January is published with February (1-2月)
        ("monthly", 2, "missing", "2023-02"),
        ("monthly", 6, "missing", "2023-06"),
        ("quarterly", 2, "not_due", None),
        ("quarterly", 3, "missing", "2023-Q1"),
        ("quarterly", 5, "missing", "2023-Q1"),
        ("annual", 11, "not_due", None),
        ("annual", 12, "missing", "2023"),
    ],
)
def test_missing_and_not_due(frequency: str, as_of: int, status: str, due: str | None) -> None:
    judged = judge(target(frequency=frequency), [], as_of)
    assert (judged.status, judged.due_period) == (status, due)
    assert judged.owes == ("区发改财政局" if status == "missing" else None)


def test_a_stale_value_is_judged_and_names_who_owes() -> None:
    judged = judge(target(**JOBS), [reading(5, "500")], as_of=6)
    assert judged.status == "on_track" and judged.expected == 500
    assert judged.stale and judged.owes == "区发改财政局" and judged.period == "2023-05"


def test_february_covers_january_and_february() -> None:
    judged = judge(target(**JOBS), [reading(2, "200")], as_of=2)
    assert not judged.stale and judged.status == "on_track"


def test_values_after_the_as_of_month_are_ignored() -> None:
    judged = judge(target(**JOBS), [reading(5, "500"), reading(7, "100")], as_of=6)
    assert judged.actual == 500


def test_a_dekad_value_uses_the_part_of_the_month() -> None:
    judged = judge(target(**JOBS), [reading(6, "540", kind="dekad", dekad=1)], as_of=6)
    assert judged.expected == Decimal(1200) * (Decimal(5) + Decimal(1) / 3) / 12


RETAIL = GROWTH  # 社会消费品零售总额增长 ≥ 7.5 %
FARMLAND = {"target": Decimal(7000), "unit": "亩"}
RND = {"measure": "level", "unit": "%", "target": Decimal(2), "frequency": "annual"}
GDP = {"measure": "growth", "unit": "%", "target": Decimal("7.5"), "frequency": "quarterly"}


@pytest.mark.parametrize(
    ("fields", "kind", "value", "status"),
    [
        # the year-end examples: short of the target on a final value is missed
        (RETAIL, "month", "7.1", "missed"),  # 1-12月 growth
        (RETAIL, "year", "7.1", "missed"),  # the annual figure (年报)
        (FARMLAND, "month", "6400", "missed"),  # cumulative: 6400 of 7000
        (RND, "year", "1.01", "missed"),
        (FIRE_DAMAGE, "month", "1.85", "missed"),
        (GDP, "quarter", "7.4", "missed"),  # Q4 (1-4季度) of a quarterly series
        # a final value that reaches the target is achieved, whatever the measure
        (RETAIL, "month", "7.5", "achieved"),
        (FARMLAND, "month", "7000", "achieved"),
        (RND, "year", "2", "achieved"),
        (FIRE_DAMAGE, "month", "0.9", "achieved"),
        (GDP, "quarter", "7.6", "achieved"),
        (PM25, "year", "35.01", "missed"),
        # a December 上旬 brief is not final: the year's course rules still apply
        (RETAIL, "dekad", "7.1", "at_risk"),
        (FARMLAND, "dekad", "6400", "at_risk"),
    ],
)
def test_a_final_value_is_achieved_or_missed(
    fields: dict[str, Any], kind: str, value: str, status: str
) -> None:
    t = target(**fields)
    judged = judge(t, [reading(12, value, kind=kind, dekad=1)], as_of=12)
    assert judged.status == status
    assert not judged.stale and judged.owes is None
    assert judged.actual == Decimal(value)


@pytest.mark.parametrize(
    ("fields", "value", "status"),
    [
        # the same values before the year's end: judged with the tolerance band
        (RETAIL, "7.1", "at_risk"),  # band 0.75 point
        (RETAIL, "6.7", "behind"),
        (FARMLAND, "6400", "at_risk"),  # expected 7000 × 11/12, band 10 %
        (FIRE_DAMAGE, "1.85", "behind"),  # band 0.09‰
        (FIRE_DAMAGE, "0.98", "at_risk"),
    ],
)
def test_before_december_a_shortfall_is_not_missed(
    fields: dict[str, Any], value: str, status: str
) -> None:
    assert judge(target(**fields), [reading(11, value)], as_of=11).status == status


@pytest.mark.parametrize(
    ("fields", "plan", "kind", "size"),
    [
        # % and ‰: the smaller of 1 point and 10 % of the target
        (RND, PLAN_TOLERANCE, "points", "0.2"),
        (FIRE_DAMAGE, PLAN_TOLERANCE, "points", "0.09"),
        (RETAIL, PLAN_TOLERANCE, "points", "0.75"),
        (GOOD_DAYS, PLAN_TOLERANCE, "points", "1"),
        (
            {**RETAIL, "target": Decimal(-5), "direction": "at_most"},
            PLAN_TOLERANCE,
            "points",
            "0.5",
        ),
        ({**RETAIL, "target": Decimal(0)}, PLAN_TOLERANCE, "points", "0"),
        # other units: 10 % of the expected value, as before
        (JOBS, PLAN_TOLERANCE, "ratio", "0.1"),
        (PM25, PLAN_TOLERANCE, "ratio", "0.1"),
        # a plan with only one of the two
        (RETAIL, Tolerance(ratio=Decimal("0.2")), "points", "1.5"),
        (RETAIL, Tolerance(points=Decimal("0.5")), "points", "0.5"),
        (JOBS, Tolerance(points=Decimal("0.5")), "ratio", "0"),
        # a target's own tolerance replaces the plan's; set alone, points or ratio is not capped
        ({**RND, "tolerance": {"points": "0.5"}}, PLAN_TOLERANCE, "points", "0.5"),
        ({**RND, "tolerance": {"ratio": "0.5"}}, PLAN_TOLERANCE, "points", "1"),
        ({**RND, "tolerance": {"points": "0.3", "ratio": "0.5"}}, PLAN_TOLERANCE, "points", "0.3"),
        ({**GOOD_DAYS, "tolerance": {"points": "2"}}, PLAN_TOLERANCE, "points", "2"),
        ({**JOBS, "tolerance": {"ratio": "0.05"}}, PLAN_TOLERANCE, "ratio", "0.05"),
        ({**JOBS, "tolerance": {"points": "3"}}, PLAN_TOLERANCE, "ratio", "0.1"),
    ],
)
def test_tolerance_for(fields: dict[str, Any], plan: Tolerance, kind: str, size: str) -> None:
    band = tolerance_for(target(**fields), plan)
    assert band == (kind, Decimal(size))


@pytest.mark.parametrize(
    ("frequency", "value_month", "due_month", "behind"),
    [
        ("monthly", 9, 9, 0),
        ("monthly", 8, 9, 1),
        ("monthly", 7, 9, 2),  # stale, still judged
        ("monthly", 6, 9, 3),  # Jul, Aug, Sep are due after June: missing
        ("monthly", 1, 3, 2),  # January is due with February
        ("monthly", 1, 4, 3),
        ("monthly", 12, 12, 0),
        ("quarterly", 9, 9, 0),
        ("quarterly", 6, 9, 1),
        ("quarterly", 6, 12, 2),
        ("quarterly", 3, 12, 3),
        ("quarterly", 8, 9, 1),  # a monthly value of a quarterly series
        ("annual", 12, 12, 0),
        ("annual", 6, 12, 1),  # annual series have one due period
    ],
)
def test_periods_behind(frequency: str, value_month: int, due_month: int, behind: int) -> None:
    assert periods_behind(frequency, value_month, due_month) == behind


@pytest.mark.parametrize(
    ("fields", "month", "kind", "value", "as_of", "status", "expected"),
    [
        # monthly: a July value as of September is stale and judged, a June value is not
        (JOBS, 7, "month", "700", 9, "on_track", "700"),
        (JOBS, 6, "month", "700", 9, "missing", None),
        (GROWTH, 9, "month", "7.5", 12, "missing", None),
        (GROWTH, 10, "month", "6", 12, "behind", "7.5"),
        # quarterly, counted in quarters
        (GDP, 3, "quarter", "7.5", 12, "missing", None),
        (GDP, 6, "quarter", "7.5", 9, "on_track", "7.5"),
        (GDP, 6, "quarter", "7.5", 12, "on_track", "7.5"),
        # a cumulative total that reached the annual target stays achieved
        (JOBS, 5, "month", "1300", 12, "achieved", "500"),
    ],
)
def test_a_value_older_than_two_due_periods_is_missing(
    fields: dict[str, Any],
    month: int,
    kind: str,
    value: str,
    as_of: int,
    status: str,
    expected: str | None,
) -> None:
    judged = judge(target(**fields), [reading(month, value, kind=kind)], as_of)
    assert judged.status == status
    assert judged.stale and judged.owes == "区发改财政局"
    assert judged.actual == Decimal(value)  # the last known value is still shown
    assert judged.period == reading(month, kind=kind).period
    assert judged.expected == (None if expected is None else Decimal(expected))
    assert judged.gap == (None if expected is None else Decimal(value) - Decimal(expected))


@pytest.mark.parametrize(
    ("due", "status", "month", "as_of", "expected"),
    [
        (None, "done", 3, 3, "achieved"),
        (None, "in_progress", 6, 6, "on_track"),
        (None, "not_started", 6, 6, "on_track"),
        (None, "not_started", 10, 10, "at_risk"),
        (None, "not_started", 8, 10, "at_risk"),  # two due periods old: still judged
        (None, "in_progress", 11, 12, "behind"),  # November's report, as of December
        (None, "in_progress", 12, 12, "missed"),  # December's report settles the year
        (None, "done", 12, 12, "achieved"),
        ("2023-06", "in_progress", 6, 6, "behind"),
        ("2023-06", "in_progress", 5, 5, "on_track"),
        ("2023-06", "done", 6, 6, "achieved"),
        ("2023-06", "in_progress", 6, 9, "missing"),  # three due periods old
        ("2023-06", "done", 3, 9, "achieved"),  # done stays done
    ],
)
def test_milestones(due: str | None, status: str, month: int, as_of: int, expected: str) -> None:
    t = target(measure="milestone", target=None, unit=None, due=due)
    assert judge(t, [reading(month, status=status)], as_of).status == expected


def task(deadline: str) -> Task:
    return task_from(
        schema.Task.model_validate(
            {
                "id": "k",
                "battle": 3,
                "ref": "r",
                "title": "k",
                "lead": ["区发改财政局"],
                "deadline": deadline,
            }
        )
    )


@pytest.mark.parametrize(
    ("deadline", "reported", "as_of", "expected"),
    [
        ("2023-06-30", "in_progress", 5, "in_progress"),
        ("2023-06-30", "in_progress", 6, "overdue"),  # the deadline is at M's end
        ("2023-06-30", "done", 6, "done"),
        ("2023-06-15", None, 6, "overdue"),
        ("2023-12", "not_started", 11, "not_started"),
        ("2023-12", "not_started", 12, "overdue"),
        ("2023-12", None, 6, "not_started"),
        ("ongoing", "in_progress", 12, "in_progress"),
        ("ongoing", None, 12, "not_started"),
    ],
)
def test_task_rules(deadline: str, reported: str | None, as_of: int, expected: str) -> None:
    readings = [] if reported is None else [reading(min(as_of, 5), status=reported)]
    judged = judge_task(task(deadline), readings, as_of, 2023, ["区发改财政局"], [])
    assert judged.status == expected


@pytest.mark.parametrize(
    ("actual", "expected", "direction", "tolerance", "status"),
    [
        ("10", "10", "at_least", ("ratio", "0.1"), "on_track"),
        ("9", "10", "at_least", ("ratio", "0.1"), "at_risk"),
        ("8.99", "10", "at_least", ("ratio", "0.1"), "behind"),
        ("11", "10", "at_most", ("ratio", "0.1"), "at_risk"),
        ("11.01", "10", "at_most", ("ratio", "0.1"), "behind"),
        ("6.5", "7.5", "at_least", ("points", "1"), "at_risk"),
        ("0", "0", "at_least", ("ratio", "0.1"), "on_track"),
    ],
)
def test_classify(
    actual: str, expected: str, direction: str, tolerance: tuple[str, str], status: str
) -> None:
    kind, size = tolerance
    assert classify(Decimal(actual), Decimal(expected), direction, (kind, Decimal(size))) == status


def test_pacing_and_projection() -> None:
    quarterly = target(**QUARTERLY_PACING)
    assert [pacing_share(quarterly, Decimal(m)) for m in (1, 3, 4, 6, 12)] == [
        0,
        Decimal("0.25"),
        Decimal("0.25"),
        Decimal("0.5"),
        1,
    ]
    jobs = target(**JOBS)
    projected = project(jobs, reading(6, "500"))
    assert projected is not None and projected.year_end == 1000 and projected.reach_month == 15
    assert not projected.reaches_in_year
    fast = project(jobs, reading(6, "700"))
    assert fast is not None and fast.reach_month == 11 and fast.reaches_in_year


def test_the_plan_tolerance_is_the_shipped_one() -> None:
    assert Tolerance(points=Decimal(1), ratio=Decimal("0.1")) == PLAN_TOLERANCE


EXCHANGE = SHIPPED.targets["gov_business_exchange_events"]  # 4 a year, one a quarter


@pytest.mark.parametrize(
    ("month", "kind", "value", "status", "projected"),
    [
        # on track at the quarterly pace: so is the projection (1 by May is 1 of the 1 expected)
        (5, "month", "1", "on_track", Projection(Decimal(4), 12, True)),
        (3, "quarter", "1", "on_track", Projection(Decimal(4), 12, True)),
        (6, "quarter", "2", "on_track", Projection(Decimal(4), 12, True)),
        (8, "month", "3", "on_track", Projection(Decimal(6), 9, True)),
        (7, "month", "1", "behind", Projection(Decimal(2), None, False)),
        (6, "quarter", "4", "achieved", Projection(Decimal(8), 6, True)),
        # nothing is expected before March: no pace to carry forward
        (2, "month", "1", "on_track", None),
    ],
)
def test_projection_follows_the_pacing(
    month: int, kind: str, value: str, status: str, projected: Projection | None
) -> None:
    assert EXCHANGE.pacing == {
        3: Decimal("0.25"),
        6: Decimal("0.5"),
        9: Decimal("0.75"),
        12: Decimal(1),
    }
    newest = reading(month, value, kind=kind)
    assert judge(EXCHANGE, [newest], month).status == status
    assert project(EXCHANGE, newest) == projected


def test_due_period_calendar() -> None:
    assert [due_period("monthly", m, 2023) for m in (1, 2, 12)] == [
        None,
        ("2023-02", 2),
        ("2023-12", 12),
    ]
    assert [due_period("quarterly", m, 2023) for m in (2, 3, 8, 12)] == [
        None,
        ("2023-Q1", 3),
        ("2023-Q2", 6),
        ("2023-Q4", 12),
    ]


# -- invariants -------------------------------------------------------------------------------

_VALUES = st.decimals(
    min_value=-50, max_value=3000, places=2, allow_nan=False, allow_infinity=False
)
_TARGETS = st.sampled_from(
    [GROWTH, JOBS, QUARTERLY_PACING, GOOD_DAYS, {"measure": "level", "unit": "家"}]
)
_AT_MOST = st.sampled_from(
    [
        PM25,
        {"target": Decimal(0), "direction": "at_most", "unit": "起"},
        {"measure": "growth", "unit": "%", "target": Decimal(0), "direction": "at_most"},
    ]
)
_MONTHS = st.integers(min_value=1, max_value=12)


@given(_TARGETS, _MONTHS, _VALUES, _VALUES)
def test_more_progress_never_makes_a_status_worse(
    fields: dict[str, Any], month: int, a: Decimal, b: Decimal
) -> None:
    low, high = sorted((a, b))
    t = target(**fields)
    worse = judge(t, [reading(month, str(low))], month).gravity
    better = judge(t, [reading(month, str(high))], month).gravity
    assert better <= worse


@given(_AT_MOST, _MONTHS, _VALUES, _VALUES)
def test_for_at_most_targets_a_lower_value_never_makes_it_worse(
    fields: dict[str, Any], month: int, a: Decimal, b: Decimal
) -> None:
    low, high = sorted((a, b))
    t = target(**fields)
    assert (
        judge(t, [reading(month, str(low))], month).gravity
        <= judge(t, [reading(month, str(high))], month).gravity
    )


_FREQUENCIES = st.sampled_from(["monthly", "quarterly", "annual"])


@given(
    _TARGETS | _AT_MOST,
    _FREQUENCIES,
    st.lists(st.tuples(_MONTHS, _VALUES), max_size=3),
    _MONTHS,
    _MONTHS,
)
def test_a_later_as_of_month_never_makes_a_target_better(
    fields: dict[str, Any], frequency: str, points: list[tuple[int, Decimal]], m1: int, m2: int
) -> None:
    early, late = sorted((m1, m2))
    t = target(**fields, frequency=frequency)
    readings = [reading(month, str(value)) for month, value in points if month <= early]
    assert judge(t, readings, late).gravity >= judge(t, readings, early).gravity


@given(
    st.sampled_from(["2023-03", "2023-06-30", "2023-12", "ongoing", "2023-09-15"]),
    st.sampled_from([None, "not_started", "in_progress", "done"]),
    _MONTHS,
    _MONTHS,
)
def test_a_later_as_of_month_never_makes_a_task_better(
    deadline: str, reported: str | None, m1: int, m2: int
) -> None:
    early, late = sorted((m1, m2))
    readings = [] if reported is None else [reading(early, status=reported)]
    first = judge_task(task(deadline), readings, early, 2023, ["x"], [])
    second = judge_task(task(deadline), readings, late, 2023, ["x"], [])
    assert GRAVITY[second.status] >= GRAVITY[first.status]


@given(
    st.sampled_from(["2023-03", "2023-06-30", "2023-12"]),
    st.sampled_from([None, "in_progress", "done"]),
    _MONTHS,
    _MONTHS,
)
def test_a_later_as_of_month_never_makes_a_milestone_better(
    due: str, status: str | None, m1: int, m2: int
) -> None:
    early, late = sorted((m1, m2))
    t = target(measure="milestone", target=None, unit=None, due=due)
    readings = [] if status is None else [reading(early, status=status)]
    assert judge(t, readings, late).gravity >= judge(t, readings, early).gravity


@given(_TARGETS | _AT_MOST, _FREQUENCIES, st.sampled_from(["month", "quarter", "year"]), _VALUES)
def test_a_final_value_is_only_ever_achieved_or_missed(
    fields: dict[str, Any], frequency: str, kind: str, value: Decimal
) -> None:
    t = target(**fields, frequency=frequency)
    judged = judge(t, [reading(12, str(value), kind=kind)], 12)
    reached = value >= t.target if t.direction == "at_least" else value <= t.target  # type: ignore[operator]
    assert judged.status == ("achieved" if reached else "missed")


def test_month_values_rank_as_newest_does() -> None:
    """One value per end month, the later submission for the same end (2023-Q2 sent after
    2023-06), 旬 values and status-only reports skipped; ordered by month."""
    readings = [
        Reading("t", "2023-Q2", "quarter", date(2023, 6, 30), 6, Decimal(5), None, seq=3),
        Reading("t", "2023-06", "month", date(2023, 6, 30), 6, Decimal(4), None, seq=2),
        Reading("t", "2023-05-中旬", "dekad", date(2023, 5, 20), 5, Decimal(9), None, seq=4),
        Reading("t", "2023-05", "month", date(2023, 5, 31), 5, Decimal(3), None, seq=1),
        Reading("t", "2023-04", "month", date(2023, 4, 30), 4, None, "done", seq=5),
    ]
    assert month_values(readings) == {5: Decimal(3), 6: Decimal(5)}
    assert newest(r for r in readings if r.end_month == 6).period == "2023-Q2"
