"""Pydantic models of the plan files: plan.yaml, targets.yaml, tasks.yaml, units.yaml.

Field descriptions are Chinese: they become hover help in editors through the published JSON
Schema (``liuzhang schema``).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from liuzhang.domain.measures import measure_of, pacing_problem
from liuzhang.domain.model import DEFAULT_TOLERANCE
from liuzhang.domain.periods import parse_date, parse_deadline

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]*$"
_ID = re.compile(ID_PATTERN)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Direction = Literal["at_least", "at_most"]
Measure = Literal["growth", "cumulative", "level", "milestone"]
Frequency = Literal["monthly", "quarterly", "annual"]
Commitment = Literal["确保", "力争"]
RollupKind = Literal["sum", "none", "last", "average"]
UnitKind = Literal[
    "office",
    "town",
    "company",
    "court",
    "procuratorate",
    "committee",
    "party_org",
    "group",
    "other",
]
# The message codes the validators below raise (PydanticCustomError): the catalog passes them on.
CUSTOM_CODES = frozenset(
    {
        "id_format",
        "date_format",
        "deadline_format",
        "value_out_of_range",
        "target_required",
        "pacing_not_cumulative",
        "pacing_month",
        "pacing_share",
        "pacing_decreasing",
        "pacing_incomplete",
        "weight_not_none",
    }
)

# Targets and tasks copied from last year's plan (``liuzhang init --from``) or drafted by a tool
# carry ``needs_review: true`` until someone has checked them; ``validate`` lists them as warnings.
REVIEW_DESCRIPTION = (
    "待复核：沿用上一年度方案或自动提取的草稿，核对目标值、期限和出处后删除此行（或改为 false）"
)

Battle = Annotated[
    int, Field(strict=True, ge=1, description="所属部分：plan.yaml 中 sections 的编号")
]


def _check_id(value: str) -> str:
    if not _ID.match(value):
        raise PydanticCustomError("id_format", "invalid id", {"input": value})
    return value


def _check_optional_id(value: str | None) -> str | None:
    return None if value is None else _check_id(value)


def _check_date(value: str) -> str:
    if parse_date(value) is None:
        raise PydanticCustomError("date_format", "invalid date", {"input": value})
    return value


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Model):
    """Where a number comes from in the plan document."""

    ref: str = Field(min_length=1, description="出处：附件与条目，如“附件3-1 (10)”")
    quote: str = Field(min_length=1, description="原文语句（须与原文逐字一致）")


class Tolerance(_Model):
    """How far short of the expected value still counts as 预警 (at risk) rather than 滞后."""

    points: Decimal | None = Field(
        default=None,
        ge=0,
        description="以 % 或 ‰ 计的指标：允许的差距（百分点/千分点），与 ratio×目标值 取较小者",
    )
    ratio: Decimal | None = Field(
        default=None,
        ge=0,
        le=1,
        description=(
            "允许的差距占比，如 0.1 = 10%："
            "其他指标按预期值，% 与 ‰ 类按目标值（与 points 取较小者）"
        ),
    )


class BattleSection(_Model):
    """A section of the plan (战役、部分), named as the plan names it."""

    number: int = Field(strict=True, ge=1, description="编号，指标和任务的 battle 据此引用")
    name: str = Field(min_length=1, description="名称，按方案原文")
    short: str | None = Field(default=None, min_length=1, description="简称（表格中使用）")
    name_en: str | None = Field(
        default=None, min_length=1, description="英文名称（--lang en 时使用；缺省用中文名称）"
    )
    lead: str | None = Field(
        default=None, min_length=1, description="牵头单位（units.yaml 中的名称或别名）"
    )


Level = Literal["province", "city", "county", "district", "township", "department"]


class DocumentsSettings(_Model):
    """plan.yaml ``documents``: how the 公文 (docx/PDF bulletin, 督办通知) are typeset. The fonts
    are named in the document, not embedded (方正 fonts are proprietary)."""

    title_font: str = Field(default="方正小标宋简体", min_length=1, description="标题字体（2号）")
    body_font: str = Field(default="仿宋_GB2312", min_length=1, description="正文字体（3号）")
    heading1_font: str = Field(default="黑体", min_length=1, description="一级标题字体（一、）")
    heading2_font: str = Field(
        default="楷体_GB2312", min_length=1, description="二级标题字体（（一））"
    )
    page_number_font: str = Field(default="宋体", min_length=1, description="页码字体（4号）")
    reply_days: int = Field(
        default=5,
        strict=True,
        ge=1,
        le=60,
        description="督办通知的整改时限：通报日期后若干个工作日内书面回复（缺省 5）",
    )
    holidays: list[str] = Field(
        default_factory=list,
        description="不算工作日的法定节假日（整改时限按工作日计），如 2023-10-02",
    )
    workdays: list[str] = Field(
        default_factory=list, description="调休上班的周末（算工作日），如 2023-10-07"
    )

    @field_validator("holidays", "workdays")
    @classmethod
    def _days(cls, value: list[str]) -> list[str]:
        for day in value:
            if not _ISO_DATE.match(day) or parse_date(day) is None:
                raise PydanticCustomError("date_format", "invalid date", {"input": day})
        return value


class ReportingSettings(_Model):
    """plan.yaml ``reporting``: when values are due (报送时限, for 报送及时率)."""

    monthly_due_day: int = Field(
        default=5, strict=True, ge=1, le=28, description="月度数据：次月几日前报送（缺省 5 日）"
    )
    quarterly_due_day: int = Field(
        default=10,
        strict=True,
        ge=1,
        le=28,
        description="季度、半年、年度数据：期末次月几日前报送（缺省 10 日）",
    )
    dekad_due_days: int = Field(
        default=2, strict=True, ge=0, le=10, description="旬数据：旬末后几日内报送（缺省 2 日）"
    )


class PlanFile(_Model):
    """plan.yaml: which plan this is (area, year, title, document, issuer, office) and its
    sections."""

    area: str = Field(min_length=1, description="地区，如“南县”")
    area_en: str | None = Field(default=None, min_length=1, description="地区英文名称")
    level: Level = Field(
        description=(
            "层级：province 省、city 市、county 县、district 区、township 乡镇、department 部门"
        )
    )
    year: int = Field(strict=True, ge=2000, le=2100, description="计划年度")
    title: str = Field(min_length=1, description="方案标题，如“××县××实施方案”")
    title_en: str | None = Field(default=None, min_length=1, description="方案英文标题")
    name: str | None = Field(
        default=None,
        min_length=1,
        description="通报标题用的简称（缺省用 title），如“××县××”",
    )
    name_en: str | None = Field(default=None, min_length=1, description="英文简称")
    document: str | None = Field(
        default=None, min_length=1, description="文号，如“×办发〔2023〕2号”"
    )
    issued: str | None = Field(default=None, description="印发日期，如 2023-03-08")
    issuer: str | None = Field(default=None, min_length=1, description="印发机关")
    office: str | None = Field(
        default=None, min_length=1, description="负责调度、署名通报的机构，如“……工作专班”"
    )
    office_en: str | None = Field(default=None, min_length=1, description="该机构的英文名称")
    parent: str | None = Field(
        default=None,
        min_length=1,
        description="上级地区（其方案在同一工作区时据此汇总比较），如南县的“益阳市”",
    )
    documents: DocumentsSettings | None = Field(
        default=None, description="公文（Word/PDF 通报、督办通知）的字体和整改时限"
    )
    reporting: ReportingSettings | None = Field(
        default=None, description="报送时限（计算报送及时率）"
    )
    sections: list[Any] = Field(
        default_factory=list, description="方案的各部分：编号、名称、简称、牵头单位"
    )

    @field_validator("issued")
    @classmethod
    def _issued(cls, value: str | None) -> str | None:
        if value is not None and not _ISO_DATE.match(value):
            raise PydanticCustomError("date_format", "invalid date", {"input": value})
        return value


class Target(_Model):
    """A quantitative target (指标)."""

    id: str = Field(description="固定编号（英文小写、数字、下划线），填报表和其他工具据此引用")
    battle: Battle
    name: str = Field(min_length=1, description="指标名称，按方案原文")
    target: Decimal | None = Field(default=None, description="目标值；节点类（milestone）可为空")
    unit: str | None = Field(default=None, description="单位，按方案原文，如 %、亿元、万吨、工作日")
    direction: Direction = Field(
        description="at_least：不低于（以上/突破）；at_most：不超过（以内/控制在）"
    )
    measure: Measure = Field(
        description="growth：累计增速；cumulative：全年累计量；level：水平值；milestone：节点（完成与否）"
    )
    frequency: Frequency = Field(description="数据频次：monthly 月度、quarterly 季度、annual 年度")
    pacing: Literal["linear"] | dict[int, Decimal] = Field(
        default="linear",
        description="累计类指标的序时进度：linear（按月平均，m/12）或 {月份: 截至该月末的累计比例}",
    )
    tolerance: Tolerance | None = Field(
        default=None, description="本指标的预警容差（覆盖全局设置）"
    )
    commitment: Commitment | None = Field(default=None, description="确保 或 力争（原文用语）")
    lead: str = Field(min_length=1, description="牵头单位（可用任一别名）")
    task: str | None = Field(default=None, description="所属任务编号（tasks.yaml）")
    due: str | None = Field(default=None, description="节点日期：YYYY-MM 或 YYYY-MM-DD")
    sources: list[Source] = Field(min_length=1, description="原文出处，第一条为主要出处")
    note: str | None = Field(default=None, description="备注")
    previous_id: str | None = Field(
        default=None,
        description="去年方案中同一指标的编号（编号改了时填写；默认按相同编号对比去年同期）",
    )
    indicator: str | None = Field(
        default=None,
        description=(
            "指标代码：不同地区方案中代码相同的指标是同一指标（比较、排名、汇总）；"
            "默认为编号；常用代码见 liuzhang init 生成的注释，如 gdp_growth"
        ),
    )
    rollup: RollupKind | None = Field(
        default=None,
        description=(
            "向上级汇总的方式：sum 各地区相加（总量、个数）；none 不相加也不平均（增速、比率，"
            "只列各地区，或按 weight 加权）；last 各地区最新值相加（存量）；average 平均；"
            "默认：累计类（cumulative，单位不是 % 或 ‰）为 sum，其余为 none"
        ),
    )
    weight: str | None = Field(
        default=None,
        description="rollup 为 none 时加权所用基数的指标代码（如 GDP 增速按 gdp 加权）",
    )
    needs_review: bool = Field(default=False, description=REVIEW_DESCRIPTION)

    _id = field_validator("id")(_check_id)
    _previous_id = field_validator("previous_id")(_check_optional_id)
    _indicator = field_validator("indicator", "weight")(_check_optional_id)

    @field_validator("due")
    @classmethod
    def _due(cls, value: str | None) -> str | None:
        return None if value is None else _check_date(value)

    @field_validator("target")
    @classmethod
    def _range(cls, value: Decimal | None) -> Decimal | None:
        if value is not None and (not value.is_finite() or abs(value) >= Decimal(10) ** 15):
            raise PydanticCustomError("value_out_of_range", "out of range", {"value": str(value)})
        return value

    @model_validator(mode="after")
    def _rules(self) -> Target:
        measure = measure_of(self.measure)
        if self.target is None and measure.needs_target:
            raise PydanticCustomError(
                "target_required", "target required", {"measure": self.measure}
            )
        if isinstance(self.pacing, dict):
            if not measure.paced:
                raise PydanticCustomError("pacing_not_cumulative", "pacing only for cumulative")
            check_pacing(self.pacing)
        if self.weight is not None and self.rollup not in (None, "none"):
            raise PydanticCustomError("weight_not_none", "weight only for rollup none")
        return self


def check_pacing(shares: dict[int, Decimal]) -> None:
    """A usable pacing (see :func:`liuzhang.domain.measures.pacing_problem`)."""
    problem = pacing_problem(shares)
    if problem is not None:
        code, params = problem
        raise PydanticCustomError(code, code, params)


class Checkpoint(_Model):
    """A dated step inside a task's text, e.g. “3月25日前完成抽查计划”."""

    date: str = Field(description="日期：YYYY-MM 或 YYYY-MM-DD")
    what: str = Field(min_length=1, description="该节点要完成的事项")

    _date = field_validator("date")(_check_date)


class Task(_Model):
    """A task or measure (任务/措施) with its units and deadline."""

    id: str = Field(description="固定编号，如 a3-10 表示附件3-1第(10)项")
    battle: Battle
    ref: str = Field(min_length=1, description="出处，如“附件3-1 (10)”")
    group: str | None = Field(default=None, description="所属工作任务（上级标题）")
    title: str = Field(min_length=1, description="简短标题")
    text: str = Field(default="", description="措施原文")
    lead: list[str] = Field(min_length=1, description="牵头单位（可用任一别名）")
    responsible: list[str] = Field(default_factory=list, description="责任单位 / 负责单位")
    supporting: list[str] = Field(default_factory=list, description="配合 / 参与单位")
    deadline: str = Field(
        description="完成时限：YYYY-MM（当月底）、YYYY-MM-DD 或 ongoing（长期坚持）"
    )
    deadline_stated: bool = Field(default=True, description="原文是否写明时限（否则按年底）")
    lead_inferred: bool = Field(default=False, description="牵头单位是否取自上级标题")
    checkpoints: list[Checkpoint] = Field(default_factory=list, description="文中的时间节点")
    note: str | None = Field(default=None, description="备注")
    needs_review: bool = Field(default=False, description=REVIEW_DESCRIPTION)

    _id = field_validator("id")(_check_id)

    @field_validator("deadline")
    @classmethod
    def _deadline(cls, value: str) -> str:
        if parse_deadline(value) is None:
            raise PydanticCustomError("deadline_format", "invalid deadline", {"input": value})
        return value


class Unit(_Model):
    """An organisational unit (单位) or a group of units, with every spelling the plan uses."""

    name: str = Field(min_length=1, description="规范名称")
    kind: UnitKind = Field(description="类别：office 部门、town 镇、company 企业、group 单位组……")
    aliases: list[str] = Field(default_factory=list, description="原文中的其他写法（含错别字）")
    parent: str | None = Field(
        default=None, description="上级单位（如 区金融办 属于 区发改财政局）"
    )
    members: list[str] = Field(default_factory=list, description="单位组的成员")
    note: str | None = Field(default=None, description="备注")


class TargetsFile(_Model):
    """targets.yaml: the default tolerance and every target (the plan's identity and sections
    are in plan.yaml)."""

    tolerance: Tolerance = Field(
        default_factory=lambda: Tolerance(
            points=DEFAULT_TOLERANCE.points, ratio=DEFAULT_TOLERANCE.ratio
        ),
        description=(
            "全局预警容差：% 与 ‰ 类取 1 个百分点与目标值 10% 中较小者，其他类为序时预期的 10%；"
            "年底终值不设容差"
        ),
    )
    targets: list[Any] = Field(description="指标列表")


class TasksFile(_Model):
    """tasks.yaml: every task."""

    tasks: list[Any] = Field(description="任务列表")


class UnitsFile(_Model):
    """units.yaml: every unit and group."""

    units: list[Any] = Field(description="单位列表")


# The item model of each file's list, for item-by-item validation and the JSON Schema.
FILES: dict[str, tuple[type[_Model], str, type[_Model]]] = {
    "plan": (PlanFile, "sections", BattleSection),
    "targets": (TargetsFile, "targets", Target),
    "tasks": (TasksFile, "tasks", Task),
    "units": (UnitsFile, "units", Unit),
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a whole file, with the list items typed (for editors)."""
    file_model, key, item_model = FILES[kind]
    schema = file_model.model_json_schema()
    item = item_model.model_json_schema()
    defs = item.pop("$defs", {})
    schema.setdefault("$defs", {}).update(defs)
    schema["$defs"][item_model.__name__] = item
    schema["properties"][key]["items"] = {"$ref": f"#/$defs/{item_model.__name__}"}
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
