"""Assembling a draft plan: the plan's head (title, document number, issuer, date, area, level,
year, sections), ids, leads and battles for the drafted items, the YAML text of the four plan
files, the JSON shape, and the comparison with last year's targets."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from liuzhang.domain.model import Target
from liuzhang.domain.periods import parse_date, parse_deadline
from liuzhang.extract import targets as targets_step
from liuzhang.extract import tasks as tasks_step
from liuzhang.extract import units as units_step
from liuzhang.extract.matching import pair, same_amount, suggest_indicator
from liuzhang.extract.model import (
    Block,
    Draft,
    DraftTarget,
    DraftTask,
    DraftUnit,
    ExtractError,
)
from liuzhang.plandata.catalog import UnitRegistry, normalize_name
from liuzhang.plandata.schema import ID_PATTERN

# The unit a target or task gets when the document names none (a new unit, to be replaced).
PLACEHOLDER_UNIT = "待定"
# Review reasons the assembly adds (message codes; the words are in liuzhang.i18n).
CODES = (
    "review_lead_placeholder",
    "review_lead_from_section",
    "review_battle_default",
    "review_date_unusable",
    "review_no_value",
)
(
    REASON_LEAD_PLACEHOLDER,
    REASON_LEAD_FROM_SECTION,
    REASON_BATTLE_DEFAULT,
    REASON_DATE_UNUSABLE,
    REASON_NO_VALUE,
) = CODES

_ID = re.compile(ID_PATTERN)
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}

# -- the plan's head ------------------------------------------------------------------------------

# A document number: 南政办发〔2024〕2号, 湘政办发[2024]12号, 益政发（2023）5号.
_DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[［【（(]\s*(\d{4})\s*[〕\]］】）)]\s*第?\s*\d{1,4}\s*号"
)
_DATE_DIGITS = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_YEAR = r"([〇○零一二三四五六七八九]{4})"
_CN_SMALL = r"([一二三四五六七八九十]{1,3})"
_DATE_WORDS = re.compile(_CN_YEAR + "年" + _CN_SMALL + "月" + _CN_SMALL + "日")
_NOTICE_TITLE = re.compile(r"关于印发\s*(?:《(.+?)》|(.+?))\s*的通知")
_TITLE_WORDS = ("方案", "计划", "报告", "要点", "意见", "安排", "规划", "措施", "清单")
_SENTENCE_MARKS = "，。；：！？,;:"
# Where the place name of a title ends: before these words, a year, or a quotation.
_AREA_STOP = re.compile(
    r"关于|打好|印发|\d{4}|[〇○零一二三四五六七八九]{4}年|年度|国民经济|政府工作|工作|实施|推进|"
    r"加快|全面|开展|深入|进一步|[“《\"]"
)
# Area suffixes and the level each means (the longest first).
LEVEL_OF_SUFFIX = (
    ("自治区", "province"),
    ("自治州", "city"),
    ("省", "province"),
    ("市", "city"),
    ("州", "city"),
    ("盟", "city"),
    ("县", "county"),
    ("旗", "county"),
    ("区", "district"),
    ("镇", "township"),
    ("乡", "township"),
)
_AREA_IN_TEXT = re.compile(r"^(.{2,12}?(?:自治区|自治州|[省市县区镇乡旗]))")
_ORGAN_ENDS = ("办公室", "办公厅", "政府", "委员会", "委", "局", "厅", "部", "室", "会", "处")
_TOP_HEADING = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、．.]\s*(.{1,30})$")
_SUB_HEADING = re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*(.+)$")
_TASK_HEADINGS = ("重点任务", "主要任务", "工作任务", "任务")
_GOAL_HEADINGS = ("主要目标", "目标任务", "工作目标", "预期目标", "目标")
_NAME_END = re.compile(r"[，。；：,;:]")
_LEAD_MARK = "牵头"
_MAX_SECTION_NAME = 30
_OPEN, _CLOSE = "（(", "）)"


def cn_number(text: str) -> int | None:
    """A number written in Chinese numerals up to 99 (一 1, 十 10, 十二 12, 二十三 23) or a
    string of digit characters (二〇二三 2023); None when it is not one."""
    if not text:
        return None
    if "十" not in text:
        digits = [_CN_DIGITS.get(c) for c in text]
        if any(d is None for d in digits):
            return None
        return int("".join(str(d) for d in digits))
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1:
        return None
    high = 1 if not tens else _CN_DIGITS.get(tens)
    low = 0 if not ones else _CN_DIGITS.get(ones)
    if high is None or low is None or "十" in ones:
        return None
    return high * 10 + low


def iso_date(text: str) -> str | None:
    """The first date written 2023年3月8日 (or 二〇二三年三月八日) in ``text``, as ISO."""
    match = _DATE_DIGITS.search(text)
    if match is not None:
        year, month, day = (int(g) for g in match.groups())
    else:
        words = _DATE_WORDS.search(text)
        if words is None:
            return None
        parts = [cn_number(g) for g in words.groups()]
        if any(p is None for p in parts):
            return None
        year, month, day = (int(p or 0) for p in parts)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _only_date(text: str) -> bool:
    stripped = re.sub(r"\s", "", text)
    for pattern in (_DATE_DIGITS, _DATE_WORDS):
        match = pattern.fullmatch(stripped)
        if match is not None:
            return True
    return False


def tidy_title(text: str) -> str:
    """A title without the spaces a layout put into it (kept between two Latin letters or
    digits)."""
    text = text.strip()
    return re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", text)


def document_number(blocks: Sequence[Block]) -> str | None:
    """The document number of the notice: a block that is one (南政办发〔2024〕2号), else the
    first one in the head of the document (before its title line)."""
    for block in blocks[:20]:
        match = _DOC_NUMBER.fullmatch(block.text.strip())
        if match is not None:
            return re.sub(r"\s", "", match.group(0))
    for block in blocks[:5]:
        match = _DOC_NUMBER.search(block.text)
        if match is not None and "关于" not in block.text[: match.start()]:
            return re.sub(r"\s", "", match.group(0))
    return None


def _title_like(text: str) -> bool:
    text = text.strip()
    return (
        2 <= len(text) <= 60
        and not any(mark in text for mark in _SENTENCE_MARKS)
        and not text.endswith("文件")
        and _DOC_NUMBER.fullmatch(text) is None
        and not _only_date(text)
    )


def plan_title(blocks: Sequence[Block]) -> str | None:
    """The plan's title: 《X》 in a 关于印发《X》的通知 line, else the first title-like line
    naming a plan (方案、计划、报告…), else the first title-like line."""
    for block in blocks[:30]:
        match = _NOTICE_TITLE.search(block.text)
        if match is not None:
            return tidy_title(match.group(1) or match.group(2))
    candidates = [b.text for b in blocks[:30] if b.kind == "paragraph" and _title_like(b.text)]
    for text in candidates:
        if any(word in text for word in _TITLE_WORDS):
            return tidy_title(text)
    return tidy_title(candidates[0]) if candidates else None


def issuer_and_date(blocks: Sequence[Block]) -> tuple[str | None, str | None]:
    """Who issued the notice and when: the first line that is only a date (in the notice, else
    among the last lines of the document), and the line before it when that names an organ;
    else the organ of a “…文件” header."""
    issued = issuer = None
    head = list(enumerate(blocks[:60]))
    tail = [(i, blocks[i]) for i in range(max(60, len(blocks) - 10), len(blocks))]
    for i, block in head + tail:  # the notice's end, else the signature at the end
        if _only_date(block.text):
            issued = iso_date(block.text)
            before = blocks[i - 1].text.strip() if i > 0 else ""
            if _title_like(before) and before.endswith(_ORGAN_ENDS):
                issuer = tidy_title(before)
            break
    if issuer is None:
        for block in blocks[:5]:
            text = tidy_title(block.text)
            if text.endswith("文件") and len(text) > 2 and _title_like(text):
                issuer = text[: -len("文件")]
                break
    return issuer, issued


def area_of(title: str | None, issuer: str | None = None) -> str | None:
    """The place a plan is for: the leading part of its title before the words that start the
    subject (打好、关于、a year…) when it ends like a place name (省、市、县、区、镇、乡), else
    the place leading the issuer's name (after 中共)."""
    if title:
        stop = _AREA_STOP.search(title)
        head = title[: stop.start()] if stop else ""
        if len(head) >= 2 and head.endswith(tuple(s for s, _ in LEVEL_OF_SUFFIX)):
            return head
    if issuer:
        name = re.sub(r"^(中共|中国共产党)", "", issuer)
        match = _AREA_IN_TEXT.match(name)
        if match is not None:
            return match.group(1)
    return None


def level_of(area: str | None) -> str | None:
    """The level an area's suffix means (省 province … 镇/乡 township); None when unknown."""
    for suffix, level in LEVEL_OF_SUFFIX:
        if area and area.endswith(suffix):
            return level
    return None


def plan_year(document: str | None, title: str | None, issued: str | None) -> int | None:
    """The plan's year: the document number's 〔Y〕, else a year in the title, else the year it
    was issued."""
    for text in (document, title):
        match = re.search(r"(\d{4})", text or "")
        if match is not None:
            return int(match.group(1))
        if text:
            words = re.search(r"([〇○零一二三四五六七八九]{4})年", text)
            if words is not None:
                return cn_number(words.group(1))
    return int(issued[:4]) if issued else None


def _bracketed_before(text: str, end: int) -> str | None:
    """The text of the bracket that closes at ``end`` (nested brackets kept)."""
    depth = 0
    for i in range(end, -1, -1):
        char = text[i]
        if char in _CLOSE:
            depth += 1
        elif char in _OPEN:
            depth -= 1
            if depth == 0:
                return text[i + 1 : end]
    return None


def lead_in(text: str) -> str | None:
    """The unit a paragraph ends by naming as lead: “……（区科技工信局牵头）” (the first when
    several are listed)."""
    at = max(text.rfind(_LEAD_MARK + close) for close in _CLOSE)
    if at < 0:
        return None
    inner = _bracketed_before(text, at + len(_LEAD_MARK))
    if not inner or not inner.endswith(_LEAD_MARK):
        return None
    names = re.split(r"[、，,；;]", inner[: -len(_LEAD_MARK)])
    first = names[0].strip()
    return first or None


def section_name(text: str) -> str:
    """A heading's name: its text up to the first ， or 。 (at most 30 characters)."""
    name = _NAME_END.split(text, maxsplit=1)[0].strip()
    return name[:_MAX_SECTION_NAME]


def plan_sections(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    """The plan's sections: the （一）（二）… headings of its first “…任务” part (else of its
    “主要目标” part), each with its number, name and lead (“（…牵头）” at its end)."""
    parts: list[tuple[str, int]] = []
    for i, block in enumerate(blocks):
        match = _TOP_HEADING.match(block.text.strip())
        if match is not None and block.kind == "paragraph":
            parts.append((match.group(2).strip(), i))
    for words in (_TASK_HEADINGS, _GOAL_HEADINGS):
        for n, (name, start) in enumerate(parts):
            if any(word in name for word in words):
                end = parts[n + 1][1] if n + 1 < len(parts) else len(blocks)
                sections = _sub_headings(blocks[start + 1 : end])
                if sections:
                    return sections
    return []


def _sub_headings(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    sections: list[dict[str, Any]] = []
    texts: list[str] = []
    for block in blocks:
        text = block.text.strip()
        if block.kind != "paragraph":
            continue  # a table inside the part
        if text.startswith("附件"):
            break
        match = _SUB_HEADING.match(text)
        number = cn_number(match.group(1)) if match else None
        if match is not None and number == len(sections) + 1:
            if sections:
                sections[-1]["lead"] = lead_in("".join(texts))
            sections.append({"number": number, "name": section_name(match.group(2))})
            texts = [text]
        elif sections:
            texts.append(text)
    if sections:
        sections[-1]["lead"] = lead_in("".join(texts))
    for section in sections:
        if section["lead"] is None:
            del section["lead"]
    return sections


def plan_head(blocks: Sequence[Block], year_hint: int | None = None) -> dict[str, Any]:
    """plan.yaml's fields as the document gives them (area, level, year, title, document,
    issued, issuer, sections); a field the document does not give is left out (office
    always); ``year_hint`` (``--year``) wins over the year the document shows."""
    title = plan_title(blocks)
    document = document_number(blocks)
    issuer, issued = issuer_and_date(blocks)
    area = area_of(title, issuer)
    year = year_hint or plan_year(document, title, issued)
    head: dict[str, Any] = {
        "area": area,
        "level": level_of(area),
        "year": year,
        "title": title,
        "document": document,
        "issued": issued,
        "issuer": issuer,
        "sections": plan_sections(blocks),
    }
    return {key: value for key, value in head.items() if value is not None}


# -- assembly -------------------------------------------------------------------------------------


def valid_id(text: str) -> bool:
    return _ID.match(text) is not None


def _same_name(a: str, b: str) -> bool:
    return normalize_name(a) == normalize_name(b)


def assign_target_ids(targets: Sequence[DraftTarget], known: Mapping[str, Target] | None) -> None:
    """Each target's id: its own when drafted valid, else last year's id for the same name,
    else ``t<section>-<n>`` (the n-th of its section); never the same id twice."""
    used: set[str] = set()
    by_name = {normalize_name(t.name): ident for ident, t in (known or {}).items()}
    for target in targets:
        ident = target.id if target.id and valid_id(target.id) else ""
        if not ident:
            ident = by_name.get(normalize_name(target.name), "")
        target.id = ident if ident and ident not in used else ""
        used.add(target.id)
    _number(targets, "t", used)


def assign_task_ids(tasks: Sequence[DraftTask]) -> None:
    """Each task's id: its own when drafted valid, else ``s<section>-<n>``; never twice."""
    used: set[str] = set()
    for task in tasks:
        task.id = task.id if task.id and valid_id(task.id) and task.id not in used else ""
        used.add(task.id)
    _number(tasks, "s", used)


def _number(items: Sequence[DraftTarget | DraftTask], prefix: str, used: set[str]) -> None:
    counters: dict[int, int] = {}
    for item in items:
        section = item.section or 1
        counters[section] = counters.get(section, 0) + 1
        if item.id:
            continue
        ident = f"{prefix}{section}-{counters[section]}"
        while ident in used:
            counters[section] += 1
            ident = f"{prefix}{section}-{counters[section]}"
        item.id = ident
        used.add(ident)


def _add_reason(item: DraftTarget | DraftTask, reason: str) -> None:
    if reason not in item.reasons:
        item.reasons.append(reason)


def extract(
    blocks: Sequence[Block],
    units_registry: UnitRegistry | None = None,
    known: Mapping[str, Target] | None = None,
    year: int | None = None,
) -> Draft:
    """The draft of a plan from its blocks: the head, this year's targets and tasks (via the
    steps of :mod:`.targets`, :mod:`.tasks`, :mod:`.units`), units resolved, ids, battles and
    leads assigned. ExtractError when the year is unknown or there is no target."""
    plan = plan_head(blocks, year)
    if "year" not in plan:
        code = "extract_year_unknown"
        raise ExtractError(code)
    plan_year_ = int(plan["year"])
    plan.setdefault("area", PLACEHOLDER_UNIT)
    plan.setdefault("level", "county")
    plan.setdefault("title", f"{plan['area']}{plan_year_}")
    found, qualitative = targets_step.find_targets(blocks, plan_year_, known)
    if not found:
        code = "extract_no_targets"
        raise ExtractError(code)
    tasks = tasks_step.find_tasks(blocks, plan_year_)
    sections: list[dict[str, Any]] = plan["sections"] or [{"number": 1, "name": plan["title"]}]
    plan["sections"] = sections
    numbers = {int(s["number"]) for s in sections}
    items: list[DraftTarget | DraftTask] = [*found, *tasks]
    for item in items:
        if item.section not in numbers:
            if item.section is not None or len(numbers) > 1:
                _add_reason(item, REASON_BATTLE_DEFAULT)
            item.section = min(numbers)

    names = [s["lead"] for s in sections if s.get("lead")]
    names += [t.lead for t in found if t.lead]
    names += [n for task in tasks for n in (*task.lead, *task.responsible)]
    canonical, units = units_step.resolve_units(_unique(names), units_registry)
    units = list(units)
    present = {normalize_name(n) for u in units for n in (u.name, *u.aliases)}

    def name_of(spelling: str) -> str:
        name = canonical.get(spelling, spelling)
        if normalize_name(name) not in present:
            units.append(DraftUnit(name, "office"))
            present.add(normalize_name(name))
        return name

    def placeholder() -> str:
        if normalize_name(PLACEHOLDER_UNIT) not in present:
            units.append(DraftUnit(PLACEHOLDER_UNIT, "other"))
            present.add(normalize_name(PLACEHOLDER_UNIT))
        return PLACEHOLDER_UNIT

    section_lead = {}
    for section in sections:
        if section.get("lead"):
            section["lead"] = name_of(section["lead"])
            section_lead[int(section["number"])] = section["lead"]
    for target in found:
        if target.lead:
            target.lead = name_of(target.lead)
        elif (target.section or 1) in section_lead:
            target.lead = section_lead[target.section or 1]
            _add_reason(target, REASON_LEAD_FROM_SECTION)
        else:
            target.lead = placeholder()
            _add_reason(target, REASON_LEAD_PLACEHOLDER)
    for task in tasks:
        task.lead = _unique(name_of(n) for n in task.lead)
        task.responsible = [n for n in _unique(name_of(n) for n in task.responsible)]
        if not task.lead:
            if (task.section or 1) in section_lead:
                task.lead = [section_lead[task.section or 1]]
                _add_reason(task, REASON_LEAD_FROM_SECTION)
            else:
                task.lead = [placeholder()]
                _add_reason(task, REASON_LEAD_PLACEHOLDER)
    _complete_groups(units, units_registry, present)
    for target in found:
        keep_schema(target, plan_year_)
    for task in tasks:
        keep_schema(task, plan_year_)
    assign_target_ids(found, known)
    assign_task_ids(tasks)
    return Draft(plan, found, tasks, units, list(qualitative))


def keep_schema(item: DraftTarget | DraftTask, year: int) -> None:
    """What the schema would refuse, made acceptable and flagged: a date that is not one or
    not in the plan's year (a target's due dropped, a task's deadline the year's end), a
    target without a value measured as a milestone."""
    if isinstance(item, DraftTask):
        deadline = parse_deadline(item.deadline)
        if deadline is None or (deadline.end is not None and deadline.end.year != year):
            item.deadline = f"{year:04d}-12"
            item.deadline_stated = False
            _add_reason(item, REASON_DATE_UNUSABLE)
        return
    if item.due is not None:
        due = parse_date(item.due)
        if due is None or due.year != year:
            item.due = None
            _add_reason(item, REASON_DATE_UNUSABLE)
    if item.target is None and item.measure != "milestone":
        item.measure = "milestone"
        _add_reason(item, REASON_NO_VALUE)


def _unique(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(normalize_name(name), name)
    return list(seen.values())


def _complete_groups(
    units: list[DraftUnit], registry: UnitRegistry | None, present: set[str]
) -> None:
    """Members of the draft's groups that it does not list yet, added as units (their kind
    from the registry when it knows them), so that the draft's units.yaml is whole."""
    for unit in list(units):
        for member in unit.members:
            if normalize_name(member) in present:
                continue
            known = registry.resolve(member) if registry is not None else None
            kind = known.kind if known is not None else "office"
            units.append(DraftUnit(known.name if known else member, kind, known=known is not None))
            present.add(normalize_name(member))
            if known is not None:
                present.add(normalize_name(known.name))


# -- the YAML files -------------------------------------------------------------------------------

Describe = Callable[[str], str]
# Words written without quotes (ids and the schema's choices), unless YAML 1.1 reads them otherwise.
_PLAIN = re.compile(r"^[a-z][a-z0-9_-]*$")
_YAML_WORDS = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n", "nan", "inf"})
_YAML_ESCAPES = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\x85", "\ufeff": "\\ufeff"}


def yaml_scalar(value: Any) -> str:
    """A value as a one-line YAML scalar: strings double-quoted, numbers plain."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return decimal_text(value)
    if _PLAIN.match(str(value)) and str(value).lower() not in _YAML_WORDS:
        return str(value)
    text = json.dumps(str(value), ensure_ascii=False)
    for char, escape in _YAML_ESCAPES.items():
        text = text.replace(char, escape)
    return text


def decimal_text(value: Decimal) -> str:
    """A number as written: 7.5, 100, 0.05 (no exponent, no trailing zeros)."""
    text = format(value.normalize(), "f")
    return text


def _flow(items: Iterable[str]) -> str:
    return "[" + ", ".join(yaml_scalar(i) for i in items) + "]"


def _comment(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _reasons_comment(reasons: Sequence[str], describe: Describe) -> str:
    return _comment("；".join(describe(r) for r in reasons))


def target_record(target: DraftTarget) -> dict[str, Any]:
    """A drafted target as targets.yaml takes it (fields left out when empty)."""
    record: dict[str, Any] = {
        "id": target.id,
        "battle": target.section or 1,
        "name": target.name,
        "target": target.target,
        "unit": target.unit,
        "direction": target.direction,
        "measure": target.measure,
        "frequency": target.frequency,
        "commitment": target.commitment,
        "lead": target.lead or PLACEHOLDER_UNIT,
        "due": target.due,
        "sources": [{"ref": s.where, "quote": s.quote} for s in target.sources],
    }
    if target.stretch is not None:
        unit = target.unit or ""
        record["note"] = f"力争{decimal_text(target.stretch)}{unit}"
    record["indicator"] = suggest_indicator(target.name, target.measure, target.unit)
    if target.needs_review:
        record["needs_review"] = True
    return {k: v for k, v in record.items() if v is not None or k == "target"}


def task_record(task: DraftTask) -> dict[str, Any]:
    """A drafted task as tasks.yaml takes it."""
    record: dict[str, Any] = {
        "id": task.id,
        "battle": task.section or 1,
        "ref": task.ref or (task.sources[0].where if task.sources else task.id),
        "title": task.title,
        "text": task.text,
        "lead": task.lead,
        "responsible": task.responsible,
        "deadline": task.deadline,
        "deadline_stated": task.deadline_stated,
    }
    if task.needs_review:
        record["needs_review"] = True
    return record


def _item_text(
    record: dict[str, Any], reasons: Sequence[str], describe: Describe, sources: bool
) -> list[str]:
    lines: list[str] = []
    for key, value in record.items():
        prefix = "  - " if not lines else "    "
        if key == "sources":
            if sources:
                lines.append(f"{prefix}sources:")
                for source in value:
                    ref, quote = yaml_scalar(source["ref"]), yaml_scalar(source["quote"])
                    lines.append(f"      - {{ref: {ref}, quote: {quote}}}")
            continue
        text = _flow(value) if isinstance(value, list) else yaml_scalar(value)
        line = f"{prefix}{key}: {text}"
        if key == "needs_review" and reasons:
            line += f"  # 待复核：{_reasons_comment(reasons, describe)}"
        lines.append(line)
    return lines


def targets_text(targets: Sequence[DraftTarget], describe: Describe = str) -> str:
    """targets.yaml of the draft (without its schema line)."""
    lines = [
        "# 指标（自动提取的草稿）：每项注明出处原文（sources.quote 与原文逐字一致）；"
        "needs_review: true 的各项待人工核对。",
        "targets:",
    ]
    if not targets:
        lines[-1] += " []"
    for target in targets:
        lines += _item_text(target_record(target), target.reasons, describe, True)
    return "\n".join(lines) + "\n"


def tasks_text(tasks: Sequence[DraftTask], describe: Describe = str) -> str:
    """tasks.yaml of the draft (without its schema line); each task's sources as comments."""
    lines = [
        "# 任务（自动提取的草稿）：牵头单位、责任单位和完成时限按原文；"
        "needs_review: true 的各项待人工核对。",
        "tasks:",
    ]
    if not tasks:
        lines[-1] += " []"
    for task in tasks:
        for source in task.sources:
            lines.append(f"  # 出处：{_comment(source.where)}：{_comment(source.quote)[:80]}")
        lines += _item_text(task_record(task), task.reasons, describe, False)
    return "\n".join(lines) + "\n"


def units_text(units: Sequence[DraftUnit]) -> str:
    """units.yaml of the draft (without its schema line): no spelling claimed twice."""
    lines = [
        "# 单位（自动提取的草稿）：规范名称、类别和原文中的其他写法；"
        "标“新单位”的按原文写法列出，待核对。",
        "units:",
    ]
    if not units:
        lines[-1] += " []"
    claimed = {normalize_name(u.name) for u in units}
    written: set[str] = set()
    for unit in units:
        if normalize_name(unit.name) in written:
            continue  # the same unit twice: once is enough
        written.add(normalize_name(unit.name))
        aliases = []
        for alias in unit.aliases:
            key = normalize_name(alias)
            if key not in claimed:
                claimed.add(key)
                aliases.append(alias)
        if not unit.known:
            lines.append("  # 新单位：按原文写法，待核对")
        lines.append(f"  - name: {yaml_scalar(unit.name)}")
        lines.append(f"    kind: {yaml_scalar(unit.kind)}")
        if aliases:
            lines.append(f"    aliases: {_flow(aliases)}")
        if unit.members:
            lines.append(f"    members: {_flow(_unique(unit.members))}")
    return "\n".join(lines) + "\n"


_PLAN_FIELDS = ("area", "level", "year", "title", "name", "document", "issued", "issuer", "office")


def plan_text(plan: Mapping[str, Any], about: Callable[[str], str] = str) -> str:
    """plan.yaml of the draft (without its schema line): the fields found, the others as
    commented placeholders (``about``: a field's description)."""
    lines = [
        "# 方案本身（自动提取的草稿）：地区、层级、年度、标题、文号、印发机关和各部分。",
        "# 按方案原文核对；以“# 字段:”开头的行填好后删去行首的“# ”。",
    ]
    for key in _PLAN_FIELDS:
        if plan.get(key) is not None:
            lines.append(f"{key}: {yaml_scalar(plan[key])}")
        else:
            lines.append(f'# {key}: ""  # {_comment(about(key))}')
    lines.append("sections:")
    sections = plan.get("sections") or []
    if not sections:
        lines[-1] += " []"
    for section in sections:
        parts = ", ".join(
            f"{key}: {yaml_scalar(section[key])}"
            for key in ("number", "name", "short", "lead")
            if section.get(key) is not None
        )
        lines.append(f"  - {{{parts}}}")
    return "\n".join(lines) + "\n"


def draft_texts(
    draft: Draft, describe: Describe = str, about: Callable[[str], str] = str
) -> dict[str, str]:
    """The four files of the draft by kind (plan, targets, tasks, units), without schema lines."""
    return {
        "plan": plan_text(draft.plan, about),
        "targets": targets_text(draft.targets, describe),
        "tasks": tasks_text(draft.tasks, describe),
        "units": units_text(draft.units),
    }


# -- JSON -----------------------------------------------------------------------------------------


def json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _evidence(item: DraftTarget | DraftTask, describe: Describe) -> dict[str, Any]:
    """An item's sources and review flag with its reasons (code and text), for the JSON."""
    return {
        "sources": [{"quote": s.quote, "where": s.where} for s in item.sources],
        "needs_review": item.needs_review,
        "reasons": [{"code": r, "text": describe(r)} for r in item.reasons],
    }


def draft_json(draft: Draft, describe: Describe = str) -> dict[str, Any]:
    """The draft as ``--format json`` prints it (without problems and the comparison)."""
    targets = [
        {
            "id": t.id,
            "battle": t.section or 1,
            "name": t.name,
            "target": json_number(t.target),
            "unit": t.unit,
            "direction": t.direction,
            "measure": t.measure,
            "frequency": t.frequency,
            "commitment": t.commitment,
            "stretch": json_number(t.stretch),
            "lead": t.lead,
            "due": t.due,
            **_evidence(t, describe),
        }
        for t in draft.targets
    ]
    tasks = [
        {
            "id": t.id,
            "battle": t.section or 1,
            "title": t.title,
            "text": t.text,
            "lead": t.lead,
            "responsible": t.responsible,
            "deadline": t.deadline,
            "deadline_stated": t.deadline_stated,
            **_evidence(t, describe),
        }
        for t in draft.tasks
    ]
    units = [
        {
            "name": u.name,
            "kind": u.kind,
            "aliases": u.aliases,
            "members": u.members,
            "known": u.known,
        }
        for u in draft.units
    ]
    qualitative = [{"text": q.text, "where": q.where} for q in draft.qualitative]
    return {
        "plan": dict(draft.plan),
        "targets": targets,
        "tasks": tasks,
        "units": units,
        "qualitative": qualitative,
    }


# -- against last year's plan ---------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One target compared with last year's: ``status`` new, gone, changed or unchanged."""

    status: str
    id: str
    name: str
    old: str | None = None
    new: str | None = None


@dataclass
class Comparison:
    rows: list[Change] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in ("new", "gone", "changed", "unchanged")}


def value_text(target: Decimal | None, unit: str | None, direction: str) -> str:
    """A target's value as compared: 7.5%, 12万吨, or ― for a milestone (≤ for at_most)."""
    if target is None:
        return "―"
    mark = "≤" if direction == "at_most" else ""
    return f"{mark}{decimal_text(target)}{unit or ''}"


def compare(drafted: Sequence[DraftTarget], known: Mapping[str, Target]) -> Comparison:
    """Drafted targets against last year's (paired by :func:`liuzhang.extract.matching.pair`:
    names or evidence alike, the same amount surer): new, gone, changed value (or unit or
    direction), unchanged."""
    pairs = pair(list(known.values()), drafted)
    matched: set[str] = set()
    result = Comparison()
    for j, target in enumerate(drafted):
        new = value_text(target.target, target.unit, target.direction)
        old_target = pairs.get(j)
        if old_target is None:
            result.rows.append(Change("new", target.id, target.name, None, new))
            continue
        matched.add(old_target.id)
        old = value_text(old_target.target, old_target.unit, old_target.direction)
        status = "unchanged" if same_amount(old_target, target) else "changed"
        result.rows.append(Change(status, target.id, target.name, old, new))
    for ident, old_target in known.items():
        if ident not in matched:
            old = value_text(old_target.target, old_target.unit, old_target.direction)
            result.rows.append(Change("gone", ident, old_target.name, old, None))
    return result
