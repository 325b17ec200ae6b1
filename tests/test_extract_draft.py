"""The draft's assembly: the plan's head from notices of several shapes, ids, leads and
battles, the YAML files (they validate), the JSON shape, and the comparison with last year."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from liuzhang.domain.model import Source, Target
from liuzhang.extract import draft as draft_module
from liuzhang.extract.draft import (
    PLACEHOLDER_UNIT,
    area_of,
    assign_target_ids,
    assign_task_ids,
    cn_number,
    compare,
    draft_json,
    extract,
    iso_date,
    keep_schema,
    lead_in,
    level_of,
    plan_head,
    plan_year,
    section_name,
    tidy_title,
    units_text,
    value_text,
    yaml_scalar,
)
from liuzhang.extract.model import (
    Block,
    Draft,
    DraftTarget,
    DraftTask,
    DraftUnit,
    Evidence,
    ExtractError,
    Qualitative,
)
from liuzhang.plandata.catalog import UnitRegistry, load_catalog
from liuzhang.plandata.yamlsafe import loads
from liuzhang.services import ServiceError
from liuzhang.services.extract import write_draft


def blocks_of(lines: Sequence[str]) -> list[Block]:
    """Paragraph blocks of non-empty lines (what the document reader gives for a text)."""
    texts = [line.strip() for line in lines if line.strip()]
    return [Block(i, "paragraph", text, f"第{i + 1}段") for i, text in enumerate(texts)]


# -- the plan's head ------------------------------------------------------------------------------

COUNTY_NOTICE = [
    "南县人民政府办公室文件",
    "南政办发〔2024〕3号",
    "南县人民政府办公室关于印发《南县2024年优化营商环境 工作方案》的通知",
    "各乡镇人民政府，县直各单位：",
    "《南县2024年优化营商环境工作方案》已经县人民政府同意，现印发给你们，请认真贯彻执行。",
    "南县人民政府办公室",
    "2024年2月18日",
    "南县2024年优化营商环境工作方案",
    "一、总体要求",
    "以习近平新时代中国特色社会主义思想为指导……",
    "二、主要目标",
    "（一）政务服务更加便捷。全县政务服务事项网上可办率达到98%以上。",
    "三、重点任务",
    "（一）提升政务服务效能，打造便捷高效的服务环境。推行“一件事一次办”。",
    "全年新增市场主体3000户以上。（县政务服务中心牵头）",
    "（二）优化法治环境。加强产权保护。（县司法局、县法院牵头）",
    "（三）强化要素保障，降低企业成本。落实减税降费政策。",
    "四、保障措施",
    "（一）加强组织领导。成立工作专班。（县发改局牵头）",
]
PROVINCE_PLAN = [
    "湖南省2024年国民经济和社会发展计划",
    "一、2023年计划执行情况",
    "全年地区生产总值同比增长4.6%，规模工业增加值增长5.1%。",
    "二、2024年经济社会发展的主要预期目标",
    "主要预期目标是：地区生产总值增长6%左右，居民消费价格涨幅控制在3%左右。",
    "三、重点工作任务",
    "（一）着力扩大有效需求。实施消费提振行动。",
    "（二）加快构建现代化产业体系；推进新型工业化。",
]
WORK_REPORT = [
    "政府工作报告",
    "——二〇二四年一月十日在本县第十八届人民代表大会第四次会议上",
    "各位代表：",
    "一、过去一年的工作回顾",
    "全县地区生产总值增长5.2%。",
]
TOWNSHIP_NOTICE = [
    "中共城西镇委员会 城西镇人民政府",
    "关于印发《城西镇2024年重点工作安排》的通知",
    "城西发〔2024〕1号",
    "各村（社区）、镇直各单位：",
    "现将《城西镇2024年重点工作安排》印发给你们，请遵照执行。",
    "中共城西镇委员会",
    "二〇二四年三月一日",
    "一、目标任务",
    "（一）经济发展，全镇财政收入增长5%。",
    "（二）乡村振兴，粮食播种面积稳定在5万亩。",
]
CITY_NOTICE = [
    "关于印发益阳市2024年生态环境保护工作要点的通知",
    "益环发[2024]7号",
    "各区县（市）人民政府：",
    "益阳市生态环境保护委员会",
    "2024年4月2日",
    "二、工作任务",
    "(一)打好蓝天保卫战，PM2.5浓度控制在38微克/立方米以内。(市生态环境局牵头)",
]


SIGNED_AT_THE_END = [
    "桃江县2024年乡村振兴重点工作方案",
    "一、主要任务",
    "（一）稳定粮食生产。全年粮食播种面积稳定在60万亩以上。",
    *[f"第{n}条措施。" for n in range(1, 70)],
    "桃江县乡村振兴局",
    "2024年1月20日",
]


@pytest.mark.parametrize(
    ("lines", "year_hint", "expected"),
    [
        (
            COUNTY_NOTICE,
            None,
            {
                "area": "南县",
                "level": "county",
                "year": 2024,
                "title": "南县2024年优化营商环境工作方案",
                "document": "南政办发〔2024〕3号",
                "issued": "2024-02-18",
                "issuer": "南县人民政府办公室",
                "sections": [
                    {"number": 1, "name": "提升政务服务效能", "lead": "县政务服务中心"},
                    {"number": 2, "name": "优化法治环境", "lead": "县司法局"},
                    {"number": 3, "name": "强化要素保障"},
                ],
            },
        ),
        (
            PROVINCE_PLAN,
            None,
            {
                "area": "湖南省",
                "level": "province",
                "year": 2024,
                "title": "湖南省2024年国民经济和社会发展计划",
                "sections": [
                    {"number": 1, "name": "着力扩大有效需求"},
                    {"number": 2, "name": "加快构建现代化产业体系"},
                ],
            },
        ),
        (WORK_REPORT, None, {"title": "政府工作报告", "sections": []}),
        (WORK_REPORT, 2024, {"title": "政府工作报告", "year": 2024, "sections": []}),
        (
            TOWNSHIP_NOTICE,
            None,
            {
                "area": "城西镇",
                "level": "township",
                "year": 2024,
                "title": "城西镇2024年重点工作安排",
                "document": "城西发〔2024〕1号",
                "issued": "2024-03-01",
                "issuer": "中共城西镇委员会",
                "sections": [
                    {"number": 1, "name": "经济发展"},
                    {"number": 2, "name": "乡村振兴"},
                ],
            },
        ),
        (
            CITY_NOTICE,
            2025,
            {
                "area": "益阳市",
                "level": "city",
                "year": 2025,
                "title": "益阳市2024年生态环境保护工作要点",
                "document": "益环发[2024]7号",
                "issued": "2024-04-02",
                "issuer": "益阳市生态环境保护委员会",
                "sections": [{"number": 1, "name": "打好蓝天保卫战", "lead": "市生态环境局"}],
            },
        ),
        (
            SIGNED_AT_THE_END,
            None,
            {
                "area": "桃江县",
                "level": "county",
                "year": 2024,
                "title": "桃江县2024年乡村振兴重点工作方案",
                "issued": "2024-01-20",
                "issuer": "桃江县乡村振兴局",
                "sections": [{"number": 1, "name": "稳定粮食生产"}],
            },
        ),
    ],
    ids=[
        "county-notice",
        "province-plan",
        "work-report",
        "work-report-year",
        "township",
        "city",
        "signed",
    ],
)
def test_plan_head(lines: list[str], year_hint: int | None, expected: dict[str, Any]) -> None:
    assert plan_head(blocks_of(lines), year_hint) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一", 1),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("二〇二四", 2024),
        ("", None),
        ("十十", None),
        ("百", None),
        ("一百", None),
    ],
)
def test_cn_number(text: str, expected: int | None) -> None:
    assert cn_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023年3月8日", "2023-03-08"),
        ("印发于 2023 年 12 月 31 日。", "2023-12-31"),
        ("二〇二三年十二月二十八日", "2023-12-28"),
        ("2023年13月1日", None),
        ("2023年6月底前", None),
    ],
)
def test_iso_date(text: str, expected: str | None) -> None:
    assert iso_date(text) == expected


@pytest.mark.parametrize(
    ("title", "issuer", "expected"),
    [
        ("南县2024年工作方案", None, "南县"),
        ("赫山区打好“发展六仗”实施方案", None, "赫山区"),
        ("湖南省关于推进数字政府建设的实施意见", None, "湖南省"),
        ("益阳市赫山区实施乡村振兴战略工作方案", None, "益阳市赫山区"),
        ("广西壮族自治区2024年国民经济计划", None, "广西壮族自治区"),
        ("政府工作报告", "沅江市人民政府办公室", "沅江市"),
        ("全面推进乡村振兴工作方案", "中共茶陵县委办公室", "茶陵县"),
        ("政府工作报告", None, None),
        (None, None, None),
    ],
)
def test_area_of(title: str | None, issuer: str | None, expected: str | None) -> None:
    assert area_of(title, issuer) == expected


@pytest.mark.parametrize(
    ("area", "expected"),
    [
        ("湖南省", "province"),
        ("广西壮族自治区", "province"),
        ("益阳市", "city"),
        ("湘西土家族苗族自治州", "city"),
        ("南县", "county"),
        ("赫山区", "district"),
        ("城西镇", "township"),
        ("茶盘洲乡", "township"),
        ("某某", None),
        (None, None),
    ],
)
def test_level_of(area: str | None, expected: str | None) -> None:
    assert level_of(area) == expected


@pytest.mark.parametrize(
    ("document", "title", "issued", "expected"),
    [
        ("南政办发〔2023〕3号", "南县2024年工作方案", "2024-01-05", 2023),
        (None, "南县2024年工作方案", "2023-12-30", 2024),
        (None, "二〇二四年政府工作报告", None, 2024),
        (None, "工作方案", "2024-03-01", 2024),
        (None, "工作方案", None, None),
    ],
)
def test_plan_year(
    document: str | None, title: str | None, issued: str | None, expected: int | None
) -> None:
    assert plan_year(document, title, issued) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("……推动经济运行整体好转。（区发改财政局牵头）", "区发改财政局"),
        ("……营商环境。（区委区管委会办公室（区优办）牵头）", "区委区管委会办公室（区优办）"),
        ("……(县司法局、县法院牵头)", "县司法局"),
        ("……（牵头单位：县财政局）", None),
        ("没有牵头单位的段落。", None),
    ],
)
def test_lead_in(text: str, expected: str | None) -> None:
    assert lead_in(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("打好经济增长主动仗，推动经济运行整体好转。", "打好经济增长主动仗"),
        ("政务服务更加便捷。全县……", "政务服务更加便捷"),
        ("着力扩大有效需求", "着力扩大有效需求"),
        ("甲" * 40, "甲" * 30),
    ],
)
def test_section_name(text: str, expected: str) -> None:
    assert section_name(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("南县打好“发展六仗” 实施方案", "南县打好“发展六仗”实施方案"),
        (" 推进 5G 基站建设方案 ", "推进5G基站建设方案"),
        ("Smart City 建设方案", "Smart City建设方案"),
    ],
)
def test_tidy_title(text: str, expected: str) -> None:
    assert tidy_title(text) == expected


# -- ids ------------------------------------------------------------------------------------------


def dt(
    name: str, section: int | None = 1, ident: str = "", lead: str | None = None, **kw: Any
) -> DraftTarget:
    values: dict[str, Any] = {
        "target": Decimal("7.5"),
        "unit": "%",
        "direction": "at_least",
        "measure": "growth",
        "frequency": "quarterly",
    }
    values.update(kw)
    return DraftTarget(
        name=name,
        sources=[Evidence(name, "第3段")],
        section=section,
        id=ident,
        lead=lead,
        **values,
    )


def dtask(title: str, section: int | None = 1, lead: Sequence[str] = (), **kw: Any) -> DraftTask:
    values: dict[str, Any] = {"text": title, "responsible": [], "deadline": "2024-12"}
    values.update(kw)
    return DraftTask(
        title=title,
        lead=list(lead),
        sources=[Evidence(title, "表1第2行")],
        section=section,
        **values,
    )


def old_target(ident: str, name: str, value: str | None, unit: str | None = "%") -> Target:
    return Target(
        id=ident,
        battle=1,
        name=name,
        direction="at_least",
        measure="growth",
        frequency="annual",
        lead="县发改局",
        sources=(Source("主要目标", name),),
        target=None if value is None else Decimal(value),
        unit=unit,
    )


def test_target_ids_from_last_year_else_by_section_and_order() -> None:
    known = {"gdp_growth": old_target("gdp_growth", "地区生产总值增长", "7")}
    targets = [
        dt("地区生产总值 增长", 1),  # last year's by name (spaces do not count)
        dt("社会消费品零售总额增长", 1),
        dt("粮食产量", 2),
        dt("规上工业增加值增长", 1, ident="Bad Id"),  # not a valid id: replaced
        dt("科技型企业", 2, ident="tech_firms"),  # its own valid id: kept
        dt("重复", 2, ident="tech_firms"),  # taken: a generated one
    ]
    assign_target_ids(targets, known)
    assert [t.id for t in targets] == ["gdp_growth", "t1-2", "t2-1", "t1-3", "tech_firms", "t2-3"]


def test_generated_ids_skip_ids_already_taken() -> None:
    targets = [dt("甲", 1, ident="t1-2"), dt("乙", 1), dt("丙", 1)]
    assign_target_ids(targets, None)
    assert [t.id for t in targets] == ["t1-2", "t1-3", "t1-4"]


def test_task_ids() -> None:
    tasks = [dtask("甲", 1), dtask("乙", 2), dtask("丙", None), dtask("丁", 2)]
    tasks[3].id = "a3-10"
    assign_task_ids(tasks)
    assert [t.id for t in tasks] == ["s1-1", "s2-1", "s1-2", "a3-10"]


# -- assembly with fake steps ---------------------------------------------------------------------

NOTICE = [*COUNTY_NOTICE, "附件"]


def install_fakes(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The three steps of the other helpers as fakes returning fixed lists (``state`` holds
    the lists, to change in a test, and what the fakes were given)."""
    state: dict[str, Any] = {
        "targets": [
            dt("政务服务事项网上可办率", 1, target=Decimal(98), measure="level"),
            dt("新增市场主体", 1, lead="县市场监管局", target=Decimal(3000), unit="户"),
            dt("案件结案率", 2, target=Decimal(95), measure="level"),
            dt("企业成本下降", 3, reasons=["bare_number"]),
            dt("不知归属", None),
        ],
        "qualitative": [Qualitative("营商环境持续优化", "第12段")],
        "tasks": [
            dtask("推行一件事一次办", 1, ["县政务中心"], responsible=["各乡镇", "县直相关单位"]),
            dtask("落实减税降费", 3),
        ],
        "years": [],
    }

    def find_targets(blocks: Any, year: Any = None, known: Any = None) -> Any:
        state["years"].append(year)
        return list(state["targets"]), list(state["qualitative"])

    def find_tasks(blocks: Any, year: int) -> Any:
        for task in state["tasks"]:
            task.deadline = f"{year}-12"
        return list(state["tasks"])

    def resolve_units(names: Iterable[str], registry: UnitRegistry | None) -> Any:
        names = list(names)
        state["names"] = names
        mapping = {"县政务中心": "县政务服务中心"}
        units = [
            DraftUnit("县政务服务中心", "office", aliases=["县政务中心"], known=True),
            DraftUnit("各乡镇", "group", members=["城关镇", "三仙湖镇"]),
        ]
        units += [
            DraftUnit(n, "office")
            for n in names
            if n not in mapping and n not in ("县政务服务中心", "各乡镇")
        ]
        return mapping, units

    monkeypatch.setattr("liuzhang.extract.targets.find_targets", find_targets)
    monkeypatch.setattr("liuzhang.extract.tasks.find_tasks", find_tasks)
    monkeypatch.setattr("liuzhang.extract.units.resolve_units", resolve_units)
    return state


@pytest.fixture
def fake_steps(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    return install_fakes(monkeypatch)


def test_extract_assembles_leads_battles_and_units(fake_steps: dict[str, Any]) -> None:
    draft = extract(blocks_of(NOTICE))
    assert fake_steps["years"] == [2024]
    assert [(t.id, t.section, t.lead) for t in draft.targets] == [
        ("t1-1", 1, "县政务服务中心"),  # the section's lead
        ("t1-2", 1, "县市场监管局"),  # its own
        ("t2-1", 2, "县司法局"),
        ("t3-1", 3, PLACEHOLDER_UNIT),  # no lead anywhere
        ("t1-3", 1, "县政务服务中心"),  # section unclear: the first
    ]
    assert [t.reasons for t in draft.targets] == [
        ["review_lead_from_section"],
        [],
        ["review_lead_from_section"],
        ["bare_number", "review_lead_placeholder"],
        ["review_battle_default", "review_lead_from_section"],
    ]
    assert [(t.id, t.lead, t.responsible) for t in draft.tasks] == [
        ("s1-1", ["县政务服务中心"], ["各乡镇", "县直相关单位"]),
        ("s3-1", [PLACEHOLDER_UNIT], []),
    ]
    names = [u.name for u in draft.units]
    assert names.count(PLACEHOLDER_UNIT) == 1
    assert {"城关镇", "三仙湖镇", "县直相关单位", "县司法局"} <= set(names)
    assert draft.plan["sections"][0]["lead"] == "县政务服务中心"
    assert draft.qualitative == [Qualitative("营商环境持续优化", "第12段")]


def test_extract_without_sections_has_one_named_after_the_plan(
    fake_steps: dict[str, Any],
) -> None:
    draft = extract(blocks_of(["关于印发《南县2024年工作要点》的通知", "正文。"]))
    assert draft.plan["sections"] == [{"number": 1, "name": "南县2024年工作要点"}]
    assert {t.section for t in draft.targets} == {1}
    assert "review_battle_default" in draft.targets[2].reasons  # drafted in section 2


def test_extract_without_targets_or_year_is_an_error(fake_steps: dict[str, Any]) -> None:
    with pytest.raises(ExtractError) as year_error:
        extract(blocks_of(["工作方案", "正文。"]))
    assert year_error.value.code == "extract_year_unknown"
    fake_steps["targets"] = []
    with pytest.raises(ExtractError) as empty:
        extract(blocks_of(NOTICE))
    assert empty.value.code == "extract_no_targets"


# -- the YAML files -------------------------------------------------------------------------------


def hand_draft() -> Draft:
    """A draft built by hand with texts that YAML would misread if written carelessly."""
    targets = [
        dt("地区生产总值增长", 1, ident="t1-1", lead="县发改局", commitment="确保"),
        dt(
            "粮食产量",
            1,
            ident="t1-2",
            lead="县农业农村局",
            target=Decimal("12.50"),
            unit="万吨",
            measure="cumulative",
            frequency="annual",
            stretch=Decimal(13),
            reasons=["review_lead_from_section"],
        ),
        dt(
            '引号"与反斜杠\\和 # 号: 冒号',
            2,
            ident="t2-1",
            lead="待定",
            target=None,
            unit=None,
            measure="milestone",
            frequency="annual",
            due="2024-06",
            reasons=["review_lead_placeholder", "a reason\nover two lines"],
        ),
        dt("居民消费价格涨幅", 2, ident="t2-2", lead="县发改局", direction="at_most"),
    ]
    tasks = [
        dtask("推进项目建设：开工 10 个", 1, ["县发改局"], responsible=["各乡镇"], id="s1-1"),
        dtask(
            "长期任务",
            2,
            ["待定"],
            id="s2-1",
            deadline="ongoing",
            deadline_stated=False,
            reasons=["review_lead_placeholder"],
        ),
    ]
    units = [
        DraftUnit("县发改局", "office", aliases=["县发改局", "发改局"], known=True),
        DraftUnit("县农业农村局", "office", aliases=["发改局"]),  # a spelling claimed twice
        DraftUnit("各乡镇", "group", members=["城关镇", "城关镇"]),
        DraftUnit("城关镇", "town"),
        DraftUnit("待定", "other"),
    ]
    plan = {
        "area": "南县",
        "level": "county",
        "year": 2024,
        "title": "南县2024年“项目建设年”工作方案",
        "document": "南办发〔2024〕1号",
        "sections": [
            {"number": 1, "name": "经济发展", "lead": "县发改局"},
            {"number": 2, "name": "民生保障"},
        ],
    }
    return Draft(plan, targets, tasks, units)


def test_the_draft_written_validates_with_warnings_only(tmp_path: Path) -> None:
    folder = tmp_path / "南县-2024"
    written = write_draft(hand_draft(), folder)
    assert written == folder / "schemas"
    catalog, report = load_catalog(folder)
    assert report.errors == []
    assert {(p.code, p.params["id"]) for p in report.problems} == {
        ("item_needs_review", "t1-2"),
        ("item_needs_review", "t2-1"),
        ("item_needs_review", "s2-1"),
    }
    grain = catalog.targets["t1-2"]
    assert (grain.target, grain.unit, grain.note) == (Decimal("12.5"), "万吨", "力争13万吨")
    assert catalog.targets["t1-1"].commitment == "确保"
    assert catalog.targets["t2-1"].name == '引号"与反斜杠\\和 # 号: 冒号'
    assert catalog.targets["t2-1"].target is None and catalog.targets["t2-1"].due == "2024-06"
    assert catalog.targets["t2-2"].direction == "at_most"
    assert catalog.targets["t1-1"].sources[0].quote == "地区生产总值增长"
    assert catalog.tasks["s2-1"].deadline == "ongoing"
    assert catalog.plan is not None and catalog.plan.document == "南办发〔2024〕1号"
    text = (folder / "targets.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schemas/targets.schema.json\n")
    reasons = "原文未写牵头单位，暂填“待定”；a reason over two lines"
    assert f"needs_review: true  # 待复核：{reasons}" in text
    assert "    direction: at_most\n" in text and '    id: "t1-1"' not in text
    plan_text = (folder / "plan.yaml").read_text(encoding="utf-8")
    assert '# issuer: ""  #' in plan_text and "# office:" in plan_text


def test_schemas_beside_the_folder_are_pointed_at_not_copied(tmp_path: Path) -> None:
    write_draft(hand_draft(), tmp_path / "first")
    (tmp_path / "first" / "schemas").rename(tmp_path / "schemas")
    assert write_draft(hand_draft(), tmp_path / "second") is None
    text = (tmp_path / "second" / "units.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../schemas/units.schema.json\n")
    assert load_catalog(tmp_path / "second")[1].errors == []


def test_an_existing_plan_is_not_overwritten_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "draft"
    folder.mkdir()
    (folder / "tasks.yaml").write_text("tasks: []\n", encoding="utf-8")
    with pytest.raises(ServiceError) as refused:
        write_draft(hand_draft(), folder)
    assert refused.value.code == "extract_plan_exists"
    assert refused.value.params["file"] == "tasks.yaml"
    assert (folder / "tasks.yaml").read_text(encoding="utf-8") == "tasks: []\n"
    write_draft(hand_draft(), folder, force=True)
    assert load_catalog(folder)[1].errors == []


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "t1-1",
        "at_least",
        "no",
        "off",
        'a "quote"',
        "back\\slash",
        "# not a comment",
        "key: value",
        "line\u2028sep",
        "yes",
        "",
        "null",
        "007",
        "\ufeffbom",
    ],
)
def test_yaml_scalar_round_trips(value: str) -> None:
    assert loads(f"k: {yaml_scalar(value)}\n").data == {"k": value}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("7.50"), "7.5"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.05"), "0.05"),
        (3, "3"),
        (None, "null"),
        (True, "true"),
    ],
)
def test_yaml_scalar_numbers(value: Any, text: str) -> None:
    assert yaml_scalar(value) == text


# -- JSON -----------------------------------------------------------------------------------------


def test_json_shape() -> None:
    record = draft_json(hand_draft(), lambda code: f"<{code}>")
    assert set(record) == {"plan", "targets", "tasks", "units", "qualitative"}
    grain = record["targets"][1]
    assert {
        "id",
        "name",
        "target",
        "unit",
        "direction",
        "measure",
        "commitment",
        "sources",
        "needs_review",
    } <= set(grain)
    assert grain["target"] == 12.5 and grain["stretch"] == 13 and grain["unit"] == "万吨"
    assert grain["sources"] == [{"quote": "粮食产量", "where": "第3段"}]
    assert grain["needs_review"] is True
    assert grain["reasons"] == [
        {"code": "review_lead_from_section", "text": "<review_lead_from_section>"}
    ]
    assert record["targets"][0]["target"] == 7.5 and record["targets"][0]["needs_review"] is False
    task = record["tasks"][0]
    assert {"title", "lead", "responsible", "deadline", "sources"} <= set(task)
    expected = (["县发改局"], ["各乡镇"], "2024-12")
    assert (task["lead"], task["responsible"], task["deadline"]) == expected
    assert record["plan"]["area"] == "南县"


# -- against last year ----------------------------------------------------------------------------


def test_compare_with_last_year() -> None:
    known = {
        "gdp": old_target("gdp", "地区生产总值增长", "7"),
        "grain": old_target("grain", "粮食产量", "12.5", "万吨"),
        "cpi": old_target("cpi", "居民消费价格涨幅", "3"),
        "forest": old_target("forest", "森林覆盖率", "60"),
    }
    drafted = [
        dt("地区生产总值增长", ident="gdp", target=Decimal("6.5")),
        dt("粮食产量", ident="t1-2", target=Decimal("12.50"), unit="万吨"),  # matched by name
        dt("居民消费价格涨幅", ident="cpi", target=Decimal(3), direction="at_most"),
        dt("新增市场主体", ident="t1-4", target=Decimal(3000), unit="户"),
    ]
    comparison = compare(drafted, known)
    assert [(r.status, r.id, r.old, r.new) for r in comparison.rows] == [
        ("changed", "gdp", "7%", "6.5%"),
        ("unchanged", "t1-2", "12.5万吨", "12.5万吨"),
        ("changed", "cpi", "3%", "≤3%"),  # the direction changed
        ("new", "t1-4", None, "3000户"),
        ("gone", "forest", "60%", None),
    ]
    assert comparison.counts() == {"new": 1, "gone": 1, "changed": 2, "unchanged": 1}


@pytest.mark.parametrize(
    ("target", "unit", "direction", "text"),
    [
        (Decimal("7.5"), "%", "at_least", "7.5%"),
        (Decimal(3), "%", "at_most", "≤3%"),
        (None, None, "at_least", "―"),
        (Decimal(20), None, "at_least", "20"),
    ],
)
def test_value_text(target: Decimal | None, unit: str | None, direction: str, text: str) -> None:
    assert value_text(target, unit, direction) == text


def test_the_module_has_no_plan_literals() -> None:
    """The placeholder is a generic word; the reasons are message codes."""
    assert PLACEHOLDER_UNIT == "待定"
    assert draft_module.CODES == (
        "review_lead_placeholder",
        "review_lead_from_section",
        "review_battle_default",
        "review_date_unusable",
        "review_no_value",
    )


@pytest.mark.parametrize(
    ("deadline", "expected", "reasons"),
    [
        ("2024-06", "2024-06", []),
        ("2024-06-30", "2024-06-30", []),
        ("ongoing", "ongoing", []),
        ("2023-12", "2024-12", ["review_date_unusable"]),  # last year's date
        ("6月底", "2024-12", ["review_date_unusable"]),  # not a date the schema takes
    ],
)
def test_keep_schema_task_deadline(deadline: str, expected: str, reasons: list[str]) -> None:
    task = dtask("甲", deadline=deadline)
    keep_schema(task, 2024)
    assert (task.deadline, task.reasons) == (expected, reasons)
    assert task.deadline_stated is (not reasons)


@pytest.mark.parametrize(
    ("target", "measure", "due", "expected", "reasons"),
    [
        (Decimal(5), "growth", "2024-06", ("growth", "2024-06"), []),
        (Decimal(5), "level", "2025-06", ("level", None), ["review_date_unusable"]),
        (None, "milestone", None, ("milestone", None), []),
        (None, "cumulative", "2024-10", ("milestone", "2024-10"), ["review_no_value"]),
    ],
)
def test_keep_schema_target(
    target: Decimal | None,
    measure: str,
    due: str | None,
    expected: tuple[str, str | None],
    reasons: list[str],
) -> None:
    item = dt("甲", target=target, measure=measure, due=due)
    keep_schema(item, 2024)
    assert ((item.measure, item.due), item.reasons) == (expected, reasons)


def test_units_text_lists_a_unit_once() -> None:
    text = units_text([DraftUnit("县财政局", "office"), DraftUnit("县 财政局", "office")])
    assert loads(text).data == {"units": [{"name": "县财政局", "kind": "office"}]}


def test_a_table_inside_the_task_part_does_not_end_its_sections() -> None:
    blocks = blocks_of(["二、重点任务", "（一）稳增长，……", "（二）促改革，……（县发改局牵头）"])
    row = Block(9, "row", "甲\t乙", "表1第2行", cells=("甲", "乙"), header=("任务", "牵头单位"))
    blocks.insert(2, row)
    assert plan_head(blocks)["sections"] == [
        {"number": 1, "name": "稳增长"},
        {"number": 2, "name": "促改革", "lead": "县发改局"},
    ]
