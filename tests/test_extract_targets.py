"""Target extraction: the phrase rules (tables of cases) and find_targets on plan texts of
other shapes than the seed (a province's annual plan opening with last year's results, a county
work report, a plan with attachments and a task table)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from liuzhang.domain.model import Source, Target
from liuzhang.extract import phrases as p
from liuzhang.extract.model import Block
from liuzhang.extract.targets import find_targets

BARE, ABOUT, FREQ, MEASURE, DUE = (
    p.REASON_BARE,
    p.REASON_ABOUT,
    p.REASON_FREQUENCY,
    p.REASON_MEASURE,
    p.REASON_DUE,
)


def blocks_of(text: str) -> list[Block]:
    """Each non-empty line a paragraph (a line with tabs a table row under the first such row)."""
    blocks: list[Block] = []
    header: tuple[str, ...] = ()
    for line in text.strip().splitlines():
        line = line.strip()
        if not line:
            continue
        i = len(blocks) + 1
        if "\t" in line:
            cells = tuple(c.strip() for c in line.split("\t"))
            header = header or cells
            blocks.append(Block(i, "row", line, f"表1第{i}行", cells=cells, header=header))
        else:
            blocks.append(Block(i, "paragraph", line, f"第{i}段"))
    return blocks


def q(clause: str) -> list[tuple[Decimal, str, str, str | None]]:
    return [(x.value, x.unit, x.direction, x.reason) for x in p.quantities(clause)]


D = Decimal


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("地区生产总值增长7.5%", [(D("7.5"), "%", "at_least", BARE)]),
        ("固定资产投资增长11%以上", [(D(11), "%", "at_least", None)]),
        ("地区生产总值增长6.5%左右", [(D("6.5"), "%", "at_least", ABOUT)]),
        ("林草火灾受害率控制在0.9‰以内", [(D("0.9"), "‰", "at_most", None)]),
        ("负责人出庭应诉率不低于90%", [(D(90), "%", "at_least", None)]),
        ("其中部门联合抽查计划的比例不得低于20%", [(D(20), "%", "at_least", None)]),
        ("全部事项办理时间不超过8小时", [(D(8), "小时", "at_most", None)]),
        ("单位产值能耗低于0.5吨", [(D("0.5"), "吨", "at_most", None)]),
        ("审批时间压缩至3个工作日", [(D(3), "个工作日", "at_most", None)]),
        ("3个工作日内核实到位", [(D(3), "个工作日", "at_most", None)]),
        ("全社会研发投入占GDP比重达到2%", [(D(2), "%", "at_least", None)]),
        ("优良天数比例达95%", [(D(95), "%", "at_least", None)]),
        ("用户数突破4万", [(D(4), "万", "at_least", None)]),
        ("完成年度投资15亿以上", [(D(15), "亿", "at_least", None)]),
        ("新增规上工业企业20家以上", [(D(20), "家", "at_least", None)]),
        ("培育专精特新企业5家", [(D(5), "家", "at_least", BARE)]),
        ("粮食产量稳定在12万吨以上", [(D(12), "万吨", "at_least", None)]),
        ("恢复和改善灌溉面积不少于1.9万亩", [(D("1.9"), "万亩", "at_least", None)]),
        ("城镇新增就业1200人", [(D(1200), "人", "at_least", BARE)]),
        ("PM2.5浓度≤35μg/m³", [(D(35), "μg/m³", "at_most", None)]),
        ("细颗粒物（PM2.5）浓度 ≤35ug/m3", [(D(35), "ug/m3", "at_most", None)]),
        ("城市低保标准从不低于600元/月提高到不低于650元/月", [(D(650), "元/月", "at_least", None)]),
        ("全年培育10亿级项目1个", [(D(1), "个", "at_least", BARE)]),
        # incidental numbers: codes, ordinals, years, document numbers, names in quotes
        ("加快S316河口至北洲子公路建设", []),
        ("G351国道提质改造", []),
        ("第3批试点", []),
        ("湘政办发〔2023〕2号", []),
        ("2023年6月底前", []),
        ("在制定“1个实施方案+6个工作方案”的基础上", []),
        ("推动5G网络全覆盖", []),
        ("国家3A级旅游景区", []),
    ],
)
def test_quantities(clause: str, expected: list[tuple[Decimal, str, str, str | None]]) -> None:
    assert q(clause) == expected


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("增长", "以上", ("at_least", None, "")),
        ("不低于", "", ("at_least", None, "不低于")),
        ("超过", "", ("at_least", None, "超过")),
        ("达到", "", ("at_least", None, "达到")),
        ("突破", "", ("at_least", None, "突破")),
        ("", "以内", ("at_most", None, "")),
        ("不超过", "", ("at_most", None, "不超过")),
        ("控制在", "", ("at_most", None, "控制在")),
        ("低于", "", ("at_most", None, "低于")),
        ("下降到", "", ("at_most", None, "下降到")),
        ("不得低于", "", ("at_least", None, "不得低于")),
        ("增长", "", ("at_least", BARE, "")),
        ("增长", "左右", ("at_least", ABOUT, "")),
    ],
)
def test_direction_of(before: str, after: str, expected: tuple[str, str | None, str]) -> None:
    assert p.direction_of(before, after) == expected


@pytest.mark.parametrize(
    ("name", "unit", "before", "word", "expected"),
    [
        ("地区生产总值增长", "%", "地区生产总值增长", "", ("growth", False)),
        ("地方一般公共预算收入增速", "%", "地方一般公共预算收入增速", "", ("growth", False)),
        ("单位GDP能耗下降", "%", "单位GDP能耗下降", "", ("growth", False)),
        ("全社会研发投入占GDP比重", "%", "全社会研发投入占GDP比重", "达", ("level", False)),
        ("城镇调查失业率", "%", "城镇调查失业率", "控制在", ("level", False)),
        ("审批时间", "工作日", "审批时间", "压缩至", ("level", False)),
        ("城市低保标准", "元/月", "城市低保标准", "不低于", ("level", False)),
        ("粮食产量", "万吨", "粮食产量", "稳定在", ("level", False)),
        ("“一网通办”事项", "项", "“一网通办”事项", "达到", ("level", False)),
        ("技术合同成交额", "亿元", "技术合同成交额", "达", ("cumulative", True)),
        ("新增规模以上工业企业", "家", "新增规模以上工业企业", "", ("cumulative", True)),
        ("新增高新技术企业", "家", "新增高新技术企业", "突破", ("cumulative", True)),
    ],
)
def test_measure_of(
    name: str, unit: str, before: str, word: str, expected: tuple[str, bool]
) -> None:
    assert p.measure_of(name, unit, before, word) == expected


@pytest.mark.parametrize(
    ("name", "measure", "expected"),
    [
        ("地区生产总值增长", "growth", "quarterly"),
        ("农林牧渔业总产值增长", "growth", "quarterly"),
        ("规模工业增加值增长", "growth", "monthly"),
        ("粮食产量", "level", "annual"),
        ("常住人口城镇化率", "level", "annual"),
        ("全社会研发投入占GDP比重", "level", "annual"),
        ("城镇新增就业", "cumulative", "monthly"),
        ("每季度开展政企交流活动", "cumulative", "quarterly"),
    ],
)
def test_frequency_of(name: str, measure: str, expected: str) -> None:
    assert p.frequency_of(name, measure) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年底前建成县人民医院新院区", "2024-12"),
        ("6月底前完成方案编制", "2024-06-30"),
        ("3月25日前完成抽查计划的制定", "2024-03-25"),
        ("2025年6月底前，对隐患整改到位", "2025-06-30"),
        ("力争2024年竣工交付使用", "2024-12"),
        ("长期坚持", None),
        ("推动高质量发展", None),
    ],
)
def test_deadline_of(text: str, expected: str | None) -> None:
    assert p.deadline_of(text, 2024)[0] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("2023年，全省地区生产总值增长4.5%", True),
        ("过去一年，城镇新增就业75.6万人", True),
        ("全年实现地区生产总值120亿元，同比增长4.5%", True),
        ("上年度完成固定资产投资80亿元", True),
        ("2024年主要预期目标是：地区生产总值增长6.5%左右", False),
        ("今年地区生产总值增长7%", False),
        ("全区农林牧渔业总产值同比增长7%", False),
        ("2021年3月1日以后取得土地使用权的项目", False),
        ("城乡居民人均可支配收入比2020年增长30%", False),
        ("2023年完成投资80亿元", True),
        ("地区生产总值增长7.5%", False),
    ],
)
def test_is_results(sentence: str, expected: bool) -> None:
    assert p.is_results(sentence, 2024) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("附件3", ("annex", 3)),
        ("附件3-1", ("annex", 3)),
        ("（二）打好科技创新攻坚仗，推动创新", ("section", 2)),
        ("(十二) 强化保障", ("section", 12)),
        ("三、重点任务", ("top", 3)),
        ("二十一、其他", ("top", 21)),
        ("附件：1. 打好经济增长主动仗工作方案", None),
        ("地区生产总值增长7.5%", None),
    ],
)
def test_heading_of(text: str, expected: tuple[str, int] | None) -> None:
    assert p.heading_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("推进改革。（区发改财政局牵头）", "区发改财政局"),
        ("推进改革。（区委区管委会办公室（区优办）牵头）", "区委区管委会办公室（区优办）"),
        ("推进改革。(区科技工信局牵头，区发改财政局负责)", "区科技工信局"),
        ("推进改革。（区妇联、区教育卫生健康局牵头）", "区妇联、区教育卫生健康局"),
        ("推进改革。（区民政人社局负责）", None),
    ],
)
def test_lead_of(text: str, expected: str | None) -> None:
    assert p.lead_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("确保农信担新增担保贷款共计", "农信担新增担保贷款"),
        ("1. 全年力争完成新建及改建5G基站", "完成新建及改建5G基站"),
        ("粮食产量稳定在", "粮食产量"),
        ("城市低保标准从不低于600元/月提高到不低于", "城市低保标准"),
        ("全部事项办理时间不超过", "全部事项办理时间"),
        ("2024年完成国控站点总磷浓度 ≤", "国控站点总磷浓度"),
        ("“湘易办”上线服务事项达", "“湘易办”上线服务事项"),
        ("确保企业自查率和隐患整改率均达到", "企业自查率和隐患整改率"),
    ],
)
def test_clean_name(text: str, expected: str) -> None:
    assert p.clean_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(区科技工信局牵头，区发改财政局负责)", True),
        ("（区委区管委会办公室（区优办）牵头）", True),
        ("全年新增规模以上工业企业4家。（区科技工信局牵头）", False),
        ("（区民政人社局负责）", False),
    ],
)
def test_only_lead(text: str, expected: bool) -> None:
    assert p.only_lead(text) is expected


def test_a_headings_lead_holds_for_its_items() -> None:
    text = (
        "（一）防范化解政府债务风险（区发改财政局牵头）\n"
        "1. 化解存量债务。全年化解债务3亿元。\n"
        "2. 管好用好政府债券。争取债券额度5亿元。（区财政局负责）\n"
        "（二）防范化解金融风险\n"
        "1. 开展宣传活动10次以上。"
    )
    targets, _ = find_targets(blocks_of(text), 2024)
    assert [(t.target, t.lead) for t in targets] == [
        (D(3), "区发改财政局"),
        (D(5), "区发改财政局"),
        (D(10), None),
    ]


def test_a_lead_on_its_own_line_goes_to_the_paragraph_before() -> None:
    text = "支持企业扩规，全年新引进符合产业规划项目6个以上。\n(区科技工信局牵头，产业开发区负责)"
    (target,), _ = find_targets(blocks_of(text), 2024)
    assert (target.name, target.lead) == ("新引进符合产业规划项目", "区科技工信局")


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("严禁新增政府隐性债务", ("新增政府隐性债务", None, "cumulative")),
        ("坚决杜绝重特大事故", ("重特大事故", "起", "cumulative")),
        ("不发生亡人火灾事故", ("亡人火灾事故", "起", "cumulative")),
        ("确保不发生重大环境污染事件", ("重大环境污染事件", "起", "cumulative")),
        (
            "确保全区生产安全事故起数和死亡人数持续下降",
            ("生产安全事故起数和死亡人数", "%", "growth"),
        ),
        (
            "实现建筑工程事故起数和死亡人数同比“双下降”",
            ("建筑工程事故起数和死亡人数", "%", "growth"),
        ),
        ("房地产市场平稳健康发展", None),
        ("物价持续下降", None),
    ],
)
def test_zero_target(clause: str, expected: tuple[str, str | None, str] | None) -> None:
    assert p.zero_target(clause) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("生产安全事故起数和死亡人数", ["生产安全事故起数", "生产安全事故死亡人数"]),
        ("学生安全事故总量和死亡人数", ["学生安全事故总量", "学生安全事故死亡人数"]),
        ("重特大环境污染和生态破坏事件", ["重特大环境污染和生态破坏事件"]),
    ],
)
def test_split_counts(name: str, expected: list[str]) -> None:
    assert p.split_counts(name) == expected


@pytest.mark.parametrize(
    ("clause", "opens", "expected"),
    [
        ("争取大通湖通用机场先行开工", False, "大通湖通用机场先行开工"),
        ("力争获得全市督查激励奖励", False, "获得全市督查激励奖励"),
        ("确保市级先进", False, "市级先进"),
        ("力争争先进位", False, None),
        ("完成国土空间规划的编制", True, "完成国土空间规划的编制"),
        ("完成国土空间规划的编制", False, None),
        ("力争攻克一批关键核心技术", False, None),
    ],
)
def test_undated_milestone(clause: str, opens: bool, expected: str | None) -> None:
    assert p.undated_milestone(clause, opens) == expected


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        ("加大对", "重点帮扶村", True),
        ("融资担保公司等", "类地方金融组织日常监管", True),
        ("当前编制床位数", "", True),
        ("", "示范创建村的支持力度", True),
        ("储备", "地方政府专项债券项目", False),
        ("完成", "户困难老年人居家适老化改造", False),
    ],
)
def test_incidental(before: str, after: str, expected: bool) -> None:
    assert p.incidental(before, after) is expected


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        ("确保农信担新增担保贷款", "确保"),
        ("争取省级专精特新", "力争"),
        ("确保市级先进，力争", "力争"),
        ("全年", None),
    ],
)
def test_commitment_of(before: str, expected: str | None) -> None:
    assert p.commitment_of(before) == expected


def rows(targets: list) -> list[tuple]:  # type: ignore[type-arg]
    return [
        (t.name, t.target, t.unit, t.direction, t.measure, t.frequency, t.commitment, t.reasons)
        for t in targets
    ]


PROVINCE = """
2023年全省经济社会发展计划执行情况
2023年，全省地区生产总值增长4.5%，规模以上工业增加值增长7.2%，一般公共预算收入完成3101.8亿元。
过去一年，城镇新增就业75.6万人，粮食产量稳定在600亿斤以上。
2024年经济社会发展的主要预期目标
主要预期目标是：地区生产总值增长6.5%左右，地方一般公共预算收入增长6%，城镇新增就业70万人以上，城镇调查失业率控制在5.5%以内，粮食产量稳定在600亿斤以上，单位地区生产总值能耗下降2.5%。
"""


def test_a_province_plan_that_opens_with_last_years_results() -> None:
    targets, _ = find_targets(blocks_of(PROVINCE), 2024)
    assert rows(targets) == [
        ("地区生产总值增长", D("6.5"), "%", "at_least", "growth", "quarterly", None, [ABOUT, FREQ]),
        (
            "地方一般公共预算收入增长",
            D(6),
            "%",
            "at_least",
            "growth",
            "monthly",
            None,
            [BARE, FREQ],
        ),
        ("城镇新增就业", D(70), "万人", "at_least", "cumulative", "monthly", None, [MEASURE, FREQ]),
        ("城镇调查失业率", D("5.5"), "%", "at_most", "level", "monthly", None, [FREQ]),
        ("粮食产量", D(600), "亿斤", "at_least", "level", "annual", None, [FREQ]),
        (
            "单位地区生产总值能耗下降",
            D("-2.5"),
            "%",
            "at_most",
            "growth",
            "annual",
            None,
            [BARE, FREQ],
        ),
    ]
    block = blocks_of(PROVINCE)[4]
    for target in targets:
        (source,) = target.sources
        assert source.where == "第5段" and source.quote in block.text
    assert targets[0].sources[0].quote == "地区生产总值增长6.5%左右"


COUNTY = """
一、2023年工作回顾
过去一年，全县地区生产总值完成185.6亿元，同比增长5.1%。
全年实现固定资产投资增长9.8%，新增市场主体3200户。
二、2024年工作安排
今年经济社会发展的主要目标是：地区生产总值增长7%左右，固定资产投资增长10%以上。
（一）坚定不移抓项目。全年实施重点项目50个以上，完成投资120亿元。力争年底前建成县人民医院新院区。6月底前完成老旧小区改造方案编制。（县发改局牵头）
（二）持续改善生态环境。空气质量优良天数比例达到90%以上，PM2.5浓度控制在32微克/立方米以内，确保不发生重大环境污染事件。
（三）加强社会建设。坚持以人民为中心，持续增进民生福祉。
"""


def test_a_county_work_report() -> None:
    targets, qualitative = find_targets(blocks_of(COUNTY), 2024)
    assert [
        (t.name, t.target, t.unit, t.direction, t.measure, t.section, t.lead, t.due)
        for t in targets
    ] == [
        ("地区生产总值增长", D(7), "%", "at_least", "growth", None, None, None),
        ("固定资产投资增长", D(10), "%", "at_least", "growth", None, None, None),
        ("实施重点项目", D(50), "个", "at_least", "cumulative", 1, "县发改局", None),
        ("完成投资", D(120), "亿元", "at_least", "cumulative", 1, "县发改局", None),
        ("建成县人民医院新院区", None, None, "at_least", "milestone", 1, "县发改局", "2024-12"),
        (
            "完成老旧小区改造方案编制",
            None,
            None,
            "at_least",
            "milestone",
            1,
            "县发改局",
            "2024-06-30",
        ),
        ("空气质量优良天数比例", D(90), "%", "at_least", "level", 2, None, None),
        ("PM2.5浓度", D(32), "微克/立方米", "at_most", "level", 2, None, None),
        ("重大环境污染事件", D(0), "起", "at_most", "cumulative", 2, None, None),
    ]
    assert targets[4].commitment == "力争"
    assert targets[8].commitment == "确保"
    assert qualitative == []


def test_commitment_and_stretch() -> None:
    (target,), _ = find_targets(blocks_of("主要目标：地区生产总值确保增长7%、力争增长7.5%。"), 2024)
    assert (target.name, target.target, target.commitment, target.stretch) == (
        "地区生产总值增长",
        D(7),
        "确保",
        D("7.5"),
    )
    assert [s.quote for s in target.sources] == ["地区生产总值确保增长7%", "力争增长7.5%"]


PLAN = """
二、主要目标
(一) 经济运行稳中提质。地区生产总值增长7.5%，新增规模以上工业企业4家以上。
(二) 民生保障持续提升。民生福祉持续增进，基本民生得到有力保障。
附件1
一、工作目标
地区生产总值增长7.5%，新增规模以上工业企业4家以上。
二、工作任务
1. 培育壮大市场主体。全年新增规模以上工业企业4家；改造城镇老旧小区3个、180户。（区科技工信局牵头）
附件2
工作任务\t具体工作措施\t牵头单位\t责任单位\t完成时限
1. 优化审批。\t(1) 审批时间压减至49个工作日以内，每季度开展政企交流活动1次。\t区住建局\t各镇\t
"""


def test_a_plan_with_attachments_and_a_task_table() -> None:
    targets, qualitative = find_targets(blocks_of(PLAN), 2024)
    assert [(t.name, t.target, t.unit, t.section, t.lead, len(t.sources)) for t in targets] == [
        ("地区生产总值增长", D("7.5"), "%", 1, None, 2),
        ("新增规模以上工业企业", D(4), "家", 1, "区科技工信局", 3),
        ("改造城镇老旧小区", D(3), "个", 1, "区科技工信局", 1),
        ("改造城镇老旧小区", D(180), "户", 1, "区科技工信局", 1),
        ("审批时间", D(49), "工作日", 2, "区住建局", 1),
        ("开展政企交流活动", D(4), "次", 2, "区住建局", 1),
    ]
    assert p.REASON_NAME in targets[3].reasons
    assert targets[5].frequency == "quarterly"
    assert [x.text for x in qualitative] == ["民生福祉持续增进，基本民生得到有力保障"]
    assert [s.where for s in targets[1].sources] == ["第2段", "第6段", "第8段"]


def test_a_known_target_gives_its_id_measure_frequency_unit_and_lead() -> None:
    known = {
        "gdp": Target(
            id="gdp",
            battle=1,
            name="地区生产总值增长",
            direction="at_least",
            measure="growth",
            frequency="quarterly",
            lead="区发改局",
            sources=(Source("", "地区生产总值增长7%"),),
            target=D(7),
            unit="%",
        ),
        "investment": Target(
            id="investment",
            battle=1,
            name="完成投资",
            direction="at_least",
            measure="cumulative",
            frequency="monthly",
            lead="区发改局",
            sources=(Source("", "完成投资100亿元"),),
            target=D(1000000),
            unit="万元",
        ),
    }
    text = "主要目标：地区生产总值增长7.5%，完成投资120亿元，新增就业1200人。"
    targets, _ = find_targets(blocks_of(text), 2024, known)
    assert [(t.id, t.target, t.unit, t.frequency, t.lead, t.reasons) for t in targets] == [
        ("gdp", D("7.5"), "%", "quarterly", "区发改局", [BARE]),
        ("investment", D(1200000), "万元", "monthly", "区发改局", [BARE]),
        ("", D(1200), "人", "monthly", None, [BARE, MEASURE, FREQ]),
    ]


def test_the_year_is_the_one_the_text_names_most() -> None:
    text = "2024年主要目标：地区生产总值增长7%。2024年工作安排。2023年地区生产总值增长4%。"
    targets, _ = find_targets(blocks_of(text))
    assert [(t.name, t.target) for t in targets] == [("地区生产总值增长", D(7))]


def test_nothing_to_find() -> None:
    assert find_targets([], 2024) == ([], [])
    assert find_targets(blocks_of("第一章 总则"), 2024) == ([], [])


def test_every_quote_is_a_substring_of_its_block_in_the_seed() -> None:
    """On the seed (read line by line): each source quotes its block exactly, and no target
    comes from a road code, a document number or a name in quotes."""
    from conftest import ROOT

    seed = next((ROOT / "data" / "source").glob("*.txt")).read_text(encoding="utf-8")
    blocks = blocks_of(seed.replace("\t", "  "))
    by_where = {b.where: b.text for b in blocks}
    targets, _ = find_targets(blocks)
    assert targets
    for target in targets:
        for source in target.sources:
            assert source.quote and source.quote in by_where[source.where], source
    names = " ".join(t.name for t in targets)
    assert "S218" not in names and "实施方案+" not in names


@pytest.mark.parametrize(
    ("cells", "header", "names"),
    [
        (
            ("1", "新建5G基站120个", "县工信局", "县通信办", "2024年9月底前"),
            ("序号", "工作任务", "牵头单位", "责任单位", "完成时限"),
            [("新建5G基站", "120", "个", "县工信局")],
        ),
        (  # no header words: a bare number cell is skipped, the unit cell has no number
            ("(2)", "完成高标准农田建设2万亩", "县农业农村局"),
            ("", "", ""),
            [("完成高标准农田建设", "2", "万亩", None)],
        ),
    ],
)
def test_a_table_rows_target_is_read_from_its_content_cell_only(
    cells: tuple[str, ...], header: tuple[str, ...], names: list[tuple[str, str, str, str | None]]
) -> None:
    row = Block(0, "row", " | ".join(cells), "表1第1行", cells=cells, header=header, table=1)
    found, _ = find_targets([row], 2024)
    assert [(t.name, str(t.target), t.unit, t.lead) for t in found] == names
    assert all(s.quote in row.text and "|" not in s.quote for t in found for s in t.sources)
