"""Reading plan documents into blocks: normalisation, page breaks, plain text, .docx, .pdf and the
documents that cannot be read. The .docx and .pdf fixtures are written by
scripts/make_extract_fixtures.py (committed; the tests only read them)."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT, SEED
from liuzhang.extract.document import (
    blocks_from_text,
    carries_over,
    continues,
    decode_text,
    is_heading,
    is_page_mark,
    join_break,
    join_paragraphs,
    normalize,
    pdf_page,
    pdf_paragraphs,
    read_document,
    row_text,
)
from liuzhang.extract.model import Block, ExtractError

FIXTURES = ROOT / "tests" / "fixtures" / "extract"
HEADER = ("序号", "工作任务", "牵头单位", "责任单位", "完成时限")


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        # full-width letters, digits and ASCII symbols -> ASCII
        ("地区生产总值增长７．５％", "地区生产总值增长7.5%"),
        ("ＧＤＰ增长６％以上", "GDP增长6%以上"),
        ("３～５年", "3~5年"),
        ("Ａ级景区", "A级景区"),
        # Chinese punctuation stays as written, and so does a half-width form the text wrote
        ("（一）经济运行稳中提质。", "（一）经济运行稳中提质。"),
        ("增长8%以上，确保：", "增长8%以上，确保："),
        ("检测,为居民提供", "检测,为居民提供"),
        ("(一) 经济运行", "(一)经济运行"),
        # circled numbers are enumerators, not digits
        ("①新增企业4家", "①新增企业4家"),
        # Kangxi radicals and compatibility ideographs from PDFs
        ("⼯作任务", "工作任务"),
        # spaces: none next to Chinese, one between words, none before %
        ("工作任 务", "工作任务"),
        ("区发改局 财政局", "区发改局财政局"),
        ("增长 7.5 %", "增长7.5%"),
        ("控制在 5 ‰ 以内", "控制在5‰以内"),
        ("国道 G351 和 S316", "国道G351和S316"),
        ("Windows   10 系统", "Windows 10系统"),
        ("a\u00a0\u00a0b", "a b"),
        ("\u3000\u3000全年目标", "全年目标"),
        ("  两端空白\t", "两端空白"),
        # a letter-spaced line (PDF) loses its spaces; a line of words keeps them
        ("政 府 工 作 报 告", "政府工作报告"),
        ("增 长 6 . 1 % 。", "增长6.1%。"),
        ("增长 6 . 1 %", "增长6.1%"),
        ("新 建 5G 基 站 100 个 。", "新建5G基站100个。"),
        ("a b c", "a b c"),
        # zero-width characters and soft hyphens dropped
        ("地区\u200b生产\u200d总值\u00ad", "地区生产总值"),
        ("\ufeff标题", "标题"),
        # a stray line break inside a sentence
        ("推进乡村\n振兴", "推进乡村振兴"),
        ("line\r\nbreak", "line break"),
        # markup left by web copies
        ("<p>(52) 探索建立</p>", "(52)探索建立"),
        ("2. **全力推进。**按照部署", "2.全力推进。按照部署"),
        ("违法情形的监督。</p>", "违法情形的监督。"),
        ("", ""),
    ],
)
def test_normalize(raw: str, normal: str) -> None:
    assert normalize(raw) == normal


def test_normalize_is_idempotent() -> None:
    text = SEED.read_text(encoding="utf-8-sig")
    for line in text.splitlines()[:200]:
        once = normalize(line)
        assert normalize(once) == once


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        # a sentence cut by a page break
        ("着力推进产业园创评国家景区，争创一批乡村旅游点和省级乡", "乡村旅游重点村；", True),
        ("积极争取资金支持，力争立项争资同口径增长4%以", "上；强化闲置资产清查", True),
        ("提高保障标准，散居孤儿最低保障标准从950元/", "月提高到1100元/月。", True),
        ("举办促销活动，激活消费内循环；", "鼓励其他零售企业参加展会", True),
        # a bracket of units alone on the next page belongs to the paragraph before
        ("支持项目开工建设。", "(区科技工信局牵头，区发改财政局负责)", True),
        ("支持项目开工建设。", "（区应急局牵头，各成员单位配合）。", True),
        # a finished sentence, a new numbered item, a heading
        ("全年完成投资15亿元。", "加快重点项目建设", False),
        ("推动创新平台建设，", "(一)经济运行稳中提质。", False),
        ("推动创新平台建设，", "（二）创新能力稳步增强。", False),
        ("推动创新平台建设，", "2.促进房地产市场消费。", False),
        ("推动创新平台建设，", "三、保障措施", False),
        ("推动创新平台建设，", "①新增企业4家", False),
        ("推动创新平台建设，", "附件2", False),
        ("推动创新平台建设，", "第三章 保障措施", False),
        ("主要预期目标是：", "地区生产总值增长6%左右", False),
        # not prose: titles, signatures and dates are not continued
        ("一、指导思想", "以新时代思想为指导，全面贯彻精神", False),
        ("某某县人民政府办公室", "二〇二四年三月八日", False),
        ("某某县重点工作实施方案", "为推动高质量发展，制定本方案。", False),
        ("", "乡村", False),
        ("推进乡", "", False),
    ],
)
def test_continues(before: str, after: str, expected: bool) -> None:
    assert continues(before, after) is expected


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("争创省级乡", "乡村旅游重点村；", "争创省级乡村旅游重点村；"),
        ("促进区域协", "调发展。", "促进区域协调发展。"),
        ("增长4%以", "上；", "增长4%以上；"),
        # characters Chinese doubles on purpose are kept
        ("确保人", "人享有基本公共服务", "确保人人享有基本公共服务"),
        ("村", "村通硬化路", "村村通硬化路"),
        ("扎扎实", "实推进", "扎扎实实推进"),
        # only characters, not digits or punctuation, are dropped
        ("新增11", "1家", "新增111家"),
        ("打造“", "“一件事”", "打造““一件事”"),
        # words across the break keep a space; a number does not
        ("new", "energy", "new energy"),
        ("增长15", "%以上", "增长15%以上"),
        ("增长5.", "5%", "增长5.5%"),
        ("国道G", "351", "国道G351"),
        ("推进", "", "推进"),
    ],
)
def test_join_break(before: str, after: str, joined: str) -> None:
    assert join_break(before, after) == joined


def test_join_break_keeps_a_repeat_within_a_page() -> None:
    assert join_break("省级乡", "乡村", repeated=False) == "省级乡乡村"


def test_join_paragraphs() -> None:
    pieces = ["二、主要目标", "全县生产总值增长6%，推进乡", "乡村振兴。", "（县农业局牵头）"]
    pieces.append("三、保障")
    assert join_paragraphs(pieces) == [
        "二、主要目标",
        "全县生产总值增长6%，推进乡村振兴。（县农业局牵头）",
        "三、保障",
    ]


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        ("一、指导思想", True),
        ("附件3-1", True),
        ("某某县重点工作任务清单", True),
        ("(一)经济运行稳中提质。地区生产总值增长7.5%，", False),
        ("全县地区生产总值增长6%，", False),
        ("很" * 41, False),
    ],
)
def test_is_heading(text: str, heading: bool) -> None:
    assert is_heading(text) is heading


@pytest.mark.parametrize(
    ("cells", "text"),
    [
        (("1", "新建基站", "县工信局"), "1 | 新建基站 | 县工信局"),
        (("", "(3)强化引领", "区委宣传部"), "(3)强化引领 | 区委宣传部"),
        (("合计", "合计", "100"), "合计 | 100"),  # a cell merged across two columns
        ((), ""),
    ],
)
def test_row_text(cells: tuple[str, ...], text: str) -> None:
    assert row_text(cells) == text


def test_pdf_paragraphs_by_geometry() -> None:
    em, left, right = 12.0, 40.0, 304.0
    lines = [
        (64.0, 200.0, "某市发展计划"),  # indented, short: a paragraph of its own
        (64.0, 304.0, "今年主要预期目标是：地区生产总值增长"),  # indented: opens
        (40.0, 304.0, "6%左右，居民收入与经济增长同步，城镇"),  # full: carries on
        (40.0, 150.0, "新增就业3万人。"),  # short: closes
        (40.0, 304.0, "(一)扩大有效投资。全年实施重点项目"),  # an opener, not indented
        (40.0, 304.0, "一百个，完成投资两百亿元（另行下达）"),  # full, no 。
        (64.0, 304.0, "二是稳定外贸外资。"),  # indented: a new paragraph all the same
    ]
    assert pdf_paragraphs(lines, left, right, em) == [
        ["某市发展计划"],
        [
            "今年主要预期目标是：地区生产总值增长",
            "6%左右，居民收入与经济增长同步，城镇",
            "新增就业3万人。",
        ],
        ["(一)扩大有效投资。全年实施重点项目", "一百个，完成投资两百亿元（另行下达）"],
        ["二是稳定外贸外资。"],
    ]


@pytest.mark.parametrize(
    ("text", "mark"),
    [
        ("- 3 -", True),
        ("— 12 —", True),
        ("3", True),
        ("第3页", True),
        ("第 3 页 共 10 页", True),
        ("3/10", True),
        ("3万人", False),
        ("一、主要目标", False),
        ("2.促进消费", False),
    ],
)
def test_is_page_mark(text: str, mark: bool) -> None:
    assert is_page_mark(text) is mark


def test_pdf_page_leaves_out_page_numbers_and_reads_its_edges() -> None:
    page = pdf_page(
        [
            (40.0, 304.0, 12.0, "乡村振兴示范片区建设，新建改建农村公路三百"),  # not indented
            (40.0, 150.0, 12.0, "公里。"),
            (64.0, 304.0, 12.0, "全年城镇新增就业三万人，城镇调查失业率控制"),  # runs on
            (150.0, 180.0, 9.0, "- 2 -"),
        ]
    )
    assert page.paragraphs == [
        ["乡村振兴示范片区建设，新建改建农村公路三百", "公里。"],
        ["全年城镇新增就业三万人，城镇调查失业率控制"],
    ]
    assert (page.first_opens, page.last_runs_on) == (False, True)
    assert pdf_page([(150.0, 180.0, 9.0, "- 2 -")]).paragraphs == []


@pytest.mark.parametrize(
    ("before", "after", "runs_on", "opens", "expected"),
    [
        ("推进产业发展，推进乡", "乡村振兴。", True, False, True),
        # the layout says the paragraph ended, or the next one opens indented
        ("推进产业发展，推进乡", "乡村振兴。", False, False, False),
        ("推进产业发展，推进乡", "乡村振兴。", True, True, False),
        # the text says it ended
        ("推进产业发展。", "乡村振兴。", True, False, False),
        # a bracket of units alone carries over whatever the layout
        ("推进产业发展。", "（市发改委牵头）", False, True, True),
    ],
)
def test_carries_over(before: str, after: str, runs_on: bool, opens: bool, expected: bool) -> None:
    assert carries_over(before, after, runs_on, opens) is expected


# -- plain text ----------------------------------------------------------------------------


def test_blocks_from_text_numbers_paragraphs_and_joins_breaks() -> None:
    text = (
        "\ufeff某某县人民政府办公室\n\n"
        "一、主要目标\n\n"
        "全县地区生产总值增长６．５％左右，推进乡\n\n"
        "乡村振兴。\n"
        "\n\n"
        "（县农业局牵头）\n"
        "二、重点任务\n"
    )
    blocks = blocks_from_text(text)
    assert [(b.index, b.kind, b.where, b.text) for b in blocks] == [
        (0, "paragraph", "第1段", "某某县人民政府办公室"),
        (1, "paragraph", "第2段", "一、主要目标"),
        (2, "paragraph", "第3段", "全县地区生产总值增长6.5%左右，推进乡村振兴。（县农业局牵头）"),
        (3, "paragraph", "第4段", "二、重点任务"),
    ]


def test_blocks_from_text_reads_a_tab_separated_table_as_rows() -> None:
    text = (
        "附件1\n"
        "序号\t工作任务\t牵头单位\t责任单位\t完成时限\n"
        "1\t新建基站\t县工信局\t各乡镇\t6月底前\n"
        "\n"
        "序号\t工作任务\t牵头单位\t责任 单位\t完成时限\n"  # the header again on the next page
        "\t新建 道路\t县交通局\t\t年底前\n"
        "附件2\n"
        "指标\t目标值\n"
        "粮食产量\t12万吨\n"
    )
    blocks = blocks_from_text(text)
    assert blocks == [
        Block(0, "paragraph", "附件1", "第1段"),
        Block(1, "row", "1 | 新建基站 | 县工信局 | 各乡镇 | 6月底前", "表1第1行",
              ("1", "新建基站", "县工信局", "各乡镇", "6月底前"), HEADER, 1),
        Block(2, "row", "新建道路 | 县交通局 | 年底前", "表1第2行",
              ("", "新建道路", "县交通局", "", "年底前"), HEADER, 1),
        Block(3, "paragraph", "附件2", "第2段"),
        Block(4, "row", "粮食产量 | 12万吨", "表2第1行",
              ("粮食产量", "12万吨"), ("指标", "目标值"), 2),
    ]  # fmt: skip


def test_an_indented_line_with_one_tab_is_a_paragraph() -> None:
    assert blocks_from_text("\t一、指导思想\n") == [Block(0, "paragraph", "一、指导思想", "第1段")]


@pytest.fixture(scope="module")
def seed_blocks() -> list[Block]:
    return blocks_from_text(SEED.read_text(encoding="utf-8-sig"))


def test_the_seed_in_blocks(seed_blocks: list[Block]) -> None:
    paragraphs = [b for b in seed_blocks if b.kind == "paragraph"]
    rows = [b for b in seed_blocks if b.kind == "row"]
    assert (len(seed_blocks), len(paragraphs), len(rows)) == (282, 225, 57)
    assert [b.index for b in seed_blocks] == list(range(282))
    assert paragraphs[-1].where == "第225段"
    by_where = {b.where: b.text for b in seed_blocks}
    assert by_where["第2段"] == "大办发〔2023〕2号"
    assert by_where["第10段"] == "一、指导思想"
    assert by_where["第12段"] == "二、主要目标"
    assert by_where["第13段"].startswith("(一)经济运行稳中提质。地区生产总值增长7.5%，")
    # the page break inside a paragraph (省级乡 / 乡村旅游) is joined, the repeat dropped
    assert "争创一批乡村旅游点和省级乡村旅游重点村；高质量筹备" in by_where["第44段"]
    # a clause ending with ； before the page break
    assert "激活消费内循环；鼓励其他零售企业参加区域外的展会" in by_where["第47段"]
    # a unit bracket alone on the next page stays with its task
    assert by_where["第59段"].endswith("等项目开工建设。(区科技工信局牵头，区发改财政局负责)")


def test_the_seed_task_table(seed_blocks: list[Block]) -> None:
    rows = [b for b in seed_blocks if b.kind == "row"]
    first = rows[0]
    assert first.where == "表1第1行"
    assert first.header == ("工作任务", "具体工作措施", "牵头单位", "责任单位", "完成时限")
    assert first.cells[0] == "1.深化国资国企改革。"
    assert first.cells[2:] == ("区发改局财政局", "区大发集团、区生态公司", "2023年12月")
    assert all(b.header[2] == "牵头单位" for b in rows)
    assert not any(b.cells == b.header for b in rows)  # repeated headers are no rows


def test_the_seed_quotes_are_substrings_of_its_blocks(seed_blocks: list[Block]) -> None:
    """Every curated quote of targets.yaml, normalised as the blocks are, is in some block."""
    import yaml

    texts = [b.text for b in seed_blocks]
    targets = yaml.safe_load((ROOT / "data" / "targets.yaml").read_text(encoding="utf-8"))
    quotes = [s["quote"] for t in targets["targets"] for s in t.get("sources", []) if "quote" in s]
    missing = [q for q in quotes if not any(normalize(q) in text for text in texts)]
    assert len(quotes) > 150
    assert missing == []


def test_the_seed_is_read_fast() -> None:
    start = time.perf_counter()
    blocks = read_document(SEED)
    assert time.perf_counter() - start < 0.2
    assert len(blocks) == 282


# -- files ---------------------------------------------------------------------------------


def test_a_gb18030_text() -> None:
    blocks = read_document(FIXTURES / "gb18030.txt")
    assert [(b.where, b.text) for b in blocks] == [
        ("第1段", "二、主要目标"),
        ("第2段", "全县地区生产总值增长7%，固定资产投资增长10%以上。"),
    ]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("增长7%".encode(), "增长7%"),
        ("\ufeff增长7%".encode(), "增长7%"),
        ("增长7%".encode("gb18030"), "增长7%"),
        ("增长7%\r\n".encode("gb18030"), "增长7%\r\n"),
        ("增长7%".encode("utf-16"), "增长7%"),
    ],
)
def test_decode_text(data: bytes, text: str) -> None:
    assert decode_text(data, Path("x.txt")) == text


def test_the_county_plan_docx() -> None:
    blocks = read_document(FIXTURES / "county_plan.docx")
    assert [(b.kind, b.where, b.text) for b in blocks] == [
        ("paragraph", "第1段", "青山县2024年重点工作实施方案"),
        ("paragraph", "第2段", "一、主要目标"),
        (
            "paragraph",
            "第3段",
            "全县地区生产总值增长6.5%左右，规模以上工业增加值增长8%以上，"
            "城镇新增就业不低于3500人，万元GDP能耗下降控制在省下达目标以内。",
        ),
        ("paragraph", "第4段", "二、重点任务"),
        ("row", "表1第1行", "1 | 新建5G基站120个 | 县工信局 | 各乡镇、县通信办 | 2024年9月底前"),
        (
            "row",
            "表1第2行",
            "2 | 完成高标准农田建设2万亩 | 县农业农村局 | 县财政局 | 2024年12月底前",
        ),
        ("row", "表1第3行", "3 | 推进“一件事一次办”改革 | 县政务服务中心 | 县财政局 | 长期坚持"),
        ("paragraph", "第5段", "三、保障措施"),
        ("paragraph", "第6段", "各单位要明确责任，按月报送进展。"),
    ]
    rows = [b for b in blocks if b.kind == "row"]
    assert all(b.header == HEADER and b.table == 1 for b in rows)
    # the merged 责任单位 cell is every row's cell, in its column
    assert [b.cells[3] for b in rows] == ["各乡镇、县通信办", "县财政局", "县财政局"]
    assert [b.index for b in blocks] == list(range(9))


def test_the_city_plan_pdf() -> None:
    blocks = read_document(FIXTURES / "city_plan.pdf")
    assert [(b.kind, b.where, b.text) for b in blocks] == [
        ("paragraph", "第1页第1段", "白沙市2024年国民经济和社会发展计划"),
        (
            "paragraph",
            "第1页第2段",
            "今年主要预期目标是：地区生产总值增长6%左右，居民人均可支配收入增长与经济增长同步。",
        ),
        (
            "paragraph",
            "第1页第3段",
            "全年粮食产量要稳定在一百万吨以上，推进乡村振兴示范片区建设，"
            "新建改建农村公路三百公里，确保年底前建成投用。",
        ),
        ("row", "第2页表1第1行", "建成市民服务中心 | 市住建局 | 2024年6月底前"),
        ("row", "第2页表1第2行", "新增城镇就业3万人 | 市人社局 | 2024年12月"),
        ("paragraph", "第2页第1段", "各责任单位要按月报送工作进展。"),  # below the table
    ]  # the page numbers (- 1 -, - 2 -) are no paragraphs
    assert blocks[3].header == ("工作任务", "牵头单位", "完成时限")
    assert blocks[4].cells == ("新增城镇就业3万人", "市人社局", "2024年12月")


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("empty.txt", "extract_empty"),
        ("binary.txt", "extract_binary"),
        ("not_word.docx", "extract_not_docx"),
        ("scanned.pdf", "extract_needs_ocr"),
    ],
)
def test_a_document_that_cannot_be_read(name: str, code: str) -> None:
    path = FIXTURES / name
    with pytest.raises(ExtractError) as caught:
        read_document(path)
    assert caught.value.code == code
    assert caught.value.params["path"] == str(path)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("plan.doc", b"\xd0\xcf\x11\xe0", "extract_unknown_type"),
        ("plan.xlsx", b"PK", "extract_unknown_type"),
        ("plan", b"text", "extract_unknown_type"),
        ("blank.txt", b"\n \r\n\t\n", "extract_empty"),
        ("nul.txt", "增长7%\x00\x00".encode(), "extract_binary"),
        ("controls.txt", bytes(range(1, 9)) * 50, "extract_binary"),
        ("bad.pdf", b"not a pdf at all", "extract_not_pdf"),
        ("missing.pdf", None, "extract_unreadable"),
    ],
)
def test_bad_input(tmp_path: Path, name: str, content: bytes | None, code: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ExtractError) as caught:
        read_document(path)
    assert caught.value.code == code


def test_a_zip_that_is_not_a_word_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    with pytest.raises(ExtractError) as caught:
        read_document(path)
    assert caught.value.code == "extract_not_docx"


def test_a_docx_of_only_empty_paragraphs_is_empty(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("   ")
    path = tmp_path / "blank.docx"
    document.save(str(path))
    with pytest.raises(ExtractError) as caught:
        read_document(path)
    assert caught.value.code == "extract_empty"


@pytest.mark.parametrize("name", sorted(p.name for p in FIXTURES.iterdir()))
def test_the_fixtures_are_small(name: str) -> None:
    assert (FIXTURES / name).stat().st_size < 200_000


def test_a_docx_paragraph_inside_a_content_control_is_read(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_paragraph("一、主要目标")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    sdt = parse_xml(
        f"<w:sdt {w}><w:sdtContent><w:p><w:r><w:t>全县生产总值增长6%。</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    document.element.body.insert(1, sdt)
    path = tmp_path / "controls.docx"
    document.save(str(path))
    assert [(b.where, b.text) for b in read_document(path)] == [
        ("第1段", "一、主要目标"),
        ("第2段", "全县生产总值增长6%。"),
    ]


def test_the_seed_task_texts_are_in_its_blocks(seed_blocks: list[Block]) -> None:
    """The curated task texts, normalised, are in a block or a cell, but two: a1-1-1 keeps the
    page-break repeat 省级乡乡村 that the blocks drop, a5-1-15 has words the seed lacks."""
    import yaml

    texts = [b.text for b in seed_blocks] + [c for b in seed_blocks for c in b.cells]
    tasks = yaml.safe_load((ROOT / "data" / "tasks.yaml").read_text(encoding="utf-8"))["tasks"]
    missing = [
        t["id"]
        for t in tasks
        if t.get("text") and not any(normalize(t["text"]) in text for text in texts)
    ]
    assert missing == ["a1-1-1", "a5-1-15"]


# -- texts of other shapes -----------------------------------------------------------------

PROVINCE_WEB_COPY = """\
　　省2024年国民经济和社会发展计划（摘要）
　　一、2023年计划执行情况
　　2023年，全省地区生产总值比上年增长４．５％，规模以上工业增加值增
长5.1%，固定资产投资增长3.2%。
　　二、2024年主要目标
　　2024年经济社会发展的主要预期目标是：地区生产总值增长5.5%左
右，城镇新增就业70万人以上，居民消费价格涨幅控制在3%左右，粮
食产量稳定在600亿斤以上。
"""


def test_a_province_plan_copied_from_a_web_page_with_hard_wrapped_lines() -> None:
    assert [(b.where, b.text) for b in blocks_from_text(PROVINCE_WEB_COPY)] == [
        ("第1段", "省2024年国民经济和社会发展计划（摘要）"),
        ("第2段", "一、2023年计划执行情况"),
        ("第3段", "2023年，全省地区生产总值比上年增长4.5%，规模以上工业增加值增长5.1%，"
                  "固定资产投资增长3.2%。"),
        ("第4段", "二、2024年主要目标"),
        ("第5段", "2024年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业"
                  "70万人以上，居民消费价格涨幅控制在3%左右，粮食产量稳定在600亿斤以上。"),
    ]  # fmt: skip


COUNTY_REPORT_FROM_PDF = """\
政 府 工 作 报 告

一 、 过 去 一 年 工 作 回 顾

全 县 完 成 地 区 生 产 总 值 1 2 3 . 4 亿 元 ， 增 长 6 . 1 % 。

二 、 今 年 目 标 任 务

今年全县经济社会发展的主要预期目标是：地区生产总值增长 6.5% 左右，一般公共预算收入增长

长 5%。（县财政局牵头）

1. 新 建 5G 基 站 100 个 。
"""


def test_a_county_work_report_with_spaces_from_a_pdf_and_a_page_break() -> None:
    assert [(b.where, b.text) for b in blocks_from_text(COUNTY_REPORT_FROM_PDF)] == [
        ("第1段", "政府工作报告"),
        ("第2段", "一、过去一年工作回顾"),
        ("第3段", "全县完成地区生产总值123.4亿元，增长6.1%。"),
        ("第4段", "二、今年目标任务"),
        ("第5段", "今年全县经济社会发展的主要预期目标是：地区生产总值增长6.5%左右，"
                  "一般公共预算收入增长5%。（县财政局牵头）"),
        ("第6段", "1.新建5G基站100个。"),
    ]  # fmt: skip
