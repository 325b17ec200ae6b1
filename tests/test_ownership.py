"""Case 6: a unit may report only for items it leads or shares (groups and aliases count)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA, ingest_file
from conftest import store_snapshot as snapshot
from liuzhang.cli.app import app
from liuzhang.plandata.catalog import load_catalog
from liuzhang.store import open_store
from liuzhang.submissions.rules import item_owners, owns, reporting_unit

CATALOG, _ = load_catalog(DATA)
HEADER = "id,period,value,unit,status,note,reported_by\n"


@pytest.mark.parametrize(
    ("item", "reporter", "allowed"),
    [
        ("gdp_growth", "区发改财政局", True),  # the lead
        ("gdp_growth", "区发改局", True),  # an alias of the lead
        ("gdp_growth", "区金融办", True),  # a part of the lead (its parent)
        ("gdp_growth", "区住建局", False),  # another office
        ("urbanization_rate", "区住房城乡建设局", True),
        ("urbanization_rate", "区发改财政局", True),  # a unit of the target's linked task
        ("urbanization_rate", "区应急局", False),
        ("a1-1-1", "区委宣传统战部", True),  # a task's lead
        ("a1-1-1", "区科技工信局", True),  # a task's responsible unit
        ("a1-1-1", "区应急局", False),
    ],
)
def test_owns(item: str, reporter: str, allowed: bool) -> None:
    unit = reporting_unit(CATALOG, reporter)
    assert unit is not None
    assert owns(CATALOG, item_owners(CATALOG, item), unit) is allowed


def test_group_members_and_open_groups_own() -> None:
    towns = next(t for t in CATALOG.tasks if "各镇" in item_owners(CATALOG, t))
    assert owns(CATALOG, item_owners(CATALOG, towns), "金盆镇")
    assert not owns(CATALOG, ["各镇"], "区应急局")
    assert owns(CATALOG, ["区直相关单位"], "区应急局")  # a group without a member list


def test_another_units_figure_is_refused_naming_the_owner(
    runner: CliRunner, tmp_path: Path
) -> None:
    db = tmp_path / "s.sqlite"
    first = tmp_path / "fg.csv"
    first.write_text(HEADER + "gdp_growth,2023-Q2,7.6,%,,,区发改财政局\n", encoding="utf-8")
    assert ingest_file(runner, db, first)[0] == 0
    before = snapshot(db)
    other = tmp_path / "zj.csv"
    other.write_text(HEADER + "gdp_growth,2023-Q2,5.0,%,,,区住建局\n", encoding="utf-8")
    code, output = ingest_file(runner, db, other)
    assert code == 1
    assert (
        f"{other}:2:reported_by: 区住房城乡建设局 不是“gdp_growth”的牵头或责任单位"
        "（应由 区发改财政局 报送）；确需代报请加 --allow-other-units"
    ) in output
    assert snapshot(db) == before

    code, output = ingest_file(runner, db, other, "--allow-other-units", "--lang", "en")
    assert code == 0, output
    assert "1 revised" in output and "1 row(s) from units that do not own the item" in output
    with open_store(db) as store:
        latest = [r for r in store.latest() if r.item_id == "gdp_growth"]
        assert [(r.value, r.reported_by) for r in latest] == [("5", "区住房城乡建设局")]
        assert store.ingests()[-1].reported_by == "区住房城乡建设局 (--allow-other-units)"
    log = runner.invoke(app, ["log", "--db", str(db), "--format", "json"])
    assert '"reported_by": "区住房城乡建设局 (--allow-other-units)"' in log.output


def test_the_unit_option_is_checked_too(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    path = tmp_path / "x.csv"
    path.write_text("id,period,value\ngdp_growth,2023-Q2,7.6\n", encoding="utf-8")
    code, output = ingest_file(runner, db, path, "--unit", "区应急局")
    assert code == 1 and "x.csv:2:填报单位: 区应急局 不是“gdp_growth”" in output
    code, output = ingest_file(runner, db, path, "--unit", "区发改局")
    assert code == 0, output


def test_rows_without_a_reporter_are_not_checked(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    path = tmp_path / "x.csv"
    path.write_text("id,period,value\ngdp_growth,2023-Q2,7.6\n", encoding="utf-8")
    assert ingest_file(runner, db, path)[0] == 0
