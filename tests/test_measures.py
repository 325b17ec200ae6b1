"""Measure kinds in one registry, and the Period type: a toy measure added here alone reaches the
engine, ``status --format json`` and the bulletin; the quarterly-paced target's projection."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import DATA, ingest_file
from liuzhang.cli.app import app
from liuzhang.domain import measures
from liuzhang.domain.measures import MEASURES, Measure, Projection, measure_of, reached
from liuzhang.domain.model import Target
from liuzhang.domain.periods import Period, parse_period
from liuzhang.domain.tracking import Reading, judge_all
from liuzhang.plandata import catalog as catalog_module
from liuzhang.plandata import schema
from liuzhang.plandata.catalog import load_catalog
from liuzhang.views.bulletin import build_bulletin, projection
from liuzhang.views.records import as_record

SHIPPED, _ = load_catalog(DATA)


def test_the_registry_holds_the_kinds_the_schema_allows() -> None:
    assert tuple(MEASURES) == get_args(schema.Measure)
    assert {name: type(m).__name__ for name, m in MEASURES.items()} == {
        "growth": "Growth",
        "cumulative": "Cumulative",
        "level": "Level",
        "milestone": "Milestone",
    }
    assert [n for n, m in MEASURES.items() if m.reports_status] == ["milestone"]
    assert [n for n, m in MEASURES.items() if m.paced] == ["cumulative"]
    assert [n for n, m in MEASURES.items() if m.needs_target] == ["growth", "cumulative", "level"]


# -- the quarterly-paced target of the shipped plan -------------------------------------------

EXCHANGE = SHIPPED.targets["gov_business_exchange_events"]


def _reading(text: str, value: str, seq: int = 0) -> Reading:
    p = parse_period(text)
    assert p is not None
    return Reading(EXCHANGE.id, p.text, p.kind, p.end, p.end_month, Decimal(value), None, seq=seq)


def test_the_bulletin_projects_the_quarterly_pace() -> None:
    """1 by May of 4 a year, one a quarter: on track, and so is the year (was 2.4, never)."""
    assert projection(EXCHANGE, [_reading("2023-05", "1")]) == {
        "actual": 1,
        "period": "2023-05",
        "year_end": 4,
        "reach_month": 12,
        "reaches_in_year": True,
        "reached_period": None,
    }


def test_show_projects_the_quarterly_pace(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    csv = tmp_path / "优办.csv"
    csv.write_text("id,period,value,unit\ngov_business_exchange_events,2023-05,1,次\n")
    runner = CliRunner()
    assert ingest_file(runner, db, csv)[0] == 0
    result = runner.invoke(app, ["show", EXCHANGE.id, "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    view = json.loads(result.stdout)
    assert view["status"]["status"] == "on_track"
    assert (view["status"]["expected"], view["status"]["actual"]) == (1, 1)
    assert view["projection"]["year_end"] == 4 and view["projection"]["reaches_in_year"]
    text = runner.invoke(app, ["show", EXCHANGE.id, "--db", str(db)])
    assert "按当前进度预计全年：4 次，预计 12 月达到目标" in text.stdout


# -- a toy measure, added in this file alone ---------------------------------------------------


class RatioToLastYear(Measure):
    """This year's value to date as a % of last year's for the same months; the ratio is
    expected to hold all year, so it projects itself to December."""

    name = "ratio_to_last_year"

    def project(
        self, target: Target, value: Decimal, months: Decimal, end_month: int
    ) -> Projection | None:
        ok = reached(target, value)
        return Projection(value, end_month if ok else None, ok)

    def expected_path(self, target: Target) -> list[tuple[int, Decimal]]:
        return [(m, self.expected(target, Decimal(m))) for m in range(1, 13)]


TOY_ID = "retail_sales_growth"


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The toy kind registered, and the plan loader giving one target that kind (107.5 %)."""
    monkeypatch.setitem(MEASURES, RatioToLastYear.name, RatioToLastYear())
    plain = catalog_module.target_from

    def target_from(m: Any) -> Target:
        record = plain(m)
        if record.id != TOY_ID:
            return record
        return dataclasses.replace(record, measure=RatioToLastYear.name, target=Decimal("107.5"))

    monkeypatch.setattr(catalog_module, "target_from", target_from)
    monkeypatch.setenv("LIUZHANG_CACHE", "off")
    yield


def _toy_readings() -> list[Reading]:
    return [
        Reading(TOY_ID, "2023-05", "month", date(2023, 5, 31), 5, Decimal(106), None, seq=1),
        Reading(TOY_ID, "2023-06", "month", date(2023, 6, 30), 6, Decimal(108), None, seq=2),
    ]


TOY_RECORD = {
    "status": "on_track",
    "measure": "ratio_to_last_year",
    "actual": 108,
    "expected": 107.5,
    "gap": 0.5,
    "target": 107.5,
    "remaining": 0,
    "period": "2023-06",
}


def _toy_fields(record: dict[str, Any]) -> dict[str, Any]:
    return {k: record[k] for k in TOY_RECORD}


@pytest.mark.usefixtures("toy")
def test_the_engine_judges_a_toy_measure() -> None:
    catalog, report = load_catalog(DATA)
    assert report.ok and measure_of(catalog.targets[TOY_ID]).name == "ratio_to_last_year"
    judged = {j.id: j for j in judge_all(catalog, _toy_readings(), 6)}
    assert _toy_fields(as_record(judged[TOY_ID])) == TOY_RECORD
    in_may = {j.id: j for j in judge_all(catalog, _toy_readings()[:1], 5)}[TOY_ID]
    assert in_may.status == "behind"  # 106: 1.5 points short of 107.5, the band is 1 point


@pytest.mark.usefixtures("toy")
def test_status_json_reports_a_toy_measure(tmp_path: Path) -> None:
    db = tmp_path / "toy.sqlite"
    csv = tmp_path / "发改.csv"
    csv.write_text(f"id,period,value,unit\n{TOY_ID},2023-05,106,%\n{TOY_ID},2023-06,108,%\n")
    runner = CliRunner()
    code, out = ingest_file(runner, db, csv)
    assert code == 0, out
    result = runner.invoke(app, ["status", "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in json.loads(result.stdout)}
    assert _toy_fields(records[TOY_ID]) == TOY_RECORD


@pytest.mark.usefixtures("toy")
def test_the_bulletin_charts_and_projects_a_toy_measure() -> None:
    catalog, _ = load_catalog(DATA)
    bulletin = build_bulletin(catalog, _toy_readings(), 6)
    [chart] = [c for c in bulletin["charts"] if c["id"] == TOY_ID]
    assert chart["measure"] == "ratio_to_last_year"
    assert chart["expected"] == [{"month": m, "value": 107.5} for m in range(1, 13)]
    assert chart["actual"] == [{"month": 5, "value": 106}, {"month": 6, "value": 108}]
    [forecast] = [p for p in bulletin["projections"] if p["id"] == TOY_ID]
    assert (forecast["year_end"], forecast["reach_month"], forecast["reaches_in_year"]) == (
        108,
        6,
        True,
    )
    [battle] = [b for b in bulletin["battles"] if b["battle"] == 1]
    [record] = [t for t in battle["targets"] if t["id"] == TOY_ID]
    assert _toy_fields(record) == TOY_RECORD


def test_the_toy_kind_is_gone_after_its_test() -> None:
    assert "ratio_to_last_year" not in MEASURES
    assert measures.MEASURES is MEASURES


# -- the Period type ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "start", "end", "fraction", "previous"),
    [
        ("2023-06", "month", date(2023, 6, 1), date(2023, 6, 30), "6", "2023-05"),
        ("2023-01", "month", date(2023, 1, 1), date(2023, 1, 31), "1", None),
        ("2023-06-上旬", "dekad", date(2023, 6, 1), date(2023, 6, 10), "5.3333", "2023-05-下旬"),
        ("2023-06-中旬", "dekad", date(2023, 6, 11), date(2023, 6, 20), "5.6667", "2023-06-上旬"),
        ("2023-02-下旬", "dekad", date(2023, 2, 21), date(2023, 2, 28), "2", "2023-02-中旬"),
        ("2023-01-上旬", "dekad", date(2023, 1, 1), date(2023, 1, 10), "0.3333", None),
        ("2023-Q3", "quarter", date(2023, 7, 1), date(2023, 9, 30), "9", "2023-Q2"),
        ("2023-Q1", "quarter", date(2023, 1, 1), date(2023, 3, 31), "3", None),
        ("2023-H2", "half", date(2023, 7, 1), date(2023, 12, 31), "12", "2023-H1"),
        ("2023", "year", date(2023, 1, 1), date(2023, 12, 31), "12", None),
    ],
)
def test_a_period_is_a_type(
    text: str, kind: str, start: date, end: date, fraction: str, previous: str | None
) -> None:
    period = Period.parse(text)
    assert period is not None
    assert (period.text, period.kind, period.start, period.end) == (text, kind, start, end)
    assert round(period.month_fraction, 4) == Decimal(fraction)
    assert (p.text if (p := period.previous()) else None) == previous
    # what the store keeps (kind, start, end) gives the same period back
    assert Period.of(kind, start, end) == period
    assert Period.of(kind, None, end) == period


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        ("dekad", None, date(2023, 6, 15)),  # no 旬 ends on the 15th (it was taken as 下旬)
        ("dekad", date(2023, 6, 1), date(2023, 6, 20)),
        ("quarter", None, date(2023, 8, 31)),
        ("half", None, date(2023, 9, 30)),
        ("year", None, date(2023, 6, 30)),
        ("month", None, date(2023, 6, 15)),
        ("month", date(2023, 1, 1), date(2023, 6, 30)),
        ("week", None, date(2023, 6, 30)),
    ],
)
def test_dates_that_are_no_such_period_are_refused(
    kind: str, start: date | None, end: date
) -> None:
    with pytest.raises(ValueError, match=f"no {kind} period"):
        Period.of(kind, start, end)


def test_a_dekad_reading_counts_its_third_of_the_month() -> None:
    middle = Reading("t", "2023-06-中旬", "dekad", date(2023, 6, 20), 6, Decimal(1), None)
    assert middle.month_fraction == Decimal(5) + Decimal(2) / 3
    odd = Reading("t", "2023-06-?", "dekad", date(2023, 6, 15), 6, Decimal(1), None)
    with pytest.raises(ValueError, match="no dekad period"):
        _ = odd.month_fraction


def _every_period(year: int) -> list[Period]:
    from liuzhang.domain.periods import (
        dekad_period,
        half_period,
        month_period,
        quarter_period,
        year_period,
    )

    months = [month_period(year, m) for m in range(1, 13)]
    dekads = [dekad_period(year, m, d) for m in range(1, 13) for d in (1, 2, 3)]
    quarters = [quarter_period(year, q) for q in range(1, 5)]
    return [
        *months,
        *dekads,
        *quarters,
        half_period(year, 1),
        half_period(year, 2),
        year_period(year),
    ]


@given(st.integers(min_value=2000, max_value=2100))
def test_every_period_comes_back_from_what_the_store_keeps(year: int) -> None:
    for period in _every_period(year):
        assert Period.of(period.kind, period.start, period.end) == period
        assert Period.parse(period.text) == period
        assert period.start <= period.end and period.start.year == period.end.year == year
        assert Decimal(0) < period.month_fraction <= Decimal(period.end_month)


@given(
    st.sampled_from(["gov_business_exchange_events", "key_project_investment"]),
    st.integers(min_value=1, max_value=12),
    st.decimals(min_value=1, max_value=1000, places=2),
)
def test_a_projection_is_the_pace_so_far_carried_to_december(
    ident: str, month: int, value: Decimal
) -> None:
    """At the month's pacing share, the projected year-end holds exactly the value reported."""
    target = SHIPPED.targets[ident]
    share = measures.pacing_share(target, Decimal(month))
    result = measure_of(target).project(target, value, Decimal(month), month)
    if share == 0:
        assert result is None
        return
    assert result is not None
    assert abs(result.year_end * share - value) < Decimal("1e-20")  # Decimal division's rounding
    assert result.reaches_in_year == (result.year_end >= target.target)  # type: ignore[operator]
