"""status, show, missing and units --as-of on the shipped examples, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA, ROOT
from liuzhang.cli.app import app
from liuzhang.domain.tracking import judge_all, reading_from_row
from liuzhang.plandata.catalog import load_catalog
from liuzhang.store import open_store
from liuzhang.views.records import as_record as record

CATALOG, _ = load_catalog(DATA)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("status") / "examples.sqlite"
    files = sorted(str(p) for p in (ROOT / "examples").glob("2023-0*/*"))
    result = CliRunner().invoke(app, ["ingest", *files, "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def run(db: Path, *args: str) -> tuple[int, str]:
    """Invoke the CLI on the examples' store; a wide terminal so that no cell folds."""
    result = CliRunner().invoke(app, [*args, "--db", str(db)], env={"COLUMNS": "400"})
    return result.exit_code, result.stdout


def expected_records(db: Path, as_of: int) -> list[dict[str, object]]:
    with open_store(db) as store:
        readings = [reading_from_row(r) for r in store.latest()]
    return [record(j) for j in judge_all(CATALOG, readings, as_of)]


def test_status_json_is_the_engines_judgement(db: Path) -> None:
    code, out = run(db, "status", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert records == json.loads(json.dumps(expected_records(db, 6), ensure_ascii=False))
    required = {
        "id",
        "kind",
        "battle",
        "status",
        "actual",
        "expected",
        "target",
        "remaining",
        "unit",
        "lead",
        "stale",
    }
    assert all(required <= set(r) for r in records)
    statuses = {r["status"] for r in records}
    assert {"on_track", "behind", "missing", "not_due", "in_progress"} <= statuses


def test_the_table_says_what_the_json_says(db: Path) -> None:
    _, out = run(db, "status", "--battle", "1", "--format", "json")
    records = json.loads(out)
    code, table = run(db, "status", "--battle", "1")
    assert code == 0 and "截至 2023年6月" in table
    words = {
        "achieved": "已完成",
        "on_track": "正常",
        "at_risk": "预警",
        "behind": "滞后",
        "missing": "应报未报",
        "not_due": "未到统计期",
        "done": "已完成",
        "in_progress": "推进中",
        "not_started": "未启动",
        "overdue": "逾期",
    }
    lines = table.splitlines()
    for r in records:
        line = next(ln for ln in lines if ln.strip().startswith(r["id"] + " "))
        assert words[r["status"]] in line, (r["id"], line)
    counts = sum(1 for r in records if r["kind"] == "target" and r["status"] == "behind")
    assert f"滞后 {counts}" in table


def test_as_of_only_unit_and_fail_on(db: Path) -> None:
    code, out = run(db, "status", "--as-of", "2023-05", "--only", "behind,missing", "-f", "json")
    may = json.loads(out)
    assert code == 0 and may and {r["status"] for r in may} <= {"behind", "missing"}
    assert may == [
        r
        for r in json.loads(json.dumps(expected_records(db, 5), ensure_ascii=False))
        if r["status"] in ("behind", "missing")
    ]
    code, out = run(db, "status", "--unit", "区住建局", "-f", "json")
    assert code == 0 and all(
        "区住房城乡建设局" in r["lead"] + r["responsible"] for r in json.loads(out)
    )
    assert run(db, "status", "--fail-on", "behind")[0] == 1
    assert run(db, "status", "--only", "on_track", "--fail-on", "behind")[0] == 0
    assert run(db, "status", "--only", "nonsense")[0] == 2
    assert run(db, "status", "--as-of", "2024-06")[0] == 2


def test_show_lists_revisions_with_provenance(db: Path) -> None:
    code, out = run(db, "show", "key_project_investment", "--format", "json")
    view = json.loads(out)
    assert code == 0 and view["definition"]["target"] == 15
    june = [h for h in view["history"] if h["period"] == "2023-06"]
    assert [h["revision"] for h in june] == [0, 1] and june[1]["value"] == "7.9"  # 0: first value
    assert (
        june[1]["source_file"].endswith("区发改财政局_2023-06_更正.csv")
        and len(june[1]["sha256"]) == 64
    )
    assert view["status"]["actual"] == 7.9 and view["projection"]["year_end"] == 15.8
    assert len(view["expected_path"]) == 12 and view["expected_path"][5]["expected"] == 7.5
    code, table = run(db, "show", "key_project_investment")
    assert code == 0 and "完成年度投资15亿" in table and "▁" in table
    assert run(db, "show", "key_project_investmnt")[0] == 2


def test_missing_groups_by_the_unit_that_owes(db: Path) -> None:
    code, out = run(db, "missing", "-f", "json")
    records = json.loads(out)
    owed = {(r["unit"], r["id"]) for r in records}
    engine = {(j["owes"], j["id"]) for j in expected_records(db, 6) if j["owes"]}
    assert code == 0 and owed == engine
    assert any(u == "区人民法院" for u, _ in owed)  # sent nothing for June
    code, table = run(db, "missing")
    assert "区人民法院" in table and "应报未报" in table


def test_units_as_of_counts_statuses(db: Path) -> None:
    code, out = run(db, "units", "--as-of", "2023-06", "-f", "json")
    units = {u["name"]: u for u in json.loads(out)}
    records = expected_records(db, 6)
    behind = sum(1 for r in records if "区科技工信局" in r["lead"] and r["status"] == "behind")
    assert code == 0 and units["区科技工信局"]["status"].get("behind", 0) == behind


def test_status_on_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["status", "--db", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 1 and "liuzhang ingest" in result.output


@pytest.mark.parametrize("columns", ["90", "130", "200"])
def test_status_tables_never_cut_a_number_and_stay_aligned(db: Path, columns: str) -> None:
    import unicodedata

    result = CliRunner().invoke(
        app, ["status", "--battle", "6", "--db", str(db)], env={"COLUMNS": columns}
    )
    assert result.exit_code == 0 and "…" not in result.stdout
    tables = [
        [ln for ln in chunk.splitlines() if ln.startswith(("  ", " ━"))]
        for chunk in result.stdout.split("\n第")  # each battle's targets and tasks tables
    ]
    tables = [lines for lines in tables if lines]
    assert len(tables) == 2
    for lines in tables:
        widths = {
            sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in ln) for ln in lines
        }
        assert len(widths) == 1 and max(widths) <= int(columns)
    assert "1,200" in result.stdout  # new_urban_jobs' target, whole
