"""The date rules of the 旬简报 (domain/dekads.py) and its newly-behind rule, as tables of cases."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liuzhang.domain.dekads import (
    arrived_within,
    judged_month,
    known_by,
    month_due_by,
    month_due_date,
    previous_dekad,
)
from liuzhang.domain.observations import StoredValue
from liuzhang.domain.periods import Period, dekad_period, parse_period
from liuzhang.domain.tracking import Judgement
from liuzhang.views.dekad import newly_behind


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2023-06-上旬", "2023-06-01", "2023-06-10"),
        ("2023-06-中旬", "2023-06-11", "2023-06-20"),
        ("2023-06-下旬", "2023-06-21", "2023-06-30"),
        ("2023-07-下旬", "2023-07-21", "2023-07-31"),
        ("2023-02-下旬", "2023-02-21", "2023-02-28"),
        ("2024-02-下旬", "2024-02-21", "2024-02-29"),  # a leap year
        ("2023年6月中旬", "2023-06-11", "2023-06-20"),
    ],
)
def test_a_dekads_dates(text: str, start: str, end: str) -> None:
    period = parse_period(text)
    assert period is not None and period.kind == "dekad"
    assert (period.start.isoformat(), period.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    ("dekad", "previous"),
    [
        ("2023-06-中旬", "2023-06-上旬"),
        ("2023-06-下旬", "2023-06-中旬"),
        ("2023-06-上旬", "2023-05-下旬"),
        ("2023-03-上旬", "2023-02-下旬"),
        ("2023-01-上旬", "2022-12-下旬"),  # across the year
    ],
)
def test_the_previous_dekad(dekad: str, previous: str) -> None:
    period = parse_period(dekad)
    assert period is not None
    before = previous_dekad(period)
    assert before.text == previous
    assert (period.start - before.end).days == 1  # no gap, no overlap


@pytest.mark.parametrize(
    ("year", "month", "due_day", "due"),
    [
        (2023, 5, 5, "2023-06-05"),
        (2023, 12, 5, "2024-01-05"),
        (2023, 1, 28, "2023-02-28"),
        (2023, 11, 1, "2023-12-01"),
    ],
)
def test_when_a_months_values_are_due(year: int, month: int, due_day: int, due: str) -> None:
    assert month_due_date(year, month, due_day).isoformat() == due


@pytest.mark.parametrize(
    ("day", "due_day", "month"),
    [
        ("2023-06-20", 5, (2023, 5)),  # 2023-06-中旬: May
        ("2023-06-10", 5, (2023, 5)),  # 2023-06-上旬: May (due on the 5th)
        ("2023-06-05", 5, (2023, 5)),  # the due day itself counts
        ("2023-06-04", 5, (2023, 4)),
        ("2023-06-10", 15, (2023, 4)),  # a later due day: not May yet
        ("2023-06-30", 28, (2023, 5)),
        ("2023-01-10", 5, (2022, 12)),
        ("2023-01-04", 5, (2022, 11)),
        ("2023-02-04", 5, (2022, 12)),
        ("2024-01-20", 5, (2023, 12)),
        ("2023-03-01", 1, (2023, 2)),
    ],
)
def test_the_latest_month_due_by_a_day(day: str, due_day: int, month: tuple[int, int]) -> None:
    assert month_due_by(date.fromisoformat(day), due_day) == month


@given(st.dates(date(2000, 1, 1), date(2100, 12, 31)), st.integers(1, 28))
def test_the_month_due_by_a_day_is_the_latest_with_its_due_date_passed(
    day: date, due_day: int
) -> None:
    year, month = month_due_by(day, due_day)
    assert month_due_date(year, month, due_day) <= day
    after = (year, month + 1) if month < 12 else (year + 1, 1)
    assert month_due_date(*after, due_day) > day


@pytest.mark.parametrize(
    ("day", "due_day", "plan_year", "month"),
    [
        ("2023-06-20", 5, 2023, 5),
        ("2023-02-10", 5, 2023, 1),  # January is due (monthly series judge it not due)
        ("2023-01-20", 5, 2023, None),  # only December 2022: nothing of 2023 yet
        ("2022-12-31", 5, 2023, None),
        ("2024-01-20", 5, 2023, 12),  # the whole year is due
        ("2025-06-20", 5, 2023, 12),
    ],
)
def test_the_plan_month_a_brief_judges_as_of(
    day: str, due_day: int, plan_year: int, month: int | None
) -> None:
    assert judged_month(date.fromisoformat(day), due_day, plan_year) == month


def value(
    id: int,
    item: str,
    end: str,
    ingested: str,
    received: str | None = None,
    reverted: str | None = None,
) -> StoredValue:
    return StoredValue(
        id=id,
        ingest_id=id,
        item_id=item,
        kind="target",
        period=end[:7],
        period_kind="month",
        period_end=end,
        end_month=int(end[5:7]),
        value=str(id),
        status=None,
        unit=None,
        raw_value=None,
        raw_unit=None,
        note=None,
        reported_by=None,
        flags=None,
        row=2,
        source_file="f.csv",
        sha256="",
        ingested_at=ingested,
        reverted_at=reverted,
        received=received,
    )


VALUES = [
    value(1, "a", "2023-05-31", "2023-06-03T09:00:00+08:00"),
    value(2, "a", "2023-05-31", "2023-06-14T09:00:00+08:00"),  # revises 1
    value(3, "b", "2023-05-31", "2023-07-01T09:00:00+08:00", received="2023-06-12"),
    value(4, "b", "2023-05-31", "2023-06-15T09:00:00+08:00", reverted="2023-06-16T09:00:00"),
    value(5, "a", "2023-06-30", "2023-06-20T23:59:59+08:00"),
    value(6, "a", "2023-05-31", "2023-06-21T00:00:00+08:00"),  # revises 2, a day late
]


@pytest.mark.parametrize(
    ("day", "ids"),
    [
        ("2023-06-02", []),
        ("2023-06-03", [1]),
        ("2023-06-12", [1, 3]),  # 3 arrived on the 12th, ingested weeks later
        ("2023-06-14", [2, 3]),
        ("2023-06-15", [2, 3]),  # 4 was taken back: it never counts
        ("2023-06-20", [2, 5, 3]),  # by item, period end
        ("2023-06-21", [6, 5, 3]),
    ],
)
def test_what_the_office_knew_at_the_end_of_a_day(day: str, ids: list[int]) -> None:
    assert [v.id for v in known_by(VALUES, date.fromisoformat(day))] == ids


@pytest.mark.parametrize(
    ("start", "end", "ids"),
    [
        ("2023-06-11", "2023-06-20", [2, 3, 5]),  # both ends inclusive; 4 reverted
        ("2023-06-01", "2023-06-10", [1]),
        ("2023-06-21", "2023-06-30", [6]),
        ("2023-07-01", "2023-07-10", []),  # 3's ingest day is not its arrival
    ],
)
def test_what_arrived_within_a_dekad(start: str, end: str, ids: list[int]) -> None:
    got = arrived_within(VALUES, date.fromisoformat(start), date.fromisoformat(end))
    assert [v.id for v in got] == ids


def judgement(id: str, status: str) -> Judgement:
    return Judgement(id=id, kind="target", battle=1, name=id, status=status, lead=["L"])


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        ("on_track", "behind", [("on_track", "behind")]),
        ("at_risk", "behind", [("at_risk", "behind")]),
        ("missing", "behind", [("missing", "behind")]),  # a first value, behind
        ("not_due", "missed", [("not_due", "missed")]),
        ("in_progress", "overdue", [("in_progress", "overdue")]),
        (None, "behind", [(None, "behind")]),  # not judged before (a new item)
        ("behind", "behind", []),
        ("overdue", "overdue", []),
        ("behind", "missed", []),  # still behind
        ("on_track", "at_risk", []),  # worse, not behind
        ("behind", "on_track", []),
        ("on_track", "missing", []),
    ],
)
def test_newly_behind(before: str | None, now: str, expected: list[tuple[str | None, str]]) -> None:
    earlier = [judgement("x", before)] if before else []
    got = newly_behind([judgement("x", now)], earlier)
    assert [(x["from"], x["to"]) for x in got] == expected


def test_nothing_is_newly_behind_without_a_judgement_before() -> None:
    assert newly_behind([judgement("x", "behind")], None) == []


def test_a_dekad_period_is_what_previous_dekad_builds() -> None:
    period: Period = dekad_period(2023, 1, 1)
    assert previous_dekad(period) == dekad_period(2022, 12, 3)
