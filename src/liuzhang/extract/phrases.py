"""The phrase rules behind target extraction: each a pure function of a text, tested with a
table of cases (tests/test_extract_targets.py).

A sentence is cut into clauses at ，、；：(never inside “…” or 《…》); a clause holds at most a few
quantities (a number with a unit from :data:`UNITS`); the words around a quantity give its
direction (以上 / 以内 / 不低于 / 控制在 …), its measure (增长 -> growth, 率 / 比重 -> level …),
its commitment (确保 / 力争) and its name (the clause without the number and those words)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from liuzhang.domain.periods import month_end
from liuzhang.domain.quantities import RATE_UNITS, QuantityError, parse_number, parse_unit

# Review reasons (message codes, registered in i18n): each says what was guessed.
CODES = (
    "extract_direction_bare",  # a bare number: at_least by convention
    "extract_direction_about",  # 左右: at_least by convention
    "extract_range_lower",  # 15%-20%: the lower bound
    "extract_measure_guessed",  # cumulative by default
    "extract_frequency_guessed",
    "extract_due_year_end",  # a milestone without a date: due at the year's end
    "extract_name_inherited",  # “3个、180户”: the second takes the first's name
)
(
    REASON_BARE,
    REASON_ABOUT,
    REASON_RANGE,
    REASON_MEASURE,
    REASON_FREQUENCY,
    REASON_DUE,
    REASON_NAME,
) = CODES

# Units a plan writes after a number, longest first (a bare 万/亿 only before a break).
UNITS = (
    "个百分点", "百分点", "个工作日", "工作日", "个月", "小时", "人次", "万人次",
    "万立方米", "立方米", "万平方米", "平方米", "元/月·人", "元/人·月", "元/月", "元/年", "元/人",
    "万元", "亿元", "万吨", "万亩", "万人", "万户", "万千瓦", "千瓦", "万kW", "kW", "mg/L",
    "μg/m³", "ug/m3", "μg/m3", "微克/立方米", "毫克/升", "公顷", "亿斤", "万斤", "斤", "公里",
    "千米", "km",
    "吨", "亩", "人", "户", "家", "个", "项", "类", "次", "处", "张", "座", "米", "天", "起",
    "所", "条", "台", "辆", "套", "件", "名", "位", "批", "场", "栋", "份", "%", "‰", "元",
)  # fmt: skip
_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
_DIRECTION_AFTER = r"(?:及以上|以上|以内|以下|左右|内)?"
QUANTITY = re.compile(
    r"(?<![A-Za-z0-9.\-~～—第〔\[(（/])(\d+(?:\.\d+)?)\s*"
    rf"(?:(?P<unit>{_UNIT_ALT})|(?P<mag>[万亿])(?=以上|以内|左右|[，。；、,;:：)）\s]|$))"
    rf"(?P<after>{_DIRECTION_AFTER})"
)
_BREAKS = "，,；;：:、。！？!?\t"
_SENTENCE_ENDS = "。；;！？!?\t"
_OPEN, _CLOSE = '“《「『"', '”》」』"'

AT_LEAST_BEFORE = (
    "不得低于", "不得少于", "不低于", "不少于", "高于", "超过", "突破", "达到", "达", "提高到",
    "提高至", "提升到", "提升至", "增加到", "增加至", "稳定在", "保持在", "覆盖至", "≥", ">=",
)  # fmt: skip
AT_MOST_BEFORE = (
    "不得超过", "不超过", "不高于", "控制在", "低于", "下降到", "下降至", "降至", "降到",
    "压减至", "压减到", "压缩至", "压缩到", "缩减至", "缩减到", "缩短至", "缩短到", "减少到",
    "减少至", "≤", "<=", "<",
)  # fmt: skip
_DIRECTION_WORDS = sorted(
    AT_LEAST_BEFORE + AT_MOST_BEFORE, key=len, reverse=True
)  # 不低于 before 低于
_FILLERS = (
    "确保", "力争", "争取", "努力", "全年", "计划", "其中", "主要", "并且", "并", "同时", "实现",
    "今年", "本年度", "年内", "全区", "全县", "全市", "全省", "全镇", "大力", "积极", "共计",
    "均", "分别", "以上", "目标任务", "任务",
)  # fmt: skip
_GROWTH_WORDS = ("同比增长", "增长", "增速", "增幅", "上升")
_DECREASE_WORDS = ("同比下降", "下降", "减少", "降低")
_LEVEL_UNITS = ("工作日", "个工作日", "小时", "天", "个月")
_LEVEL_WORDS = ("总量", "标准", "率", "比重", "比例", "用户", "用户数", "浓度", "面积", "产量")
_QUARTERLY_WORDS = ("生产总值", "GDP", "总产值", "可支配收入", "每季度")
_ANNUAL_WORDS = ("产量", "播种面积", "城镇化率", "研发投入", "R&D", "人口", "能耗")
COMMITMENTS = {"确保": "确保", "力争": "力争", "争取": "力争", "争拿": "力争"}


@dataclass(frozen=True)
class Quantity:
    """A number with its unit and direction, and where it is in its clause."""

    start: int
    end: int  # after the unit and a following 以上 / 以内 / 左右
    value: Decimal
    unit: str
    direction: str  # at_least / at_most
    reason: str | None  # REASON_BARE / REASON_ABOUT when the direction is a convention
    before: str  # the direction word before the number ("" when none)


def fold(text: str) -> str:
    """Full-width digits, ％ and brackets as half-width, when that keeps every position (so
    a quote cut from the folded text is cut from the original at the same place)."""
    folded = unicodedata.normalize("NFKC", text)
    return folded if len(folded) == len(text) else text


def sentences(text: str) -> list[tuple[int, int]]:
    """The spans of a text's sentences, ended by 。；！？ or a tab (not inside “…”)."""
    spans, start, depth = [], 0, 0
    for i, char in enumerate(text):
        depth = _depth(depth, char)
        if char in _SENTENCE_ENDS and depth == 0:
            if text[start:i].strip():
                spans.append((start, i))
            start = i + 1
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of a sentence's clauses, cut at ，、；： (not inside “…” or 《…》)."""
    spans, begin, depth = [], start, 0
    for i in range(start, end):
        char = text[i]
        depth = _depth(depth, char)
        if char in _BREAKS and depth == 0:
            if text[begin:i].strip():
                spans.append((begin, i))
            begin = i + 1
    if text[begin:end].strip():
        spans.append((begin, end))
    return spans


def _depth(depth: int, char: str) -> int:
    if char in _OPEN and char != '"':
        return depth + 1
    if char in _CLOSE and char != '"':
        return max(depth - 1, 0)
    return depth


def quoted(text: str, position: int) -> bool:
    """Whether a position is inside “…” or 《…》 (a name such as “1个方案+6个清单”)."""
    depth = 0
    for char in text[:position]:
        depth = _depth(depth, char)
    return depth > 0


def quantities(clause: str) -> list[Quantity]:
    """The quantities of a clause: numbers with a unit, not codes (S316), ordinals (第3),
    document numbers, years, or names in quotes; a baseline (从600元提高到650元) is skipped."""
    found = []
    for m in QUANTITY.finditer(clause):
        if quoted(clause, m.start()):
            continue
        unit = m.group("unit") or m.group("mag")
        tail = clause[m.end() :]
        if re.match(r"\s*(?:提高|提升|增加|调整|上调)", tail) or clause[: m.start()].endswith(
            ("从", "从不低于", "由")
        ):
            continue  # a baseline: the value it rises from
        try:
            reading = parse_number(clause[m.start(1) : m.end(1)] + unit)
        except QuantityError:  # pragma: no cover - the pattern admits readable numbers only
            continue
        before = clause[: m.start()]
        direction, reason, word = direction_of(before, m.group("after"))
        found.append(Quantity(m.start(), m.end(), reading.amount, unit, direction, reason, word))
    return found


def direction_of(before: str, after: str) -> tuple[str, str | None, str]:
    """The direction from the words around a number: (direction, reason, the word before).
    以上 / 不低于 / 超过 / 达到 / 突破 -> at_least; 以内 / 不超过 / 控制在 / 低于 -> at_most;
    a bare number or 左右 -> at_least with a reason (the project's convention)."""
    before = before.rstrip()
    word = next((w for w in _DIRECTION_WORDS if before.endswith(w)), "")
    if after in ("以内", "以下", "内") or word in AT_MOST_BEFORE:
        return "at_most", None, word
    if after in ("以上", "及以上") or word in AT_LEAST_BEFORE:
        return "at_least", None, word
    if after == "左右":
        return "at_least", REASON_ABOUT, word
    return "at_least", REASON_BARE, word


def measure_of(name: str, unit: str, before: str, word: str = "") -> tuple[str, bool]:
    """growth (增长 before a rate), level (a rate, a time limit, a per-unit amount, a name
    ending in 率 / 比重 / 标准 / 总量 …, 稳定在 …, or a count 达到 / 突破 a number that is not
    built by a verb) or cumulative (a count or amount to build up); True when it is the
    fallback (cumulative) rather than a word's reading. ``word``: the direction word."""
    rate = parse_unit(unit).base in RATE_UNITS or unit in ("个百分点", "百分点")
    if rate and before.endswith(_GROWTH_WORDS + _DECREASE_WORDS):
        return "growth", False
    if rate or unit in _LEVEL_UNITS or "/" in unit:
        return "level", False
    if name.endswith(_LEVEL_WORDS) or word in ("稳定在", "保持在"):
        return "level", False
    if (
        word in ("达到", "达", "突破", "超过")
        and not name.startswith(_BUILD_VERBS)
        and parse_unit(unit).base != "元"
    ):
        return "level", False
    return "cumulative", True


_BUILD_VERBS = ("新增", "完成", "建设", "新建", "培育", "开展", "实施", "引进", "举办", "改造")


def frequency_of(name: str, measure: str) -> str:
    """The data's likely frequency, after the usual statistical calendar: harvests,
    urbanisation, R&D shares and energy intensity annual, GDP and output value growth
    quarterly, the rest monthly."""
    if any(word in name for word in ("每季度",)):
        return "quarterly"
    if measure != "cumulative" and any(word in name for word in _ANNUAL_WORDS):
        return "annual"
    if measure == "growth" and any(word in name for word in _QUARTERLY_WORDS):
        return "quarterly"
    return "monthly"


def commitment_of(before: str) -> str | None:
    """确保 or 力争 (争取 counts as 力争): the last such word before a target in its sentence."""
    best, at = None, -1
    for word, commitment in COMMITMENTS.items():
        position = before.rfind(word)
        if position > at:
            best, at = commitment, position
    return best


_DAY = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:前|之前|以前)")
_MONTH = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:底|末)?(?:前|之前|以前)")
_YEAR_END = re.compile(r"(?:(\d{4})年)?(?:年底前|年底|年末|年内|底前)")
_BY_YEAR = re.compile(r"(\d{4})年(?:完成|建成|竣工|实现|投产|开工)")


def deadline_of(text: str, year: int) -> tuple[str | None, tuple[int, int] | None]:
    """A deadline written in a text (6月底前, 3月25日前, 2023年6月底前, 年底前, 2023年竣工)
    as the schema writes it (YYYY-MM-DD for a day or a month's end, YYYY-MM for the year's
    end), and its span; (None, None) when there is none."""
    m = _DAY.search(text)
    if m:
        y = int(m.group(1) or year)
        return f"{y:04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", m.span()
    m = _MONTH.search(text)
    if m and 1 <= int(m.group(2)) <= 12:
        y, month = int(m.group(1) or year), int(m.group(2))
        return month_end(y, month).isoformat(), m.span()
    m = _YEAR_END.search(text) or _BY_YEAR.search(text)
    if m:
        y = int(m.group(1) or year)
        return f"{y:04d}-12", m.span()
    return None, None


MILESTONE_VERBS = (
    "建成", "完成", "竣工", "投产", "开工", "到位", "上线", "出台", "印发", "通过验收", "交付",
    "破零", "零的突破", "“零”的突破",
)  # fmt: skip


def milestone_name(clause: str) -> str | None:
    """The name of a milestone (a thing done by a date) when a clause says one, else None."""
    if not any(verb in clause for verb in MILESTONE_VERBS):
        return None
    return clean_name(clause)


_PAST_MARKERS = ("过去一年", "过去五年", "去年", "上年度", "上一年", "一年来", "回顾", "工作总结")
_RESULT_VERBS = re.compile(r"(?:实现|完成了?|达到了?|增长了?|同比(?:增长|下降)|比上年)")
_YEAR = re.compile(r"(?<![比较与到至])(\d{4})年(?!度?[以之]?[后来起])")  # not 比2020年 / 到2025年
_THIS_YEAR = ("今年", "本年", "主要预期目标", "预期目标", "目标是", "目标为", "目标：")


def is_results(sentence: str, year: int) -> bool:
    """Whether a sentence reports results (last year's or earlier) rather than setting a
    target: 过去一年 / 去年 / 上年 …, or a past year with 实现 / 完成 / 同比增长 …,
    or 实现 … 同比增长 + a number."""
    if any(marker in sentence for marker in _THIS_YEAR):
        return False
    if any(marker in sentence for marker in _PAST_MARKERS):
        return True
    years = [int(y) for y in _YEAR.findall(sentence)]
    if years and max(years) < year and _RESULT_VERBS.search(sentence):
        return True
    return bool(re.search(r"实现.*同比(?:增长|下降)\d", sentence))


def opens_results(sentence: str, year: int) -> bool:
    """Whether a paragraph's first sentence makes it a results paragraph (it opens with a past
    year or 过去一年 …): its later sentences are results too, until one names this year."""
    head = sentence.lstrip()[:12]
    if any(marker in head for marker in _PAST_MARKERS):
        return True
    m = re.match(r"\s*(\d{4})年", sentence)
    return bool(m and int(m.group(1)) < year)


def names_this_year(sentence: str, year: int) -> bool:
    """Whether a sentence turns to this year (今年 / 主要预期目标 / the plan's year)."""
    return any(m in sentence for m in _THIS_YEAR) or f"{year}年" in sentence


_LEADING_NUMBER = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[)）.、．]\s*)+")


def clean_name(text: str) -> str:
    """An indicator's name from the words around its number: no list number, no filler such as
    确保 / 力争 / 全年 / 其中, no direction word, no baseline (从600元/月…), no trailing 的."""
    name = _LEADING_NUMBER.sub("", text).strip()
    name = re.sub(r"\*+|同比|确保|力争", "", name)
    name = re.sub(r"(?:分别)?从(?:不低于|不少于)?\d.*$", "", name)
    name = re.sub(r"^\d{4}年(?:度|底前|内)?[，,]?(?:完成)?", "", name)  # 2024年完成…浓度 -> …浓度
    changed = True
    while changed and name:
        changed = False
        for word in _FILLERS:
            if name.startswith(word) and len(name) > len(word):
                name, changed = name[len(word) :], True
        for word in _TRAILING:
            if name.endswith(word) and len(name) > len(word):
                name, changed = name[: -len(word)], True
    name = name.strip()
    if name.startswith("”"):
        name = name[1:]
    if name.endswith("“"):
        name = name[:-1]
    return name.strip()


_TRAILING = sorted(
    {*AT_LEAST_BEFORE, *AT_MOST_BEFORE, "为", "至", "在", "的", "了", "共计", "均", "目标任务",
     "任务", "以上"},
    key=len,
    reverse=True,
)  # fmt: skip


def name_key(name: str) -> str:
    """The matching key of a target's name: NFKC, no spaces or quotes, no 全区 / 同比."""
    key = re.sub(r"[\s“”\"‘’'（）()]", "", unicodedata.normalize("NFKC", name))
    for word in ("全区", "全县", "全市", "全省", "同比", "年度"):
        key = key.replace(word, "")
    return key


_CN_NUMBERS = "一二三四五六七八九十"
_ANNEX = re.compile(r"^\s*附件\s*(\d+)(?:\s*[-—－]\s*\d+)?\s*[:：]?\s*$")
_SECTION = re.compile(r"^\s*[（(]([一二三四五六七八九十]+)[)）]")
_TOP = re.compile(r"^\s*([一二三四五六七八九十]+)、")


def cn_number(text: str) -> int:
    """一 -> 1 … 十九 -> 19 (a section's number)."""
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_NUMBERS.index(text[1]) + 1
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_NUMBERS.index(tens) + 1) * 10 + (_CN_NUMBERS.index(ones) + 1 if ones else 0)
    return _CN_NUMBERS.index(text) + 1


def heading_of(text: str) -> tuple[str, int] | None:
    """("annex", N) for an 附件N line, ("section", N) for a （N）… paragraph, ("top", N) for an
    N、… heading; None for other text."""
    m = _ANNEX.match(text)
    if m:
        return "annex", int(m.group(1))
    m = _SECTION.match(text)
    if m:
        return "section", cn_number(m.group(1))
    m = _TOP.match(text)
    if m:
        return "top", cn_number(m.group(1))
    return None


_LEAD = re.compile(r"[（(]((?:[^（）()]|[（(][^（）()]*[)）])*?)牵头")


def lead_of(text: str) -> str | None:
    """The lead unit as written in “（区发改财政局牵头，…）” (the first one when several)."""
    found = _LEAD.findall(text)
    if not found:
        return None
    lead = found[-1].strip()
    return lead or None


def heading_body(text: str) -> str:
    """A heading without its number (一、2022年工作回顾 -> 2022年工作回顾)."""
    return _TOP.sub("", _SECTION.sub("", text)).strip()


def only_lead(text: str) -> bool:
    """Whether a block is nothing but “（…牵头，…负责）” (a lead split from its paragraph)."""
    stripped = text.strip()
    return stripped[:1] in "（(" and stripped[-1:] in "）)" and _LEAD.match(stripped) is not None


def is_goals_heading(text: str) -> bool:
    """A short heading that opens a plan's goals (主要目标 / 工作目标 / 预期目标)."""
    return len(text) <= 20 and "目标" in text and heading_of(text) is not None


_ZERO = re.compile(
    r"(?:严禁|坚决杜绝|杜绝|不发生|不出现|零发生)(?P<what>[^，。；、]*?"
    r"(?P<noun>事故|火灾|事件|案件|债务))(?:发生)?$"
)
_DOWN = re.compile(r"^(?P<what>.+?)“?(?:持续下降|双下降)”?$")


def zero_target(clause: str) -> tuple[str, str | None, str] | None:
    """A target of none (严禁新增政府隐性债务 / 杜绝重特大事故 / 不发生亡人火灾事故):
    (name, unit, measure) with 0 at most, or a fall (事故起数持续下降): growth of 0% at most.
    None for any other clause."""
    if not re.search(r"严禁|杜绝|不发生|不出现|零发生|下降", clause):
        return None
    body = clean_name(clause)
    m = _ZERO.search(body)
    if m:
        unit = None if m.group("noun") == "债务" else "起"
        return m.group("what"), unit, "cumulative"
    m = _DOWN.match(body)
    if m and m.group("what").endswith(("数", "量")):
        return m.group("what"), "%", "growth"
    return None


def split_counts(name: str) -> list[str]:
    """“事故起数和死亡人数” -> the two counts, each a target (the second keeps the subject)."""
    first, sep, second = name.partition("和")
    if not sep or not second.endswith(("数", "量")) or not first.endswith(("数", "量")):
        return [name]
    subject = first[: len(first) - 2] if len(first) > 2 else ""
    return [first, subject + second if not second.startswith(subject) else second]


_AWARD = re.compile(
    r"^(?:确保|力争|争取|争拿)(?P<what>.*(?:开工|投产|竣工|建成|先进|奖项|奖励|破零))$"
)
_DONE = re.compile(r"^(?:建设完成|完成|建成)(?P<what>.{4,})")


def undated_milestone(clause: str, opens: bool) -> str | None:
    """A milestone without a date, due at the year's end: 争取…先行开工 / 力争获得…奖励 /
    确保市级先进, or 完成… / 建成… when it opens its sentence (``opens``) or follows a plan
    (按照年度计划，完成…). Its name, or None."""
    body = _LEADING_NUMBER.sub("", clause).strip(" *")
    if _AWARD.match(body):
        return clean_name(body)
    if opens and _DONE.match(body):
        return clean_name(body)
    return None


_NOT_A_TARGET_BEFORE = ("对", "等", "当前", "目前", "时长")


def incidental(before: str, after: str) -> bool:
    """A number that describes rather than sets: 对3个村 / 等7类组织 / 当前床位数245张 /
    时长48个月, or “4个示范村的支持力度” (a number of things whose something is meant)."""
    if before.endswith(_NOT_A_TARGET_BEFORE) or any(w in before for w in _NOT_A_TARGET_BEFORE[2:]):
        return True
    return bool(re.match(r"[^，。；、\d]{1,12}的", after))


def per_period(clause: str) -> int:
    """How many times a year a “每季度…N次” / “每月…N次” happens (1 when it is not such)."""
    if "每季度" in clause or "每季" in clause:
        return 4
    if "每月" in clause:
        return 12
    return 1


def similar(a: str, b: str) -> float:
    """How alike two names are: the Dice coefficient of their character pairs (0 to 1)."""
    x = {a[i : i + 2] for i in range(len(a) - 1)} or {a}
    y = {b[i : i + 2] for i in range(len(b) - 1)} or {b}
    return 2 * len(x & y) / (len(x) + len(y))
