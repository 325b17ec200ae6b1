"""The bulletin as a GB/T 9704-2012 公文 (report -f docx), opened as Word would open it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from typer.testing import CliRunner

from conftest import DATA, ROOT, replace_once
from liuzhang.cli.app import app
from liuzhang.domain.plan import DocumentStyle
from liuzhang.render import docx as docx_writer
from liuzhang.render.gongwen import (
    CHAR_SPACE,
    Gongwen,
    chinese_number,
    column_widths_mm,
    document_date_text,
    fit_widths,
    heading_number,
    table_font_pt,
    unbreakable_ems,
)

EXAMPLES = sorted(str(p) for p in (ROOT / "examples").glob("2023-0*/*"))
STYLE = DocumentStyle()
FONTS = {"方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"}


@pytest.fixture(scope="module")
def june_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("docx") / "r.sqlite"
    result = CliRunner().invoke(app, ["ingest", *EXAMPLES, "--db", str(db), "--data", str(DATA)])
    assert result.exit_code == 0, result.output
    return db


def report(db: Path, out: Path, *extra: str, data: Path = DATA) -> Any:
    return CliRunner().invoke(
        app,
        [
            *("report", "--db", str(db), "--data", str(data), "--out", str(out)),
            *("--date", "2023-07-10", "-f", "docx", *extra),
        ],
    )


@pytest.fixture(scope="module")
def june(june_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("june")
    result = report(june_db, out, "--month", "2023-06", "-f", "json")
    assert result.exit_code == 0, result.output
    assert f"已生成 {out / '月通报_2023-06.docx'}" in result.output
    return out / "月通报_2023-06.docx"


@pytest.fixture(scope="module")
def doc(june: Path) -> DocumentObject:
    return Document(str(june))


@pytest.fixture(scope="module")
def model(june: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(june.with_suffix(".json").read_text(encoding="utf-8"))
    return loaded


def runs_of(doc: DocumentObject) -> list[Any]:
    """Every w:r of the body and the footers."""
    parts = [doc.element.body]
    for section in doc.sections:
        parts += [section.footer._element, section.even_page_footer._element]
    return [r for part in parts for r in part.iter(qn("w:r"))]


def rfonts(run: Any) -> dict[str, str | None]:
    fonts = run.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
    attrs = ("ascii", "hAnsi", "eastAsia")
    return {a: None if fonts is None else fonts.get(qn(f"w:{a}")) for a in attrs}


def block_after(doc: DocumentObject, heading: str) -> Table:
    """The first table after the paragraph whose text is ``heading``."""
    seen = False
    for child in doc.element.body.iterchildren():
        if child.tag == qn("w:p") and Paragraph(child, doc).text == heading:
            seen = True
        elif seen and child.tag == qn("w:tbl"):
            return Table(child, doc)
    raise AssertionError(f"no table after {heading}")


def texts(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def heading_paragraphs(doc: DocumentObject, font: str) -> list[Paragraph]:
    return [
        p for p in doc.paragraphs if p.runs and rfonts(p.runs[0]._r)["eastAsia"] == font and p.text
    ]


# -- the page -------------------------------------------------------------------------------


def test_a4_and_the_margins_of_gb_t_9704(doc: DocumentObject) -> None:
    (section,) = doc.sections
    size = (section.page_width, section.page_height)
    assert [x.twips for x in size] == [Mm(210).twips, Mm(297).twips] == [11906, 16838]
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [x.twips for x in margins] == [Mm(x).twips for x in (37, 35, 28, 26)]


def test_the_document_grid_is_22_lines_of_28_characters(doc: DocumentObject) -> None:
    grid = doc.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:linePitch")) == "579"
    # (156 mm / 28 − 16 pt) in 1/4096 pt: a grid character is 15.79 pt
    assert grid.get(qn("w:charSpace")) == str(CHAR_SPACE) == "-848"
    normal = doc.styles["Normal"].paragraph_format
    assert (normal.line_spacing, normal.line_spacing_rule) == (Pt(579 / 20), 4)  # EXACTLY
    body = [p for p in doc.paragraphs if p.runs and p.runs[0].font.size == Pt(16)]
    assert len(body) > 20 and all(p.paragraph_format.line_spacing is None for p in body)
    assert Mm(225).twips >= 22 * 579  # 22 lines fit the text block


def test_every_run_names_its_east_asian_font(doc: DocumentObject) -> None:
    runs = runs_of(doc)
    assert len(runs) > 1000
    for run in runs:
        fonts = rfonts(run)
        assert fonts["eastAsia"] in FONTS, run.xml
        assert fonts["ascii"] == fonts["hAnsi"] == fonts["eastAsia"]
    body = [p for p in doc.paragraphs if p.runs and p.runs[0].font.size == Pt(16)]
    paragraphs = [p for p in body if p.text.startswith("与2023年5月相比")]
    assert [rfonts(r._r)["eastAsia"] for p in paragraphs for r in p.runs] == ["仿宋_GB2312"]


def test_the_title_is_2hao_in_the_title_font_centred(
    doc: DocumentObject, model: dict[str, Any]
) -> None:
    first = doc.paragraphs[0]
    assert first.text == "大通湖区打好“发展六仗”月通报（2023年6月）"
    assert first.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert [(r.font.size, rfonts(r._r)["eastAsia"]) for r in first.runs] == [
        (Pt(22), "方正小标宋简体")
    ]


def test_headings_by_level_with_their_numbers_and_fonts(doc: DocumentObject) -> None:
    level1 = [p.text for p in heading_paragraphs(doc, "黑体")]
    assert level1 == [
        "一、总体情况",
        "二、各部分情况",
        "三、督办清单",
        "四、各单位情况",
        "五、各单位报送情况",
        "六、全年预计（累计类指标，按当前进度）",
        "七、数据疑点",
        "八、数据说明",
    ]
    level2 = [p.text for p in heading_paragraphs(doc, "楷体_GB2312")]
    assert level2 == [
        "（一）第1部分 打好经济增长主动仗",
        "（二）第2部分 打好科技创新攻坚仗",
        "（三）第3部分 打好优化发展环境持久仗",
        "（四）第4部分 打好防范化解风险阻击仗",
        "（五）第5部分 打好安全生产巩固提升仗",
        "（六）第6部分 打好重点民生保障仗",
    ]
    level3 = [p for p in doc.paragraphs if p.runs and p.runs[0].bold and p.text[:1].isdigit()]
    assert [p.text for p in level3[:2]] == ["1.指标", "2.任务"]  # restarts under each （一）
    assert all(rfonts(p.runs[0]._r)["eastAsia"] == "仿宋_GB2312" for p in level3)
    assert all(p.runs[0].font.size == Pt(16) for p in level3)


def test_page_numbers_at_the_outside_edge_odd_and_even(doc: DocumentObject) -> None:
    settings = doc.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    section = doc.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        (p,) = footer.paragraphs
        assert p.alignment == align
        assert p.text == "— 1 —"  # the PAGE field's cached value between the dashes
        instr = [x.text for x in p._p.iter(qn("w:instrText"))]
        assert instr == [" PAGE "]
        kinds = [x.get(qn("w:fldCharType")) for x in p._p.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"]
        assert {(r.font.size, rfonts(r._r)["eastAsia"]) for r in p.runs} == {(Pt(14), "宋体")}
    refs = section._sectPr.findall(qn("w:footerReference"))
    assert sorted(r.get(qn("w:type")) for r in refs) == ["default", "even"]


# -- the content --------------------------------------------------------------------------


def test_a_target_row_states_its_status_in_words(doc: DocumentObject) -> None:
    table = block_after(doc, "1.指标")
    rows = texts(table)
    assert rows[0] == [
        "编号",
        "指标",
        "目标",
        "实际",
        "序时预期",
        "差距",
        "单位",
        "状态",
        "期间",
        "牵头单位",
        "备注",
    ]
    gdp = next(r for r in rows if r[0] == "gdp_growth")
    assert gdp[:10] == [
        "gdp_growth",
        "地区生产总值增长",
        "≥ 7.5",
        "7.35",
        "7.5",
        "-0.15",
        "%",
        "预警",
        "2023-Q2",
        "区发改财政局",
    ]
    header = table.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
    assert header is not None  # repeated on every page


def test_the_task_table_of_a_section(doc: DocumentObject) -> None:
    rows = texts(block_after(doc, "2.任务"))
    assert rows[0] == ["编号", "任务", "完成时限", "进度", "状态", "牵头单位", "备注"]
    assert rows[1] == ["a1-1-1", "加快恢复文旅消费", "2023-12", "—", "未启动", "区委宣传统战部", ""]


def test_the_watch_list_has_every_item_in_order(doc: DocumentObject, model: dict[str, Any]) -> None:
    rows = texts(block_after(doc, "三、督办清单"))
    assert len(rows) == 1 + len(model["watchlist"]) == 76
    assert rows[1] == [
        "1",
        "certified_operation_rate",
        "持证上岗率（专职安全管理人员、高风险岗位操作人员和特种作业人员）",
        "确保",
        "滞后",
        "-10",
        "%",
        "区应急局",
        "",
    ]
    assert [r[1] for r in rows[1:]] == [w["id"] for w in model["watchlist"]]


def test_the_units_table(doc: DocumentObject, model: dict[str, Any]) -> None:
    rows = texts(block_after(doc, "四、各单位情况"))
    assert rows[0][:6] == ["单位", "未完成", "滞后", "预警", "应报未报", "逾期"]
    assert [r[0] for r in rows[1:]] == [u["unit"] for u in model["units"]]


def test_the_signature_is_the_plans_office_and_the_documents_date(doc: DocumentObject) -> None:
    office, date = doc.paragraphs[-2:]
    assert (office.text, date.text) == ("大通湖区打好“发展六仗”工作专班", "2023年7月10日")
    for p in (office, date):
        assert p.alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) == "400"  # 右空四字
        assert p.paragraph_format.right_indent == Pt(64)


def test_the_data_note_and_the_projection(doc: DocumentObject) -> None:
    text = [p.text for p in doc.paragraphs]
    note = text.index("八、数据说明")
    assert text[note + 1].startswith("截至：2023-06；预警容差：")
    # the files used by name, not by the analyst's folders: the printed page is the same
    # wherever the files were kept (and 38 pages in test_pdf, wherever the clone is)
    files = next(t for t in text[note:] if "sha256" in t)
    assert "区民政人社局_2023-06.xlsx（sha256 37f3dd840e23）" in files
    assert str(ROOT) not in files and "examples/" not in files
    rows = texts(block_after(doc, "六、全年预计（累计类指标，按当前进度）"))
    assert rows[0] == ["编号", "指标", "全年目标", "目前", "期间", "预计全年", "预计达标", "单位"]


def test_english(june_db: Path, tmp_path: Path) -> None:
    result = report(june_db, tmp_path, "--month", "2023-06", "--lang", "en")
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "bulletin_2023-06.docx"))
    assert doc.paragraphs[0].text == "Datonghu District “Six Battles” monthly bulletin (2023-06)"
    level1 = [p.text for p in heading_paragraphs(doc, "黑体")]
    assert level1[:3] == ["1. Overview", "2. By section", "3. Watch list"]
    assert heading_paragraphs(doc, "楷体_GB2312")[0].text == "2.1 Section 1: Economic growth"
    assert [p.text for p in doc.paragraphs[-2:]] == [
        "Datonghu District “Six Battles” task force",
        "10 July 2023",
    ]
    rows = texts(block_after(doc, "3. Watch list"))
    assert rows[1][4] == "behind"


def test_the_quarterly_review(june_db: Path, tmp_path: Path) -> None:
    result = report(june_db, tmp_path, "--quarter", "2023-Q2")
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "季总结_2023-Q2.docx"))
    assert doc.paragraphs[0].text == "大通湖区打好“发展六仗”季总结（2023年第2季度）"
    assert doc.paragraphs[-1].text == "2023年7月10日"


# -- fonts from plan.yaml and --font ----------------------------------------------------------


def fonts_used(doc: DocumentObject) -> set[str | None]:
    return {rfonts(r)["eastAsia"] for r in runs_of(doc)}


def test_fonts_from_plan_yaml_and_from_the_font_option(
    june_db: Path, data_copy: Path, tmp_path: Path
) -> None:
    plan = data_copy / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8")
        + "documents:\n  title_font: 思源宋体\n  body_font: Noto Serif CJK SC\n",
        encoding="utf-8",
    )
    result = report(june_db, tmp_path, "--month", "2023-06", data=data_copy)
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "月通报_2023-06.docx"))
    assert fonts_used(doc) == {"思源宋体", "Noto Serif CJK SC", "黑体", "楷体_GB2312", "宋体"}
    assert rfonts(doc.paragraphs[0].runs[0]._r)["eastAsia"] == "思源宋体"
    # --font wins over plan.yaml, role by role
    result = report(
        june_db,
        tmp_path,
        "--month",
        "2023-06",
        "--font",
        "title=方正小标宋_GBK",
        "--font",
        "page_number= Times New Roman ",
        data=data_copy,
    )
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "月通报_2023-06.docx"))
    assert fonts_used(doc) == {
        "方正小标宋_GBK",
        "Noto Serif CJK SC",
        "黑体",
        "楷体_GB2312",
        "Times New Roman",
    }


@pytest.mark.parametrize("value", ["titel=宋体", "title=", "title", "=宋体", "body= "])
def test_a_bad_font_option_is_a_usage_error(june_db: Path, tmp_path: Path, value: str) -> None:
    result = report(june_db, tmp_path, "--month", "2023-06", "--font", value)
    assert result.exit_code == 2
    assert f"--font “{value}”无效" in result.output
    assert "title、body、heading1、heading2、page_number" in result.output
    assert not (tmp_path / "月通报_2023-06.docx").exists()


def test_a_bad_font_option_in_english(june_db: Path, tmp_path: Path) -> None:
    result = report(june_db, tmp_path, "--month", "2023-06", "--font", "x=y", "--lang", "en")
    assert result.exit_code == 2
    assert "--font 'x=y' is not valid: write KEY=FONT NAME" in result.output


def test_with_fonts_replaces_only_the_roles_given() -> None:
    style = STYLE.with_fonts({"heading2": "楷体", "body": "仿宋"})
    assert style == DocumentStyle(body_font="仿宋", heading2_font="楷体")


# -- hostile and large content -------------------------------------------------------------

HOSTILE = "=1+2<script>alert(1)</script>\u202e\x1b[31m"
LONG = "长" * 150 + "x" * 150


def test_hostile_and_very_long_names_lay_out_neutralised(
    june_db: Path, data_copy: Path, tmp_path: Path
) -> None:
    targets = data_copy / "targets.yaml"
    replace_once(targets, 'name: "地区生产总值增长"', f"name: {json.dumps(HOSTILE)}")
    replace_once(targets, 'name: "社会消费品零售总额增长"', f'name: "{LONG}"')
    result = report(june_db, tmp_path, "--month", "2023-06", data=data_copy)
    assert result.exit_code == 0, result.output
    doc = Document(str(tmp_path / "月通报_2023-06.docx"))
    rows = texts(block_after(doc, "1.指标"))
    names = {r[0]: r[1] for r in rows}
    # text, not markup or a formula (Word evaluates neither); control and bidi codes shown
    assert names["gdp_growth"] == "=1+2<script>alert(1)</script>\\u202e\\x1b[31m"
    assert names["retail_sales_growth"] == LONG
    xml = (doc.element.body.xml).replace("&lt;", "<")
    assert "\u202e" not in xml and "\x1b" not in xml
    # the table keeps the text width: fixed layout, columns summing to 156 mm
    table = block_after(doc, "1.指标")
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iterchildren()]
    assert abs(sum(grid) - Mm(156).twips) <= len(grid)
    layout = table._tbl.tblPr.find(qn("w:tblLayout"))
    assert layout.get(qn("w:type")) == "fixed"


def test_a_month_with_100_lagging_items(model: dict[str, Any], tmp_path: Path) -> None:
    bulletin = copy.deepcopy(model)
    first = bulletin["watchlist"][0]
    bulletin["watchlist"] = [
        {**first, "id": f"lagging_{n:03d}", "name": f"滞后事项{n}" * 4} for n in range(100)
    ]
    path = tmp_path / "many.docx"
    docx_writer.write(bulletin, path, "zh", STYLE)
    rows = texts(block_after(Document(str(path)), "三、督办清单"))
    assert len(rows) == 101
    assert [r[1] for r in rows[1:]] == [f"lagging_{n:03d}" for n in range(100)]
    assert {r[4] for r in rows[1:]} == {"滞后"}


def test_the_timeliness_section_is_the_commands_table(
    model: dict[str, Any], doc: DocumentObject
) -> None:
    """各单位报送情况 in the docx: the basis sentence and the table ``liuzhang timeliness``
    prints, row for row (render.timeliness: one home)."""
    from liuzhang.render import timeliness as tl

    t = model["timeliness"]
    text = [p.text for p in doc.paragraphs]
    heading = text.index("五、各单位报送情况")
    assert text[heading + 1] == tl.basis(t, "zh")
    assert texts(block_after(doc, "五、各单位报送情况")) == [tl.headers(t, "zh"), *tl.body(t, "zh")]


def test_the_june_bulletin_has_the_timeliness_section(doc: DocumentObject) -> None:
    rows = texts(block_after(doc, "五、各单位报送情况"))
    # as of 2023-07-10 the quarter's values are due that day: not yet due
    assert rows[0] == ["单位", "应报", "按时报送", "逾期报送", "未报", "未到期", "及时率", "报送率"]
    assert rows[-1][0] == "合计"


def test_no_timeliness_section_without_it(model: dict[str, Any], tmp_path: Path) -> None:
    bulletin = {k: v for k, v in model.items() if k != "timeliness"}
    path = tmp_path / "t.docx"
    docx_writer.write(bulletin, path, "zh", STYLE)
    text = " ".join(p.text for p in Document(str(path)).paragraphs)
    assert "各单位报送情况" not in text and "五、全年预计" in text


# -- the primitives -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "text"),
    [
        *((1, "一"), (9, "九"), (10, "十"), (11, "十一")),
        *((20, "二十"), (21, "二十一"), (99, "九十九"), (100, "100")),
    ],
)
def test_chinese_number(n: int, text: str) -> None:
    assert chinese_number(n) == text


@pytest.mark.parametrize(
    ("level", "counters", "lang", "text"),
    [
        (1, (3, 0, 0), "zh", "三、"),
        (2, (3, 12, 0), "zh", "（十二）"),
        (3, (3, 12, 4), "zh", "4."),
        (1, (3, 0, 0), "en", "3. "),
        (2, (3, 12, 0), "en", "3.12 "),
        (3, (3, 12, 4), "en", "3.12.4 "),
    ],
)
def test_heading_number(level: int, counters: tuple[int, ...], lang: Any, text: str) -> None:
    assert heading_number(level, counters, lang) == text


def test_headings_restart_below_a_higher_level(tmp_path: Path) -> None:
    g = Gongwen(STYLE)
    for level, text in [(1, "a"), (2, "b"), (3, "c"), (3, "d"), (2, "e"), (3, "f"), (1, "g")]:
        g.heading(level, text)
    g.heading(2, "h")
    g.heading(3, "i")
    assert [p.text for p in g.doc.paragraphs] == [
        "一、a",
        "（一）b",
        "1.c",
        "2.d",
        "（二）e",
        "1.f",
        "二、g",
        "（一）h",
        "1.i",
    ]
    with pytest.raises(ValueError, match="heading level 4"):
        g.heading(4, "x")


def test_addressee_ends_with_one_colon() -> None:
    g = Gongwen(STYLE)
    g.addressee("各有关单位")
    g.addressee("区发改财政局：")
    en = Gongwen(STYLE, "en")
    en.addressee("All units:")
    assert [p.text for p in g.doc.paragraphs] == ["各有关单位：", "区发改财政局："]
    assert en.doc.paragraphs[0].text == "All units:"
    assert g.doc.paragraphs[0].paragraph_format.first_line_indent is None  # flush left


def test_paragraph_indent_and_page_break() -> None:
    g = Gongwen(STYLE)
    g.paragraph("正文")
    g.paragraph("不缩进", indent=False, bold=True)
    g.page_break()
    first, second, brk = g.doc.paragraphs
    assert first.paragraph_format.first_line_indent == Pt(32)  # two characters of 3号
    assert first._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert second.paragraph_format.first_line_indent is None and second.runs[0].bold
    assert brk._p.find(f".//{qn('w:br')}").get(qn("w:type")) == "page"
    assert rfonts(brk.runs[0]._r)["eastAsia"] == "仿宋_GB2312"


@pytest.mark.parametrize(
    ("date", "lang", "text"),
    [
        ("2023-07-10", "zh", "2023年7月10日"),
        ("2023-07-10", "en", "10 July 2023"),
        ("2024-12-01", "zh", "2024年12月1日"),
        ("2024-01-31", "en", "31 January 2024"),
    ],
)
def test_document_date_text(date: str, lang: Any, text: str) -> None:
    assert document_date_text(date, lang) == text


@pytest.mark.parametrize(
    ("wanted", "kept", "widths"),
    [
        ([10.0, 30.0], None, [39.0, 117.0]),  # they fit: scaled up to 156 mm
        ([16.0, 70.0, 220.0], [16.0, 20.0, 20.0], [16.0, 40.0, 100.0]),  # wide ones give way
        ([100.0, 100.0], [100.0, 100.0], [78.0, 78.0]),  # even what is kept does not fit
        ([100.0, 212.0], None, [50.0, 106.0]),  # nothing kept: in proportion
    ],
)
def test_fit_widths(wanted: list[float], kept: list[float] | None, widths: list[float]) -> None:
    assert [round(w, 6) for w in fit_widths(wanted, 156.0, kept)] == widths


@pytest.mark.parametrize(
    ("text", "ems"),
    [
        *(("-0.15", 3.0), ("2023-Q2", 4.2), ("1,000", 3.0), ("gdp_growth", 0.0)),
        *(("滞后", 0.0), ("a b", 0.0), ("", 0.0)),
    ],
)
def test_unbreakable_ems(text: str, ems: float) -> None:
    assert unbreakable_ems(text) == pytest.approx(ems)


def test_long_cells_leave_numbers_and_dates_whole() -> None:
    """A 300-character name and three long codes share what the number and the period (kept
    whole: 3 and 4.2 em at 9 pt, + 2 mm of margins) leave of 156 mm."""
    head = ["编号", "指标", "差距", "期间", "a", "b", "c"]
    rows = [["gdp_growth", "长" * 300, "-0.15", "2023-Q2", "x" * 40, "y" * 40, "z" * 40]] * 3
    widths = column_widths_mm([head, *rows], 9.0)
    assert [round(w, 1) for w in widths] == [16.8, 27.8, 12.0, 16.0, 27.8, 27.8, 27.8]
    assert round(sum(widths), 9) == 156


@pytest.mark.parametrize(("columns", "size"), [(3, 14.0), (4, 14.0), (6, 12.0), (9, 10.5)])
def test_table_font_size(columns: int, size: float) -> None:
    assert table_font_pt(columns) == size
    assert table_font_pt(10) == 9.0


def test_explicit_widths_fill_the_text_width() -> None:
    g = Gongwen(STYLE)
    g.table(["a", "b"], [["1", "2"]], widths_mm=[1.0, 3.0])
    (table,) = g.doc.tables
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.iterchildren()]
    assert grid == [Mm(39).twips, Mm(117).twips]
    assert [r.font.size for r in table.rows[1].cells[0].paragraphs[0].runs] == [Pt(14)]


def test_every_block_neutralises_control_and_bidi_characters() -> None:
    g = Gongwen(STYLE)
    hostile = "a\x1b[31m\u202eb\x00"
    g.title(hostile)
    g.addressee(hostile)
    g.heading(1, hostile)
    g.paragraph(hostile)
    g.signature(hostile, "2023-07-10")
    shown = "a\\x1b[31m\\u202eb\\x00"
    assert [p.text for p in g.doc.paragraphs if p.text] == [
        shown,
        shown + "：",
        "一、" + shown,
        shown,
        shown,
        "2023年7月10日",
    ]


def test_a_bulletin_without_docx_does_not_load_python_docx(june_db: Path, tmp_path: Path) -> None:
    """python-docx is loaded for a docx or pdf only (a --font given is checked without it)."""
    import subprocess
    import sys

    command = [
        *("report", "--month", "2023-06", "-f", "md", "--font", "title=思源宋体"),
        *("-o", str(tmp_path), "--db", str(june_db), "--data", str(DATA)),
    ]
    code = (
        "import sys\n"
        "from liuzhang.cli.app import main\n"
        f"sys.argv = ['liuzhang', *{command!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('HEAVY', sorted(m for m in ('docx', 'pandas') if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert run.stdout.strip().endswith("HEAVY []"), run.stdout[-300:] + run.stderr[-300:]
    assert (tmp_path / "月通报_2023-06.md").exists()
