"""A whole year, end to end: seven offices send their templates back July to December (and the
年报 in January) the way offices do (see ``year_cycle.py``); status, missing and the bulletin are
checked in September and at the year's end against judgements worked out by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import year_cycle
from conftest import CLEAN_ENV, DATA, assert_no_crash
from liuzhang.cli.app import app

# id -> (status, actual, period of the value judged), worked out by hand from year_cycle.VALUES
SEPTEMBER: dict[str, tuple[str, float | int | None, str | None]] = {
    # 7.3 vs ≥ 7.5: 0.2 short, within the band min(1 point, 10% of 7.5 = 0.75)
    "retail_sales_growth": ("at_risk", 7.3, "2023-09"),
    # the Q3 flash estimate (corrected in October)
    "gdp_growth": ("at_risk", 7, "2023-Q3"),
    # 10.5 亿 vs 15 × 9/12 = 11.25: 0.75 short, within 10% of 11.25
    "key_project_investment": ("at_risk", 10.5, "2023-09"),
    "high_standard_farmland": ("on_track", 5600, "2023-09"),
    # the single month sent as the year to date: judged as sent, and flagged
    "new_loans": ("behind", 0.3, "2023-09"),
    "tech_smes": ("at_risk", 11, "2023-09"),
    "new_5g_base_stations": ("on_track", 25, "2023-09"),
    "rnd_intensity": ("not_due", None, None),
    # 2 vs 2.25: 0.25 short, more than 10% of 2.25
    "old_community_renovation": ("behind", 2, "2023-09"),
    "gov_project_approval_days": ("on_track", 45, "2023-09"),
    "urbanization_rate": ("not_due", None, None),
    "new_urban_jobs": ("on_track", 1010, "2023-09"),
    # August's 450, stale, judged at its own month: 690 × 8/12 = 460, 10 short (within 10%)
    "vocational_training": ("at_risk", 450, "2023-08"),
    # 0.95‰ vs ≤ 0.9‰: 0.05 over, within min(1, 10% of 0.9 = 0.09)
    "forest_fire_damage_rate": ("at_risk", 0.95, "2023-09"),
    "forest_fire_skill_trainings": ("achieved", 1, "2023-09"),
    # 6.2 vs ≥ 7: 0.8 short, more than min(1, 0.7)
    "agri_output_growth": ("behind", 6.2, "2023-Q3"),
    "grain_output": ("not_due", None, None),
    "rural_road_safety_facilities": ("on_track", 19.5, "2023-09"),
    "tourism_industry_roads": ("missing", None, None),
    "a2-2": ("done", None, "2023-09"),
    "a2-3": ("in_progress", None, "2023-09"),
}
DECEMBER: dict[str, tuple[str, float | int | None, str | None]] = {
    # the 年报 (7.3) supersedes December's 快报 (7.1): a final value short of 7.5
    "retail_sales_growth": ("missed", 7.3, "2023"),
    "gdp_growth": ("achieved", 7.8, "2023"),
    "key_project_investment": ("missed", 14.6, "2023-12"),
    "high_standard_farmland": ("missed", 6400, "2023-12"),
    "new_loans": ("achieved", 3.2, "2023-12"),
    "tech_smes": ("achieved", 15, "2023-12"),
    "new_5g_base_stations": ("achieved", 31, "2023-12"),
    "rnd_intensity": ("missed", 1.01, "2023"),
    "old_community_renovation": ("achieved", 3, "2023-12"),
    "gov_project_approval_days": ("achieved", 44, "2023-12"),
    "urbanization_rate": ("achieved", 52.9, "2023"),
    "new_urban_jobs": ("achieved", 1230, "2023-12"),
    # nothing since August: no longer judged, owed, with its last value shown
    "vocational_training": ("missing", 450, "2023-08"),
    "forest_fire_damage_rate": ("missed", 1.85, "2023-12"),
    "forest_fire_skill_trainings": ("achieved", 1, "2023-12"),
    "agri_output_growth": ("achieved", 7.1, "2023-Q4"),
    "grain_output": ("achieved", 12.3, "2023"),
    "rural_road_safety_facilities": ("achieved", 26.5, "2023-12"),
    "tourism_industry_roads": ("missing", None, None),
    "a2-2": ("done", None, "2023-12"),
    "a2-3": ("overdue", None, "2023-12"),
}


class Year:
    """The CLI against one store, as the analyst runs it."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.db = tmp / "year.sqlite"
        self.runner = CliRunner()

    def run(self, *args: str, db: bool = True) -> tuple[int, str]:
        result = self.runner.invoke(
            app,
            [*args, *(["--db", str(self.db)] if db else []), "--data", str(DATA)],
            env={**CLEAN_ENV, "COLUMNS": "300"},
        )
        assert_no_crash(result)
        return result.exit_code, result.output

    def template(self, office: str, month: int, fmt: str, path: Path) -> None:
        code, out = self.run(
            "template",
            "-u",
            office,
            "-p",
            f"2023-{month:02d}",
            "-f",
            fmt,
            "-o",
            str(path),
            db=False,
        )
        assert code == 0, out

    def ingest(self, sent: list[year_cycle.Sent]) -> list[str]:
        outputs = []
        for s in sent:
            code, out = self.run("ingest", str(s.path))
            if s.refused_because:
                assert code == 1, out
                assert s.refused_because in out, out
            else:
                assert code == 0, out
            outputs.append(out)
        return outputs

    def report(self, month: str) -> tuple[Any, str]:
        """The bulletin's JSON model and its Markdown text."""
        out = self.tmp / f"report-{month}"
        code, text = self.run("report", "--month", month, "-f", "json", "-f", "md", "-o", str(out))
        assert code == 0, text
        model = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
        return model, next(out.glob("*.md")).read_text(encoding="utf-8")

    def json(self, *args: str) -> Any:
        code, out = self.run(*args, "--format", "json")
        assert code in (0, 1), out
        return json.loads(out)


@pytest.fixture(scope="module")
def year(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Ingest the year round by round; keep what the analyst saw in September and at the end."""
    tmp = tmp_path_factory.mktemp("year")
    y = Year(tmp)
    seen: dict[str, Any] = {"ingest": {}}
    for month in year_cycle.MONTHS:
        sent = year_cycle.month_files(tmp / f"2023-{month:02d}", month, y.template)
        seen["ingest"][month] = y.ingest(sent)
        if month == 9:
            seen["sep_status"] = y.json("status")
            seen["sep_missing"] = y.json("missing")
            seen["sep_table"] = y.run("status")[1]
            seen["sep_report"] = y.report("2023-09")
    seen["ingest"]["annual"] = y.ingest(year_cycle.annual_files(tmp / "2024-01"))
    seen["dec_status"] = y.json("status")
    seen["dec_missing"] = y.json("missing")
    seen["dec_table"] = y.run("status")[1]
    seen["dec_report"] = y.report("2023-12")
    seen["y"] = y
    return seen


def _judged(records: list[dict[str, Any]]) -> dict[str, tuple[Any, Any, Any]]:
    by_id = {r["id"]: r for r in records}
    return {
        i: (
            by_id[i]["status"],
            by_id[i]["actual"] if by_id[i]["kind"] == "target" else None,
            by_id[i]["period"],
        )
        for i in SEPTEMBER
    }


def test_september_is_judged_as_worked_out_by_hand(year: dict[str, Any]) -> None:
    assert _judged(year["sep_status"]) == SEPTEMBER


def test_the_year_end_is_judged_as_worked_out_by_hand(year: dict[str, Any]) -> None:
    assert _judged(year["dec_status"]) == DECEMBER


def test_the_as_of_month_follows_the_monthly_data(year: dict[str, Any]) -> None:
    # quarterly Q3 values do not move it in September; the 年报 does not move it past December
    assert "2023年9月" in year["sep_table"]
    assert "2023年12月" in year["dec_table"]


def test_the_slips_are_flagged_with_their_evidence(year: dict[str, Any]) -> None:
    by_id = {r["id"]: r for r in year["sep_status"]}
    loans = by_id["new_loans"]["flags"]
    assert [f["code"] for f in loans] == ["ytd_decrease"]
    assert "1.9" in loans[0]["message"] and "2023-08" in loans[0]["message"]
    days = by_id["gov_project_approval_days"]["flags"]
    assert [f["code"] for f in days] == ["repeated_value"]
    assert by_id["new_urban_jobs"]["flags"] == []


def test_who_owes_what(year: dict[str, Any]) -> None:
    def owed(records: list[dict[str, Any]], office: str) -> set[str]:
        return {r["id"] for r in records if r["unit"] == office}

    assert owed(year["sep_missing"], "区交通运输局") == {"tourism_industry_roads"}

    def row(records: list[dict[str, Any]], item: str) -> tuple[str, str, str]:
        r = next(r for r in records if r["id"] == item)
        return r["unit"], r["status"], r["last_period"]

    # September: August's figure still counts (stale), and the office is asked for September's
    assert row(year["sep_missing"], "vocational_training") == ("区民政人社局", "at_risk", "2023-08")
    # December: four periods behind, no longer judged: missing, with the last period it sent
    assert row(year["dec_missing"], "vocational_training") == ("区民政人社局", "missing", "2023-08")
    # every missing judgement is in the list, and the list holds nothing else that is missing
    for status, missing in (("sep_status", "sep_missing"), ("dec_status", "dec_missing")):
        judged_missing = {r["id"] for r in year[status] if r["status"] == "missing"}
        listed_missing = {r["id"] for r in year[missing] if r["status"] == "missing"}
        assert judged_missing == listed_missing


def test_refused_files_name_the_owner_and_the_ambiguous_period(year: dict[str, Any]) -> None:
    august = "\n".join(year["ingest"][8])
    assert "gdp_growth" in august and "区发改财政局" in august
    october = "\n".join(year["ingest"][10])
    assert "2023.1" in october
