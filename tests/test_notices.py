"""督办通知 (report --notices): the notices model from the bulletin, its Markdown and 公文
writers, the CLI end to end, and names from units.yaml that must not hurt."""

from __future__ import annotations

import copy
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from typer.testing import CliRunner, Result

from conftest import CLEAN_ENV, DATA, ROOT, assert_no_crash
from liuzhang.cli.app import app
from liuzhang.domain.plan import DocumentStyle
from liuzhang.render import notices as writer
from liuzhang.render.outtext import visible
from liuzhang.services import ServiceError
from liuzhang.services.notices import reply_date
from liuzhang.views import notices as view
from liuzhang.views.notices import NAME_LIMIT, build_notices, file_stems, safe_name

EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("2023-0*/*"))
DATE = "2023-07-10"  # a Monday: 5 working days later is Monday 17 July
FOLDER = "督办通知_2023-06"
# The June bulletin's notices: office → (missed, behind, missing, overdue), gravest office first.
JUNE = [
    ("区应急局", (0, 8, 0, 0)),
    ("区自然资源局", (0, 0, 7, 0)),
    ("区住房城乡建设局", (0, 4, 0, 1)),
    ("区科技工信局", (0, 5, 0, 0)),
    ("区委区管委会办公室（行政审批办）", (0, 0, 3, 0)),
    ("区市场监管局", (0, 1, 2, 0)),
    ("区交通运输局", (0, 0, 2, 0)),
    ("区人民法院", (0, 0, 2, 0)),
    ("区发改财政局", (0, 2, 0, 0)),
    ("区安委办", (0, 0, 2, 0)),
    ("区消防救援大队", (0, 0, 2, 0)),
    ("区农业农村水利局", (0, 1, 0, 0)),
    ("区妇联", (0, 0, 1, 0)),
    ("区委宣传统战部", (0, 0, 1, 0)),
    ("区政务中心", (0, 0, 1, 0)),
    ("区教育卫生健康局", (0, 1, 0, 0)),
    ("区税务局", (0, 0, 1, 0)),
    ("区金融办", (0, 0, 1, 0)),
]
HOUSING = "区住房城乡建设局"
HOUSING_ITEMS = [
    (3, "mandatory_standard_violation_handling_rate", "behind"),
    (18, "old_community_renovation_starts", "behind"),
    (21, "old_community_households", "behind"),
    (27, "a5-1-5", "overdue"),
    (28, "self_built_housing_rectification", "behind"),
]
HOSTILE = "../../etc/x\x1b[31m\u202e=1+2<script>" + "长" * 300


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(app, list(args), env={**CLEAN_ENV, "COLUMNS": "200"})
    assert_no_crash(result)
    return result


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("notices") / "n.sqlite"
    result = invoke("ingest", *EXAMPLES, "--db", str(path), "--data", str(DATA))
    assert result.exit_code == 0, result.output
    return path


def report(db: Path, out: Path, *extra: str, data: Path = DATA) -> Result:
    return invoke(
        "report", "--month", "2023-06", "-f", "json", "--date", DATE,
        "--db", str(db), "--data", str(data), "--out", str(out), *extra,
    )  # fmt: skip


@pytest.fixture(scope="module")
def june(db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    out = tmp_path_factory.mktemp("june") / "reports"
    result = report(db, out, "--notices")
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture(scope="module")
def bulletin(june: tuple[Path, Result]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((june[0] / "月通报_2023-06.json").read_text("utf-8"))
    return data


# -- the model ---------------------------------------------------------------------------------


def test_june_notices_exact_offices_and_counts(bulletin: dict[str, Any]) -> None:
    model = build_notices(bulletin, "2023-07-17")
    got = [(n["unit"], tuple(n["counts"].values())) for n in model["notices"]]
    assert got == JUNE
    assert model["statuses"] == ["missed", "behind", "missing", "overdue"]
    assert model["unassigned"] == []
    assert (model["date"], model["reply_by"], model["period"]) == (DATE, "2023-07-17", "2023-06")
    assert model["folder"] == FOLDER


def test_june_notice_of_one_office_lists_its_watch_items_as_the_bulletin_numbers_them(
    bulletin: dict[str, Any],
) -> None:
    (housing,) = [
        n for n in build_notices(bulletin, "2023-07-17")["notices"] if n["unit"] == HOUSING
    ]
    assert [(i["seq"], i["id"], i["status"]) for i in housing["items"]] == HOUSING_ITEMS
    first = housing["items"][0]
    assert (first["target"], first["expected"], first["actual"], first["gap"], first["unit"]) == (
        100, 100, 97, -3, "%"
    )  # fmt: skip
    assert housing["file"] == "督办通知_区住房城乡建设局"


def test_every_notice_item_is_the_bulletins_watch_item_and_at_risk_is_no_notice(
    bulletin: dict[str, Any],
) -> None:
    model = build_notices(bulletin, "2023-07-17")
    watch = bulletin["watchlist"]
    listed = {(n["unit"], i["id"]) for n in model["notices"] for i in n["items"]}
    expected = {
        (lead, w["id"])
        for w in watch
        if w["status"] in ("missed", "behind", "missing", "overdue")
        for lead in w["lead"]
    }
    assert listed == expected
    assert any(w["status"] == "at_risk" for w in watch)  # there are some, and none is listed
    for notice in model["notices"]:
        for item in notice["items"]:
            assert {k: v for k, v in item.items() if k != "seq"} == watch[item["seq"] - 1]


def test_an_item_with_two_leads_is_in_both_notices_and_one_without_a_lead_is_unassigned(
    bulletin: dict[str, Any],
) -> None:
    b = copy.deepcopy(bulletin)
    b["watchlist"] = [
        {**b["watchlist"][0], "lead": ["甲局", "乙局", "甲局"]},
        {**b["watchlist"][1], "lead": []},
    ]
    model = build_notices(b, "2023-07-17")
    assert [(n["unit"], [i["seq"] for i in n["items"]]) for n in model["notices"]] == [
        ("乙局", [1]),
        ("甲局", [1]),
    ]
    assert [i["seq"] for i in model["unassigned"]] == [2]


def test_a_bulletin_with_only_at_risk_items_gives_no_notice(bulletin: dict[str, Any]) -> None:
    b = copy.deepcopy(bulletin)
    b["watchlist"] = [w for w in b["watchlist"] if w["status"] == "at_risk"]
    assert b["watchlist"]
    assert build_notices(b, "2023-07-17")["notices"] == []


# -- file names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("区应急局", "区应急局"),
        ("../../etc/x", "_.._etc_x"),
        ("..\\..\\windows", "_.._windows"),
        ("=1+2", "=1+2"),
        ("a\x1b[31mb\x07", "a[31mb"),
        ("a\u202eb\u200bc", "abc"),  # bidirectional and zero-width characters
        ("区\n应急局\t", "区应急局"),
        ('a:b*c?d"e<f>g|h', "a_b_c_d_e_f_g_h"),
        ("  区 应急局  ", "区 应急局"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("", "_"),
        ("...", "_"),
        ("长" * 300, "长" * NAME_LIMIT),
    ],
)
def test_safe_name(name: str, expected: str) -> None:
    assert safe_name(name) == expected


def test_file_stems_are_unique_even_when_names_clean_alike() -> None:
    stems = file_stems(["a/b", "a\\b", "a:b", "A/B", "区应急局"])
    assert stems == [
        "督办通知_a_b",
        "督办通知_a_b_2",
        "督办通知_a_b_3",
        "督办通知_A_B_4",  # Windows and macOS do not tell A from a
        "督办通知_区应急局",
    ]
    assert file_stems(["x"], "en") == ["notice_x"]


# -- the reply date ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("date", "days", "by", "expected"),
    [
        ("2023-07-10", 5, None, "2023-07-17"),
        ("2023-07-14", 1, None, "2023-07-17"),  # Friday + 1
        ("2023-07-12", 5, None, "2023-07-19"),
        ("2023-07-10", 5, "2023-07-20", "2023-07-20"),  # the date given wins
        ("2023-07-10", 5, " 2023-07-10 ", "2023-07-10"),  # the same day is allowed
    ],
)
def test_reply_date(date: str, days: int, by: str | None, expected: str) -> None:
    assert reply_date(date, days, by) == expected


@pytest.mark.parametrize(
    ("by", "code"),
    [("2023-07-09", "reply_by_before_date"), ("7月17日", "reply_by_malformed")],
)
def test_reply_date_refuses(by: str, code: str) -> None:
    with pytest.raises(ServiceError) as caught:
        reply_date("2023-07-10", 5, by)
    assert (caught.value.code, caught.value.exit_code) == (code, 2)


# -- the CLI -----------------------------------------------------------------------------------


def test_cli_writes_a_notice_per_office_and_the_index(june: tuple[Path, Result]) -> None:
    out, result = june
    folder = out / FOLDER
    stems = [f"督办通知_{unit}" for unit, _ in JUNE]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [f"{s}.{e}" for s in stems for e in ("docx", "md")]
        + ["督办通知一览.md", "督办通知一览.json"]
    )
    assert f"已为 18 个单位写督办通知（整改时限 2023-07-17）：{folder}" in result.output
    assert "督办通知一览（2023年6月）" in result.output
    line = next(x for x in result.output.splitlines() if x.strip().startswith(HOUSING))
    assert line.split() == [
        HOUSING,
        "0",
        "4",
        "0",
        "1",
        "5",
        "2023年7月17日",
        f"督办通知_{HOUSING}",
    ]
    index = json.loads((folder / "督办通知一览.json").read_text("utf-8"))
    assert [
        (r["unit"], r["missed"], r["behind"], r["missing"], r["overdue"]) for r in index["index"]
    ] == [(unit, *counts) for unit, counts in JUNE]
    assert index["index"][2] == {
        "unit": HOUSING, "missed": 0, "behind": 4, "missing": 0, "overdue": 1, "total": 5,
        "reply_by": "2023-07-17", "file": f"督办通知_{HOUSING}",
        "files": [f"督办通知_{HOUSING}.docx", f"督办通知_{HOUSING}.md"],
    }  # fmt: skip
    index_md = (folder / "督办通知一览.md").read_text("utf-8")
    assert (
        f"| {HOUSING} | 0 | 4 | 0 | 1 | 5 | 2023年7月17日 | "
        f"督办通知_{HOUSING}.docx、督办通知_{HOUSING}.md |" in index_md
    )


def test_the_markdown_notice(june: tuple[Path, Result]) -> None:
    text = (june[0] / FOLDER / f"督办通知_{HOUSING}.md").read_text("utf-8")
    lines = text.splitlines()
    assert lines[0] == "# 关于大通湖区打好“发展六仗”2023年6月滞后事项的督办通知"
    assert lines[2] == f"{HOUSING}："
    assert "以下 5 项事项列入督办清单（滞后 4 项、逾期 1 项）" in lines[4]
    assert "| 3 | 违反强条处理率 | 滞后 | ≥ 100 | 100 | 97 | -3 | % | 2023-06 |" in lines
    assert any(
        x.startswith("| 27 | ") and "| 逾期 | 完成时限 2023年6月30日 | — | 70% |" in x
        for x in lines
    )
    assert "于2023年7月17日前将书面整改情况报大通湖区打好“发展六仗”工作专班。" in text
    assert "应报未报的数据请一并补报" not in text  # nothing of this office is missing
    assert lines[-3:] == ["大通湖区打好“发展六仗”工作专班", "", "2023年7月10日"]
    nature = (june[0] / FOLDER / "督办通知_区自然资源局.md").read_text("utf-8")
    assert "应报未报的数据请一并补报。" in nature


def _docx_texts(path: Path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.text]


def test_the_docx_notice(june: tuple[Path, Result]) -> None:
    path = june[0] / FOLDER / f"督办通知_{HOUSING}.docx"
    texts = _docx_texts(path)
    assert texts[0] == "关于大通湖区打好“发展六仗”2023年6月滞后事项的督办通知"
    assert texts[1] == f"{HOUSING}："  # 主送机关
    assert texts[3:5] == ["一、督办事项", "二、整改要求"]
    assert "于2023年7月17日前将书面整改情况报" in texts[5]
    assert texts[-2:] == ["大通湖区打好“发展六仗”工作专班", "2023年7月10日"]  # signature
    (table,) = Document(str(path)).tables
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == [
        "清单序号",
        "事项",
        "状态",
        "目标",
        "序时预期",
        "实际",
        "差距",
        "单位",
        "期间",
    ]
    assert [r[0] for r in rows[1:]] == [str(seq) for seq, _, _ in HOUSING_ITEMS]
    assert [r[2] for r in rows[1:]] == ["滞后", "滞后", "滞后", "逾期", "滞后"]  # in words
    assert rows[1] == ["3", "违反强条处理率", "滞后", "≥ 100", "100", "97", "-3", "%", "2023-06"]


def test_the_docx_uses_the_plans_fonts(bulletin: dict[str, Any], tmp_path: Path) -> None:
    model = build_notices(bulletin, "2023-07-17")
    style = DocumentStyle(title_font="思源宋体", body_font="思源仿宋")
    path = tmp_path / "n.docx"
    writer.write_docx(model, model["notices"][0], style, path)
    document = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="思源宋体"' in document and 'w:eastAsia="思源仿宋"' in document
    assert "仿宋_GB2312" not in document


def test_cli_in_english(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = report(db, out, "--notices", "--lang", "en")
    assert result.exit_code == 0, result.output
    folder = out / "notices_2023-06"
    assert (folder / "notice_区应急局.docx").is_file()
    assert (folder / "notices_index.json").is_file()
    assert f"wrote 18 notice(s) (reply by 2023-07-17) in {folder}" in result.output
    text = (folder / f"notice_{HOUSING}.md").read_text("utf-8")
    assert f"\n{HOUSING}:\n" in text
    assert "send a written reply to" in text and "by 2023-07-17." in text
    assert "| 3 | " in text and "| behind | ≥ 100 | 100 | 97 | -3 | % | 2023-06 |" in text
    assert "List No." in text
    docx = _docx_texts(folder / f"notice_{HOUSING}.docx")
    assert docx[1] == f"{HOUSING}:"
    assert docx[3] == "1. Items"


@pytest.mark.parametrize(
    ("extra", "reply_by"),
    [
        (["--reply-days", "7"], "2023-07-19"),
        (["--reply-days", "1"], "2023-07-11"),
        (["--reply-by", "2023-07-20"], "2023-07-20"),
    ],
)
def test_cli_reply_options(db: Path, tmp_path: Path, extra: list[str], reply_by: str) -> None:
    out = tmp_path / "reports"
    result = report(db, out, "--notices", *extra)
    assert result.exit_code == 0, result.output
    index = json.loads((out / FOLDER / "督办通知一览.json").read_text("utf-8"))
    assert index["reply_by"] == reply_by
    assert {r["reply_by"] for r in index["index"]} == {reply_by}


def test_plan_yaml_sets_the_reply_days(db: Path, data_copy: Path, tmp_path: Path) -> None:
    plan = data_copy / "plan.yaml"
    plan.write_text(plan.read_text("utf-8") + "documents:\n  reply_days: 3\n", encoding="utf-8")
    out = tmp_path / "reports"
    result = report(db, out, "--notices", data=data_copy)
    assert result.exit_code == 0, result.output
    assert "整改时限 2023-07-13" in result.output
    result = report(db, tmp_path / "again", "--notices", "--reply-days", "5", data=data_copy)
    assert "整改时限 2023-07-17" in result.output  # the option wins


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--notices", "--reply-by", "7月17日"], "--reply-by “7月17日”无效"),
        (
            ["--notices", "--reply-by", "2023-07-09"],
            "--reply-by 2023-07-09 早于成文日期 2023-07-10",
        ),
        (["--notices", "--reply-by", "2023-07-20", "--reply-days", "3"], "只能给一个"),
        (["--reply-days", "3"], "请同时给 --notices"),
        (["--notices", "--reply-days", "0"], "--reply-days"),
    ],
)
def test_cli_bad_reply_options_are_usage_errors_and_write_nothing(
    db: Path, tmp_path: Path, extra: list[str], message: str
) -> None:
    out = tmp_path / "reports"
    result = report(db, out, *extra)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not out.exists()


def test_quarterly_review_notices(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = invoke(
        "report", "--quarter", "2023-Q2", "-f", "json", "--date", DATE, "--notices",
        "--db", str(db), "--data", str(DATA), "--out", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    folder = out / "督办通知_2023-Q2"
    assert len(list(folder.glob("*.docx"))) == 18
    text = (folder / f"督办通知_{HOUSING}.md").read_text("utf-8")
    assert text.startswith("# 关于大通湖区打好“发展六仗”2023年第2季度滞后事项的督办通知")
    assert "《大通湖区打好“发展六仗”季总结（2023年第2季度）》" in text


def test_no_lagging_item_writes_no_notice_and_says_so(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(view, "NOTICE_STATUSES", ())  # a month where nothing lags
    out = tmp_path / "reports"
    result = report(db, out, "--notices")
    assert result.exit_code == 0, result.output
    assert "2023-06没有未完成、滞后、应报未报或逾期的事项：不写督办通知" in result.output
    assert not (out / FOLDER).exists()
    assert (out / "月通报_2023-06.json").is_file()


# -- hostile names -----------------------------------------------------------------------------


@pytest.fixture
def hostile_data(data_copy: Path) -> Path:
    """The plan with 区安委办 renamed to a hostile name (YAML escapes for the control codes)."""
    quoted = '"../../etc/x\\x1b[31m\\u202e=1+2<script>' + "长" * 300 + '"'
    for path in data_copy.glob("*.yaml"):
        text = path.read_text("utf-8")
        path.write_text(text.replace('"区安委办"', quoted), encoding="utf-8")
    return data_copy


def test_a_hostile_office_name_gives_a_safe_file_and_neutralised_text(
    db: Path, hostile_data: Path, tmp_path: Path
) -> None:
    out = tmp_path / "reports"
    result = report(db, out, "--notices", data=hostile_data)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output
    folder = out / FOLDER
    assert len(list(folder.iterdir())) == 2 * 18 + 2  # all inside the folder, none elsewhere
    # 40 characters kept (27 before the 长), then the leading “..” dropped
    stem = "督办通知__.._etc_x[31m=1+2_script_" + "长" * (NAME_LIMIT - 27)
    assert (folder / f"{stem}.md").is_file() and (folder / f"{stem}.docx").is_file()
    for path in folder.iterdir():
        assert len(path.name.encode("utf-8")) <= 255
        assert not re.search(r"[\x00-\x1f\x7f\u202e/\\]", path.name)
    text = (folder / f"{stem}.md").read_text("utf-8")
    assert "\x1b" not in text and "\u202e" not in text
    assert text.splitlines()[2] == visible(HOSTILE) + "："
    docx = _docx_texts(folder / f"{stem}.docx")
    assert docx[1] == visible(HOSTILE) + "："
    index = json.loads((folder / "督办通知一览.json").read_text("utf-8"))
    assert HOSTILE in [r["unit"] for r in index["index"]]  # JSON keeps the name, escaped


def test_a_notice_of_a_hundred_items_lays_out(bulletin: dict[str, Any], tmp_path: Path) -> None:
    b = copy.deepcopy(bulletin)
    first = next(w for w in b["watchlist"] if w["status"] == "behind")
    b["watchlist"] = [{**first, "id": f"t{n}", "lead": ["甲局"]} for n in range(100)]
    model = build_notices(b, "2023-07-17")
    (notice,) = model["notices"]
    assert notice["counts"] == {"missed": 0, "behind": 100, "missing": 0, "overdue": 0}
    writer.write_docx(model, notice, DocumentStyle(), tmp_path / "n.docx")
    (table,) = Document(str(tmp_path / "n.docx")).tables
    assert [r.cells[0].text for r in table.rows[1:]] == [str(n) for n in range(1, 101)]
    md = writer.render_md(model, notice)
    assert sum(1 for line in md.splitlines() if line.startswith("| ")) == 101


def test_font_option_sets_the_notices_fonts_too(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    result = report(db, out, "--notices", "--font", "body=思源仿宋")
    assert result.exit_code == 0, result.output
    path = out / FOLDER / f"督办通知_{HOUSING}.docx"
    document = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    assert 'w:eastAsia="思源仿宋"' in document and "仿宋_GB2312" not in document


def test_plan_yaml_holidays_and_adjusted_workdays_move_the_reply_date(
    db: Path, data_copy: Path, tmp_path: Path
) -> None:
    """Dated Thursday 28 September 2023, five working days: Friday and 2-5 October without a
    holiday calendar; with 国庆 (29 September - 6 October off, the weekend of 7-8 October
    worked) the 7th, 8th, 9th, 10th and 11th."""
    result = report(db, tmp_path / "plain", "--notices", "--date", "2023-09-28", data=data_copy)
    assert result.exit_code == 0, result.output
    assert "整改时限 2023-10-05" in result.output
    plan = data_copy / "plan.yaml"
    holidays = ", ".join(
        f"2023-{d}" for d in ("09-29", "10-02", "10-03", "10-04", "10-05", "10-06")
    )
    plan.write_text(
        plan.read_text("utf-8")
        + f"documents:\n  holidays: [{holidays}]\n  workdays: [2023-10-07, 2023-10-08]\n",
        encoding="utf-8",
    )
    result = report(db, tmp_path / "holidays", "--notices", "--date", "2023-09-28", data=data_copy)
    assert result.exit_code == 0, result.output
    assert "整改时限 2023-10-11" in result.output


def test_a_holiday_that_is_no_date_is_reported_where_it_stands(data_copy: Path) -> None:
    plan = data_copy / "plan.yaml"
    text = plan.read_text("utf-8")
    line = text.count("\n") + 2
    plan.write_text(text + "documents:\n  holidays: [2023-10-32]\n", encoding="utf-8")
    result = invoke("validate", "--data", str(data_copy))
    assert result.exit_code == 1
    assert f"plan.yaml:{line}:" in result.output and "2023-10-32" in result.output
