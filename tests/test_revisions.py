"""Issue #11 case 1: a correction written with another spelling of the same period.

Periods are the same when they end on the same day (2023-Q3 and 2023年1-9月; 2023-12 and 2023年):
the later submission counts, and it is a revision of the earlier one, not a new value.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CLEAN_ENV, DATA, assert_no_crash
from liuzhang.cli.app import app
from liuzhang.domain.tracking import Reading, newest
from liuzhang.store import IngestRecord, open_store, period_key

HEADER = "id,period,value,unit,status,note,reported_by\n"


def ingest(db: Path | str, path: Path, body: str) -> IngestRecord:
    path.write_text(HEADER + body, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["ingest", str(path), "--db", str(db), "--data", str(DATA)], env=CLEAN_ENV
    )
    assert_no_crash(result)
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        return store.ingests()[-1]


def status(db: Path | str, as_of: str) -> dict[str, dict[str, object]]:
    result = CliRunner().invoke(
        app,
        ["status", "--as-of", as_of, "--format", "json", "--db", str(db), "--data", str(DATA)],
        env=CLEAN_ENV,
    )
    assert result.exit_code == 0, result.output
    return {r["id"]: r for r in json.loads(result.stdout)}


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("2023-Q3", "2023-09", True),
        ("2023-Q4", "2023", True),
        ("2023-12", "2023", True),
        ("2023-H1", "2023-Q2", True),
        ("2023-06-下旬", "2023-06", True),
        ("2023-06-中旬", "2023-06", False),
        ("2023-Q3", "2023-H2", False),
        ("2023-11", "2023-12", False),
    ],
)
def test_periods_are_the_same_when_they_end_on_the_same_day(a: str, b: str, same: bool) -> None:
    assert (period_key(a) == period_key(b)) is same


def _reading(period: str, end: date, seq: int, value: str) -> Reading:
    return Reading("x", period, "month", end, end.month, Decimal(value), None, seq=seq)


def test_the_later_submission_wins_among_readings_of_one_period_end() -> None:
    q3 = _reading("2023-Q3", date(2023, 9, 30), seq=1, value="7.0")
    ytd = _reading("2023-09", date(2023, 9, 30), seq=2, value="7.6")
    aug = _reading("2023-08", date(2023, 8, 31), seq=3, value="9.9")
    assert newest([q3, ytd, aug]) is ytd
    assert newest([ytd, q3]) is ytd  # not the first one given, nor the oldest


def test_a_correction_in_another_spelling_is_a_revision(tmp_path: Path, db: Path | str) -> None:
    ingest(db, tmp_path / "q3.csv", "gdp_growth,2023-Q3,7.0,%,,,区发改财政局\n")
    second = ingest(db, tmp_path / "ytd.csv", "gdp_growth,2023年1-9月,7.6,%,,,区发改财政局\n")
    assert (second.rows_stored, second.rows_revised, second.rows_unchanged) == (0, 1, 0)
    row = status(db, "2023-09")["gdp_growth"]
    assert (row["actual"], row["period"]) == (7.6, "2023-09")
    with open_store(db) as store:
        assert [
            (r.period, r.value) for r in store.latest() if r.item_id == "gdp_growth"
        ] == [("2023-09", "7.6")]
        history = store.history("gdp_growth")
    assert [(r.period, r.value) for r in history] == [("2023-Q3", "7"), ("2023-09", "7.6")]


def test_the_annual_figure_supersedes_decembers_flash_estimate(
    tmp_path: Path, db: Path | str
) -> None:
    ingest(db, tmp_path / "dec.csv", "retail_sales_growth,2023-12,7.1,%,,快报,区发改财政局\n")
    final = ingest(
        db, tmp_path / "year.csv", "retail_sales_growth,2023年,7.8,%,,年报,区发改财政局\n"
    )
    assert (final.rows_stored, final.rows_revised) == (0, 1)
    row = status(db, "2023-12")["retail_sales_growth"]
    assert (row["actual"], row["period"]) == (7.8, "2023")
    # and the other way round: a December figure sent after the annual one is the newer word
    ingest(db, tmp_path / "dec2.csv", "retail_sales_growth,2023年12月,7.7,%,,更正,区发改财政局\n")
    assert status(db, "2023-12")["retail_sales_growth"]["actual"] == 7.7


def test_one_file_cannot_say_two_things_about_one_period_end(
    tmp_path: Path, db: Path | str
) -> None:
    path = tmp_path / "both.csv"
    path.write_text(
        HEADER + "gdp_growth,2023-Q3,7.0,%,,,\ngdp_growth,2023年1-9月,7.6,%,,,\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app, ["ingest", str(path), "--db", str(db), "--data", str(DATA)], env=CLEAN_ENV
    )
    assert result.exit_code == 1
    assert f"{path}:3:" in result.output and "第 2 行" in result.output
