"""Finding this year's targets in a plan's blocks.

Each block is cut into sentences and clauses (:mod:`.phrases`); a sentence that reports results
(last year's, or a paragraph opening with a past year) gives nothing; a clause with a quantity
gives a target, a clause with a deadline and a completion verb a milestone; sentences of a
goals part without either are listed as qualitative goals. The same target stated twice (the
summary and its attachment) is one target with two sources."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from liuzhang.domain.model import Target
from liuzhang.domain.quantities import QuantityError, convert, parse_unit
from liuzhang.extract import phrases as p
from liuzhang.extract.matching import pair
from liuzhang.extract.model import Block, DraftTarget, Evidence, Qualitative


def find_targets(
    blocks: Sequence[Block], year: int | None = None, known: Mapping[str, Target] | None = None
) -> tuple[list[DraftTarget], list[Qualitative]]:
    """This year's targets (each with its evidence) and the qualitative goals to review.
    ``known``: last year's targets by id (measure and frequency are taken from a match).
    ``year``: the plan's year (None: the year the text names most). A target's ``id`` is
    empty unless a known target gives it."""
    year = year or plan_year(blocks)
    drafted: list[DraftTarget] = []
    qualitative: list[Qualitative] = []
    section: int | None = None
    in_annex = in_goals = False
    lead_column: int | None = None
    in_results = False
    last: list[DraftTarget] = []  # the previous block's targets
    heading_lead: str | None = None  # “（一）防范化解债务风险（区发改财政局牵头）” holds below
    for block in blocks:
        heading = p.heading_of(block.text) if block.kind == "paragraph" else None
        if heading is not None:
            kind, number = heading
            heading_lead = p.lead_of(block.text) if len(block.text) <= 40 else None
            if kind == "annex":
                section, in_annex, in_goals, in_results = number, True, False, False
            elif kind == "section" and not in_annex:
                section = number
            elif kind == "top":
                in_goals = p.is_goals_heading(block.text)
                in_results = p.is_results(block.text, year) or p.opens_results(
                    p.heading_body(block.text), year
                )
                if not in_annex and not in_goals:
                    section = None
        lead = p.lead_of(block.text) or heading_lead
        if block.kind == "row" and block.header:
            lead_column = next((i for i, h in enumerate(block.header) if "牵头" in h), None)
            if lead_column is not None and lead_column < len(block.cells):
                lead = block.cells[lead_column].strip() or lead
        if in_results:
            continue  # a part that reviews last year (一、2022年工作回顾)
        if lead and p.only_lead(block.text):
            for target in last:  # “（…牵头）” on a line of its own after its paragraph
                target.lead = target.lead or lead
            continue
        found, goals = targets_in_block(block, year, section, lead)
        drafted += found
        last = found
        if in_goals or "目标" in block.text[:30]:
            qualitative += goals
    merged = merge(drafted)
    if known:
        for j, old in pair(list(known.values()), merged).items():
            adopt_known(merged[j], old)
    return merged, qualitative


def plan_year(blocks: Sequence[Block]) -> int:
    """The year a plan is for when not given: the year its text names most often."""
    years = Counter(int(y) for b in blocks for y in re.findall(r"(\d{4})年", b.text))
    return years.most_common(1)[0][0] if years else 0


def targets_in_block(
    block: Block, year: int, section: int | None, lead: str | None
) -> tuple[list[DraftTarget], list[Qualitative]]:
    """The targets of one block, and its sentences without a target (qualitative goals)."""
    text = p.fold(block.text)
    found: list[DraftTarget] = []
    qualitative: list[Qualitative] = []
    if block.kind == "row" and block.cells:
        # a table row: only its content cells hold targets (not its number, units or dates)
        cells = content_cells(block)
        spans = [(c + s, c + e) for c, end in cells for s, e in p.sentences(text[c:end])]
    else:
        spans = p.sentences(text)
    results_paragraph = bool(spans) and p.opens_results(text[spans[0][0] : spans[0][1]], year)
    for start, end in spans:
        sentence = text[start:end]
        if results_paragraph and p.names_this_year(sentence, year):
            results_paragraph = False
        if results_paragraph or p.is_results(sentence, year):
            continue
        in_sentence = targets_in_sentence(block, text, start, end, year)
        for target in in_sentence:
            target.section, target.lead = section, lead
        found += in_sentence
        if not in_sentence and not re.search(r"\d", sentence) and not p.heading_of(sentence):
            quote = block.text[start:end].strip()
            if quote and len(quote) >= 4:
                qualitative.append(Qualitative(quote, block.where))
    return found, qualitative


# Header words of the columns that hold no target: a number, units, dates, notes.
_OTHER_COLUMNS = ("序号", "编号", "牵头", "责任", "配合", "单位", "时限", "时间", "备注", "联系")


def content_cells(block: Block) -> list[tuple[int, int]]:
    """The spans in the row's text of the cells that may hold a target: those whose header
    names no number, unit, date or note column, and that are not a bare number."""
    spans: list[tuple[int, int]] = []
    at = 0
    for i, cell in enumerate(block.cells):
        cell = cell.strip()
        start = block.text.find(cell, at) if cell else -1
        if start < 0:
            continue
        at = start + len(cell)
        header = block.header[i] if i < len(block.header) else ""
        if any(word in header for word in _OTHER_COLUMNS) or re.fullmatch(r"[\d.()（）]+", cell):
            continue
        spans.append((start, at))
    return spans


def targets_in_sentence(
    block: Block, text: str, start: int, end: int, year: int
) -> list[DraftTarget]:
    """The targets and milestones of one sentence (clause by clause)."""
    found: list[DraftTarget] = []
    sentence = text[start:end]
    due, due_span = p.deadline_of(sentence, year)
    previous: DraftTarget | None = None
    for c_start, c_end in p.clauses(text, start, end):
        clause = text[c_start:c_end]
        before_sentence = text[start:c_start]
        items = p.quantities(clause)
        if not items:
            found += _without_number(block, text, c_start, c_end, start, year, due, due_span)
            continue
        cursor = 0
        for n, q in enumerate(items):
            if n + 1 < len(items) and _names_follow(clause[q.end : items[n + 1].start]):
                continue  # “24小时火灾扑灭率100%”: the first number is part of the name
            if p.incidental(clause[cursor : q.start], clause[q.end :]):
                cursor = q.end
                continue
            target = _target(block, text, c_start, clause, q, cursor, before_sentence)
            cursor = q.end
            if target is None:
                continue
            if not target.name:
                if previous is None:
                    continue
                target.name = previous.name
                target.reasons.append(p.REASON_NAME)
            if due is not None and due_span is not None and due_span[0] <= c_start - start:
                target.due = due
            times = p.per_period(clause)
            if times > 1 and target.target is not None and target.measure == "cumulative":
                target.target *= times  # 每季度…1次: 4 a year
                target.name = re.sub(r"^(?:每季度|每季|每月)", "", target.name)
                target.frequency = "quarterly" if times == 4 else "monthly"
            if _is_stretch(previous, target):
                assert previous is not None
                previous.stretch = target.target
                previous.sources += target.sources
                continue
            for name in _split_pair(target.name, clause):
                # a fresh target per name (its own lists of sources and reasons)
                one = replace(
                    target, name=name, sources=list(target.sources), reasons=list(target.reasons)
                )
                found.append(one)
                previous = one
    return found


def _target(
    block: Block,
    text: str,
    c_start: int,
    clause: str,
    q: p.Quantity,
    cursor: int,
    before_sentence: str,
) -> DraftTarget | None:
    before = clause[cursor : q.start]
    after = clause[q.end :]
    if re.match(r"\s*[-~～—至到]\s*\d", after):
        reasons = [p.REASON_RANGE]  # 15%-20%: the lower bound
        after = re.sub(r"^\s*[-~～—至到]\s*\d+(?:\.\d+)?\S*?(?=[\u4e00-\u9fff]|$)", "", after)
    else:
        reasons = [q.reason] if q.reason else []
    name = p.clean_name(before + (after if _names_follow(after) else ""))
    stripped = before.rstrip()
    measure, fallback = p.measure_of(
        name, q.unit, stripped[: len(stripped) - len(q.before)], q.before
    )
    if measure == "growth" and not name.endswith(("增长", "增速", "增幅", "下降")):
        name = p.clean_name(before)
    value = q.value
    direction = q.direction
    if measure == "growth" and stripped[: len(stripped) - len(q.before)].endswith(
        ("下降", "减少", "降低")
    ):
        value, direction = -value, "at_most"  # 下降2.5%: a growth of -2.5% or less
    if fallback:
        reasons.append(p.REASON_MEASURE)
    reasons.append(p.REASON_FREQUENCY)
    quote_start = c_start + _quote_start(clause)
    quote_end = c_start + q.end
    if _names_follow(after):
        quote_end = c_start + len(clause.rstrip())
    quote = block.text[quote_start:quote_end].strip()
    commitment = p.commitment_of(before_sentence + clause[: q.start])
    return DraftTarget(
        name=name,
        target=value,
        unit=_unit_as_written(q.unit),
        direction=direction,  # type: ignore[arg-type]
        measure=measure,  # type: ignore[arg-type]
        frequency=p.frequency_of(name + clause, measure),  # type: ignore[arg-type]
        sources=[Evidence(quote, block.where)],
        commitment=commitment,  # type: ignore[arg-type]
        reasons=reasons,
    )


def _quote_start(clause: str) -> int:
    """Where a quote begins: after a list number such as “1.” or “(3)”."""
    m = p._LEADING_NUMBER.match(clause)
    offset = m.end() if m else 0
    while offset < len(clause) and clause[offset] in " *":
        offset += 1
    return offset


def _names_follow(after: str) -> bool:
    """Whether the words after a number belong to the name (“储备21个地方政府专项债券项目”)."""
    return bool(re.match(r"\s*[\u4e00-\u9fff“]", after))


def _unit_as_written(unit: str) -> str:
    return unit[1:] if unit in ("个工作日", "个百分点") else unit


def _without_number(
    block: Block,
    text: str,
    c_start: int,
    c_end: int,
    s_start: int,
    year: int,
    due: str | None,
    due_span: tuple[int, int] | None,
) -> list[DraftTarget]:
    """A clause without a number: a milestone (dated, or 争取…开工 / 完成… by the year's end),
    a target of none (杜绝…事故) or a fall (事故起数和死亡人数持续下降); else nothing."""
    milestone = _milestone(block, text, c_start, c_end, s_start, year, due, due_span)
    if milestone is not None:
        return [milestone]
    clause = text[c_start:c_end]
    quote = block.text[c_start + _quote_start(clause) : c_end].strip()
    commitment = p.commitment_of(text[s_start:c_end])
    zero = p.zero_target(clause)
    if zero is not None:
        what, unit, measure = zero
        return [
            DraftTarget(
                name=name,
                target=Decimal(0),
                unit=unit,
                direction="at_most",
                measure=measure,  # type: ignore[arg-type]
                frequency="monthly",
                sources=[Evidence(quote, block.where)],
                commitment=commitment,  # type: ignore[arg-type]
                reasons=[p.REASON_FREQUENCY],
            )
            for name in p.split_counts(what)
        ]
    opens = not text[s_start:c_start].strip() or "计划" in text[s_start:c_start]
    name = p.undated_milestone(clause, opens)
    if name is not None and due is None:
        return [_milestone_target(name, quote, block, f"{year:04d}-12", [p.REASON_DUE], clause)]
    return []


def _milestone(
    block: Block,
    text: str,
    c_start: int,
    c_end: int,
    s_start: int,
    year: int,
    due: str | None,
    due_span: tuple[int, int] | None,
) -> DraftTarget | None:
    clause = text[c_start:c_end]
    if due is None or due_span is None or re.search(r"\d", _drop_dates(clause)):
        if any(word in clause for word in ("破零", "零的突破", "“零”的突破")):
            name = p.clean_name(clause)
            quote = block.text[c_start + _quote_start(clause) : c_end].strip()
            return _milestone_target(name, quote, block, f"{year:04d}-12", [p.REASON_DUE], clause)
        return None
    if due_span[1] + s_start > c_end:
        return None  # the deadline comes after this clause
    title = p.milestone_name(_drop_dates(clause))
    if not title or len(title) < 4:
        return None
    quote = block.text[c_start + _quote_start(clause) : c_end].strip()
    return _milestone_target(title, quote, block, due, [], clause)


def _milestone_target(
    name: str, quote: str, block: Block, due: str, reasons: list[str], clause: str
) -> DraftTarget:
    return DraftTarget(
        name=name,
        target=None,
        unit=None,
        direction="at_least",
        measure="milestone",
        frequency="annual" if re.search(r"先进|奖", name) else "monthly",
        sources=[Evidence(quote, block.where)],
        commitment=p.commitment_of(clause),  # type: ignore[arg-type]
        due=due,
        reasons=[*reasons, p.REASON_FREQUENCY],
    )


def _drop_dates(clause: str) -> str:
    return re.sub(
        r"(?:\d{4}年)?(?:年底|年末|年内|\d{1,2}月(?:\d{1,2}日)?(?:底|末)?)(?:前|之前|以前)?|\d{4}年",
        "",
        clause,
    )


def _is_stretch(previous: DraftTarget | None, target: DraftTarget) -> bool:
    """确保X、力争Y for one indicator: Y is X's stretch value."""
    return (
        previous is not None
        and previous.commitment == "确保"
        and target.commitment == "力争"
        and previous.unit == target.unit
        and (p.name_key(target.name) in ("", "增长") or target.name == previous.name)
    )


def _split_pair(name: str, clause: str) -> list[str]:
    """“A和B均达到100%” / “A和B标准分别…”: one target for A and one for B."""
    if "和" in name and ("均" in clause or "分别" in clause):
        first, _, second = name.partition("和")
        if first and second:
            return [first, second]
    return [name]


def _amount(target: DraftTarget) -> tuple[Decimal | None, str]:
    """The value in base units and its base (15亿 and 150000万元 are the same amount)."""
    if target.target is None:
        return None, ""
    unit = parse_unit(target.unit)
    return target.target * unit.factor, unit.base


# Names this alike, with the same amount, in another paragraph: one target restated.
MERGE_SIMILARITY = 0.6


def merge(drafted: list[DraftTarget]) -> list[DraftTarget]:
    """One target per indicator: a target restated (same amount, direction, and the same name
    or one name ending the other, as 粮食产量 / 产量) adds its source to the first statement."""
    merged: list[DraftTarget] = []
    keys: list[str] = []  # the kept targets' name keys, computed once
    for target in drafted:
        key, amount = p.name_key(target.name), _amount(target)
        for i, (kept, kept_key) in enumerate(zip(merged, keys, strict=True)):
            if _amount(kept) != amount or kept.direction != target.direction:
                continue
            if kept.measure != target.measure and target.measure != "milestone":
                continue
            same_name = (
                key == kept_key
                or (
                    min(len(key), len(kept_key)) >= 2
                    and (key.endswith(kept_key) or kept_key.endswith(key))
                )
                or (
                    target.measure != "milestone"
                    and target.target != 0
                    and target.sources[0].where not in {s.where for s in kept.sources}
                    and p.similar(key, kept_key) >= MERGE_SIMILARITY
                )
            )
            if same_name:
                kept.sources += [s for s in target.sources if s not in kept.sources]
                if len(target.name) > len(kept.name) and target.measure == kept.measure:
                    kept.name, keys[i] = target.name, key
                kept.commitment = kept.commitment or target.commitment
                kept.stretch = kept.stretch or target.stretch
                kept.lead = kept.lead or target.lead
                kept.due = kept.due or target.due
                break
        else:
            merged.append(target)
            keys.append(key)
    return merged


def adopt_known(target: DraftTarget, old: Target) -> None:
    """A target that is a known target (:func:`liuzhang.extract.matching.pair`) takes its id,
    measure, frequency, unit and lead, and those are no longer guesses."""
    target.id = old.id
    target.measure = old.measure  # type: ignore[assignment]
    target.frequency = old.frequency  # type: ignore[assignment]
    if old.unit and target.target is not None and old.unit != target.unit:
        try:
            target.target = convert(target.target, target.unit, old.unit)
            if target.stretch is not None:
                target.stretch = convert(target.stretch, target.unit, old.unit)
            target.unit = old.unit
        except QuantityError:
            pass  # a different base: keep the plan's own unit
    target.lead = old.lead or target.lead
    target.reasons = [r for r in target.reasons if r not in (p.REASON_MEASURE, p.REASON_FREQUENCY)]
