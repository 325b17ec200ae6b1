"""Tasks drafted from a plan's blocks: the rules as tables of cases, and whole texts of other
shapes than the seed (a county work report, a province's annual plan, task tables)."""

from __future__ import annotations

import time

import pytest

from conftest import ROOT
from liuzhang.domain.periods import parse_deadline
from liuzhang.extract.deadlines import dated_steps, deadline_in_text, parse_deadline_text
from liuzhang.extract.model import Block, DraftTask
from liuzhang.extract.tasks import (
    cell_units,
    find_tasks,
    marker,
    measures,
    parse_units,
    split_units,
    table_columns,
    task_title,
    unit_brackets,
)
from liuzhang.plandata.catalog import load_catalog


def paragraphs(text: str) -> list[Block]:
    """Blocks as the brief's minimal splitter makes them: non-empty lines."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [Block(i, "paragraph", line, f"第{i + 1}段") for i, line in enumerate(lines)]


def rows(header: tuple[str, ...], *cells: tuple[str, ...]) -> list[Block]:
    """Rows of one table as the document reader gives them (text: the cells joined)."""
    return [
        Block(i, "row", " | ".join(c for c in row if c), f"表1第{i + 1}行", row, header, 1)
        for i, row in enumerate(cells)
    ]


def brief(tasks: list[DraftTask]) -> list[tuple[str, list[str], list[str], str, bool]]:
    return [(t.title, t.lead, t.responsible, t.deadline, t.deadline_stated) for t in tasks]


def assert_quoted(tasks: list[DraftTask], blocks: list[Block]) -> None:
    texts = {b.where: b.text for b in blocks}
    for task in tasks:
        assert task.sources
        for source in task.sources:
            assert source.quote and source.quote in texts[source.where], (task.title, source)


# -- unit lists and brackets ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("区科技工信局、区住房城乡建设局等", ["区科技工信局", "区住房城乡建设局"]),
        ("区发改局 财政局", ["区发改局财政局"]),
        ("区交通运输局，大通湖产业开发区", ["区交通运输局", "大通湖产业开发区"]),
        ("各镇、大通湖产业开发区等区直相关单位", ["各镇", "大通湖产业开发区"]),
        ("区教育卫生健康局、区发改财政局等单位按职责分工", ["区教育卫生健康局", "区发改财政局"]),
        ("相关职能部门依职责", ["相关职能部门"]),
        (
            "区委区管委会办公室（行政审批办）、区政务中心",
            ["区委区管委会办公室（行政审批办）", "区政务中心"],
        ),
        ("区“双随机、一公开”监管联席会议成员单位", ["区“双随机、一公开”监管联席会议成员单位"]),
        ("各专委办及区安委会相关成员单位", ["各专委办", "区安委会相关成员单位"]),
        (
            "区安委会、区减灾委、区防汛指挥部相关成员单位、县自然资源局",
            [
                "区安委会相关成员单位",
                "区减灾委相关成员单位",
                "区防汛指挥部相关成员单位",
                "县自然资源局",
            ],
        ),
        ("县财政局；县税务局", ["县财政局", "县税务局"]),
        ("县财政局、县财政局", ["县财政局"]),
        ("", []),
    ],
)
def test_split_units(text: str, names: list[str]) -> None:
    assert split_units(text) == names


@pytest.mark.parametrize(
    ("content", "lead", "others", "deadline", "has_lead"),
    [
        (
            "区发改财政局牵头，区科技工信局、区交通运输局等负责",
            ["区发改财政局"],
            ["区科技工信局", "区交通运输局"],
            None,
            True,
        ),
        (
            "牵头单位：县发改局；责任单位：县财政局、各乡镇",
            ["县发改局"],
            ["县财政局", "各乡镇"],
            None,
            True,
        ),
        ("牵头单位：县发改局；完成时限：2024年6月底前", ["县发改局"], [], "2024年6月底前", True),
        ("县交警大队牵头，县交通运输局等配合", ["县交警大队"], ["县交通运输局"], None, True),
        ("区自然资源局负责", [], ["区自然资源局"], None, False),
        ("区妇联、区教育卫生健康局牵头", ["区妇联", "区教育卫生健康局"], [], None, True),
        ("区委区管委会办公室（区优办）牵头", ["区委区管委会办公室（区优办）"], [], None, True),
        ("区民政人社局牵头，区税务局参与", ["区民政人社局"], ["区税务局"], None, True),
        ("区发改财政局牵头,区科技工信局负责", ["区发改财政局"], ["区科技工信局"], None, True),
        ("责任单位：县住建局", [], ["县住建局"], None, False),
        ("责任单位：县住建局（牵头）、县财政局", ["县住建局"], ["县财政局"], None, True),
    ],
)
def test_parse_units(
    content: str, lead: list[str], others: list[str], deadline: str | None, has_lead: bool
) -> None:
    clause = parse_units(content)
    assert clause is not None
    assert (clause.lead, clause.responsible, clause.deadline, clause.has_lead) == (
        lead,
        others,
        deadline,
        has_lead,
    )


@pytest.mark.parametrize(
    "content",
    [
        "3A级旅游景区",
        "湘易康制药、众仁旺、植物提取企业",
        "试行",
        "含劳务派遣、灵活用工人员",
        "即组织到位、整治到位",
        "",
    ],
)
def test_brackets_of_other_kinds_name_no_units(content: str) -> None:
    assert parse_units(content) is None


def test_unit_brackets_nested_and_of_either_width() -> None:
    text = "推进园区建设(湘易康制药)。（区委区管委会办公室（区优办）牵头，区税务局等负责)"
    [(a, b, clause)] = unit_brackets(text)
    assert text[a:b].startswith("（区委") and b == len(text)
    assert clause.lead == ["区委区管委会办公室（区优办）"] and clause.responsible == ["区税务局"]


@pytest.mark.parametrize(
    ("cell", "lead", "others"),
    [
        ("县发改局", [], ["县发改局"]),
        ("县发改局（牵头）、县财政局", ["县发改局"], ["县财政局"]),
        ("县发改局(牵头),县财政局等", ["县发改局"], ["县财政局"]),
        ("县发改局牵头，县财政局、县税务局配合", ["县发改局"], ["县财政局", "县税务局"]),
        ("", [], []),
    ],
)
def test_cell_units(cell: str, lead: list[str], others: list[str]) -> None:
    assert cell_units(cell) == (lead, others)


# -- deadlines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("2023年12月", "2023-12"),
        ("2024年6月底前", "2024-06"),
        ("6月底前", "2025-06"),
        ("2024年9月30日前", "2024-09-30"),
        ("9月30日", "2025-09-30"),
        ("年底前", "2025-12"),
        ("全年", "2025-12"),
        ("长期坚持", "ongoing"),
        ("持续推进", "ongoing"),
        ("上半年", "2025-06"),
        ("第三季度", "2025-09"),
        ("6月底前启动，12月底前完成", "2025-12"),
        ("２０２４年３月", "2024-03"),
        ("2026年", "2026-12"),
        ("13月", None),
        ("按要求", None),
    ],
)
def test_parse_deadline_text(text: str, deadline: str | None) -> None:
    assert parse_deadline_text(text, 2025) == deadline
    if deadline is not None:
        assert parse_deadline(deadline) is not None  # as tasks.yaml takes it


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        (
            "3月25日前完成抽查计划的制定，11月15日前完成全部抽查。",
            [
                ("2025-03-25", "3月25日前完成抽查计划的制定"),
                ("2025-11-15", "11月15日前完成全部抽查"),
            ],
        ),
        (
            "2025年6月底前，对已排查的隐患整改到位。",
            [("2025-06", "2025年6月底前，对已排查的隐患整改到位")],
        ),
        ("2021年3月1日前取得土地的项目。", []),
        ("力争2025年竣工交付使用。", []),
        ("年底前规模以上企业全覆盖。", []),
        ("2021年3月1日以后通过出让取得土地。", []),
    ],
)
def test_dated_steps(text: str, steps: list[tuple[str, str]]) -> None:
    assert dated_steps(text, 2025) == steps


def test_the_deadline_in_a_text_is_its_latest_step() -> None:
    text = "3月25日前完成计划；各单位所有抽查应在11月15日前完成。"
    assert deadline_in_text(text, 2025) == "2025-11-15"
    assert deadline_in_text("全年持续推进。", 2025) is None


# -- titles, markers, table columns ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("加快重点项目建设。加大推进力度。", "加快重点项目建设"),
        ("**继续实施财源建设工程。**持续开展工作。", "继续实施财源建设工程"),
        (
            "以火源管控为重点，深入开展林草防灭火专项整治。组织演练。",
            "以火源管控为重点，深入开展林草防灭火专项整治",
        ),
        ("强化资金保障；积极争取资金。", "强化资金保障"),
        ("没有句号的标题", "没有句号的标题"),
    ],
)
def test_task_title(text: str, title: str) -> None:
    assert task_title(text) == title


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("一、工作目标", (1, "一", 2)),
        ("（一）激发释放消费潜力。", (2, "一", 3)),
        ("(三) 推进高水平对外开放。", (2, "三", 4)),
        ("1. 加快恢复文旅消费。", (3, "1", 3)),
        ("12、强化保障。", (3, "12", 3)),
        ("(57) 加强诚信建设。", (4, "57", 5)),
        ("①完成改造。", (4, "①", 1)),
        ("2023年全区地区生产总值增长4.5%。", None),
        ("7.5%的增长", None),
        ("一、", None),
    ],
)
def test_marker(text: str, found: tuple[int, str, int] | None) -> None:
    assert marker(text) == found


@pytest.mark.parametrize(
    ("header", "columns"),
    [
        (
            ("工作任 务", "具体工作措施", "牵头单位", "责任单位", "完成时限"),
            {"task": 0, "measure": 1, "lead": 2, "responsible": 3, "deadline": 4},
        ),
        (
            ("序号", "重点任务", "牵头单位", "配合单位", "时间节点"),
            {"number": 0, "task": 1, "lead": 2, "responsible": 3, "deadline": 4},
        ),
        (
            ("序号", "主要内容", "责任单位", "完成时间"),
            {"number": 0, "measure": 1, "responsible": 2, "deadline": 3},
        ),
        (("指标", "2022年", "2023年目标"), {}),
        (
            ("序号", "工作任务", "责任领导", "牵头单位", "责任单位", "备注"),
            {"number": 0, "task": 1, "lead": 3, "responsible": 4},
        ),
    ],
)
def test_table_columns(header: tuple[str, ...], columns: dict[str, int]) -> None:
    assert table_columns(header) == columns


def test_a_measures_cell_splits_at_its_numbers_in_sequence() -> None:
    cell = "2. 抓好民营经济工作。 (4) 继续开展工作(含3项)。 (5) 发挥作用，完成(6)号文件任务。"
    heading, items = measures(cell)
    assert heading.strip() == "2. 抓好民营经济工作。"
    assert [(n, cell[a:b].strip()) for n, a, b in items] == [
        ("4", "(4) 继续开展工作(含3项)。"),
        ("5", "(5) 发挥作用，完成(6)号文件任务。"),
    ]
    assert measures("没有编号的措施。") == ("没有编号的措施。", [])


# -- whole texts of other shapes ------------------------------------------------------------------

COUNTY_REPORT = """
某县人民政府2025年工作报告

一、2024年工作回顾
过去一年，全县地区生产总值增长5.2%，完成固定资产投资38亿元。
（一）经济运行稳中有进。规模工业增加值增长7%。

二、2025年重点工作
（一）扩大有效投资（牵头单位：县发改局）
1. 抓好重大项目建设。全年实施重点项目40个，6月底前开工项目不少于20个。\
（牵头单位：县发改局；责任单位：县财政局、县自然资源局、各乡镇）
2. 强化要素保障。统筹用地指标，保障项目落地。（责任单位：县自然资源局、县住建局）
3. 推进项目储备。全年储备项目100个。
（二）优化营商环境
1. 深化“放管服”改革。企业开办时间压缩至1个工作日\
（牵头单位：县政务服务中心；责任单位：县市场监管局；完成时限：2025年9月30日前）
2. 落实减税降费政策。（县税务局牵头，县财政局配合）

三、保障措施
（一）加强组织领导。各乡镇、各部门要高度重视。
"""


def test_a_county_work_report() -> None:
    blocks = paragraphs(COUNTY_REPORT)
    tasks = find_tasks(blocks, 2025)
    assert brief(tasks) == [
        ("抓好重大项目建设", ["县发改局"], ["县财政局", "县自然资源局", "各乡镇"], "2025-06", True),
        ("强化要素保障", ["县发改局"], ["县自然资源局", "县住建局"], "2025-12", False),
        ("推进项目储备", ["县发改局"], [], "2025-12", False),
        ("深化“放管服”改革", ["县政务服务中心"], ["县市场监管局"], "2025-09-30", True),
        ("落实减税降费政策", ["县税务局"], ["县财政局"], "2025-12", False),
    ]
    assert [t.reasons for t in tasks] == [
        ["task_deadline_in_text"],
        ["task_lead_inferred"],
        ["task_lead_inferred"],
        [],
        [],
    ]
    assert tasks[0].text == "抓好重大项目建设。全年实施重点项目40个，6月底前开工项目不少于20个。"
    assert tasks[0].ref == "(一)1" and tasks[3].ref == "(二)1"
    assert_quoted(tasks, blocks)


PROVINCE_PLAN = """
省2025年国民经济和社会发展计划

一、2024年计划执行情况
全省地区生产总值增长5.1%。
二、2025年主要预期目标
主要预期目标是：地区生产总值增长5.5%左右。
三、2025年重点任务
（一）着力扩大国内需求（省发展改革委牵头）
1. 大力提振消费。开展消费促进活动。
2. 扩大有效投资。实施省重点项目300个。（省住房城乡建设厅牵头，省交通运输厅、省水利厅等配合）
（二）推进乡村振兴
1. 稳定粮食生产。粮食播种面积稳定在7100万亩以上。（省农业农村厅负责）
2. 改善农村人居环境。（省农业农村厅牵头）实施农村公路提质改造。（省交通运输厅牵头，省财政厅配合）
"""


def test_a_province_plan_with_last_years_results_first() -> None:
    blocks = paragraphs(PROVINCE_PLAN)
    tasks = find_tasks(blocks, 2025)
    assert brief(tasks) == [
        ("大力提振消费", ["省发展改革委"], [], "2025-12", False),
        ("扩大有效投资", ["省住房城乡建设厅"], ["省交通运输厅", "省水利厅"], "2025-12", False),
        ("稳定粮食生产", ["省农业农村厅"], [], "2025-12", False),
        ("改善农村人居环境", ["省农业农村厅"], [], "2025-12", False),
        ("实施农村公路提质改造", ["省交通运输厅"], ["省财政厅"], "2025-12", False),
    ]
    assert tasks[0].reasons == ["task_lead_inferred"] and tasks[1].reasons == []
    assert_quoted(tasks, blocks)


def test_an_item_broken_by_a_page_break_and_its_bracket_on_the_next_line() -> None:
    text = """二、工作任务
1. 加快园区建设。推动园区扩面提质；支持北洲镇项目建
成投产。
(区科技工信局牵头，区发改财政局负责)
2. 强化资金保障。积极争取资金，力争增长4%以
上；盘活存量资产。（区发改财政局牵头，区自然资源局、大湖产业开发区等负责）
"""
    blocks = paragraphs(text)
    tasks = find_tasks(blocks, 2025)
    assert brief(tasks) == [
        ("加快园区建设", ["区科技工信局"], ["区发改财政局"], "2025-12", False),
        ("强化资金保障", ["区发改财政局"], ["区自然资源局", "大湖产业开发区"], "2025-12", False),
    ]
    assert tasks[0].text == "加快园区建设。推动园区扩面提质；支持北洲镇项目建成投产。"
    assert [s.where for s in tasks[0].sources] == ["第2段", "第3段", "第4段"]
    assert_quoted(tasks, blocks)


def test_units_on_label_lines_after_the_item() -> None:
    text = """一、重点任务
1. 完成老旧小区改造。改造小区12个。
牵头单位：县住建局
责任单位：各乡镇、县财政局
完成时限：2025年10月底前
"""
    tasks = find_tasks(paragraphs(text), 2025)
    assert brief(tasks) == [
        ("完成老旧小区改造", ["县住建局"], ["各乡镇", "县财政局"], "2025-10", True)
    ]


def test_a_task_table_of_rows() -> None:
    header = ("序号", "重点任务", "牵头单位", "配合单位", "时间节点")
    blocks = rows(
        header,
        (
            "1",
            "出台促进民营经济发展若干措施",
            "县发改局",
            "县财政局、县市场监管局等",
            "2025年6月底前",
        ),
        ("2", "建成智慧停车平台", "县住建局", "县公安局", "年底前"),
        ("3", "常态化开展政企恳谈会", "县工商联", "", "长期坚持"),
        ("4", "完成县城供水管网改造", "", "各乡镇", "2025年9月30日"),
    )
    tasks = find_tasks(blocks, 2025)
    assert brief(tasks) == [
        (
            "出台促进民营经济发展若干措施",
            ["县发改局"],
            ["县财政局", "县市场监管局"],
            "2025-06",
            True,
        ),
        ("建成智慧停车平台", ["县住建局"], ["县公安局"], "2025-12", True),
        ("常态化开展政企恳谈会", ["县工商联"], [], "ongoing", True),
        ("完成县城供水管网改造", ["县工商联"], ["各乡镇"], "2025-09-30", True),
    ]
    assert tasks[3].reasons == ["task_lead_inferred"]  # the merged lead cell above
    assert [t.ref for t in tasks] == ["(1)", "(2)", "(3)", "(4)"]
    assert_quoted(tasks, blocks)


# A table copied as text (tab-separated lines): a task column over a measures column, merged
# cells left empty, a heading row with units, a cell of several measures over rows of units.
TABLE_AS_TEXT = "\n".join(
    [
        "附件2",
        "重点工作任务清单",
        "工作任务\t具体工作措施\t牵头单位\t责任单位\t完成时限",
        "1. 深化国企改革。\t(1) 完成国企清产核资。 (2) 推进董事会建设。"
        "\t县财政局\t县国投公司\t2025年12月",
        "\t(3) 开展国企负责人培训。\t县委组织部\t\t",
        "\t2. 打造数字政府。\t县数据局\t各乡镇\t2025年12月",
        "\t(4) 上线政务服务平台。\t县数据局\t\t",
        "\t3. 加强社会信用建设。\t县发改局\t县直相关单位\t长期坚持",
        "工作任务\t具体工作措施\t牵头单位\t责任单位\t完成时限",
        "4. 优化法治环境。\t(5) 推行柔性执法。 (6) 推进公正司法。 (7) 清理拖欠账款。"
        "\t县司法局\t县直相关单位\t长期坚持",
        "\t\t县人民法院\t各相关单位\t长期坚持",
        "\t\t县工信局\t各乡镇\t2025年6月底前",
        "附件3",
    ]
)


def test_a_task_table_as_tab_separated_lines() -> None:
    blocks = paragraphs(TABLE_AS_TEXT)
    tasks = find_tasks(blocks, 2025)
    assert [(t.ref, *b) for t, b in zip(tasks, brief(tasks), strict=True)] == [
        ("附件2 (1)", "完成国企清产核资", ["县财政局"], ["县国投公司"], "2025-12", True),
        ("附件2 (2)", "推进董事会建设", ["县财政局"], ["县国投公司"], "2025-12", True),
        ("附件2 (3)", "开展国企负责人培训", ["县委组织部"], [], "2025-12", True),
        ("附件2 (4)", "上线政务服务平台", ["县数据局"], ["各乡镇"], "2025-12", True),
        # a heading row no row took its units from: a task of its own
        ("附件2", "加强社会信用建设", ["县发改局"], ["县直相关单位"], "ongoing", True),
        ("附件2 (5)", "推行柔性执法", ["县司法局"], ["县直相关单位"], "ongoing", True),
        ("附件2 (6)", "推进公正司法", ["县人民法院"], ["各相关单位"], "ongoing", True),
        ("附件2 (7)", "清理拖欠账款", ["县工信局"], ["各乡镇"], "2025-06", True),
    ]
    assert tasks[6].reasons == tasks[7].reasons == ["task_units_by_order"]
    assert_quoted(tasks, blocks)


def test_a_table_with_one_unit_column_and_cells_merged_down() -> None:
    """A .docx gives a cell merged down the rows in every row it spans: the same measures cell
    twice is one cell over two rows of units. Without a lead column the unit marked 牵头 leads,
    else the first listed."""
    header = ("序号", "工作内容", "责任单位", "完成时限")
    blocks = rows(
        header,
        ("1", "(1) 建成污水管网。(2) 完成雨污分流。", "县住建局", "2025年6月底前"),
        ("", "(1) 建成污水管网。(2) 完成雨污分流。", "县水利局", "2025年12月"),
        ("2", "整治农村人居环境", "县财政局、县农业农村局（牵头）", "年底前"),
        ("3", "开展河湖清四乱", "县水利局、各乡镇", "长期坚持"),
    )
    tasks = find_tasks(blocks, 2025)
    assert brief(tasks) == [
        ("建成污水管网", ["县住建局"], [], "2025-06", True),
        ("完成雨污分流", ["县水利局"], [], "2025-12", True),
        ("整治农村人居环境", ["县农业农村局"], ["县财政局"], "2025-12", True),
        ("开展河湖清四乱", ["县水利局"], ["各乡镇"], "ongoing", True),
    ]
    assert [t.reasons for t in tasks] == [
        ["task_units_by_order"],
        ["task_units_by_order"],
        [],
        ["task_lead_first_listed"],
    ]


def test_a_bracket_of_units_without_a_lead_names_the_first_listed() -> None:
    text = """二、主要任务
1. 推进电网改造。改造线路20公里。（县供电公司、县发改局、各乡镇负责）
"""
    [task] = find_tasks(paragraphs(text), 2025)
    assert (task.lead, task.responsible) == (["县供电公司"], ["县发改局", "各乡镇"])
    assert task.reasons == ["task_lead_first_listed"]


def test_a_bracket_inside_the_first_sentence_and_attachments_numbered_in_chinese() -> None:
    text = """附件一
重点任务分工
1. 加快项目建设（市发改委牵头，市财政局配合）。全年开工项目50个。
附件二
保障措施
"""
    [task] = find_tasks(paragraphs(text), 2025)
    assert (task.title, task.lead, task.responsible) == ("加快项目建设", ["市发改委"], ["市财政局"])
    assert task.text == "加快项目建设。全年开工项目50个。" and task.ref == "附件一 1"


def test_an_attachment_takes_its_lead_and_section_from_the_main_texts_summary() -> None:
    """The main text's item that names an attachment's plan is its summary, no task: its lead
    is the attachment's default lead, its number the attachment's section. An item without an
    attachment is a task."""
    text = "\n".join(
        [
            "三、重点任务",
            "（一）打好稳增长攻坚仗，推动经济回升。多措并举扩大投资。（县发改局牵头）",
            "（二）打好优环境持久仗，推动环境优化。深化改革。（县政务服务中心牵头）",
            "附件2",
            "打好优环境持久仗工作方案",
            "序号\t工作内容\t牵头单位\t完成时限",
            "1\t推行企业开办一日办结\t\t2025年6月底前",
            "2\t推进工程项目审批提速\t县住建局\t年底前",
        ]
    )
    tasks = find_tasks(paragraphs(text), 2025)
    assert [(t.title, t.lead, t.deadline, t.section, t.reasons) for t in tasks] == [
        ("打好稳增长攻坚仗，推动经济回升", ["县发改局"], "2025-12", None, []),
        ("推行企业开办一日办结", ["县政务服务中心"], "2025-06", 2, ["task_lead_inferred"]),
        ("推进工程项目审批提速", ["县住建局"], "2025-12", 2, []),
    ]


def test_sections_that_are_no_tasks() -> None:
    text = """一、工作目标
（一）经济稳中提质。地区生产总值增长7.5%。
二、推进机制
（一）加强组织领导。成立工作专班。
（二）强化督查考核。定期通报。
"""
    assert find_tasks(paragraphs(text), 2025) == []


# -- the seed -----------------------------------------------------------------------------------


def seed_tasks() -> tuple[list[DraftTask], float]:
    text = (ROOT / "data" / "source" / "大办发〔2023〕2号.txt").read_text(encoding="utf-8")
    blocks = paragraphs(text)
    start = time.perf_counter()
    tasks = find_tasks(blocks, 2023)
    return tasks, time.perf_counter() - start


def test_the_seed_against_the_catalog() -> None:
    """Each catalog task has a drafted task with the same lead and deadline (matched by its
    text), and every quote is in its block; well under a second."""
    tasks, seconds = seed_tasks()
    catalog, _ = load_catalog(ROOT / "data")
    canonical = catalog.registry.canonical
    agree = 0
    for task in catalog.tasks.values():
        key = (task.text or task.title)[:30]
        found = [d for d in tasks if key in d.text or key in d.title + d.text]
        if not found:
            continue
        draft = found[0]
        want, got = parse_deadline(task.deadline), parse_deadline(draft.deadline)
        agree += (
            {canonical(n) for n in task.lead} == {canonical(n) for n in draft.lead}
            and want is not None
            and got is not None
            and want.end == got.end
        )
    assert agree / len(catalog.tasks) >= 0.9
    assert len(tasks) <= len(catalog.tasks) + 5
    assert seconds < 1.0
