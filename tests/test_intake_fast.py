"""The column-wise fast path (``submissions.fast.check_fast``) either steps aside (None) or
returns exactly what the row-by-row checker accepts: the same observations, in file order, with
the same row numbers and counts. Every check here runs it in strict mode: an unexpected
exception fails the test instead of passing as a refusal."""

from __future__ import annotations

import codecs
import csv
import dataclasses
import gc
import importlib.util
import io
import os
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import DATA, ROOT
from liuzhang.domain.observations import COLUMNS, Observation, observation_columns
from liuzhang.domain.plausibility import Point
from liuzhang.plandata.catalog import load_catalog
from liuzhang.submissions.fast import MAX_WARNINGS, FastChecked, check_fast
from liuzhang.submissions.intake import Checked, CheckOptions, check_submission
from liuzhang.submissions.reading import decode, read_csv_text
from liuzhang.submissions.rules import Plans, item_owners
from liuzhang.submissions.table import IntakeError

CATALOG, _ = load_catalog(DATA)
HEADER = "id,period,value,unit,status,note,reported_by\n"
REPORTER = "区发改财政局"


def slow(
    raw: bytes,
    reporter: str | None = None,
    options: CheckOptions | None = None,
    plans: Plans | None = None,
) -> Checked | None:
    """The row-by-row checker's outcome (None when the file cannot be read at all)."""
    try:
        table = read_csv_text(decode(raw))
    except IntakeError:
        return None
    return check_submission(plans or CATALOG, table, "t.csv", reporter, options=options)


def agree(
    raw: bytes,
    reporter: str | None = None,
    options: CheckOptions | None = None,
    plans: Plans | None = None,
) -> FastChecked | None:
    """``check_fast``'s answer (strict: refused by design, or checked), asserted to be None or
    exactly the row-by-row result (all of it routed to the plan it names)."""
    enabled = gc.isenabled()
    fast = check_fast(plans or CATALOG, raw, reporter, options, "t.csv", strict=True)
    assert gc.isenabled() == enabled
    if fast is None:
        return None
    checked = slow(raw, reporter, options, plans)
    assert checked is not None
    assert checked.problems == []
    assert checked.plans == {fast.plan: fast.rows_read}
    assert fast.warnings == checked.warnings[:MAX_WARNINGS]
    assert fast.warned == len({w.line for w in checked.warnings})
    assert fast.other_units == checked.other_units
    assert checked.duplicates == checked.unfilled == 0  # the fast path counts neither
    assert list(fast.columns) == list(COLUMNS)
    assert {len(column) for column in fast.lists().values()} == {fast.rows_read}
    assert fast.lists() == observation_columns(checked.observations)
    assert all(type(row) is int for row in fast.lists()["row"])
    assert (fast.rows_read, fast.blank, fast.reporters) == (
        checked.rows_read,
        checked.blank,
        checked.reporters,
    )
    return fast


def csv_bytes(body: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return (header + body).encode(encoding)


REFUSED_EXAMPLE = csv_bytes("gdp_growth,2023-13,7.35,%,,,\n")


# -- files the fast path must accept ----------------------------------------------------------

ROWS = (
    "gdp_growth,2023-Q2,7.35,%,,,区发改财政局\n"
    "retail_sales_growth,2023-06,6.98,%,,含新开工项目,区发改财政局\n"
    "key_project_investment,2023-06,7.9,亿元,,,区发改财政局\n"
    "new_urban_jobs,2023年6月,500,人,,,区民政人社局\n"
    "foreign_investment_breakthrough,2023-06,1,,,,区科技工信局\n"
    "territorial_spatial_plan_approval,2023-06,,,推进中,,区自然资源局\n"
    "a1-1-1,2023-06,45%,,in_progress,,区委宣传统战部\n"
    "a1-1-2,2023年1-6月,,,已完成,,区住房城乡建设局\n"
)

VALID: dict[str, bytes] = {
    "utf-8": csv_bytes(ROWS),
    "utf-8 with BOM": codecs.BOM_UTF8 + csv_bytes(ROWS),
    "gb18030": csv_bytes(ROWS, encoding="gb18030"),
    "gbk": csv_bytes(ROWS, encoding="gbk"),
    "crlf": csv_bytes(ROWS).replace(b"\n", b"\r\n"),
    "no final line feed": csv_bytes(ROWS).rstrip(b"\n"),
    "tabs": csv_bytes(ROWS, HEADER).replace(b",", b"\t"),
    "chinese header": csv_bytes(ROWS, "编号,期间,数值,单位,状态,备注,填报单位\n"),
    "other spellings and order": csv_bytes(
        "2023-06,7.9,key_project_investment,区发改财政局,亿元\n"
        "2023年6月,12,new_urban_jobs,区民政人社局,人\n",
        "报告期,完成值,指标编号,报送单位,计量单位\n",
    ),
    "informational columns": csv_bytes(
        "gdp_growth,地区生产总值增长,2023-Q2,7.35,%,7,,区发改财政局\n"
        "a1-1-1,某任务,2023-06,50,,,推进中,区委宣传统战部\n",
        "编号,名称,期间,数值,单位,目标值,状态,填报单位\n",
    ),
    "unknown columns are ignored": csv_bytes(
        "gdp_growth,2023-Q2,7.35,%,x,,,区发改财政局\n",
        "id,period,value,unit,whatever,status,note,reported_by\n",
    ),
    "quoted cells": csv_bytes(
        '"key_project_investment","2023-06","82,000",万元,,"备注, 含逗号",区发改财政局\n'
        'new_urban_jobs,2023-06,"1,200",人,,"他说""好""",区民政人社局\n'
        'gdp_growth,2023-Q2,"7.35",%,"",,"区发改财政局"\n'
    ),
    "quoted header": csv_bytes(
        ROWS, '"id","period","value","unit","status","note","reported_by"\n'
    ),
    "blank rows in the middle and at the end": csv_bytes(
        "gdp_growth,2023-Q2,7.35,%,,,区发改财政局\n"
        ",,,,,,\n"
        "\n"
        "   \n"
        " , ,\t, ,,,\n"
        "retail_sales_growth,2023-06,6.98,%,,,区发改财政局\n"
        ",,,,,,\n"
        "\n"
    ),
    "cells with spaces": csv_bytes(
        " gdp_growth , 2023-Q2 , 7.35 , % ,  , 备注 , 区发改财政局 \n"
        "\ta1-1-1\t,2023-06,　45%　,,　推进中,,区委宣传统战部\n"
    ),
    "short rows": csv_bytes("gdp_growth,2023-Q2,7.35\na1-1-1,2023-06,,,推进中\n"),
    "full-width digits": csv_bytes(
        "new_urban_jobs,2023-06,１２００,人,,,\n"
        "key_project_investment,2023-06,７．９,亿元,,,\n"
        "gdp_growth,2023-Q2,７．３５％,,,,\n"
        "retail_sales_growth,2023-06,－１．５,%,,,\n"
    ),
    "magnitudes": csv_bytes(
        'key_project_investment,2023-06,"82,000",万元,,,\n'
        "tech_contract_value,2023-06,3000万元,,,,\n"
        "new_loans,2023-06,1.2亿,,,,\n"
        "knowledge_value_credit_loans,2023-06,0.5,亿元,,,\n"
        "agri_credit_guarantee_loans,2023-06,1.5亿元,,,,\n"
        "grain_output,2023,30000,吨,,,\n"
    ),
    "percent forms": csv_bytes(
        "gdp_growth,2023-Q1,11.44%,,,,\n"
        "gdp_growth,2023-Q2,下降3.36%,,,,\n"
        "retail_sales_growth,2023-05,-2.5%,,,,\n"
        "retail_sales_growth,2023-06,增长4%,,,,\n"
        "fixed_asset_investment_growth,2023-06,下降0%,,,,\n"
        "industrial_value_added_growth,2023-06,7.5％,,,,\n"
        "agri_output_growth,2023-Q2,0,%,,,\n"
        "forest_fire_damage_rate,2023-06,0.5,‰,,,\n"
    ),
    "numbers the general path reads": csv_bytes(
        "new_urban_jobs,2023-01,12.50,,,,\n"
        "new_urban_jobs,2023-02,012,,,,\n"
        "new_urban_jobs,2023-03,+5,,,,\n"
        'new_urban_jobs,2023-04,"1,234.5",,,,\n'
        "new_urban_jobs,2023-05,-0,,,,\n"
        "new_urban_jobs,2023-06,0.1234567890123456789012345678901,人,,,\n"
        "new_urban_jobs,2023-07,-0.5,,,,\n"
        "new_urban_jobs,2023-08,999999999999999,,,,\n"
        "new_urban_jobs,2023-09,100,人,,,\n"
        "new_urban_jobs,2023-10,.5,,,,\n"
        "new_urban_jobs,2023-11,5.0,人,,,\n"
        "new_urban_jobs,2023-12,1.0,人,,,\n"
    ),
    "tasks": csv_bytes(
        "a1-1-1,2023-01,45%,,in_progress,,\n"
        "a1-1-1,2023-02,45,%,进行中,,\n"
        "a1-1-1,2023-03,,,未启动,,\n"
        "a1-1-1,2023-04,１００％,,完成,,\n"
        "a1-1-1,2023-05,0,％,not_started,,\n"
        "a1-1-1,2023-06,33.30%,,DONE,,\n"
        "a1-1-2,2023-06,50,％,推进中,,\n"
    ),
    "milestones": csv_bytes(
        "foreign_investment_breakthrough,2023-01,1,,,,\n"
        "foreign_investment_breakthrough,2023-02,0,,,,\n"
        "foreign_investment_breakthrough,2023-03,是,,,,\n"
        "foreign_investment_breakthrough,2023-04,否,,,,\n"
        "foreign_investment_breakthrough,2023-05,,,推进中,,\n"
        "foreign_investment_breakthrough,2023-06,1,,未启动,,\n"
        "territorial_spatial_plan_approval,2023-06,０,,,,\n"
    ),
    "status column only": csv_bytes(
        "a1-1-1,2023-06,推进中\nforeign_investment_breakthrough,2023-06,已完成\n",
        "id,period,status\n",
    ),
    "value column only": csv_bytes("gdp_growth,2023-Q2,7.35\n", "id,period,value\n"),
    "period spellings": csv_bytes(
        "retail_sales_growth,2023/1,1,,,,\n"
        "retail_sales_growth,2023.2,1,,,,\n"
        "retail_sales_growth,2023年3月份,1,,,,\n"
        "retail_sales_growth,2023年1-4月,1,,,,\n"
        "retail_sales_growth,2023-05-上旬,1,,,,\n"
        "retail_sales_growth,2023年5月中旬,1,,,,\n"
        "retail_sales_growth,2023Q3,1,,,,\n"
        "gdp_growth,2023年第四季度,1,,,,\n"
        "retail_sales_growth,2023-h1,1,,,,\n"
        "retail_sales_growth,2023年下半年,1,,,,\n"
        "fixed_asset_investment_growth,2023年全年,1,,,,\n"
        "agri_output_growth,２０２３－０６,1,,,,\n"
    ),
    "quotes inside unquoted cells": csv_bytes(
        'gdp_growth,2023-Q2,7.35,%,,a"b"c,区发改财政局\nretail_sales_growth,2023-06,1,%,,x",\n'
    ),
    "line separators inside cells": csv_bytes(
        "gdp_growth,2023-Q2,7.35,%,,a\u2028b\x85c\x0bd\x0ce\x1cf,区发改财政局\n"
    ),
    "gb18030 with a chinese header": csv_bytes(
        ROWS, "编号,期间,数值,单位,状态,备注,填报单位\n", encoding="gb18030"
    ),
    "full-width spaces in blank rows": csv_bytes(
        "gdp_growth,2023-Q2,7.35,%,,,区发改财政局\n　,\u3000, \n"
    ),
    "reporter aliases": csv_bytes(
        "gdp_growth,2023-Q2,7.35,%,,,区财政\n"
        "retail_sales_growth,2023-06,6.98,%,,,区发改局\n"
        "key_project_investment,2023-06,7.9,亿元,,,\n"
        "a3-13,2023-06,,,推进中,,区优办\n"
    ),
}


@pytest.mark.parametrize("name", list(VALID))
def test_clean_files_take_the_fast_path(name: str) -> None:
    assert agree(VALID[name]) is not None


@pytest.mark.parametrize("reporter", [None, "", REPORTER])
def test_reporter_column_and_argument(reporter: str | None) -> None:
    with_column = agree(VALID["reporter aliases"], reporter)
    assert with_column is not None
    expected = {"区发改财政局", "区委区管委会办公室（区优办）"} | (
        {reporter} if reporter else set()
    )
    assert with_column.reporters == expected
    assert with_column.lists()["reported_by"][2] == reporter

    without = agree(csv_bytes("gdp_growth,2023-Q2,7.35\n", "id,period,value\n"), reporter)
    assert without is not None
    assert without.lists()["reported_by"] == [reporter]
    assert without.reporters == ({reporter} if reporter else set())


def test_values_rows_and_blank_counts() -> None:
    fast = agree(VALID["blank rows in the middle and at the end"])
    assert fast is not None
    assert fast.lists()["row"] == [2, 7]
    assert (fast.rows_read, fast.blank) == (2, 6)

    fast = agree(VALID["magnitudes"])
    assert fast is not None
    assert fast.lists()["value"][:3] == ["8.2", "0.3", "1.2"]
    assert fast.lists()["raw_value"][0] == "82,000"

    fast = agree(VALID["percent forms"])
    assert fast is not None
    assert fast.lists()["value"][:5] == ["11.44", "-3.36", "-2.5", "4", "-0"]

    fast = agree(VALID["milestones"])
    assert fast is not None
    assert fast.lists()["status"] == [
        "done",
        "not_started",
        "done",
        "not_started",
        "in_progress",
        "not_started",
        "not_started",
    ]
    assert fast.lists()["value"] == [None] * 7


def test_columns_are_what_the_store_takes() -> None:
    base = Observation(
        item_id="x",
        kind="target",
        period="2023-06",
        period_kind="month",
        period_end="2023-06-30",
        end_month=6,
        value=None,
        status=None,
        unit="%",
        raw_value="r",
        raw_unit=None,
        note=None,
        reported_by=None,
        row=2,
    )
    values = (Decimal("1.50"), Decimal("100"), Decimal("-0"), Decimal("1E-7"), None)
    rows = [dataclasses.replace(base, value=v) for v in values]
    assert observation_columns(rows)["value"] == ["1.5", "100", "-0", "0.0000001", None]


def test_the_garbage_collector_state_is_restored() -> None:
    enabled = gc.isenabled()
    try:
        for state in (True, False):
            (gc.enable if state else gc.disable)()
            assert check_fast(CATALOG, VALID["utf-8"], None) is not None
            assert check_fast(CATALOG, REFUSED_EXAMPLE, None) is None
            assert gc.isenabled() == state
    finally:
        (gc.enable if enabled else gc.disable)()


# The shipped example submissions (examples/<month>/<unit>_<month>.csv) and their data rows.
EXAMPLES = {
    "2023-05/区发改财政局_2023-05.csv": 42,
    "2023-05/区科技工信局_2023-05.csv": 43,
    "2023-05/市生态环境局大通湖分局_2023-05.csv": 6,
    "2023-06/区住房城乡建设局_2023-06.csv": 31,
    "2023-06/区农业农村水利局_2023-06.csv": 7,
    "2023-06/区发改财政局_2023-06.csv": 43,
    "2023-06/区发改财政局_2023-06_更正.csv": 1,
    "2023-06/区委区管委会办公室（区优办）_2023-06.csv": 10,
    "2023-06/区市场监管局_2023-06.csv": 11,
    "2023-06/区应急局_2023-06.csv": 41,
    "2023-06/区教育卫生健康局_2023-06.csv": 22,
    "2023-06/区科技工信局_2023-06.csv": 44,
    "2023-06/市生态环境局大通湖分局_2023-06.csv": 6,
}


def test_every_shipped_example_is_listed() -> None:
    examples = ROOT / "examples"
    assert sorted(p.relative_to(examples).as_posix() for p in examples.rglob("*.csv")) == sorted(
        EXAMPLES
    )


@pytest.mark.parametrize(("name", "rows"), list(EXAMPLES.items()))
def test_shipped_examples_agree(name: str, rows: int) -> None:
    """Every shipped example takes the fast path (strict: no exception hidden as a refusal)
    and gives exactly what the row-by-row checker accepts."""
    fast = agree((ROOT / "examples" / name).read_bytes())
    assert fast is not None
    assert (fast.rows_read, fast.blank) == (rows, 1)  # each has one blank line


# -- files the fast path must leave to the row-by-row checker ---------------------------------

ROW = "gdp_growth,2023-Q2,7.35,%,,,区发改财政局\n"
TASK = "a1-1-1,2023-06,45%,,推进中,,区委宣传统战部\n"

REFUSED: dict[str, bytes] = {
    "empty": b"",
    "blanks only": b"  \n\n",
    "header only": csv_bytes(""),
    "header and blank rows only": csv_bytes(",,,,,,\n\n"),
    "xlsx": b"PK\x03\x04" + b"\x00" * 40,
    "old excel": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40,
    "nul byte": csv_bytes(ROW.replace("7.35", "7\x0035")),
    "nul byte after a BOM": codecs.BOM_UTF8 + csv_bytes(ROW.replace("7.35", "7\x0035")),
    "utf-16": csv_bytes(ROW, encoding="utf-16"),
    "not utf-8 nor gb18030": csv_bytes(ROW) + b"\xff\xfe\xfd\n",
    "bad utf-8 after a BOM": codecs.BOM_UTF8 + csv_bytes(ROW, encoding="gb18030"),
    "two BOMs": codecs.BOM_UTF8 * 2 + csv_bytes(ROW),
    "blank line before the header": b"\n" + csv_bytes(ROW),
    "blank cells line before the header": b",,,\n" + csv_bytes(ROW),
    "missing id column": csv_bytes("2023-Q2,7.35\n", "period,value\n"),
    "missing period column": csv_bytes("gdp_growth,7.35\n", "id,value\n"),
    "missing value and status columns": csv_bytes("gdp_growth,2023-Q2\n", "id,period\n"),
    "duplicated column": csv_bytes("gdp_growth,x,2023-Q2,7.35\n", "id,编号,period,value\n"),
    "extra cell": csv_bytes(ROW.replace("\n", ",x\n")),
    "extra empty cell": csv_bytes(ROW.replace("\n", ",\n")),
    "extra cell on the first row only": csv_bytes(ROW.replace("\n", ",x\n") + TASK),
    "quoted line break": csv_bytes(ROW.replace(",,区", ',"a\nb",区')),
    "quoted line break, balanced by a blank row": csv_bytes(
        ROW.replace(",,区", ',"a\nb",区') + "\n"
    ),
    "bare CR line ends": csv_bytes(ROW + TASK).replace(b"\n", b"\r"),
    "a bare CR inside a line": csv_bytes(ROW.replace("7.35", "7.3\r5")),
    "unterminated quote": csv_bytes(ROW.replace(",,区", ',"note,区')),
    "text after a closing quote": csv_bytes(ROW.replace(",,区", ',"a"b,区')),
    "a lone quote on the last line": csv_bytes(ROW) + b'"\n',
    "a line over the csv field limit": csv_bytes(ROW.replace(",,区", "," + "x" * 140000 + ",区")),
    "unknown id": csv_bytes(ROW.replace("gdp_growth", "gdp_growht")),
    "empty id": csv_bytes(ROW.replace("gdp_growth", "")),
    "empty period": csv_bytes(ROW.replace("2023-Q2", "")),
    "bad period": csv_bytes(ROW.replace("2023-Q2", "2023-13")),
    "period outside the plan year": csv_bytes(ROW.replace("2023-Q2", "2022-Q2")),
    "unknown status": csv_bytes(TASK.replace("推进中", "差不多")),
    "status for a target": csv_bytes(ROW.replace("%,,", "%,done,")),
    "task without status": csv_bytes(TASK.replace("推进中", "")),
    "task over 100%": csv_bytes(TASK.replace("45%", "120%")),
    "task value in another unit": csv_bytes(TASK.replace("45%,", "45,元")),
    "task value malformed": csv_bytes(TASK.replace("45%", "4 5%")),
    "milestone value": csv_bytes("foreign_investment_breakthrough,2023-06,2,,,,\n"),
    "milestone without value or status": csv_bytes(
        "foreign_investment_breakthrough,2023-06,,,,x,\n"
    ),
    "target without value": csv_bytes(ROW.replace("7.35", "")),
    "value malformed": csv_bytes(ROW.replace("7.35", "7.3.5")),
    "value out of range": csv_bytes(ROW.replace("7.35", "1000000000000000")),
    "value out of range after conversion": csv_bytes(
        "key_project_investment,2023-06,100000000000,万亿元,,,\n"
    ),
    "unit mismatch": csv_bytes(ROW.replace("%", "吨")),
    "unit conflict": csv_bytes("key_project_investment,2023-06,8.2亿元,万元,,,\n"),
    "unknown reporting unit": csv_bytes(ROW.replace("区发改财政局", "区不存在局")),
    "duplicate row": csv_bytes(ROW + ROW),
    "duplicate through another period spelling": csv_bytes(
        ROW + ROW.replace("2023-Q2", "2023年二季度").replace("7.35", "7.4")
    ),
    "duplicate through spaces": csv_bytes(ROW + ROW.replace("gdp_growth", " gdp_growth")),
    "blank id with other cells": csv_bytes(ROW + ",,,,,note,\n"),
    "a quote splitting a character": csv_bytes(ROW).replace(b",,\xe5", b',"\xe4"\xb8\xad,\xe5'),
    "CR before a quoted line feed": csv_bytes(ROW.replace(",,区", ',"a\r\nb",区')),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_irregular_files_are_left_to_the_row_checker(name: str) -> None:
    enabled = gc.isenabled()
    assert check_fast(CATALOG, REFUSED[name], None, strict=True) is None
    assert gc.isenabled() == enabled


CORPUS = Path(__file__).parent / "corpus" / "submissions"
# The corpus files that take the fast path: none, every one is broken (tests/test_corpus.py).
CORPUS_FAST: list[str] = []


def test_corpus_of_bad_submissions() -> None:
    """Each corpus file is refused by design (strict: no exception) or agrees."""
    taken = [p.name for p in sorted(CORPUS.iterdir()) if agree(p.read_bytes()) is not None]
    assert taken == CORPUS_FAST


def test_strict_mode_raises_what_the_quiet_mode_hides(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception inside the fast path is a refusal (the row checker decides)
    unless ``strict``, where it is raised; a file refused by design is None either way."""
    from liuzhang.submissions import fast

    assert check_fast(CATALOG, REFUSED_EXAMPLE, None, strict=True) is None

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("a bug")

    monkeypatch.setattr(fast, "_check", broken)
    monkeypatch.setattr(fast, "STRICT", False)  # as outside the tests (see conftest)
    enabled = gc.isenabled()
    assert check_fast(CATALOG, VALID["utf-8"], None) is None
    with pytest.raises(KeyError, match="a bug"):
        check_fast(CATALOG, VALID["utf-8"], None, strict=True)
    rows = [(2, ["gdp_growth", "2023-Q2", "7.35"])]
    assert fast.check_fast_rows(CATALOG, ["id", "period", "value"], rows, None) is None
    with pytest.raises(KeyError, match="a bug"):
        fast.check_fast_rows(CATALOG, ["id", "period", "value"], rows, None, strict=True)
    monkeypatch.setattr(fast, "STRICT", True)
    with pytest.raises(KeyError, match="a bug"):
        check_fast(CATALOG, VALID["utf-8"], None)
    assert gc.isenabled() == enabled


# -- a larger generated file ------------------------------------------------------------------


def _load_bench() -> Any:
    """``benchmarks/bench.py``, whose generator writes rows in the forms units write."""
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench", bench)  # its dataclasses look their module up
    spec.loader.exec_module(bench)
    return bench


BENCH = _load_bench()
PERIODS = BENCH.PERIODS
STATUS_WORDS = BENCH.TASK_WORDS
NOTES = ("", "", "", "含新开工项目", "数据来源：统计局快报", "a, b")
FULLWIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def test_generated_file(tmp_path: Path) -> None:
    path = tmp_path / "generated.csv"
    BENCH.make_submission(path, CATALOG, 6000, seed=1)
    fast = agree(path.read_bytes())
    assert fast is not None
    assert fast.rows_read == 6000


@pytest.mark.skipif(
    not os.environ.get("LIUZHANG_FAST_FILE"),
    reason="set LIUZHANG_FAST_FILE=catalog_dir:submission.csv to compare a large file",
)
def test_large_file_from_the_environment() -> None:  # pragma: no cover - opt-in
    from liuzhang.plandata.catalog import load_catalog_cached

    data_dir, path = os.environ["LIUZHANG_FAST_FILE"].split(":", 1)
    catalog, _ = load_catalog_cached(Path(data_dir))
    raw = Path(path).read_bytes()
    fast = check_fast(catalog, raw, None, strict=True)
    assert fast is not None
    checked = check_submission(catalog, read_csv_text(decode(raw)), path, None)
    assert checked.problems == []
    assert fast.lists() == observation_columns(checked.observations)
    assert (fast.rows_read, fast.blank, fast.reporters) == (
        checked.rows_read,
        checked.blank,
        checked.reporters,
    )


# -- random near-valid files ------------------------------------------------------------------

IDS = sorted(CATALOG.targets) + sorted(CATALOG.tasks)
REPORTERS = [*sorted(CATALOG.units)[:6], "区财政", "区优办"]
CELL_NOISE = st.text(
    alphabet=st.sampled_from(list('0123456789.,-+%万亿元 \t"　１２．％－下降增长是否abc中\r\n')),
    max_size=8,
)


@st.composite
def valid_row(draw: st.DrawFn, ident: str, period: str, owned: bool = False) -> list[str]:
    """A valid row; ``owned``: reported by the item's lead or without a reporting unit."""
    target = CATALOG.targets.get(ident)
    choices = ["", item_owners(CATALOG, ident)[0]] if owned else ["", *REPORTERS]
    reporter = draw(st.sampled_from(choices))
    note = draw(st.sampled_from(["", "备注", "a, b", 'say "x"']))
    if target is None:  # a task
        value = draw(st.sampled_from(["", "0", "45", "45%", "100%", "７．５％", "33.30"]))
        unit = "%" if value and "%" not in value and draw(st.booleans()) else ""
        return [ident, period, value, unit, draw(st.sampled_from(STATUS_WORDS)), note, reporter]
    if target.measure == "milestone":
        value = draw(st.sampled_from(["", "1", "0", "是", "否"]))
        status = draw(st.sampled_from(["", *STATUS_WORDS])) if value else "推进中"
        return [ident, period, value, "", status, note, reporter]
    number = draw(st.decimals(min_value=-(10**6), max_value=10**9, places=draw(st.integers(0, 4))))
    text = str(number)
    form = draw(st.integers(0, 5))
    unit = target.unit or ""
    if form == 1:
        text = text.translate(FULLWIDTH)
    elif form == 2 and unit == "%":
        text, unit = text + "%", ""
    elif form == 3 and unit == "%" and not text.startswith("-"):
        text, unit = "下降" + text + "%", ""
    elif form == 4 and unit == "亿元":
        text, unit = f"{number * 10000:,}", "万元"
    elif form == 5:
        unit = ""
    return [ident, period, text, unit, "", note, reporter]


@st.composite
def near_valid_file(draw: st.DrawFn, corrupt: bool = True) -> tuple[bytes, bool]:
    """A file of valid rows with up to three corruptions (when ``corrupt``), and whether it
    has none (intact)."""
    pairs = draw(
        st.lists(
            st.tuples(st.sampled_from(IDS), st.sampled_from(PERIODS[:13])),
            min_size=1,
            max_size=12,
            unique=True,
        )
    )
    owned = draw(st.booleans())
    rows = [draw(valid_row(ident, period, owned)) for ident, period in pairs]

    def put(i: int, k: int, value: str) -> None:
        rows[i] += [""] * (k + 1 - len(rows[i]))
        rows[i][k] = value

    corruptions = draw(st.integers(0, 3 if corrupt else 0))
    for _ in range(corruptions):
        i = draw(st.integers(0, len(rows) - 1))
        what = draw(st.integers(0, 9))
        if what == 0:
            put(i, 0, draw(st.sampled_from(["", "nope", " gdp_growth ", "a1-1-1 ", "GDP_growth"])))
        elif what == 1:
            put(i, 1, draw(st.sampled_from(["", "2022-06", "2023-13", "2023年6月", " 2023-06"])))
        elif what == 2:
            put(i, draw(st.integers(2, 4)), draw(CELL_NOISE))
        elif what == 3:
            rows[i].append(draw(st.sampled_from(["", "x"])))
        elif what == 4:
            rows.insert(i, list(rows[i]))  # a duplicate
        elif what == 5:
            rows.insert(i, draw(st.sampled_from([[], [""], [" "], [""] * 7, ["", "", " "]])))
        elif what == 6:
            put(i, 5, draw(st.sampled_from(["a\nb", "a\r\nb", 'x"y', "a\rb", "\n"])))
        elif what == 7:
            rows[i] = rows[i][: draw(st.integers(1, 6))]
        elif what == 8:
            put(i, 6, draw(st.sampled_from(["区不存在局", " 区财政 ", "财政部门"])))
        else:
            put(i, 4, draw(st.sampled_from(["", "done", "完成", "坏了", " 推进中 "])))
    header = draw(
        st.sampled_from(
            [
                ["id", "period", "value", "unit", "status", "note", "reported_by"],
                ["编号", "期间", "数值", "单位", "状态", "备注", "填报单位"],
                ["id", "period", "value", "unit", "status", "note", "reported_by", "名称"],
            ]
        )
    )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"]))).writerows(
        [header, *rows]
    )
    text = buffer.getvalue()
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
    try:
        return text.encode(encoding), corruptions == 0
    except UnicodeEncodeError:  # pragma: no cover - every character here is in GB18030
        return text.encode("utf-8"), corruptions == 0


def accepted_whole(raw: bytes, reporter: str | None = None) -> bool:
    """Whether the row-by-row checker accepts every row as it stands (no problem, duplicate
    or unfilled row): then an intact generated file must take the fast path."""
    checked = slow(raw, reporter)
    return (
        checked is not None and not checked.problems and checked.duplicates == checked.unfilled == 0
    )


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=near_valid_file(), reporter=st.sampled_from([None, REPORTER]))
def test_random_near_valid_files(case: tuple[bytes, bool], reporter: str | None) -> None:
    raw, intact = case
    fast = agree(raw, reporter)
    event("fast" if fast is not None else "left to the row checker")
    if intact and accepted_whole(raw, reporter):
        event("intact and accepted whole: must take the fast path")
        assert fast is not None


PIECES = [",", '"', '""', "\r", "\n", "\r\n", " ", "\t", "\ufeff", "\u2028", "\x85", "０", "%"]
PIECES += ["-", "下降", "万", "1", "0", ".", ",,,,,,,\n", "\n\n", "\\", "'", '"a,b"', '"a\nb"']


@st.composite
def mutated_file(draw: st.DrawFn) -> tuple[bytes, bool]:
    """A near-valid file with characters inserted or removed anywhere (quotes, line ends…),
    mostly; and whether it is left intact."""
    raw, _ = draw(near_valid_file(corrupt=False))
    try:
        text, encoding = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = raw.decode("gb18030"), "gb18030"
    edges = [i for i, c in enumerate(text) if c in ",\n"] or [0]
    mutations = draw(st.integers(0, 3))
    for _ in range(mutations):
        at = draw(st.sampled_from(edges)) + draw(st.integers(0, 1))
        if draw(st.booleans()):
            at = draw(st.integers(0, len(text)))
        if draw(st.integers(0, 3)):
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 3)) :]
    return text.encode(encoding), mutations == 0


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=mutated_file())
def test_randomly_mutated_files(case: tuple[bytes, bool]) -> None:
    raw, intact = case
    fast = agree(raw)
    event("fast" if fast is not None else "left to the row checker")
    if intact and accepted_whole(raw):
        event("intact and accepted whole: must take the fast path")
        assert fast is not None


# -- ownership and plausibility: the same rule on both paths ----------------------------------

FOREIGN = csv_bytes(
    "gdp_growth,2023-Q2,5.0,%,,,区住建局\nurbanization_rate,2023-06,52.9,%,,,区住建局\n"
)


def test_a_row_from_another_unit_goes_to_the_row_checker() -> None:
    assert check_fast(CATALOG, FOREIGN, None, strict=True) is None
    checked = slow(FOREIGN)
    assert checked is not None
    assert [(p.line, p.column, p.code) for p in checked.problems] == [
        (2, "reported_by", "not_owner")
    ]


def test_allowed_other_units_agree() -> None:
    fast = agree(FOREIGN, None, CheckOptions(allow_other_units=True))
    assert fast is not None and fast.other_units == 1


def _history(points: dict[str, list[Point]]) -> Any:
    return lambda catalog, items: {i: points[i] for i in items if i in points}


STORED = {
    "new_urban_jobs": [
        Point("2023-06-30", "2023-06", 6, Decimal(500), None),
        Point("2023-07-31", "2023-07", 7, Decimal(600), None),
    ],
    "a1-1-1": [Point("2023-07-31", "2023-07", 7, Decimal(100), "done")],
}
DOUBTFUL = {
    "in order": csv_bytes(
        "new_urban_jobs,2023-08,60,人,,当月,\n"  # below July's 600
        "new_urban_jobs,2023-09,60,人,,,\n"  # repeats? only once before: no
        "new_urban_jobs,2023-10,60,人,,,\n"  # 3 months running
        "gdp_growth,2023-Q2,0.075,%,,,\n"  # a fraction
        "retail_sales_growth,2023-06,750,%,,,\n"  # 100x
        "new_urban_jobs,2023-05,13000,人,,,\n"  # over 10x 1200
        "a1-1-1,2023-08,50%,,推进中,,\n"  # done in July
        "gdp_growth,2023-06-上旬,0.075,%,,,\n"  # a 旬: value rules only
    ),
    "out of order": csv_bytes(
        "new_urban_jobs,2023-10,60,人,,,\n"
        "new_urban_jobs,2023-08,60,人,,,\n"
        "new_urban_jobs,2023-09,60,人,,,\n"
        "a1-1-1,2023-09,50%,,推进中,,\n"
        "a1-1-1,2023-08,100%,,已完成,,\n"
    ),
}


@pytest.mark.parametrize(
    ("name", "warned", "refused"), [("in order", 7, 8), ("out of order", 3, 4)]
)
def test_warnings_agree(name: str, warned: int, refused: int) -> None:
    options = CheckOptions(history=_history(STORED))
    fast = agree(DOUBTFUL[name], None, options)
    assert fast is not None
    assert fast.warned == warned
    refusing = CheckOptions(history=_history(STORED), strict=True)  # a warning refuses
    assert check_fast(CATALOG, DOUBTFUL[name], None, refusing, strict=True) is None
    checked = slow(DOUBTFUL[name], None, refusing)
    # a refused row is no evidence: the next month is compared with the one before
    assert checked is not None and checked.rejected == refused


def test_warning_codes_in_order() -> None:
    fast = agree(DOUBTFUL["in order"], None, CheckOptions(history=_history(STORED)))
    assert fast is not None
    assert [(w.line, w.code) for w in fast.warnings] == [
        (2, "ytd_decrease"),
        (4, "repeated_value"),
        (5, "rate_fraction"),
        (6, "rate_scale"),
        (7, "over_target"),
        (8, "task_reopened"),
        (9, "rate_fraction"),
    ]


@given(
    value=st.decimals(allow_nan=False, allow_infinity=False, places=4, max_value=10**9),
    previous=st.decimals(allow_nan=False, allow_infinity=False, places=4, max_value=10**9),
    period=st.sampled_from(["2023-07", "2023-Q3", "2023-H1", "2023"]),
    unit=st.text(max_size=6),
)
def test_the_direct_ytd_text_is_what_the_encoder_writes(
    value: Decimal, previous: Decimal, period: str, unit: str
) -> None:
    """The column-wise path writes a sure ytd_decrease's stored text itself: byte for byte the
    row checker's ``to_json`` (quotes, backslashes and control characters in a unit escaped)."""
    from liuzhang.domain.plausibility import Flag, to_json
    from liuzhang.domain.quantities import canonical_text
    from liuzhang.submissions.fast import _ytd_text

    params = {
        "value": canonical_text(value),
        "previous": canonical_text(previous),
        "previous_period": period,
        "unit": unit,
    }
    assert _ytd_text(params) == to_json([Flag("ytd_decrease", params)])


def test_a_file_of_dekad_values_only_with_a_warning() -> None:
    """Found by the strict fuzz test: a file whose only rows are 旬 values (no row in a month
    sequence), one of them a candidate of a value rule, made the column-wise path index an empty
    array (quietly falling back to the row checker before strict mode)."""
    body = "id,period,value,unit,status,note,reported_by\n"
    body += "agri_credit_guarantee_loans,2023-01-上旬,5000,万元,,,\n"
    fast = agree(body.encode("utf-8"))
    assert fast is not None and (fast.rows_read, fast.warned) == (1, 0)


def test_debug_raises_a_fast_path_bug_that_a_user_never_sees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bug in the column-wise check: an ingest still stores the file (the row checker gives
    the same answer, more slowly), and ``--debug`` raises it with its traceback instead."""
    from typer.testing import CliRunner

    from liuzhang.cli import intake as cli_intake
    from liuzhang.cli.app import app
    from liuzhang.submissions import fast

    def broken(*args: object) -> Any:
        raise RuntimeError("a bug in the column-wise check")

    monkeypatch.setattr(fast, "STRICT", False)  # as a user runs it (the suite runs it strict)
    monkeypatch.setattr(fast, "_check", broken)
    monkeypatch.setattr(cli_intake, "FAST_MIN_BYTES", 1)
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "new_urban_jobs,2023-06,600,人,,,\n", encoding="utf-8")
    runner = CliRunner()
    common = ["ingest", str(path), "--data", str(DATA)]
    quiet = runner.invoke(app, [*common, "--db", str(tmp_path / "a.sqlite")])
    assert quiet.exit_code == 0, quiet.output
    assert "新增 1" in quiet.output
    loud = runner.invoke(app, [*common, "--db", str(tmp_path / "b.sqlite"), "--debug"])
    assert loud.exit_code != 0
    assert isinstance(loud.exception, RuntimeError)


# -- files of several years: rows routed to the plans of their years -------------------------


@pytest.fixture(scope="module")
def two_plans(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Plans]:
    """The plans of a workspace of 2023 and 2024 (tests/plan_years.py), cached privately."""
    from liuzhang.services.intake import submission_plans
    from plan_years import two_years

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LIUZHANG_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield submission_plans(two_years(tmp_path_factory.mktemp("two-years")), None)


YEARS = {
    "2023 only": csv_bytes(ROWS),
    "2024 only": csv_bytes(ROWS.replace("2023", "2024")),
    "2023 and 2024": csv_bytes(ROWS + ROWS.replace("2023", "2024")),
    "2023 and 2025": csv_bytes(ROWS + "new_urban_jobs,2025-06,500,人,,,区民政人社局\n"),
}


@pytest.mark.parametrize(
    ("name", "plan", "problems"),
    [
        ("2023 only", 2023, []),
        ("2024 only", 2024, []),
        ("2023 and 2024", None, []),
        ("2023 and 2025", None, ["period_year_no_plan"]),
    ],
)
def test_a_file_of_one_year_takes_the_fast_path_to_its_plan(
    two_plans: Plans, name: str, plan: int | None, problems: list[str]
) -> None:
    """One year: column-wise, exactly as the row checker routes it; several years, or a year
    without a plan: left to the row checker (by design: strict mode raises no bug)."""
    fast = agree(YEARS[name], None, None, two_plans)
    assert (fast.plan.year if fast is not None else None) == plan
    checked = slow(YEARS[name], None, None, two_plans)
    assert checked is not None and [p.code for p in checked.problems] == problems
    years = {o.period[:4] for o in checked.observations}
    assert {key.year for key in checked.plans} == {int(y) for y in years}


def test_the_2024_plan_checks_the_2024_rows(two_plans: Plans) -> None:
    fast = agree(YEARS["2024 only"], None, None, two_plans)
    assert fast is not None
    lists = fast.lists()
    at = lists["item_id"].index("new_urban_jobs")
    assert (lists["value"][at], lists["unit"][at]) == ("0.05", "万人")  # 500 人 in 万人
