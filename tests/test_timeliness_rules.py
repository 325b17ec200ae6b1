"""The rules of timeliness (报送及时率), pure: due dates, the status of an expected value, the
rates, what is expected of whom, the first arrival of a value, and --received."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import DATA
from liuzhang.domain.observations import StoredValue
from liuzhang.domain.periods import parse_period
from liuzhang.domain.plan import Reporting
from liuzhang.domain.timeliness import (
    STATUSES,
    Expected,
    Tally,
    classify,
    due_date,
    ends_after,
    expected_in,
    expected_values,
    first_arrivals,
    judge_timeliness,
    parse_received,
    tally,
)
from liuzhang.plandata.catalog import load_catalog

CATALOG, _ = load_catalog(DATA)
DEFAULT = Reporting()
d = date.fromisoformat


def _period(text: str):  # type: ignore[no-untyped-def]
    period = parse_period(text)
    assert period is not None
    return period


@pytest.mark.parametrize(
    ("period", "reporting", "due"),
    [
        ("2023-06", DEFAULT, "2023-07-05"),  # monthly: the 5th of the next month
        ("2023-01", DEFAULT, "2023-02-05"),
        ("2023-12", DEFAULT, "2024-01-05"),  # across the year
        ("2023-02", Reporting(monthly_due_day=28), "2023-03-28"),
        ("2023-Q2", DEFAULT, "2023-07-10"),  # quarter: the 10th of the month after
        ("2023-Q4", DEFAULT, "2024-01-10"),
        ("2023-H1", DEFAULT, "2023-07-10"),  # half-year: as a quarter
        ("2023", DEFAULT, "2024-01-10"),  # the year: as a quarter
        ("2023-Q1", Reporting(quarterly_due_day=20), "2023-04-20"),
        ("2023-06-上旬", DEFAULT, "2023-06-12"),  # 旬: 2 days after its end
        ("2023-06-中旬", DEFAULT, "2023-06-22"),
        ("2023-06-下旬", DEFAULT, "2023-07-02"),
        ("2023-02-下旬", DEFAULT, "2023-03-02"),  # February ends on the 28th
        ("2024-02-下旬", DEFAULT, "2024-03-02"),  # a leap year: the 29th
        ("2023-06-上旬", Reporting(dekad_due_days=0), "2023-06-10"),
    ],
)
def test_due_date(period: str, reporting: Reporting, due: str) -> None:
    assert due_date(_period(period), reporting) == d(due)


DUE = d("2023-07-05")


@pytest.mark.parametrize(
    ("arrived", "as_of", "status"),
    [
        ("2023-07-01", "2023-07-20", "on_time"),
        ("2023-07-05", "2023-07-20", "on_time"),  # on the due day
        ("2023-07-06", "2023-07-20", "late"),  # the day after
        ("2023-06-20", "2023-07-20", "on_time"),  # early (before the period ended)
        (None, "2023-07-05", "not_due"),  # not yet: the due day itself
        (None, "2023-07-06", "missing"),
        (None, "2023-07-01", "not_due"),
        ("2023-07-03", "2023-07-04", "on_time"),  # received before the as-of date
        ("2023-07-10", "2023-07-06", "missing"),  # it came later than the as-of date
        ("2023-07-04", "2023-07-03", "not_due"),  # it came later, and it is not yet due
        ("2023-07-20", "2023-07-20", "late"),  # received on the as-of date
    ],
)
def test_classify(arrived: str | None, as_of: str, status: str) -> None:
    assert classify(d(arrived) if arrived else None, DUE, d(as_of)) == status


@pytest.mark.parametrize(
    ("counts", "on_time_rate", "received_rate"),
    [
        ((3, 1, 0, 0), 0.75, 1.0),
        ((0, 0, 4, 0), 0.0, 0.0),
        ((1, 1, 2, 0), 0.25, 0.5),
        ((2, 0, 0, 5), 1.0, 1.0),  # not yet due: outside the rates
        ((0, 0, 0, 5), None, None),  # nothing due yet
        ((0, 0, 0, 0), None, None),  # nothing expected
    ],
)
def test_rates(
    counts: tuple[int, int, int, int], on_time_rate: float | None, received_rate: float | None
) -> None:
    t = Tally(*counts)
    assert (t.on_time_rate, t.received_rate) == (on_time_rate, received_rate)
    assert t.expected == sum(counts)


def _frequency(frequency: str) -> list[str]:
    return [t.id for t in CATALOG.targets.values() if t.frequency == frequency]


@pytest.mark.parametrize(
    ("month", "frequencies", "period"),
    [
        (1, (), None),  # January comes with February (1-2月): nothing is due for it
        (2, ("monthly",), {"monthly": "2023-02"}),
        (5, ("monthly",), {"monthly": "2023-05"}),
        (6, ("monthly", "quarterly"), {"monthly": "2023-06", "quarterly": "2023-Q2"}),
        (9, ("monthly", "quarterly"), {"monthly": "2023-09", "quarterly": "2023-Q3"}),
        (
            12,
            ("monthly", "quarterly", "annual"),
            {"monthly": "2023-12", "quarterly": "2023-Q4", "annual": "2023"},
        ),
    ],
)
def test_what_is_expected_of_a_month_follows_the_frequency(
    month: int, frequencies: tuple[str, ...], period: dict[str, str] | None
) -> None:
    """Monthly targets every month from February, quarterly ones in quarter-end months, annual
    ones in December (as ``missing`` decides: tracking.due_span), each of its lead unit."""
    expected = expected_values(CATALOG, [month])
    by_id = {e.item_id: e for e in expected}
    assert sorted(by_id) == sorted(i for f in frequencies for i in _frequency(f))
    for e in expected:
        target = CATALOG.targets[e.item_id]
        assert e.unit == CATALOG.target_lead(target)
        assert period is not None and e.period.text == period[target.frequency]
    assert len(_frequency("monthly")) and len(_frequency("quarterly"))


def test_a_quarter_expects_its_three_months() -> None:
    quarter = expected_in(CATALOG, _period("2023-Q2"))
    months = [e for m in (4, 5, 6) for e in expected_values(CATALOG, [m])]
    assert quarter == months
    assert len(quarter) == 2 * len(_frequency("monthly")) + len(
        _frequency("monthly") + _frequency("quarterly")
    )


def _value(
    item: str, end: str, ingested: str, received: str | None = None, reverted: bool = False
) -> StoredValue:
    return StoredValue(
        1, 1, item, "target", end[:7], "month", end, int(end[5:7]), "1", None, None, "1",
        None, None, None, None, 2, "f.csv", "sha", f"{ingested}T09:00:00+08:00",
        "2023-08-01T00:00:00+08:00" if reverted else None, received,
    )  # fmt: skip


def test_a_value_counts_from_its_first_live_arrival() -> None:
    """A revision does not make an on-time value late; a value first sent late stays late; the
    values of a reverted ingest do not count; --received comes before the ingest's date."""
    values = [
        _value("a", "2023-06-30", "2023-07-03"),  # on time
        _value("a", "2023-06-30", "2023-07-15"),  # its revision, late
        _value("b", "2023-06-30", "2023-07-09"),  # late
        _value("b", "2023-06-30", "2023-07-20"),  # its revision
        _value("c", "2023-06-30", "2023-07-01", reverted=True),  # taken back
        _value("c", "2023-06-30", "2023-07-12"),
        _value("e", "2023-06-30", "2023-09-01", received="2023-07-04"),  # ingested late
        _value("a", "2023-05-31", "2023-06-20"),  # another period end
    ]
    assert first_arrivals(values) == {
        ("a", d("2023-06-30")): d("2023-07-03"),
        ("b", d("2023-06-30")): d("2023-07-09"),
        ("c", d("2023-06-30")): d("2023-07-12"),
        ("e", d("2023-06-30")): d("2023-07-04"),
        ("a", d("2023-05-31")): d("2023-06-20"),
    }
    june = _period("2023-06")
    expected = [Expected(i, "U", june) for i in ("a", "b", "c", "e", "f")]
    judged = judge_timeliness(expected, first_arrivals(values), DEFAULT, d("2023-07-20"))
    assert [j.status for j in judged] == ["on_time", "late", "late", "on_time", "missing"]
    assert tally(judged) == {"U": Tally(on_time=2, late=2, missing=1)}


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2023-07-04", "2023-07-04"),
        (" 2023-07-04 ", "2023-07-04"),
        ("2023-7-4", None),
        ("2023-07", None),
        ("2023-02-30", None),
        ("2023/07/04", None),
        ("20230704", None),
        ("昨天", None),
        ("", None),
    ],
)
def test_parse_received(text: str, parsed: str | None) -> None:
    assert parse_received(text) == (d(parsed) if parsed else None)


@pytest.mark.parametrize(
    ("received", "periods", "found"),
    [
        ("2023-07-04", ["2023-06", "2023-Q2"], None),
        ("2023-06-30", ["2023-06"], None),  # the last day of the period: fine
        ("2023-06-20", ["2023-05", "2023-06"], "2023-06"),
        ("2023-06-20", ["2023-06", "2023-Q3"], "2023-Q3"),  # the latest-ending one
        ("2023-06-20", ["2023-Q2", "2023-06", "2023-H1"], "2023-06"),  # the same end: the month
        ("2023-06-05", ["2023-06-上旬"], "2023-06-上旬"),
        ("2023-06-20", [], None),
    ],
)
def test_received_before_the_period_it_reports(
    received: str, periods: list[str], found: str | None
) -> None:
    after = ends_after(d(received), [_period(p) for p in periods])
    assert (after.text if after else None) == found


UNITS = st.sampled_from(["甲", "乙", "丙"])
DAYS = st.integers(min_value=-20, max_value=40)


@given(
    st.lists(
        st.tuples(UNITS, st.one_of(st.none(), DAYS)),
        max_size=30,
    ),
    DAYS,
)
def test_every_expected_value_has_exactly_one_status(
    values: list[tuple[str, int | None]], as_of_offset: int
) -> None:
    """on time + late + missing + not yet due = expected, per unit and in all; the rates lie in
    0..1, the received rate at least the on-time rate; None exactly when nothing is due."""
    june = _period("2023-06")
    start = d("2023-07-01")
    expected = [Expected(f"i{n}", unit, june) for n, (unit, _) in enumerate(values)]
    arrivals = {
        (f"i{n}", june.end): start + timedelta(days=offset)
        for n, (_, offset) in enumerate(values)
        if offset is not None
    }
    judged = judge_timeliness(expected, arrivals, DEFAULT, start + timedelta(days=as_of_offset))
    assert all(j.status in STATUSES for j in judged)
    by_unit = tally(judged)
    assert sum(t.expected for t in by_unit.values()) == len(values)
    for unit, t in by_unit.items():
        assert t.on_time + t.late + t.missing + t.not_due == t.expected
        assert t.expected == sum(1 for u, _ in values if u == unit)
        if t.due == 0:
            assert t.on_time_rate is None and t.received_rate is None
        else:
            assert t.on_time_rate is not None and t.received_rate is not None
            assert 0 <= t.on_time_rate <= t.received_rate <= 1
