"""Case 8: a form sent back with rows left blank, “nothing to report” values, a status on a
numeric target; forms list the items due in their period first."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA, ingest_file
from liuzhang.cli.app import app
from liuzhang.plandata.catalog import load_catalog
from liuzhang.render.forms import form_rows
from liuzhang.store import open_store

CATALOG, _ = load_catalog(DATA)
HEADER = "id,period,value,unit,status,note,reported_by\n"


def test_a_july_form_sent_back_with_blank_rows(runner: CliRunner, tmp_path: Path) -> None:
    form = tmp_path / "form.csv"
    result = runner.invoke(
        app, ["template", "--unit", "区住建局", "--period", "2023-07", "-o", str(form)]
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(form.read_text(encoding="utf-8-sig"))))
    title, header, body = rows[0], rows[1], rows[2:]  # the title row goes back as it came
    assert body[-1][0] == "urbanization_rate"  # annual: after what is due in July
    filled = {"old_community_renovation": "2", "a1-1-2": ""}
    for row in body:
        if row[0] == "old_community_renovation":
            row[3] = filled[row[0]]
        if row[0] == "a1-1-2":
            row[7] = "推进中"
    out = io.StringIO()
    csv.writer(out).writerows([title, header, *body])
    form.write_text(out.getvalue(), encoding="utf-8-sig")
    db = tmp_path / "s.sqlite"
    code, output = ingest_file(runner, db, form)
    assert code == 0, output
    assert (
        f"{form}：读取 {len(body)} 行，新增 2，未变 0，修订 0，拒收 0，未填 {len(body) - 2}"
    ) in output
    with open_store(db) as store:
        assert sorted(r.item_id for r in store.latest()) == [
            "a1-1-2",
            "old_community_renovation",
        ]
    log = runner.invoke(app, ["log", "--db", str(db), "--format", "json"])
    assert f'"rows_unfilled": {len(body) - 2}' in log.output


@pytest.mark.parametrize("nothing", ["—", "-", "/", "无", "不适用", "N/A", "n/a", "／"])
def test_nothing_to_report(runner: CliRunner, tmp_path: Path, nothing: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        HEADER + "gdp_growth,2023-Q2,7.6,%,,,\n" + f"new_urban_jobs,2023-06,{nothing},人,,,\n",
        encoding="utf-8",
    )
    db = tmp_path / "s.sqlite"
    code, output = ingest_file(runner, db, path)
    assert code == 0, output
    assert "新增 1，未变 0，修订 0，拒收 0，未填 1" in output
    with open_store(db) as store:
        assert [r.item_id for r in store.latest()] == ["gdp_growth"]


def test_a_status_on_a_numeric_target(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    with_value = tmp_path / "a.csv"
    with_value.write_text(HEADER + "new_urban_jobs,2023-06,500,人,已完成,,\n", encoding="utf-8")
    code, output = ingest_file(runner, db, with_value)
    assert code == 0, output
    assert (
        f"{with_value}:2:status: 警告：“new_urban_jobs”是指标，已按数值导入，忽略所填状态"
    ) in output
    with open_store(db) as store:
        [row] = store.latest()
        assert (row.value, row.status) == ("500", None)
    without = tmp_path / "b.csv"
    without.write_text(HEADER + "new_urban_jobs,2023-07,,人,已完成,,\n", encoding="utf-8")
    code, output = ingest_file(runner, db, without)
    assert code == 1
    assert f"{without}:2:status: “new_urban_jobs”是指标，应填数值而不是任务状态" in output
    strict = tmp_path / "c.csv"
    strict.write_text(HEADER + "new_urban_jobs,2023-08,600,人,已完成,,\n", encoding="utf-8")
    code, output = ingest_file(runner, db, strict, "--strict")
    assert code == 1 and f"{strict}:2:status: “new_urban_jobs”是指标，已按数值导入" in output


def test_forms_list_due_items_first() -> None:
    july = [r[0] for r in form_rows(CATALOG, "区住房城乡建设局", "2023-07")]
    december = [r[0] for r in form_rows(CATALOG, "区住房城乡建设局", "2023-12")]
    assert july[-1] == "urbanization_rate"
    assert sorted(july) == sorted(december)
    assert december.index("urbanization_rate") < december.index("a1-1-2")


def test_an_english_form_is_english_but_for_the_plan_data(
    runner: CliRunner, tmp_path: Path
) -> None:
    """``template --lang en``: headers, frequencies, deadlines, the sheet and its drop-down in
    English; only the plan's own texts (names, units) stay as written."""
    from openpyxl import load_workbook

    form = tmp_path / "form.xlsx"
    result = runner.invoke(
        app, ["template", "-u", "区住建局", "-p", "2023-07", "-o", str(form), "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(form).active
    assert sheet is not None and sheet.title == "form"
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == (
        "Datonghu District plan to win the “Six Battles” of development (2023)"
        " · form (区住房城乡建设局, 2023-07)"
    )
    assert rows[1][:4] == ["id", "name", "period", "value"]
    by_id = {r[0]: r for r in rows[2:]}
    assert by_id["a1-1-2"][5] == "due 2023-12"
    assert by_id["urbanization_rate"][6] == "annual"
    (validation,) = sheet.data_validations.dataValidation
    assert validation.error == "Pick a value from the list" and validation.errorTitle == "Status"
