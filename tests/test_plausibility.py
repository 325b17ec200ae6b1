"""Case 7: plausibility warnings — pure rules as tables, then ingest end to end."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA, ingest_file
from liuzhang.domain.plausibility import Flag, Point, from_json, row_flags, to_json, value_flags
from liuzhang.plandata.catalog import load_catalog
from liuzhang.store import open_store
from liuzhang.views.records import flag_message

CATALOG, _ = load_catalog(DATA)
T = CATALOG.targets
HEADER = "id,period,value,unit,status,note,reported_by\n"


def target(unit: str, goal: str, measure: str = "level") -> object:
    return dataclasses.replace(T["gdp_growth"], unit=unit, target=Decimal(goal), measure=measure)


@pytest.mark.parametrize(
    ("unit", "goal", "value", "codes"),
    [
        ("%", "7.5", "0.075", ["rate_fraction"]),
        ("%", "7.5", "7.5", []),
        ("%", "7.5", "0", []),  # zero is no fraction
        ("%", "1.5", "0.5", []),  # a small target: 0.5 is plausible
        ("%", "7.5", "750", ["rate_scale"]),
        ("%", "7.5", "749.99", []),
        ("‰", "0.9", "90", ["rate_scale"]),
        ("%", "0", "50", []),  # no scale for a zero target
        ("万人", "1.2", "12000", ["over_target"]),
        ("万人", "1.2", "12", []),  # exactly 10x: not over
        ("人", "1200", "-12001", ["over_target"]),
        ("人", "0", "5", []),
    ],
)
def test_value_rules(unit: str, goal: str, value: str, codes: list[str]) -> None:
    flags = value_flags(target(unit, goal), Decimal(value))  # type: ignore[arg-type]
    assert [f.code for f in flags] == codes


def p(month: int, value: str | None = None, status: str | None = None) -> Point:
    return Point(
        f"2023-{month:02d}-28",
        f"2023-{month:02d}",
        month,
        None if value is None else Decimal(value),
        status,
    )


JOBS = T["new_urban_jobs"]  # cumulative, 人
TASK = None


@pytest.mark.parametrize(
    ("item", "point", "earlier", "codes"),
    [
        (JOBS, p(8, "14"), [p(7, "116")], ["ytd_decrease"]),
        (JOBS, p(8, "116"), [p(7, "116")], []),
        (JOBS, p(8, "117"), [p(7, "116")], []),
        (JOBS, p(8, "50"), [p(6, "50"), p(7, "50")], ["repeated_value"]),
        (JOBS, p(8, "50"), [p(5, "50"), p(7, "50")], []),  # not consecutive months
        (JOBS, p(8, "50"), [p(6, "51"), p(7, "50")], []),
        # a total that has reached the annual 1200 stays put for good reason
        (JOBS, p(8, "1200"), [p(6, "1200"), p(7, "1200")], []),
        (JOBS, p(8, "1199"), [p(6, "1199"), p(7, "1199")], ["repeated_value"]),
        (TASK, p(8, None, "in_progress"), [p(7, "100", "done")], ["task_reopened"]),
        (TASK, p(8, None, "not_started"), [p(7, None, "done")], ["task_reopened"]),
        (TASK, p(8, None, "done"), [p(7, None, "done")], []),
        (TASK, p(8, "100", "done"), [p(6, "100", "done"), p(7, "100", "done")], []),
        (JOBS, p(8, "14"), [], []),
    ],
)
def test_sequence_rules(item: object, point: Point, earlier: list[Point], codes: list[str]) -> None:
    assert [f.code for f in row_flags(item, point, earlier)] == codes  # type: ignore[arg-type]


@pytest.mark.parametrize(("lang", "word"), [("zh", "“推进中”"), ("en", "'in progress'")])
def test_a_reopened_task_is_named_in_the_users_words(lang: str, word: str) -> None:
    (flag,) = row_flags(TASK, p(8, None, "in_progress"), [p(7, None, "done")])
    assert word in flag_message(flag, lang) and "in_progress" not in flag_message(flag, lang)


def test_a_dekad_gets_only_the_value_rules() -> None:
    assert row_flags(JOBS, p(8, "14"), [p(7, "116")], dekad=True) == []


def test_flags_json_round_trip() -> None:
    params = {"value": "14", "previous": "116", "previous_period": "2023-07", "unit": "人"}
    flags = [Flag("ytd_decrease", params)]
    text = to_json(flags)
    assert text is not None and json.loads(text)[0]["code"] == "ytd_decrease"
    assert from_json(text) == flags
    assert to_json([]) is None and from_json(None) == []
    assert flag_message(flags[0], "zh").startswith("累计值 14")


def test_ingest_warns_stores_the_flags_and_strict_refuses(
    runner: CliRunner, tmp_path: Path
) -> None:
    db = tmp_path / "s.sqlite"
    july = tmp_path / "july.csv"
    july.write_text(HEADER + "new_urban_jobs,2023-07,116,人,,,\n", encoding="utf-8")
    assert ingest_file(runner, db, july)[0] == 0
    august = tmp_path / "august.csv"
    august.write_text(
        HEADER + "new_urban_jobs,2023-08,14,人,,当月,\ngdp_growth,2023-Q2,0.075,%,,,\n",
        encoding="utf-8",
    )
    code, output = ingest_file(runner, db, august, "--strict")
    assert code == 1
    with open_store(db) as store:
        assert [r.period for r in store.latest()] == ["2023-07"]
    code, output = ingest_file(runner, db, august)
    assert code == 0, output
    assert (
        f"{august}:2:value: 警告：累计值 14 人 小于上一期 2023-07 的 116 人（填成了当月数？）"
    ) in output
    assert (
        f"{august}:3:value: 警告：数值 0.075% 像是小数写法（目标 7.5%），是否应为 7.5？" in output
    )
    assert "警告 2" in output
    with open_store(db) as store:
        flags = {r.item_id + r.period: r.flags for r in store.latest()}
    assert json.loads(flags["new_urban_jobs2023-08"]) == [
        {
            "code": "ytd_decrease",
            "params": {
                "value": "14",
                "previous": "116",
                "previous_period": "2023-07",
                "unit": "人",
            },
        }
    ]
    assert flags["new_urban_jobs2023-07"] is None
    assert json.loads(flags["gdp_growth2023-Q2"])[0]["code"] == "rate_fraction"


@pytest.mark.parametrize(
    ("lang", "word"), [("zh", "本期改为“推进中”"), ("en", "now 'in progress'")]
)
def test_ingest_names_a_reopened_tasks_status_in_words(
    runner: CliRunner, tmp_path: Path, lang: str, word: str
) -> None:
    db = tmp_path / "s.sqlite"
    for month, status in (("2023-07", "已完成"), ("2023-08", "推进中")):
        path = tmp_path / f"{month}.csv"
        path.write_text(HEADER + f"a2-2,{month},,,{status},,\n", encoding="utf-8")
        code, output = ingest_file(runner, db, path, "--lang", lang)
        assert code == 0, output
    assert word in output and "in_progress" not in output
