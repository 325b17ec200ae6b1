"""The default as-of month (issue 11, case 2): the latest month with monthly (or 旬) data.

Quarterly, half-year and annual values do not move it: one annual row after the June examples
must not judge the whole plan as of December. With no monthly data at all, the latest month of
the other values is taken. Table output says which month was taken and why.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import CLEAN_ENV, DATA, ROOT
from liuzhang.cli.app import app
from liuzhang.domain.periods import parse_period
from liuzhang.domain.tracking import DefaultAsOf, Reading, default_as_of, latest_month

EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("2023-0*/*"))
NOTE_ZH = "截至 2023年6月（有月度数据的最近月份；用 --as-of 指定）"
NOTE_EN = "as of 2023-06 (the latest month with monthly data; choose with --as-of)"
# status says which plan before the month (tests/test_identity.py)
# status, missing and show name the plan first (from plan.yaml)
PLAN_ZH = "大通湖区打好“发展六仗”实施方案（2023） · "
PLAN_EN = "Datonghu District plan to win the “Six Battles” of development (2023) · "


def reading(period: str) -> Reading:
    parsed = parse_period(period)
    assert parsed is not None
    return Reading("x", parsed.text, parsed.kind, parsed.end, parsed.end_month, None, None)


@pytest.mark.parametrize(
    ("periods", "expected"),
    [
        ([], None),
        (["2023-06"], DefaultAsOf(6, "monthly")),
        (["2023-06", "2023"], DefaultAsOf(6, "monthly")),
        (["2023-06", "2023-Q3"], DefaultAsOf(6, "monthly")),
        (["2023-05", "2023-H2", "2023-Q4"], DefaultAsOf(5, "monthly")),
        (["2023-05", "2023-07-上旬"], DefaultAsOf(7, "monthly")),  # a 旬 counts as monthly
        (["2023年1-9月", "2023"], DefaultAsOf(9, "monthly")),  # year to date is a month
        (["2023"], DefaultAsOf(12, "any")),
        (["2023-Q1", "2023-H1"], DefaultAsOf(6, "any")),
        (["2022-12", "2023-Q2"], DefaultAsOf(6, "any")),  # another year's month does not count
        (["2022-12", "2024-01"], None),
    ],
)
def test_default_as_of(periods: list[str], expected: DefaultAsOf | None) -> None:
    readings = [reading(p) for p in periods]
    assert default_as_of(readings, 2023) == expected
    assert latest_month(readings, 2023) == (expected.month if expected else None)


def test_reading_end_is_what_the_rule_reads() -> None:
    assert reading("2023-07-上旬").period_end == date(2023, 7, 10)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The June examples, and the same plus one annual row (urbanization_rate, 2023年)."""
    folder = tmp_path_factory.mktemp("as_of")
    june = folder / "june.sqlite"
    result = CliRunner().invoke(
        app, ["ingest", *EXAMPLES, "--db", str(june), "--data", str(DATA)], env=CLEAN_ENV
    )
    assert result.exit_code == 0, result.output
    annual = folder / "annual.sqlite"
    shutil.copy(june, annual)
    csv = folder / "annual.csv"
    csv.write_text("id,period,value\nurbanization_rate,2023年,52.9\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["ingest", str(csv), "--db", str(annual), "--data", str(DATA)], env=CLEAN_ENV
    )
    assert result.exit_code == 0, result.output
    return june, annual


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        app, [*args, "--db", str(db), "--data", str(DATA)], env={**CLEAN_ENV, "COLUMNS": "400"}
    )
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.stdout


@pytest.mark.parametrize("command", ["status", "missing"])
def test_an_annual_row_does_not_move_the_default_as_of(
    stores: tuple[Path, Path], command: str
) -> None:
    june, annual = stores
    code, by_default = run(annual, command, "--format", "json")
    assert code == 0
    assert json.loads(by_default) == json.loads(run(june, command, "--format", "json")[1])
    assert json.loads(by_default) == json.loads(
        run(annual, command, "--as-of", "2023-06", "--format", "json")[1]
    )


def test_the_annual_row_counts_once_its_month_is_asked_for(stores: tuple[Path, Path]) -> None:
    _, annual = stores
    december = json.loads(run(annual, "status", "--as-of", "2023-12", "-f", "json")[1])
    urbanization = next(r for r in december if r["id"] == "urbanization_rate")
    assert (urbanization["period"], urbanization["actual"]) == ("2023", 52.9)


def test_overdue_and_missing_counts_stay_at_june(stores: tuple[Path, Path]) -> None:
    """The issue's figures: overdue tasks 1 (not 143 as at December), missing as at June."""
    _, annual = stores
    counts = [
        Counter(r["status"] for r in json.loads(run(annual, "status", *extra, "-f", "json")[1]))
        for extra in ([], ["--as-of", "2023-06"], ["--as-of", "2023-12"])
    ]
    default, june, december = counts
    assert default == june
    assert (default["overdue"], december["overdue"]) == (1, 143)
    assert default["missing"] < december["missing"]


@pytest.mark.parametrize("command", ["status", "missing"])
def test_the_table_header_says_why_in_chinese_and_english(
    stores: tuple[Path, Path], command: str
) -> None:
    _, annual = stores
    assert run(annual, command)[1].splitlines()[0] == PLAN_ZH + NOTE_ZH
    assert run(annual, command, "--lang", "en")[1].splitlines()[0] == PLAN_EN + NOTE_EN


@pytest.mark.parametrize("command", ["status", "missing"])
def test_no_note_when_the_month_is_given(stores: tuple[Path, Path], command: str) -> None:
    _, annual = stores
    out = run(annual, command, "--as-of", "2023-06")[1]
    assert "用 --as-of 指定" not in out and "截至 2023年6月" in out


def test_show_says_why_too(stores: tuple[Path, Path]) -> None:
    _, annual = stores
    assert run(annual, "show", "gdp_growth")[1].splitlines()[0] == PLAN_ZH + NOTE_ZH
    assert "用 --as-of 指定" not in run(annual, "show", "gdp_growth", "--as-of", "2023-06")[1]


def test_only_quarterly_and_annual_values_fall_back_to_their_latest_month(
    tmp_path: Path,
) -> None:
    db = tmp_path / "q.sqlite"
    csv = tmp_path / "q.csv"
    csv.write_text(
        "id,period,value\ngdp_growth,2023-Q3,7.0\nurbanization_rate,2023-H1,52.1\n",
        encoding="utf-8",
    )
    assert run(db, "ingest", str(csv))[0] == 0
    lines = run(db, "status")[1].splitlines()
    assert lines[0] == PLAN_ZH + (
        "截至 2023年9月（尚无月度数据，取季度/年度数据的最近月份；用 --as-of 指定）"
    )
    assert json.loads(run(db, "status", "-f", "json")[1]) == json.loads(
        run(db, "status", "--as-of", "2023-09", "-f", "json")[1]
    )
    assert run(db, "status", "--lang", "en")[1].splitlines()[0] == PLAN_EN + (
        "as of 2023-09 (no monthly data yet: the latest month of quarterly or annual data;"
        " choose with --as-of)"
    )
