"""Period forms of submissions and task deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from liuzhang.domain.periods import parse_deadline, parse_period


@pytest.mark.parametrize(
    ("text", "canonical", "kind", "end_month"),
    [
        ("2023-06", "2023-06", "month", 6),
        ("2023-6", "2023-06", "month", 6),
        ("2023/6", "2023-06", "month", 6),
        ("2023年6月", "2023-06", "month", 6),
        ("２０２３年６月", "2023-06", "month", 6),
        ("2023年1-6月", "2023-06", "month", 6),
        ("2023年1—6月", "2023-06", "month", 6),
        ("2023年1-2月", "2023-02", "month", 2),
        ("2023-06-上旬", "2023-06-上旬", "dekad", 6),
        ("2023年6月下旬", "2023-06-下旬", "dekad", 6),
        ("2023-Q2", "2023-Q2", "quarter", 6),
        ("2023Q3", "2023-Q3", "quarter", 9),
        ("2023年二季度", "2023-Q2", "quarter", 6),
        ("2023年第四季度", "2023-Q4", "quarter", 12),
        ("2023-H1", "2023-H1", "half", 6),
        ("2023年上半年", "2023-H1", "half", 6),
        ("2023", "2023", "year", 12),
        ("2023年", "2023", "year", 12),
        ("2023年全年", "2023", "year", 12),
    ],
)
def test_accepted_period_forms(text: str, canonical: str, kind: str, end_month: int) -> None:
    period = parse_period(text)
    assert period is not None
    assert (period.text, period.kind, period.end_month) == (canonical, kind, end_month)


@pytest.mark.parametrize(
    "text", ["2023-13", "2023-00", "23-06", "六月", "2023-Q5", "2023年13月", "", "2023-06-末旬"]
)
def test_malformed_periods(text: str) -> None:
    assert parse_period(text) is None


def test_dekad_ends() -> None:
    assert [parse_period(f"2023-02-{d}").end for d in ("上旬", "中旬", "下旬")] == [  # type: ignore[union-attr]
        date(2023, 2, 10),
        date(2023, 2, 20),
        date(2023, 2, 28),
    ]


@pytest.mark.parametrize(
    ("text", "end"),
    [
        ("2023-12", date(2023, 12, 31)),
        ("2023-02", date(2023, 2, 28)),
        ("2023-06-30", date(2023, 6, 30)),
        ("ongoing", None),
    ],
)
def test_deadlines(text: str, end: date | None) -> None:
    deadline = parse_deadline(text)
    assert deadline is not None and deadline.end == end


@pytest.mark.parametrize("text", ["2023-13", "2023-02-30", "2023年12月", "长期", "2023"])
def test_malformed_deadlines(text: str) -> None:
    assert parse_deadline(text) is None
