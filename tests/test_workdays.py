"""Working days (domain/workdays.py): Monday to Friday, holidays and 调休 given as data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from liuzhang.domain.workdays import add_workdays, is_workday

D = date.fromisoformat
# 2023's 端午 (Thursday 22 – Saturday 24 June; Sunday 25 June worked instead) and 国庆.
DUANWU = [D("2023-06-22"), D("2023-06-23")]
DUANWU_WORKED = [D("2023-06-25")]
GUOQING = [D(f"2023-10-0{n}") for n in range(2, 7)]
GUOQING_WORKED = [D("2023-10-07"), D("2023-10-08")]


@pytest.mark.parametrize(
    ("start", "days", "holidays", "worked", "expected"),
    [
        ("2023-07-14", 1, [], [], "2023-07-17"),  # Friday + 1 = Monday
        ("2023-07-15", 1, [], [], "2023-07-17"),  # Saturday + 1 = Monday
        ("2023-07-16", 1, [], [], "2023-07-17"),  # Sunday + 1 = Monday
        ("2023-07-10", 1, [], [], "2023-07-11"),  # Monday + 1 = Tuesday
        ("2023-07-12", 5, [], [], "2023-07-19"),  # Wednesday + 5 = next Wednesday
        ("2023-07-10", 5, [], [], "2023-07-17"),  # Monday + 5 = next Monday
        ("2023-06-28", 5, [], [], "2023-07-05"),  # across a month end
        ("2023-12-29", 1, [], [], "2024-01-01"),  # across a year end (no holiday given)
        ("2023-12-29", 1, [D("2024-01-01")], [], "2024-01-02"),  # 元旦
        ("2024-02-27", 2, [], [], "2024-02-29"),  # a leap day
        ("2023-07-10", 10, [], [], "2023-07-24"),  # two weeks
        ("2023-06-21", 1, DUANWU, DUANWU_WORKED, "2023-06-25"),  # the Sunday worked (调休)
        ("2023-06-21", 2, DUANWU, DUANWU_WORKED, "2023-06-26"),
        ("2023-06-21", 2, DUANWU, [], "2023-06-27"),  # holidays without the 调休 Sunday
        ("2023-09-28", 2, GUOQING, GUOQING_WORKED, "2023-10-07"),  # 29 Sept, then 7 Oct
        ("2023-09-28", 5, GUOQING, GUOQING_WORKED, "2023-10-10"),
        ("2023-09-28", 5, [*GUOQING, D("2023-09-29")], [], "2023-10-13"),
        ("2023-07-14", 1, [D("2023-07-15")], [], "2023-07-17"),  # a holiday on a weekend
        ("2023-07-14", 1, [D("2023-07-15")], [D("2023-07-15")], "2023-07-15"),  # both: worked
    ],
)
def test_add_workdays(
    start: str, days: int, holidays: list[date], worked: list[date], expected: str
) -> None:
    assert add_workdays(D(start), days, holidays, worked) == D(expected)


@pytest.mark.parametrize("days", [0, -1])
def test_fewer_than_one_day_is_an_error(days: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        add_workdays(D("2023-07-10"), days)


@pytest.mark.parametrize(
    ("day", "holidays", "worked", "expected"),
    [
        ("2023-07-14", [], [], True),  # Friday
        ("2023-07-15", [], [], False),  # Saturday
        ("2023-07-16", [], [], False),  # Sunday
        ("2023-06-22", DUANWU, [], False),
        ("2023-06-25", [], DUANWU_WORKED, True),
    ],
)
def test_is_workday(day: str, holidays: list[date], worked: list[date], expected: bool) -> None:
    assert is_workday(D(day), holidays, worked) is expected


_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


@given(
    start=_days,
    days=st.integers(min_value=1, max_value=40),
    holidays=st.sets(_days.filter(lambda d: d.weekday() < 5), max_size=20),
    worked=st.sets(_days.filter(lambda d: d.weekday() >= 5), max_size=10),
)
def test_the_result_is_a_working_day_exactly_n_working_days_later(
    start: date, days: int, holidays: set[date], worked: set[date]
) -> None:
    end = add_workdays(start, days, holidays, worked)
    assert end > start
    assert is_workday(end, holidays, worked)
    between = [start + timedelta(days=n) for n in range(1, (end - start).days + 1)]
    assert sum(is_workday(d, holidays, worked) for d in between) == days
