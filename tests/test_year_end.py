"""The year's end, end to end: final values are achieved or missed, old values count as missing.

Small submissions with final values (December's year-to-date, Q4, the annual figure) go into a
temporary store; ``status``, ``missing``, ``units``, ``show`` and ``report`` are checked at
2023-09 and 2023-12 against statuses written by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from liuzhang.cli.app import app

HEADER = "id,period,value,unit,status,note,reported_by\n"
SUBMISSIONS = {
    "区发改财政局_2023-06.csv": [
        "industrial_value_added_growth,2023-06,9.2,%,,,区发改财政局",
    ],
    "区发改财政局_2023-07.csv": [
        "fixed_asset_investment_growth,2023-07,11,%,,,区发改财政局",
    ],
    "区发改财政局_2023-09.csv": [
        "retail_sales_growth,2023-09,7.3,%,,,区发改财政局",
        "high_standard_farmland,2023-09,5000,亩,,,区发改财政局",
        "gdp_growth,2023-Q3,7.6,%,,,区发改财政局",
    ],
    "区自然资源局_2023-09.csv": [
        "forest_fire_damage_rate,2023-09,0.95,‰,,,区自然资源局",
    ],
    "区发改财政局_2023-12.csv": [
        "retail_sales_growth,2023-12,7.1,%,,,区发改财政局",
        "high_standard_farmland,2023年1-12月,6400,亩,,,区发改财政局",
        "gdp_growth,2023-Q4,7.5,%,,,区发改财政局",
    ],
    "区科技工信局_2023年.csv": [
        "rnd_intensity,2023年,1.01,%,,,区科技工信局",
    ],
    "区自然资源局_2023-12.csv": [
        "forest_fire_damage_rate,2023-12,1.85,‰,,,区自然资源局",
    ],
    "区民政人社局_2023-12.csv": [
        "new_urban_jobs,2023-12,1250,人,,,区民政人社局",
    ],
}
LEAD = "区发改财政局"

# id: (status, actual, period, stale, owes), written by hand from the rules.
AT_DECEMBER: dict[str, tuple[str, float | int | None, str | None, bool, str | None]] = {
    "retail_sales_growth": ("missed", 7.1, "2023-12", False, None),  # ≥ 7.5: no tolerance now
    "high_standard_farmland": ("missed", 6400, "2023-12", False, None),  # 7000 亩
    "gdp_growth": ("achieved", 7.5, "2023-Q4", False, None),
    "rnd_intensity": ("missed", 1.01, "2023", False, None),  # ≥ 2 %
    "forest_fire_damage_rate": ("missed", 1.85, "2023-12", False, None),  # ≤ 0.9‰
    "new_urban_jobs": ("achieved", 1250, "2023-12", False, None),  # 1200 人
    # June and July values as of December: more than two due periods old
    "industrial_value_added_growth": ("missing", 9.2, "2023-06", True, LEAD),
    "fixed_asset_investment_growth": ("missing", 11, "2023-07", True, LEAD),
    "urbanization_rate": ("missing", None, None, False, "区住房城乡建设局"),  # annual, none came
}
AT_SEPTEMBER: dict[str, tuple[str, float | int | None, str | None, bool, str | None]] = {
    "retail_sales_growth": ("at_risk", 7.3, "2023-09", False, None),  # band 0.75 point
    "high_standard_farmland": ("at_risk", 5000, "2023-09", False, None),  # expected 5250
    "gdp_growth": ("on_track", 7.6, "2023-Q3", False, None),
    "rnd_intensity": ("not_due", None, None, False, None),
    "forest_fire_damage_rate": ("at_risk", 0.95, "2023-09", False, None),  # band 0.09‰
    "new_urban_jobs": ("missing", None, None, False, "区民政人社局"),
    "industrial_value_added_growth": ("missing", 9.2, "2023-06", True, LEAD),  # 3 periods old
    "fixed_asset_investment_growth": ("on_track", 11, "2023-07", True, LEAD),  # 2: still judged
    "urbanization_rate": ("not_due", None, None, False, None),
}
MISSED = [
    "retail_sales_growth",
    "high_standard_farmland",
    "rnd_intensity",
    "forest_fire_damage_rate",
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("year_end")
    files = []
    for name, rows in SUBMISSIONS.items():
        path = folder / name
        path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
        files.append(str(path))
    store = folder / "year.sqlite"
    result = CliRunner().invoke(app, ["ingest", *files, "--db", str(store)])
    assert result.exit_code == 0, result.output
    return store


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, [*args, "--db", str(db)], env={"COLUMNS": "400"})
    return result.exit_code, result.stdout


def status_json(db: Path, as_of: str, *args: str) -> list[dict[str, Any]]:
    code, out = run(db, "status", "--as-of", as_of, "--format", "json", *args)
    assert code == 0, out
    records: list[dict[str, Any]] = json.loads(out)
    return records


@pytest.mark.parametrize(
    ("as_of", "expected"), [("2023-12", AT_DECEMBER), ("2023-09", AT_SEPTEMBER)]
)
def test_status_at_the_years_end_and_in_september(
    db: Path, as_of: str, expected: dict[str, Any]
) -> None:
    records = {r["id"]: r for r in status_json(db, as_of)}
    got = {
        i: (r["status"], r["actual"], r["period"], r["stale"], r["owes"])
        for i, r in records.items()
        if i in expected
    }
    assert got == expected
    # a value too old to count is shown but no longer judged
    old = records["industrial_value_added_growth"]
    assert (old["expected"], old["gap"], old["due_period"]) == (None, None, as_of)


def test_only_the_final_shortfalls_are_missed(db: Path) -> None:
    records = status_json(db, "2023-12")
    assert [r["id"] for r in records if r["status"] == "missed"] == MISSED
    assert [r["id"] for r in status_json(db, "2023-12", "--only", "missed")] == MISSED
    assert status_json(db, "2023-11", "--only", "missed") == []
    code, _ = run(db, "status", "--as-of", "2023-12", "--fail-on", "missed")
    assert code == 1


def test_the_table_counts_missed(db: Path) -> None:
    code, out = run(db, "status", "--as-of", "2023-12", "--battle", "2")
    assert code == 0
    row = next(line for line in out.splitlines() if "rnd_intensity" in line)
    assert row.split()[-3:] == ["未完成", "2023", "区科技工信局"]
    assert "滞后 0  未完成 1  应报未报" in out
    code, out = run(db, "status", "--as-of", "2023-12", "--lang", "en")
    assert code == 0
    total = next(line for line in out.splitlines() if line.startswith("Total"))
    assert "missed 4" in total


def test_missing_lists_a_value_too_old_with_its_last_period(db: Path) -> None:
    code, out = run(db, "missing", "--as-of", "2023-09", "--unit", LEAD, "--format", "json")
    assert code == 0
    rows = {r["id"]: (r["status"], r["due_period"], r["last_period"]) for r in json.loads(out)}
    assert rows["industrial_value_added_growth"] == ("missing", "2023-09", "2023-06")
    assert rows["fixed_asset_investment_growth"] == ("on_track", "2023-09", "2023-07")


def test_show_gives_the_last_value_of_an_item_too_old_to_judge(db: Path) -> None:
    code, out = run(db, "show", "industrial_value_added_growth", "--as-of", "2023-09")
    assert code == 0
    line = next(line for line in out.splitlines() if "应报未报" in line and "9.2" in line)
    assert "(2023-06)*" in line and "None" not in line and "序时预期" not in line


def test_units_count_missed(db: Path) -> None:
    code, out = run(db, "units", "--as-of", "2023-12", "--format", "json")
    assert code == 0
    missed = {r["name"]: r["status"].get("missed", 0) for r in json.loads(out)}
    assert {name: n for name, n in missed.items() if n} == {
        "区发改财政局": 2,
        "区科技工信局": 1,
        "区自然资源局": 1,
    }
    code, out = run(db, "units", "--as-of", "2023-12")
    assert code == 0 and "未完成" in out


def test_the_bulletin_counts_and_lists_missed(db: Path, tmp_path: Path) -> None:
    code, out = run(
        db,
        "report",
        "--month",
        "2023-12",
        "-f",
        "json",
        "-f",
        "md",
        "-f",
        "html",
        "-f",
        "xlsx",
        "-o",
        str(tmp_path),
    )
    assert code == 0, out
    (json_file,) = tmp_path.glob("*.json")
    bulletin = json.loads(json_file.read_text(encoding="utf-8"))
    assert bulletin["headline"]["targets"]["missed"] == 4
    assert [b["targets"]["missed"] for b in bulletin["headline"]["by_battle"]] == [2, 1, 0, 0, 1, 0]
    # 督办清单: every missed item, the largest shortfall first (relative to the target)
    watch = [r["id"] for r in bulletin["watchlist"] if r["status"] == "missed"]
    assert watch == [
        "high_standard_farmland",
        "rnd_intensity",
        "forest_fire_damage_rate",
        "retail_sales_growth",
    ]
    units = {u["unit"]: u for u in bulletin["units"]}
    assert units["区发改财政局"]["counts"]["missed"] == 2
    assert {r["id"] for r in units["区发改财政局"]["watch"] if r["status"] == "missed"} == {
        "retail_sales_growth",
        "high_standard_farmland",
    }
    (md,) = tmp_path.glob("*.md")
    text = md.read_text(encoding="utf-8")
    assert "| 单位 | 未完成 | 滞后 |" in text and "| 部分 | 未完成 | 滞后 |" in text
    assert "| 区发改财政局 | 2 |" in text
    (html,) = tmp_path.glob("*.html")
    units_section = html.read_text(encoding="utf-8").split('<section id="units">')[1]
    assert units_section.index("未完成") < units_section.index("滞后")
    from openpyxl import load_workbook

    (xlsx,) = tmp_path.glob("*.xlsx")
    sheet = load_workbook(xlsx)["各单位"]
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "区发改财政局")
    assert row[header.index("未完成")] == 2
