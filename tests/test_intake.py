"""Progress intake end to end: row errors, encodings, revisions, idempotence, revert, crashes."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA, ROOT
from conftest import store_snapshot as snapshot
from liuzhang.cli.app import app
from liuzhang.plandata.catalog import load_catalog
from liuzhang.store import open_store

CATALOG, _ = load_catalog(DATA)
HEADER = "id,period,value,unit,status,note,reported_by\n"


def write(path: Path, body: str, encoding: str = "utf-8", header: str = HEADER) -> Path:
    path.write_bytes((header + body).encode(encoding))
    return path


@dataclass
class Env:
    db: Path
    dir: Path


@pytest.fixture
def env(tmp_path: Path, runner: CliRunner) -> Env:
    """A store holding one earlier ingest, so that “unchanged” is a real claim."""
    db = tmp_path / "store.sqlite"
    first = write(tmp_path / "first.csv", "new_urban_jobs,2023-05,500,人,,,区民政人社局\n")
    result = runner.invoke(app, ["ingest", str(first), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return Env(db, tmp_path)


def ingest(runner: CliRunner, env: Env, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["ingest", *args, "--db", str(env.db)])
    return result.exit_code, result.output


ROW_ERRORS = [
    # (row body, expected message part, column)
    ("nonexistent_id,2023-06,5,,,,\n", "未知编号“nonexistent_id”", "id"),
    ("new_urban_jobz,2023-06,5,,,,\n", "是否指“new_urban_jobs”", "id"),
    (",2023-06,5,,,,\n", "编号为空", "id"),
    ("new_urban_jobs,,5,,,,\n", "期间为空", "period"),
    ("new_urban_jobs,June,5,,,,\n", "期间“June”无法识别", "period"),
    ("new_urban_jobs,2023-13,5,,,,\n", "期间“2023-13”无法识别", "period"),
    ("new_urban_jobs,2024-06,5,,,,\n", "所属的 2024 年没有方案（有：大通湖区/2023）", "period"),
    ("new_urban_jobs,2023-06,,,已完成,,\n", "是指标，应填数值而不是任务状态", "status"),
    ("new_urban_jobs,2023-06,五百,,,,\n", "数值“五百”无法识别", "value"),
    ("new_urban_jobs,2023-06,500,吨,,,\n", "单位“吨”无法换算为指标单位“人”", "unit"),
    ("key_project_investment,2023-06,8.2亿元,万元,,,\n", "与单位列“万元”矛盾", "unit"),
    ("a3-10,2023-06,45%,,,,\n", "任务必须填写状态", "status"),
    ("a3-10,2023-06,,,差不多,,\n", "状态“差不多”无法识别", "status"),
    ("a3-10,2023-06,3,亿元,推进中,,\n", "任务的数值只能是完成百分比", "value"),
    ("a3-10,2023-06,150%,,推进中,,\n", "完成百分比应在 0–100 之间", "value"),
    ("new_urban_jobs,2023-06,500,,,,区人社局X\n", "未知单位“区人社局X”", "reported_by"),
    ("new_urban_jobs,2023-06,500,,,,\nnew_urban_jobs,2023-06,600,,,,\n", "与第 3 行冲突", "value"),
]


@pytest.mark.parametrize(("body", "message", "column"), ROW_ERRORS)
def test_row_errors_name_row_and_column_and_store_nothing(
    env: Env, runner: CliRunner, body: str, message: str, column: str
) -> None:
    db = env.db
    before = snapshot(db)
    path = write(env.dir / "bad.csv", "gdp_growth,2023-Q2,6.8,%,,,\n" + body)
    code, output = ingest(runner, env, str(path))
    assert code == 1
    bad_row = 2 + body.count("\n") if "冲突" in message else 3
    assert f"bad.csv:{bad_row}:{column}: " in output and message in output, output
    assert "Traceback" not in output
    assert snapshot(db) == before


def test_partial_stores_good_rows_and_writes_the_rejected_beside_the_input(
    env: Env, runner: CliRunner
) -> None:
    path = write(
        env.dir / "mixed.csv",
        "gdp_growth,2023-Q2,6.8,%,,,\nnonexistent,2023-06,1,,,,\n"
        "=cmd|' /C calc'!A0,2023-06,1,,,,\n",
    )
    code, output = ingest(runner, env, str(path), "--partial")
    assert code == 1 and "新增 1" in output and "拒收 2" in output
    rejected = (env.dir / "mixed.rejected.csv").read_text(encoding="utf-8-sig")
    assert "未知编号“nonexistent”" in rejected and ",3," in rejected
    assert "'=cmd" in rejected  # a formula-looking cell is neutralised
    with open_store(env.db) as store:
        assert {r.item_id for r in store.latest()} == {"new_urban_jobs", "gdp_growth"}


def test_dry_run_stores_nothing(env: Env, runner: CliRunner) -> None:
    before = snapshot(env.db)
    path = write(env.dir / "ok.csv", "gdp_growth,2023-Q2,6.8,%,,,\n")
    code, output = ingest(runner, env, str(path), "--dry-run")
    assert code == 0 and "新增 1" in output and "试运行" in output
    assert snapshot(env.db) == before


@pytest.mark.parametrize("body", ["gdp_growth,2023-Q2,6.8,%,,,\n", "nonexistent,2023-Q2,1,,,,\n"])
def test_ingest_leaves_the_garbage_collector_as_it_found_it(
    env: Env, runner: CliRunner, body: str
) -> None:
    """ingest pauses the cycle collector while it works, and only then (callers in the same
    process, such as these tests, keep theirs)."""
    assert gc.isenabled()
    ingest(runner, env, str(write(env.dir / "f.csv", body)))
    assert gc.isenabled()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_encodings(env: Env, runner: CliRunner, encoding: str) -> None:
    body = (
        "编号,期间,数值,单位,状态,备注,填报单位\n"
        "new_urban_jobs,2023年1-6月,６８０,人,,上半年数据,区民政人社局\n"
    )
    path = env.dir / f"{encoding}.csv"
    path.write_bytes(body.encode(encoding))
    code, output = ingest(runner, env, str(path))
    assert code == 0, output
    with open_store(env.db) as store:
        june = [r for r in store.latest() if r.period == "2023-06"]
    assert [(r.item_id, Decimal(r.value), r.note) for r in june] == [
        ("new_urban_jobs", Decimal(680), "上半年数据")
    ]


def test_undecodable_bytes_name_the_line(env: Env, runner: CliRunner) -> None:
    path = env.dir / "latin.csv"
    path.write_bytes(HEADER.encode() + b"gdp_growth,2023-Q2,6.8,%,,\x80\x81\xff,\n")
    code, output = ingest(runner, env, str(path))
    assert code == 1 and "latin.csv:2:" in output and "无法识别编码" in output


@pytest.mark.parametrize(
    ("cell", "unit", "stored"),
    [
        ("8.2亿", "", "8.2"),
        ("82000", "万元", "8.2"),
        ("820,000,000", "元", "8.2"),
        ("８．２", "亿元", "8.2"),
    ],
)
def test_magnitudes_are_converted_to_the_target_unit(
    env: Env, runner: CliRunner, cell: str, unit: str, stored: str
) -> None:
    path = write(env.dir / "money.csv", f'key_project_investment,2023-06,"{cell}",{unit},,,\n')
    assert ingest(runner, env, str(path))[0] == 0
    with open_store(env.db) as store:
        row = next(r for r in store.latest() if r.item_id == "key_project_investment")
    assert Decimal(row.value) == Decimal(stored) and row.unit == "亿元"
    assert row.raw_value == cell


def test_revision_rule_idempotence_and_revert(env: Env, runner: CliRunner) -> None:
    d = env.dir
    first = write(d / "a.csv", "new_urban_jobs,2023-06,600,人,,,\n")
    second = write(d / "b.csv", "new_urban_jobs,2023-06,640,人,,更正,\n")
    assert "新增 1" in ingest(runner, env, str(first))[1]
    again = ingest(runner, env, str(first))
    assert again[0] == 0 and "完全相同" in again[1]
    assert "修订 1" in ingest(runner, env, str(second))[1]
    with open_store(env.db) as store:
        history = [r for r in store.history("new_urban_jobs") if r.period == "2023-06"]
        assert [Decimal(r.value) for r in history] == [600, 640]
        latest = next(r for r in store.latest() if r.period == "2023-06")
        assert Decimal(latest.value) == 640 and latest.source_file.endswith("b.csv")
        ingests = store.ingests()
    revert_id = ingests[-1].id
    result = runner.invoke(app, ["revert", str(revert_id), "--db", str(env.db)])
    assert result.exit_code == 0 and f"#{revert_id}" in result.output
    with open_store(env.db) as store:
        latest = next(r for r in store.latest() if r.period == "2023-06")
        assert Decimal(latest.value) == 600
        assert {r.period for r in store.latest()} == {"2023-05", "2023-06"}
    twice = runner.invoke(app, ["revert", str(revert_id), "--db", str(env.db)])
    assert twice.exit_code == 1 and "已于" in twice.output
    unknown = runner.invoke(app, ["revert", "999", "--db", str(env.db)])
    assert unknown.exit_code == 1 and "999" in unknown.output


def test_log_json_lists_provenance(env: Env, runner: CliRunner) -> None:
    result = runner.invoke(app, ["log", "--format", "json", "--db", str(env.db)])
    records = json.loads(result.stdout)
    assert result.exit_code == 0 and len(records) == 1
    assert records[0]["file"].endswith("first.csv") and len(records[0]["sha256"]) == 64
    assert records[0]["reported_by"] == "区民政人社局" and records[0]["rows_stored"] == 1


def test_xlsx_percent_cells_and_template_round_trip(tmp_path: Path, runner: CliRunner) -> None:
    from openpyxl import load_workbook

    form = tmp_path / "form.xlsx"
    result = runner.invoke(
        app,
        [
            "template",
            "--unit",
            "市生态环境局大通湖分局",
            "--period",
            "2023-06",
            "-f",
            "xlsx",
            "--out",
            str(form),
        ],
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(form)
    sheet = book.active
    assert sheet["A1"].value.endswith("· 填报表（市生态环境局大通湖分局，2023-06）")  # title row
    assert sheet.freeze_panes == "A3"
    assert [c.value for c in sheet[2]][:4] == ["编号", "名称", "期间", "数值"]
    assert sheet.data_validations.dataValidation[0].formula1 == '"未启动,推进中,已完成"'
    assert str(sheet.data_validations.dataValidation[0].sqref).startswith("H3:")
    ids = [sheet.cell(row=r, column=1).value for r in range(3, sheet.max_row + 1)]
    assert "pm25" in ids and "air_quality_good_days_ratio" in ids
    for r in range(sheet.max_row, 2, -1):
        ident = sheet.cell(row=r, column=1).value
        if ident == "air_quality_good_days_ratio":
            sheet.cell(row=r, column=4).value = 0.962
            sheet.cell(row=r, column=4).number_format = "0.0%"
            sheet.cell(row=r, column=5).value = None
        elif ident == "pm25":
            sheet.cell(row=r, column=4).value = 33
        elif str(ident).startswith("a"):
            sheet.cell(row=r, column=8).value = "推进中"
        else:
            sheet.delete_rows(r)  # keep the test about the two cells above
    book.save(form)
    db = tmp_path / "s.sqlite"
    result = runner.invoke(app, ["ingest", str(form), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        values = {r.item_id: r.value for r in store.latest()}
    assert values["air_quality_good_days_ratio"] == "96.2"
    assert values["pm25"] == "33"


def test_template_csv_lists_what_the_unit_leads(tmp_path: Path, runner: CliRunner) -> None:
    out = tmp_path / "f.csv"
    result = runner.invoke(
        app, ["template", "-u", "区住建局", "-p", "2023年6月", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    led = [t.id for t in CATALOG.targets.values() if CATALOG.target_lead(t) == "区住房城乡建设局"]
    led += [
        t.id for t in CATALOG.tasks.values() if "区住房城乡建设局" in CATALOG.task_units(t, "lead")
    ]
    assert lines[1].startswith("编号,")  # below the title row
    ids = [ln.split(",")[0] for ln in lines[2:]]
    assert sorted(ids) == sorted(led)  # the items due in June first (see test_blank_rows)
    assert all(",2023-06," in ln for ln in lines[2:])


def test_shipped_examples_ingest_cleanly(tmp_path: Path, runner: CliRunner) -> None:
    files = sorted(
        str(p) for p in (ROOT / "examples").glob("2023-0*/*") if ".rejected" not in p.name
    )
    db = tmp_path / "ex.sqlite"
    result = runner.invoke(app, ["ingest", *files, "--db", str(db)])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        latest = store.latest()
        assert len({r.item_id for r in latest if r.kind == "target"}) >= 70
        assert len({r.item_id for r in latest if r.kind == "task"}) >= 60
        assert sum(i.rows_revised for i in store.ingests()) == 1


def test_two_ingests_at_once_both_land(env: Env) -> None:
    d = env.dir
    files = []
    for n, unit in enumerate(("区民政人社局", "区发改财政局")):
        body = "".join(
            f"a3-{k:02d},2023-{m:02d},{n * 10 + 5},%,推进中,,{unit}\n"
            for k in range(1, 60)
            for m in range(1, 13)
        )
        files.append(write(d / f"c{n}.csv", body))
    procs = [
        subprocess.Popen(
            # (these offices own few of the tasks: the test is about the write lock)
            [
                *(sys.executable, "-m", "liuzhang.cli", "ingest", str(f), "--db", str(env.db)),
                "--allow-other-units",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for f in files
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    with open_store(env.db) as store:
        ingests = store.ingests()
    assert len(ingests) == 3
    assert sorted(i.rows_read for i in ingests[1:]) == [59 * 12, 59 * 12]


def test_current_values_always_equal_the_newest_live_revision(env: Env, runner: CliRunner) -> None:
    """The store's `current` index agrees with a brute-force reading of the whole history."""
    values = ["600", "640", "600", "700", "650"]
    for n, value in enumerate(values):
        path = write(
            env.dir / f"v{n}.csv",
            f"new_urban_jobs,2023-06,{value},人,,,\ngdp_growth,2023-Q2,{n + 5},%,,,\n",
        )
        assert ingest(runner, env, str(path))[0] == 0
    for revert_id in (3, 6, 2):
        assert runner.invoke(app, ["revert", str(revert_id), "--db", str(env.db)]).exit_code == 0
        with open_store(env.db) as store:
            live = [
                r
                for item in ("new_urban_jobs", "gdp_growth")
                for r in store.history(item)
                if r.reverted_at is None
            ]
            newest: dict[tuple[str, str], int] = {}
            for r in live:
                key = (r.item_id, r.period)
                newest[key] = max(newest.get(key, 0), r.id)
            assert {(r.item_id, r.period): r.id for r in store.latest()} == newest

