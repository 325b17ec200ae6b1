"""Ingest routes each row by the year of its period to the plan of that year of the file's area
(issue 13, points 4 and 7): the rule, the row checker with several plans, and the CLI end to end
in workspaces of two years (``data/2023``, ``data/2024``) and of two areas."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from conftest import CLEAN_ENV, store_snapshot
from liuzhang.cli import intake as cli_intake
from liuzhang.cli.app import app
from liuzhang.domain.periods import parse_period
from liuzhang.domain.plan import PlanKey
from liuzhang.domain.plausibility import Point
from liuzhang.domain.problems import Problem
from liuzhang.plandata.catalog import Catalog
from liuzhang.services.intake import submission_plans
from liuzhang.store import open_store
from liuzhang.submissions.intake import Checked, CheckOptions, check_submission, stored_history
from liuzhang.submissions.reading import read_csv_text
from liuzhang.submissions.rules import Plans, period_plan, plan_reporter
from plan_years import EDITS_2024, plan_copy, two_years

pytestmark = pytest.mark.usefixtures("private_cache")

HEADER = "id,period,value,unit,status,note,reported_by\n"
Y2023, Y2024 = PlanKey("大通湖区", 2023), PlanKey("大通湖区", 2024)
ENV = {**CLEAN_ENV, "LIUZHANG_PLAN": None}
# One row of each plan and a second 2024 row: new_urban_jobs is in 人 in 2023, in 万人 in 2024.
MIXED = (
    "new_urban_jobs,2023-06,500,人,,,区民政人社局\n"
    "new_urban_jobs,2024-06,600,人,,,区民政人社局\n"
    "gdp_growth,2024-Q2,6.1,%,,,区发改财政局\n"
)


def _never(year: int) -> Catalog:
    raise AssertionError(f"the plan of {year} was loaded")


# -- the rule --------------------------------------------------------------------------------

TWO = Plans("大通湖区", [2024, 2023], _never, 2024)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-06", None),
        ("2024-Q1", None),
        ("2024", None),
        ("2023-06-上旬", None),
        ("2024年1-6月", None),
        (
            "2025-03",
            (
                "period_year_no_plan",
                {"value": "2025-03", "year": 2025, "plans": ["大通湖区/2023", "大通湖区/2024"]},
            ),
        ),
        (
            "2022年12月",
            (
                "period_year_no_plan",
                {"value": "2022年12月", "year": 2022, "plans": ["大通湖区/2023", "大通湖区/2024"]},
            ),
        ),
    ],
)
def test_a_row_goes_to_the_plan_of_its_periods_year(text: str, expected: Any) -> None:
    period = parse_period(text)
    assert period is not None
    assert period_plan(period, TWO, text) == expected


def test_the_plans_of_an_area_are_named_without_loading_them() -> None:
    assert TWO.years == (2023, 2024)
    assert TWO.key(2023) == Y2023 and TWO.names() == ["大通湖区/2023", "大通湖区/2024"]


def test_the_default_plan_is_one_of_the_plans() -> None:
    with pytest.raises(ValueError):
        Plans("大通湖区", [2023, 2024], _never, 2025)


def test_a_plan_is_loaded_once_when_first_needed() -> None:
    loaded: list[int] = []

    def load(year: int) -> Any:
        loaded.append(year)
        return f"catalog {year}"

    plans = Plans("大通湖区", [2023, 2024], load, 2024)
    assert loaded == []
    assert [plans.catalog(2023), plans.catalog(2023)] == ["catalog 2023", "catalog 2023"]
    assert loaded == [2023]


# -- with the catalogs of two years ---------------------------------------------------------


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory, private_cache: None) -> Path:
    return two_years(tmp_path_factory.mktemp("two-years"))


@pytest.fixture
def plans(workspace: Path) -> Plans:
    return submission_plans(workspace, None)


def check(plans: Plans, body: str, **kwargs: Any) -> Checked:
    return check_submission(plans, read_csv_text(HEADER + body), "t.csv", **kwargs)


def facts(checked: Checked) -> dict[PlanKey, list[tuple[Any, ...]]]:
    return {
        key: [(o.row, o.item_id, o.period, o.value, o.unit) for o in observations]
        for key, observations in checked.by_plan().items()
    }


@pytest.mark.parametrize(
    ("reporter", "year", "expected"),
    [
        (None, 2023, None),
        ("", 2023, ""),
        ("区发改局", 2024, "区发改局"),  # the default plan's: as resolved by --unit
        ("区发改局", 2023, "区发改财政局"),  # an alias in another plan: its canonical name
        ("区民政人社局", 2023, "区民政人社局"),
        ("某某局", 2023, "某某局"),  # unknown to that plan: as given (it owns none of its items)
    ],
)
def test_the_reporting_unit_is_named_as_each_plan_names_it(
    plans: Plans, reporter: str | None, year: int, expected: str | None
) -> None:
    assert plan_reporter(plans, year, reporter) == expected


def test_the_area_of_a_workspace_of_one_area_and_the_newest_plan_by_default(
    plans: Plans, workspace: Path
) -> None:
    assert (plans.area, plans.years, plans.default) == ("大通湖区", (2023, 2024), 2024)
    assert submission_plans(workspace, "2023").default == 2023


def test_rows_are_checked_against_the_catalog_of_their_plan(plans: Plans) -> None:
    checked = check(plans, MIXED)
    assert checked.problems == []
    assert facts(checked) == {
        Y2023: [(2, "new_urban_jobs", "2023-06", Decimal(500), "人")],
        Y2024: [
            (3, "new_urban_jobs", "2024-06", Decimal("0.06"), "万人"),
            (4, "gdp_growth", "2024-Q2", Decimal("6.1"), "%"),
        ],
    }
    assert checked.plans == {Y2023: 1, Y2024: 2}
    assert [o.row for o in checked.observations] == [2, 3, 4]  # file order


def test_an_id_of_one_plan_only(plans: Plans) -> None:
    checked = check(
        plans,
        "vocational_training,2023-06,300,人次,,,\n"
        "vocational_training,2024-06,300,人次,,,\n"
        "skills_training,2024-06,300,人次,,,\n"
        "skills_training,2023-06,300,人次,,,\n",
    )
    assert [(p.line, p.code) for p in checked.problems] == [(3, "id_unknown"), (5, "id_unknown")]
    assert checked.plans == {Y2023: 1, Y2024: 1}


def test_a_year_without_a_plan_is_a_row_error_naming_the_plans(plans: Plans) -> None:
    checked = check(plans, MIXED + "new_urban_jobs,2025-03,100,人,,,区民政人社局\n")
    assert checked.problems == [
        Problem(
            "t.csv",
            5,
            "period",
            "period_year_no_plan",
            params={"value": "2025-03", "year": 2025, "plans": ["大通湖区/2023", "大通湖区/2024"]},
        )
    ]
    assert sorted(checked.rejected_rows) == [5]
    assert checked.plans == {Y2023: 1, Y2024: 2}  # the others are good (--partial keeps them)


def test_each_row_of_a_year_without_a_plan_is_an_error_of_its_own(plans: Plans) -> None:
    body = (
        "gdp_growth,2025-Q1,6,%,,,\n"
        + MIXED
        + "gdp_growth,2022,6,%,,,\ngdp_growth,2025-Q2,6,%,,,\n"
    )
    checked = check(plans, body)
    assert [(p.line, p.code, p.params["year"]) for p in checked.problems] == [
        (2, "period_year_no_plan", 2025),
        (6, "period_year_no_plan", 2022),
        (7, "period_year_no_plan", 2025),
    ]
    assert checked.plans == {Y2023: 1, Y2024: 2}


@pytest.mark.parametrize(
    ("chosen", "codes"),
    [(None, ["id_unknown", "period_malformed"]), ("2023", ["period_malformed"])],
)
def test_a_row_without_a_usable_period_is_checked_against_the_default_plan(
    workspace: Path, chosen: str | None, codes: list[str]
) -> None:
    """The newest plan, or the one --plan names: its other cells are checked there."""
    checked = check(submission_plans(workspace, chosen), "vocational_training,June,300,人次,,,\n")
    assert [p.code for p in checked.problems] == codes


def test_runs_keep_the_file_order_and_plans_the_order_of_first_appearance(plans: Plans) -> None:
    body = (
        "gdp_growth,2024-Q2,6.1,%,,,\n"
        "gdp_growth,2023-Q2,6.8,%,,,\n"
        "new_urban_jobs,2023-06,500,人,,,\n"
        "new_urban_jobs,2024-06,600,人,,,\n"
    )
    checked = check(plans, body)
    assert checked.runs == [(Y2024, 1), (Y2023, 2), (Y2024, 1)]
    assert list(checked.plans.items()) == [(Y2024, 2), (Y2023, 2)]


def test_the_sink_takes_chunks_of_one_plan_each(plans: Plans) -> None:
    body = "".join(
        f"new_urban_jobs,{year}-{month:02d},{100 * month},人,,,\n"
        for month in range(1, 6)
        for year in (2023, 2024)
    )
    whole = check(plans, body)
    chunks: list[tuple[PlanKey, list[Any]]] = []
    sunk = check(plans, body, sink=lambda key, part: chunks.append((key, part)), chunk=3)
    assert sunk.observations == [] and sunk.runs == []
    assert sunk.plans == whole.plans == {Y2023: 5, Y2024: 5}
    for key, part in chunks:
        assert part and {o.period[:4] for o in part} == {str(key.year)}
    joined: dict[PlanKey, list[Any]] = {}
    for key, part in chunks:
        joined.setdefault(key, []).extend(part)
    assert joined == whole.by_plan()


def test_a_file_of_one_year_loads_only_that_plan(workspace: Path) -> None:
    real = submission_plans(workspace, None)
    loaded: list[int] = []

    def load(year: int) -> Catalog:
        loaded.append(year)
        return real.catalog(year)

    plans = Plans(real.area, real.years, load, real.default)
    checked = check(plans, "new_urban_jobs,2023-06,500,人,,,\n")
    assert checked.problems == [] and loaded == [2023]


def test_plausibility_compares_with_the_stored_values_of_the_rows_plan(plans: Plans) -> None:
    asked: list[tuple[int, list[str]]] = []

    def history(catalog: Catalog, items: list[str]) -> dict[str, list[Point]]:
        asked.append((catalog.year, items))
        return {}

    check(plans, MIXED, options=CheckOptions(history=history))
    assert sorted(asked) == [
        (2023, ["new_urban_jobs"]),
        (2024, ["gdp_growth"]),
        (2024, ["new_urban_jobs"]),
    ]


class _Values:
    """A store's current values of two years, and the plans it was asked for."""

    def __init__(self) -> None:
        self.asked: list[PlanKey | None] = []

    def current_values(self, items: list[str], *, plan: PlanKey | None = None) -> Any:
        from liuzhang.domain.observations import StoredValue

        self.asked.append(plan)

        def value(period: str, end: str, month: int, amount: str) -> StoredValue:
            return StoredValue(
                0, 1, "new_urban_jobs", "target", period, "month", end, month, amount, None,
                "人", None, None, None, None, None, 2, "f.csv", "x", "t",
            )  # fmt: skip

        return {
            "new_urban_jobs": [
                value("2023-05", "2023-05-31", 5, "400"),
                value("2024-05", "2024-05-31", 5, "450"),
                value("2024-05-上旬", "2024-05-10", 5, "100"),
            ]
        }


def test_stored_history_asks_the_store_for_the_plan_and_keeps_its_year(plans: Plans) -> None:
    store = _Values()
    history = stored_history(store)  # type: ignore[arg-type]
    got = history(plans.catalog(2024), ["new_urban_jobs"])
    assert got == {"new_urban_jobs": [Point("2024-05-31", "2024-05", 5, Decimal(450), None)]}
    assert store.asked == [Y2024]


# -- the CLI ---------------------------------------------------------------------------------


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=ENV)


def write(path: Path, body: str) -> Path:
    path.write_text(HEADER + body, encoding="utf-8")
    return path


@pytest.fixture
def data(workspace: Path) -> Path:
    """The shared two-year workspace (each test keeps its store in its own ``tmp_path``)."""
    return workspace


def ingest(data: Path, db: Path, path: Path, *args: str) -> Result:
    return run("ingest", str(path), "--data", str(data), "--db", str(db), *args)


def stored(db: Path) -> dict[tuple[str, str], tuple[str | None, str | None]]:
    with open_store(db, create=False, readonly=True) as store:
        return {(v.item_id, v.period): (v.value, v.unit) for v in store.latest()}


ALL_STORED = {
    ("new_urban_jobs", "2023-06"): ("500", "人"),
    ("new_urban_jobs", "2024-06"): ("0.06", "万人"),
    ("gdp_growth", "2024-Q2"): ("6.1", "%"),
}


def test_a_file_of_two_years_goes_to_both_plans(data: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    path = write(tmp_path / "mixed.csv", MIXED)
    result = ingest(data, db, path)
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{path}：读取 3 行，新增 3，未变 0，修订 0，拒收 0，未填 0"
        " → 大通湖区/2023：1 行，大通湖区/2024：2 行\n"
    )
    assert stored(db) == ALL_STORED
    with open_store(db, create=False, readonly=True) as store:
        assert len(store.ingests()) == 1  # one file, one ingest


def test_a_file_of_one_plan_names_it_once(data: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "y2024.csv", "gdp_growth,2024-Q2,6.1,%,,,\n")
    result = ingest(data, tmp_path / "store.sqlite", path, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{path}: 1 rows read, 1 stored, 0 unchanged, 0 revised, 0 rejected, 0 unfilled"
        " → 大通湖区/2024\n"
    )


@pytest.fixture
def db(data: Path, tmp_path: Path) -> Path:
    """A store holding one earlier ingest, so that “unchanged” is a real claim."""
    db = tmp_path / "store.sqlite"
    first = write(tmp_path / "first.csv", "gdp_growth,2023-Q1,6,%,,,\n")
    assert ingest(data, db, first).exit_code == 0
    return db


def test_a_workspace_of_one_plan_has_nothing_to_route(data_copy: Path, tmp_path: Path) -> None:
    path = write(tmp_path / "y2023.csv", "gdp_growth,2023-Q2,6.1,%,,,\n")
    result = ingest(data_copy, tmp_path / "store.sqlite", path)
    assert result.exit_code == 0, result.output
    assert result.output == f"{path}：读取 1 行，新增 1，未变 0，修订 0，拒收 0，未填 0\n"


def test_a_dry_run_says_the_same_and_stores_nothing(data: Path, db: Path, tmp_path: Path) -> None:
    before = store_snapshot(db)
    path = write(tmp_path / "mixed.csv", MIXED)
    result = ingest(data, db, path, "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{path}：读取 3 行，新增 3，未变 0，修订 0，拒收 0，未填 0"
        " → 大通湖区/2023：1 行，大通湖区/2024：2 行（试运行，未写入）\n"
    )
    assert store_snapshot(db) == before


def test_a_row_of_a_year_without_a_plan_refuses_the_file(
    data: Path, db: Path, tmp_path: Path
) -> None:
    before = store_snapshot(db)
    path = write(tmp_path / "bad.csv", MIXED + "new_urban_jobs,2025-03,100,人,,,区民政人社局\n")
    result = ingest(data, db, path)
    assert result.exit_code == 1
    assert (
        f"{path}:5:period: 期间“2025-03”所属的 2025 年没有方案（有：大通湖区/2023、大通湖区/2024）"
        in result.output
    )
    assert "有 1 行被拒收，整个文件未导入" in result.output
    assert store_snapshot(db) == before


def test_partial_stores_the_routed_rows_and_writes_the_routing_error(
    data: Path, tmp_path: Path
) -> None:
    db = tmp_path / "store.sqlite"
    path = write(tmp_path / "bad.csv", MIXED + "new_urban_jobs,2025-03,100,人,,,区民政人社局\n")
    result = ingest(data, db, path, "--partial", "--lang", "en")
    assert result.exit_code == 1
    assert "3 stored" in result.output and "→ 大通湖区/2023: 1 rows, 大通湖区/2024: 2 rows" in (
        result.output
    )
    assert stored(db) == ALL_STORED
    with (tmp_path / "bad.rejected.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    assert rows[1] == [
        "new_urban_jobs",
        "2025-03",
        "100",
        "人",
        "",
        "",
        "区民政人社局",
        "5",
        "period: period '2025-03' is in 2025, which has no plan"
        " (plans: 大通湖区/2023, 大通湖区/2024)",
    ]


@pytest.mark.parametrize(
    ("chosen", "body", "expected"),
    [
        ("2024", "new_urban_jobs,2023-06,500,人,,,\n", ("500", "人", "大通湖区/2023")),
        ("2023", "new_urban_jobs,2024-06,600,人,,,\n", ("0.06", "万人", "大通湖区/2024")),
    ],
)
def test_plan_chooses_the_area_and_rows_still_go_by_their_year(
    data: Path, tmp_path: Path, chosen: str, body: str, expected: tuple[str, str, str]
) -> None:
    db = tmp_path / "store.sqlite"
    path = write(tmp_path / "one.csv", body)
    result = ingest(data, db, path, "--plan", chosen)
    assert result.exit_code == 0, result.output
    value, unit, plan = expected
    assert result.output.endswith(f" → {plan}\n")
    assert list(stored(db).values()) == [(value, unit)]


@pytest.mark.parametrize(("unit", "code"), [("区民政局", 0), ("区应急局", 1)])
def test_unit_reports_the_rows_of_every_plan(
    data: Path, tmp_path: Path, unit: str, code: int
) -> None:
    """--unit (any spelling of the default plan) owns, or not, a row of another year there."""
    path = write(tmp_path / "jobs.csv", "new_urban_jobs,2023-06,500,人,,,\n")
    result = ingest(data, tmp_path / "store.sqlite", path, "--unit", unit)
    assert result.exit_code == code, result.output
    if code:
        assert f"{path}:2:reported_by: 区应急局 不是“new_urban_jobs”的牵头或责任" in result.output
    else:
        with open_store(tmp_path / "store.sqlite", create=False, readonly=True) as store:
            assert [v.reported_by for v in store.latest()] == ["区民政人社局"]


@pytest.mark.parametrize("broken", [2023, 2024])
def test_only_the_plans_the_file_uses_are_loaded(tmp_path: Path, broken: int) -> None:
    """A broken plan (the newest, the default, too) does not stop a file of another year; a
    row of its year names its problems."""
    data = tmp_path / "data"
    training = '    target: 690\n    unit: "人次"\n    direction: '
    bad = ("targets.yaml", f"{training}at_least", f"{training}upwards")
    plan_copy(data / "2023", edits=[bad] if broken == 2023 else [])
    plan_copy(data / "2024", 2024, edits=[*EDITS_2024, *([bad] if broken == 2024 else [])])
    good = 2023 if broken == 2024 else 2024
    db = tmp_path / "store.sqlite"
    ok = ingest(data, db, write(tmp_path / "ok.csv", f"gdp_growth,{good}-Q2,6.1,%,,,\n"))
    assert ok.exit_code == 0, ok.output
    refused = ingest(data, db, write(tmp_path / "no.csv", f"gdp_growth,{broken}-Q2,6.1,%,,,\n"))
    assert refused.exit_code == 1
    assert f"{broken}/targets.yaml:" in refused.output and "upwards" in refused.output
    assert stored(db) == {("gdp_growth", f"{good}-Q2"): ("6.1", "%")}


@pytest.fixture
def two_areas(tmp_path: Path) -> Path:
    data = tmp_path / "areas"
    plan_copy(data / "datonghu")
    plan_copy(data / "nanxian", area="南县")
    return data


def test_two_areas_without_plan_is_a_usage_error(two_areas: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    path = write(tmp_path / "mixed.csv", MIXED)
    result = ingest(two_areas, db, path)
    assert result.exit_code == 2
    assert "工作区有多个地区的方案（南县、大通湖区）：请用 --plan 指定地区" in result.output
    assert store_snapshot(db) == {}
    chosen = ingest(two_areas, db, path, "--plan", "南县/2023")
    assert chosen.exit_code == 1  # 南县 has no 2024 plan
    assert "期间“2024-06”所属的 2024 年没有方案（有：南县/2023）" in chosen.output
    assert (store_snapshot(db)["ingests"], store_snapshot(db)["observations"]) == ([], [])
    ok = ingest(two_areas, db, write(tmp_path / "y23.csv", MIXED.splitlines()[0] + "\n"),
                "--plan", "南县")  # fmt: skip
    assert ok.exit_code == 0 and ok.output.endswith(" → 南县/2023\n"), ok.output


BY_ROW = {
    "one year": "new_urban_jobs,2024-06,600,人,,,\ngdp_growth,2024-Q2,6.1,%,,,\n",
    "two years": MIXED,
}


@pytest.mark.parametrize("name", sorted(BY_ROW))
def test_the_column_wise_path_stores_what_the_row_checker_stores(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = write(tmp_path / "f.csv", BY_ROW[name])
    outputs, contents = [], []
    for fast in (False, True):
        if fast:
            monkeypatch.setattr(cli_intake, "FAST_MIN_BYTES", 1)
        db = tmp_path / f"{fast}.sqlite"
        result = ingest(data, db, path)
        assert result.exit_code == 0, result.output
        outputs.append(result.output)
        with open_store(db, create=False, readonly=True) as store:
            contents.append(
                [(v.item_id, v.period, v.value, v.unit, v.row, v.flags) for v in store.latest()]
            )
    assert outputs[0] == outputs[1] and contents[0] == contents[1]


def test_log_by_plan(data: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    assert ingest(data, db, write(tmp_path / "mixed.csv", MIXED)).exit_code == 0
    every = run("log", "--data", str(data), "--db", str(db), "--format", "json")
    assert every.exit_code == 0 and '"file"' in every.output
    unknown = run("log", "--data", str(data), "--db", str(db), "--plan", "2025")
    assert unknown.exit_code == 2
    assert "2025" in unknown.output and "大通湖区/2023、大通湖区/2024" in unknown.output


def test_log_lists_the_ingests_of_the_plan(data: Path, tmp_path: Path) -> None:
    import json

    db = tmp_path / "store.sqlite"
    assert ingest(data, db, write(tmp_path / "mixed.csv", MIXED)).exit_code == 0
    assert (
        ingest(data, db, write(tmp_path / "y24.csv", "gdp_growth,2024-Q1,6,%,,,\n")).exit_code == 0
    )

    def files(*plan: str) -> list[str]:
        result = run("log", "--data", str(data), "--db", str(db), "--format", "json", *plan)
        assert result.exit_code == 0, result.output
        return [Path(r["file"]).name for r in json.loads(result.output)]

    assert files() == ["mixed.csv", "y24.csv"]
    assert files("--plan", "2024") == ["mixed.csv", "y24.csv"]
    assert files("--plan", "2023") == ["mixed.csv"]


def test_values_of_two_plans_never_mix(data: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    assert ingest(data, db, write(tmp_path / "mixed.csv", MIXED)).exit_code == 0
    with open_store(db, create=False, readonly=True) as store:
        assert [(v.item_id, v.period) for v in store.latest(plan=Y2023)] == [
            ("new_urban_jobs", "2023-06")
        ]
        assert sorted((v.item_id, v.period) for v in store.latest(plan=Y2024)) == [
            ("gdp_growth", "2024-Q2"),
            ("new_urban_jobs", "2024-06"),
        ]
        current = store.current_values(["new_urban_jobs"], plan=Y2024)
        assert [v.period for v in current["new_urban_jobs"]] == ["2024-06"]
        assert [(s.plan, s.values) for s in store.plans()] == [(Y2023, 1), (Y2024, 2)]


def test_revert_takes_back_the_rows_of_every_plan(data: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite"
    assert ingest(data, db, write(tmp_path / "mixed.csv", MIXED)).exit_code == 0
    result = run("revert", "1", "--data", str(data), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert stored(db) == {}


@pytest.mark.parametrize(
    ("period", "goal", "unit"), [("2024-06", "0.13", "万人"), ("2023-06", "1200", "人")]
)
def test_template_takes_the_plan_of_the_periods_year(
    data: Path, tmp_path: Path, period: str, goal: str, unit: str
) -> None:
    out = tmp_path / "form.csv"
    result = run(
        "template", "--unit", "区民政人社局", "--period", period, "--data", str(data),
        "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig") as handle:
        rows = [r for r in csv.reader(handle) if r and r[0] == "new_urban_jobs"]
    assert len(rows) == 1
    assert rows[0][2] == period and unit in rows[0] and goal in rows[0]
