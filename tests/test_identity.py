"""The plan's identity is data: every output names the area and title plan.yaml gives (in English
with ``--lang en`` where plan.yaml has the English ones), and none names another plan."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from conftest import CLEAN_ENV, DATA
from liuzhang.cli.app import app
from liuzhang.i18n import message
from liuzhang.render.text import basis_text, date_text, plan_label
from test_one_home import shipped_identity

# -- the labels, as pure functions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "area", "lang", "expected"),
    [
        ("南县稳增长实施方案", "南县", "zh", "南县稳增长实施方案（2024）"),
        ("政府工作报告重点任务", "南县", "zh", "政府工作报告重点任务（南县，2024）"),
        ("Nanxian County plan", "Nanxian County", "en", "Nanxian County plan (2024)"),
        ("Key tasks", "Nanxian County", "en", "Key tasks (Nanxian County, 2024)"),
        ("南县稳增长实施方案", "南县", "en", "南县稳增长实施方案 (2024)"),  # no English: Chinese
    ],
)
def test_plan_label_names_the_area_once(title: str, area: str, lang: Any, expected: str) -> None:
    assert plan_label(title, area, 2024, lang) == expected


FULL = {
    "area": "南县",
    "title": "南县稳增长实施方案",
    "document": "南办发〔2023〕5号",
    "issuer": "中共南县县委办公室",
    "issued": "2023-02-20",
}


@pytest.mark.parametrize(
    ("info", "lang", "expected"),
    [
        (
            FULL,
            "zh",
            "依据：《南县稳增长实施方案》（南办发〔2023〕5号，中共南县县委办公室于2023年2月20日"
            "印发）",
        ),
        (
            FULL,
            "en",
            "Under the plan: 南县稳增长实施方案 (南办发〔2023〕5号, issued by 中共南县县委办公室 on"
            " 2023-02-20)",
        ),
        (
            {**FULL, "document": None},
            "zh",
            "依据：《南县稳增长实施方案》（中共南县县委办公室于2023年2月20日印发）",
        ),
        (
            {**FULL, "issuer": None},
            "zh",
            "依据：《南县稳增长实施方案》（南办发〔2023〕5号，2023年2月20日印发）",
        ),
        (
            {**FULL, "issued": None},
            "zh",
            "依据：《南县稳增长实施方案》（南办发〔2023〕5号，中共南县县委办公室印发）",
        ),
        ({"area": "南县", "title": "南县稳增长实施方案"}, "zh", "依据：《南县稳增长实施方案》"),
        ({"area": "南县", "title": "重点任务"}, "zh", "依据：《重点任务》（南县）"),
        ({"area": "Nanxian", "title": "Key tasks"}, "en", "Under the plan: Key tasks (Nanxian)"),
    ],
)
def test_the_basis_cites_what_plan_yaml_gives(
    info: dict[str, Any], lang: Any, expected: str
) -> None:
    assert basis_text(info, lang) == expected
    assert basis_text(info, lang, label=False) == expected.split("：", 1)[-1].removeprefix(
        "Under the plan: "
    )


@pytest.mark.parametrize(
    ("iso", "lang", "expected"),
    [
        ("2023-03-08", "zh", "2023年3月8日"),
        ("2023-03-08", "en", "2023-03-08"),
        ("2023-03", "zh", "2023-03"),
        (None, "zh", ""),
    ],
)
def test_dates_as_a_bulletin_writes_them(iso: str | None, lang: Any, expected: str) -> None:
    assert date_text(iso, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "没有第 9 部分（方案中有：1、2、3）"),
        ("en", "no section 9 in the plan (sections: 1, 2, 3)"),
    ],
)
def test_choices_are_joined_as_the_language_lists_things(lang: Any, expected: str) -> None:
    assert message("unknown_battle_option", lang, value=9, choices=[1, 2, 3]) == expected


def test_the_battle_option_lists_the_sections_in_english(runner: CliRunner) -> None:
    result = runner.invoke(app, ["targets", "--battle", "9", "--data", str(DATA), "--lang", "en"])
    assert result.exit_code == 2
    assert "no section 9 in the plan (sections: 1, 2, 3, 4, 5, 6)" in result.output


# -- another area's plan: every output ----------------------------------------------------------

TITLE = "南县稳增长促发展三年行动实施方案"
TITLE_EN = "Nanxian County plan for steady growth"
BY = "中共南县县委办公室"
PLAN_YAML = """\
area: "南县"
area_en: "Nanxian County"
level: county
year: 2023
title: "南县稳增长促发展三年行动实施方案"
title_en: "Nanxian County plan for steady growth"
name: "南县稳增长促发展"
name_en: "Nanxian County steady growth"
document: "南办发〔2023〕5号"
issued: "2023-02-20"
issuer: "中共南县县委办公室"
office: "南县稳增长促发展工作指挥部"
office_en: "Nanxian County steady growth headquarters"
sections:
  - {number: 1, name: "稳住经济大盘", short: "经济", name_en: "Growth", lead: "区发改财政局"}
  - {number: 2, name: "推动创新驱动", short: "创新", name_en: "Innovation", lead: "区科技工信局"}
  - {number: 3, name: "优化营商环境", short: "环境", name_en: "Environment",
     lead: "区委区管委会办公室（区优办）"}
  - {number: 4, name: "守住风险底线", short: "风险", name_en: "Risks", lead: "区发改财政局"}
  - {number: 5, name: "守牢安全生产", short: "安全", name_en: "Safety", lead: "区应急局"}
  - {number: 6, name: "保障改善民生", short: "民生", name_en: "Livelihood", lead: "区民政人社局"}
"""
# The data of another area says its own name where the shipped data says 大通湖区.
RENAMED = {"大通湖区": "南县", "大通湖": "南洲", "发展六仗": "稳增长", "仗": "项"}
# What no output of that plan may say: the shipped plan's identity (but the section short names,
# which are ordinary words that the plan's own texts use too), and the shipped word for a section.
SHORT = {"short", "name_en"}


def old_identity() -> list[str]:
    import yaml

    plan = yaml.safe_load((DATA / "plan.yaml").read_text(encoding="utf-8"))
    ordinary = {s[k] for s in plan["sections"] for k in SHORT if s.get(k)}
    return [t for t in shipped_identity() if t not in ordinary] + ["六仗", "仗", "战役", "Battle"]


def test_the_forbidden_list_has_the_shipped_names() -> None:
    old = old_identity()
    assert {"大通湖区", "大通湖", "大办发〔2023〕2号", "打好重点民生保障仗", "仗"} <= set(old)
    assert "Datonghu District" in old and "重点民生" not in old


def another_area(folder: Path, english: bool = True) -> Path:
    """A copy of the shipped data as 南县's plan (plan.yaml rewritten, the old names renamed)."""
    folder.mkdir(parents=True)
    for name in ("targets.yaml", "tasks.yaml", "units.yaml"):
        text = (DATA / name).read_text(encoding="utf-8")
        for old, new in RENAMED.items():
            text = text.replace(old, new)
        (folder / name).write_text(text, encoding="utf-8")
    plan = PLAN_YAML if english else re.sub(r"(?m)^\w+_en: .*\n", "", PLAN_YAML)
    (folder / "plan.yaml").write_text(plan, encoding="utf-8")
    return folder


def invoke(*args: str, env: dict[str, str | None] | None = None) -> str:
    result = CliRunner().invoke(app, list(args), env={**CLEAN_ENV, **(env or {})})
    assert result.exit_code == 0, result.output
    return result.output


def xlsx_text(path: Path) -> str:
    """Every text of a workbook: its cells, sheet names and document properties."""
    book = load_workbook(path)
    texts = [book.properties.title, book.properties.subject, book.properties.creator]
    texts += book.sheetnames
    texts += [str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v]
    return "\n".join(t for t in texts if t)


def outputs(tmp: Path, data: Path, lang: str) -> dict[str, str]:
    """Every output of the plan in ``data``: status, the bulletin in every format, the forms,
    the help (top level and per command)."""
    db, out = tmp / "s.sqlite", tmp / f"out-{lang}"
    sent = tmp / "sent.csv"
    sent.write_text(
        "id,period,value\ngdp_growth,2023-Q2,6.8\nnew_urban_jobs,2023-06,700\n", encoding="utf-8"
    )
    common = ["--data", str(data), "--lang", lang]
    invoke("ingest", str(sent), "--db", str(db), *common)
    texts = {"status": invoke("status", "--as-of", "2023-06", "--db", str(db), *common)}
    formats = ["-f", "html", "-f", "md", "-f", "xlsx", "-f", "json"]
    invoke("report", "--month", "2023-06", "--db", str(db), "-o", str(out), *common, *formats)
    for fmt in ("csv", "xlsx"):
        form = out / f"form.{fmt}"
        invoke("template", "-u", "区住建局", "-p", "2023-06", "-o", str(form), *common)
    for path in sorted(out.iterdir()):
        is_xlsx = path.suffix == ".xlsx"
        texts[path.name] = xlsx_text(path) if is_xlsx else path.read_text(encoding="utf-8-sig")
    texts["--help"] = invoke("--help", env={"LIUZHANG_DATA": str(data)})
    texts["status --help"] = invoke("status", "--help", "--data", str(data))
    return texts


@pytest.fixture(scope="module")
def nanxian(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("nanxian")
    data = another_area(tmp / "data")
    return {lang: outputs(tmp, data, lang) for lang in ("zh", "en")}


def test_every_output_is_there(nanxian: dict[str, dict[str, str]]) -> None:
    assert sorted(nanxian["zh"]) == [
        "--help",
        "form.csv",
        "form.xlsx",
        "status",
        "status --help",
        "月通报_2023-06.html",
        "月通报_2023-06.json",
        "月通报_2023-06.md",
        "月通报_2023-06.xlsx",
    ]
    assert len(nanxian["en"]) == 9


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_output_names_the_new_plan_and_none_the_old_one(
    nanxian: dict[str, dict[str, str]], lang: str
) -> None:
    old = old_identity()
    for name, text in nanxian[lang].items():
        area, title = (
            ("南县", TITLE) if lang == "zh" or "help" in name else ("Nanxian County", TITLE_EN)
        )
        assert area in text and title in text, name
        assert [o for o in old if o in text] == [], name


def test_status_header(nanxian: dict[str, dict[str, str]]) -> None:
    assert nanxian["zh"]["status"].splitlines()[0] == f"{TITLE}（2023） · 截至 2023年6月"
    assert nanxian["en"]["status"].splitlines()[0] == f"{TITLE_EN} (2023) · as of 2023-06"
    assert nanxian["zh"]["status"].splitlines()[2] == "第1部分 稳住经济大盘（截至 2023年6月）"


def test_bulletin_title_subtitle_basis_and_signature(nanxian: dict[str, dict[str, str]]) -> None:
    md = nanxian["zh"]["月通报_2023-06.md"].splitlines()
    assert md[:5] == [
        "# 南县稳增长促发展月通报（2023年6月）",
        "",
        "数据截至 2023-06 · 南县稳增长促发展工作指挥部",
        "",
        f"依据：《{TITLE}》（南办发〔2023〕5号，中共南县县委办公室于2023年2月20日印发）",
    ]
    assert md[-1] == "南县稳增长促发展工作指挥部"  # the signature
    html = nanxian["zh"]["月通报_2023-06.html"]
    assert "<h1>南县稳增长促发展月通报（2023年6月）</h1>" in html
    assert '<div class="subtitle">数据截至 2023-06 · 南县稳增长促发展工作指挥部</div>' in html
    assert '<p class="signature">南县稳增长促发展工作指挥部</p>' in html
    en = nanxian["en"]["bulletin_2023-06.md"].splitlines()
    assert en[:3] == [
        "# Nanxian County steady growth monthly bulletin (2023-06)",
        "",
        "Data as of 2023-06 · Nanxian County steady growth headquarters",
    ]
    assert en[4] == (
        f"Under the plan: {TITLE_EN} (南办发〔2023〕5号, issued by 中共南县县委办公室"
        " on 2023-02-20)"
    )


def test_the_bulletin_json_carries_the_plan(nanxian: dict[str, dict[str, str]]) -> None:
    model = json.loads(nanxian["en"]["bulletin_2023-06.json"])
    assert model["plan_info"] == {
        "area": "Nanxian County",
        "title": TITLE_EN,
        "name": "Nanxian County steady growth",
        "office": "Nanxian County steady growth headquarters",
        "document": "南办发〔2023〕5号",
        "issuer": "中共南县县委办公室",
        "issued": "2023-02-20",
        "year": 2023,
    }


def test_the_workbook_says_it_too(tmp_path: Path) -> None:
    data = another_area(tmp_path / "data")
    out = tmp_path / "out"
    invoke("report", "--month", "2023-06", "--db", str(tmp_path / "s.sqlite"), "--data",
           str(data), "-o", str(out), "-f", "xlsx")  # fmt: skip
    book = load_workbook(out / "月通报_2023-06.xlsx")
    note = [[c.value for c in row] for row in book["数据说明"].iter_rows(min_row=2, max_row=3)]
    assert note == [
        [
            "通报",
            "南县稳增长促发展月通报（2023年6月）",
            "数据截至 2023-06 · 南县稳增长促发展工作指挥部",
        ],
        ["依据", f"《{TITLE}》（南办发〔2023〕5号，{BY}于2023年2月20日印发）", None],
    ]
    assert book["概览"]["A2"].value == "南县稳增长促发展月通报（2023年6月）"
    assert (book.properties.title, book.properties.creator) == (
        "南县稳增长促发展月通报（2023年6月）",
        "南县稳增长促发展工作指挥部",
    )


def test_the_form_title_row(nanxian: dict[str, dict[str, str]]) -> None:
    zh = f"{TITLE}（2023） · 填报表（区住房城乡建设局，2023-06）"
    en = f"{TITLE_EN} (2023) · form (区住房城乡建设局, 2023-06)"
    assert nanxian["zh"]["form.csv"].splitlines()[:2] == [
        zh,
        "编号,名称,期间,数值,单位,目标值,频次,状态,备注,填报单位",
    ]
    cells = nanxian["zh"]["form.xlsx"].splitlines()  # properties, the sheet's name, the cells
    assert cells[cells.index("填报表") + 1 :][:2] == [zh, "编号"]
    assert next(csv.reader(io.StringIO(nanxian["en"]["form.csv"]))) == [en]


def test_without_english_fields_english_output_keeps_the_chinese_ones(tmp_path: Path) -> None:
    data = another_area(tmp_path / "data", english=False)
    db, out = str(tmp_path / "s.sqlite"), tmp_path / "out"
    common = ["--data", str(data), "--lang", "en", "--db", db]
    status = invoke("status", "--as-of", "2023-06", *common)
    assert status.splitlines()[0] == f"{TITLE} (2023) · as of 2023-06"
    invoke("report", "--month", "2023-06", "-o", str(out), "-f", "md", *common)
    md = (out / "bulletin_2023-06.md").read_text(encoding="utf-8").splitlines()
    assert md[:3] == [
        "# 南县稳增长促发展 monthly bulletin (2023-06)",
        "",
        "Data as of 2023-06 · 南县稳增长促发展工作指挥部",
    ]


# -- the help ------------------------------------------------------------------------------------

LINE = f"当前方案：{TITLE}（2023）"


def test_help_of_every_command_names_the_plan(tmp_path: Path) -> None:
    data = another_area(tmp_path / "data")
    assert LINE in invoke("--help", env={"LIUZHANG_DATA": str(data)})
    assert LINE in invoke("report", "--help", env={"LIUZHANG_DATA": str(data)})
    assert LINE in invoke("status", "--help", f"--data={data}")
    assert LINE in invoke("validate", "--data", str(data), "--help")
    # --data wins over LIUZHANG_DATA, as for every command
    assert LINE in invoke("tasks", "--help", "--data", str(data), env={"LIUZHANG_DATA": "nowhere"})


def test_help_without_a_data_directory_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for args in (["--help"], ["status", "--help"]):
        text = invoke(*args)
        assert "Usage: " in text and "当前方案" not in text
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "plan.yaml").write_text("area: [\n", encoding="utf-8")
    assert "当前方案" not in invoke("--help", env={"LIUZHANG_DATA": str(broken)})


def test_help_lists_every_plan_of_a_workspace(tmp_path: Path) -> None:
    root = tmp_path / "data"
    for year in (2023, 2024):
        folder = root / str(year)
        folder.mkdir(parents=True)
        plan = PLAN_YAML.replace("year: 2023", f"year: {year}")
        (folder / "plan.yaml").write_text(plan, encoding="utf-8")
    text = invoke("--help", env={"LIUZHANG_DATA": str(root)})
    assert "当前方案（2 个，用 --plan 选择）：南县/2023、南县/2024" in text


HELP_SCRIPT = """\
import sys
from liuzhang.cli.app import main
sys.argv = ["liuzhang", "--help"]
main()
heavy = ("yaml", "pydantic", "liuzhang.plandata.schema")
print("LOADED", sorted(m for m in heavy if m in sys.modules))
"""


def test_the_cached_help_follows_the_plan_heads(tmp_path: Path) -> None:
    """``liuzhang --help`` (main(), with its cache): the plan's line is there, it changes with
    plan.yaml, and while plan.yaml is unchanged neither YAML nor pydantic is imported."""
    data = another_area(tmp_path / "data")
    cache = tmp_path / "cache"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIUZHANG_")}
    env |= {"LIUZHANG_CACHE": str(cache), "LIUZHANG_DATA": str(data), "COLUMNS": "100"}

    def help_text() -> str:
        done = subprocess.run(
            [sys.executable, "-m", "liuzhang.cli", "--help"],
            capture_output=True, text=True, env=env, cwd=tmp_path, check=True,
        )  # fmt: skip
        return done.stdout

    first = help_text()
    assert LINE in first and "大通湖" not in first
    direct = CliRunner().invoke(
        app, ["--help"], env={**CLEAN_ENV, "LIUZHANG_DATA": str(data), "COLUMNS": "100"},
        prog_name="liuzhang",
    )  # fmt: skip
    assert first == direct.output
    warm = subprocess.run(
        [sys.executable, "-c", HELP_SCRIPT],
        capture_output=True, text=True, env=env, cwd=tmp_path, check=True,
    ).stdout  # fmt: skip
    assert warm == first + "LOADED []\n"
    plan = data / "plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(TITLE, "南县2023年重点工作"), "utf-8")
    second = help_text()
    assert "当前方案：南县2023年重点工作（2023）" in second and TITLE not in second
    assert len(list(cache.glob("help-*.txt"))) == 2
    shutil.rmtree(data)
    assert "当前方案" not in help_text()
