"""Finding the tasks of a plan: numbered items with their units in brackets, and task tables
with 牵头单位 / 责任单位 / 完成时限 columns.

The outline: ``一、`` (level 1) > ``（一）`` (2) > ``1.`` (3) > ``（1）`` (4). An item with
deeper items under it is a heading (its unit bracket is their default lead); the others are
tasks, in the sections whose heading names tasks or measures (not 目标, 机制, 组织实施 …), or
anywhere when they carry a unit bracket. An item in the main text that summarises an attachment
(its title is the attachment's) is no task: its lead is the attachment's default lead.
A paragraph broken by a page break continues its item; so does a paragraph that is only a
unit bracket or a 牵头单位：/完成时限： label."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from liuzhang.extract.deadlines import deadline_in_text, parse_deadline_text
from liuzhang.extract.model import Block, DraftTask, Evidence

# Review reasons (message codes).
CODES = (
    "task_lead_inferred",
    "task_units_by_order",
    "task_deadline_in_text",
    "task_no_lead",
    "task_lead_first_listed",
)
LEAD_INFERRED, UNITS_BY_ORDER, DEADLINE_IN_TEXT, NO_LEAD, FIRST_LISTED = CODES

_CN = "一二三四五六七八九十百"
_MARKERS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"^\s*([{_CN}]+)\s*[、，,.．]\s*")),
    (2, re.compile(rf"^\s*[(（]\s*([{_CN}]+)\s*[)）]\s*")),
    (3, re.compile(r"^\s*(\d{1,3})\s*(?:[、．]|\.(?!\d))\s*")),
    (4, re.compile(r"^\s*[(（]\s*(\d{1,3})\s*[)）]\s*")),
    (4, re.compile(r"^\s*([\u2460-\u2473])\s*")),
)
_ATTACHMENT = re.compile(rf"^附\s*件\s*([\d{_CN}]+(?:\s*[-—－–]\s*\d+)?)\s*(?:[:：]\s*(.*))?$")
# Level-1 headings whose items are tasks, and those whose items are not.
_OTHER_SECTION = re.compile(
    r"目标|指导思想|原则|机制|组织|保障措施|要求|步骤|背景|形势|成效|回顾|意义|考核|督查"
)
_TASK_SECTION = re.compile(r"任务|措施|举措|重点工作|工作重点|主要工作|行动|项目")
# An item ends with these (not ；: a page break after a clause is common).
_ENDS = set("。！？!?）)”")
_BOLD = re.compile(r"\*\*|</?p>")

# -- unit brackets ---------------------------------------------------------------------------

_ROLE_WORDS = "牵头|负责|配合|参与|协助|协同|落实|实施"
_LEAD_LABEL = re.compile(r"^(?:牵头单位|牵头部门|主责单位|责任领导单位)$")
_OTHER_LABEL = re.compile(r"^(?:责任单位|责任部门|配合单位|协办单位|参与单位|协同单位|实施单位)$")
_DEADLINE_LABEL = re.compile(r"^(?:完成时限|完成时间|时间节点|时限要求|时限)$")
_LABEL = re.compile(
    r"(牵头单位|牵头部门|主责单位|责任单位|责任部门|配合单位|协办单位|参与单位|协同单位|实施单位"
    r"|完成时限|完成时间|时间节点|时限要求)\s*[:：]"
)
_ROLE = re.compile(rf"(.+?)(?:{_ROLE_WORDS})(?=$|[，,；;。])")
# What follows the names and is no part of them: 等 …, 依职责 …, 按职责分工 ….
_TAIL = re.compile(
    r"(?:等(?:单位|部门|区直相关单位|相关单位|有关单位|相关部门|有关部门)?"
    r"|依职责|按职责分工|按职责|分别|共同|具体)+$"
)
_GROUP_SUFFIX = re.compile(r"^(.+?(?:委|会|部|指挥部|小组))((?:相关|各)?成员单位)$")
_OPEN, _CLOSE = "(（", ")）"


@dataclass
class UnitClause:
    """What a unit bracket or a row's unit cells say: the lead and the other units, as written,
    and the deadline text if it names one."""

    lead: list[str] = field(default_factory=list)
    responsible: list[str] = field(default_factory=list)
    deadline: str | None = None
    has_lead: bool = False  # a 牵头 / 牵头单位 was written

    @property
    def empty(self) -> bool:
        return not (self.lead or self.responsible or self.deadline)


def split_units(text: str) -> list[str]:
    """A list of unit names as written (、，,；及), never split inside brackets or quotes; spaces
    dropped, 等 / 等单位 / 依职责 … at the end dropped; “X、Y相关成员单位” spread to each
    committee named before it."""
    names: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text + "、"):
        if ch in "(（“‘《":
            depth += 1
        elif ch in ")）”’》":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in "、，,；;及":
            names.append(text[start:i])
            start = i + 1
    cleaned = [_TAIL.sub("", re.sub(r"\s+", "", n)).strip("。.") for n in names]
    cleaned = [n for n in cleaned if n]
    out: list[str] = []
    for name in cleaned:
        m = _GROUP_SUFFIX.match(name)
        if m:
            run = 0
            while run < len(out) and re.search(r"(委|委会|会|指挥部|小组)$", out[-1 - run]):
                run += 1
            for k in range(len(out) - run, len(out)):
                out[k] += m.group(2)
        out.append(name)
    return list(dict.fromkeys(out))


def parse_units(content: str, year: int = 0) -> UnitClause | None:
    """A unit bracket's content: “X牵头，Y、Z等负责”, “牵头单位：X；责任单位：Y”, “X负责”,
    “X牵头，Y配合”; None when it names no units (a bracket of another kind)."""
    content = content.strip()
    clause = UnitClause()
    if _LABEL.search(content):
        parts = _LABEL.split(content)
        for label, value in zip(parts[1::2], parts[2::2], strict=False):
            value = value.strip().strip("；;，,。")
            if _DEADLINE_LABEL.match(label):
                clause.deadline = value or None
            elif _LEAD_LABEL.match(label):
                clause.lead += split_units(value)
                clause.has_lead = True
            elif _OTHER_LABEL.match(label):
                marked, others = cell_units(value)
                clause.lead += marked
                clause.has_lead = clause.has_lead or bool(marked)
                clause.responsible += others
        return None if clause.empty else clause
    pos = 0
    for m in _ROLE.finditer(content):
        if content[pos : m.start()].strip("，,；; "):
            return None  # words between the clauses: not a unit bracket
        names = split_units(m.group(1))
        role = content[m.end(1) : m.end()]
        if not names:
            return None
        if role.startswith("牵头"):
            clause.lead += names
            clause.has_lead = True
        else:
            clause.responsible += names
        pos = m.end()
    if pos == 0 or content[pos:].strip("，,；;。 "):
        return None
    return clause


def _brackets(text: str) -> list[tuple[int, int]]:
    """Spans (open, close+1) of the outermost brackets, either width, nested or not."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def unit_brackets(text: str) -> list[tuple[int, int, UnitClause]]:
    """The unit brackets of a text, with their spans."""
    out = []
    for a, b in _brackets(text):
        clause = parse_units(text[a + 1 : b - 1])
        if clause is not None:
            out.append((a, b, clause))
    return out


def _trailing_clause(text: str, body: int) -> list[tuple[int, int, UnitClause]]:
    """Units written without a bracket at the end of an item: “牵头单位：X；责任单位：Y” (on
    its own lines or not), or a last sentence “X牵头，Y配合。”."""
    m = _LABEL.search(text, body)
    if m:
        clause = parse_units(text[m.start() :])
        return [(m.start(), len(text), clause)] if clause else []
    stripped = text.rstrip("。 ")
    k = max(stripped.rfind(c, body) for c in "。；;")
    if k < 0:
        return []
    clause = parse_units(stripped[k + 1 :])
    return [(k + 1, len(text), clause)] if clause and clause.has_lead else []


def task_title(text: str) -> str:
    """The catalog's short title: the lead phrase before the first 。 (or ；/：), without the
    markup a web copy leaves."""
    text = _BOLD.sub("", text).strip()
    m = re.search(r"[。；;！？!?]", text)
    title = text[: m.start()] if m else text
    return title.strip(" ：:，,") or text[:40]


def marker(text: str) -> tuple[int, str, int] | None:
    """The outline level of a numbered item, its number as written and where its text starts."""
    for level, pattern in _MARKERS:
        m = pattern.match(text)
        if m and m.end() < len(text):
            return level, m.group(1), m.end()
    return None


# -- paragraphs into items ---------------------------------------------------------------------


@dataclass
class _Part:
    block: Block
    start: int  # offset of this piece in the joined text
    offset: int  # offset of the piece in its block's text


@dataclass
class _Item:
    level: int
    number: str
    body: int  # where the item's text starts in ``text``
    text: str
    parts: list[_Part]
    attachment: str
    section: str  # the level-1 heading above it
    path: list[str]  # markers of its parents and itself
    brackets: list[tuple[int, int, UnitClause]] = field(default_factory=list)
    parent: _Item | None = None
    children: int = 0

    def add(self, block: Block) -> None:
        self.parts.append(_Part(block, len(self.text), 0))
        self.text += block.text.strip()

    def evidence(self, a: int, b: int) -> list[Evidence]:
        """Quotes of the text span [a, b), one per block it crosses."""
        out: list[Evidence] = []
        for k, part in enumerate(self.parts):
            end = self.parts[k + 1].start if k + 1 < len(self.parts) else len(self.text)
            lo, hi = max(a, part.start), min(b, end)
            if lo >= hi:
                continue
            raw = part.block.text.strip()
            lead = len(part.block.text) - len(part.block.text.lstrip())
            quote = raw[lo - part.start : hi - part.start].strip()
            if quote and quote in part.block.text:
                out.append(Evidence(quote, part.block.where))
            elif raw:
                out.append(Evidence(part.block.text[lead:].strip(), part.block.where))
        return out


def _cells(block: Block) -> tuple[str, ...] | None:
    if block.kind == "row":
        return block.cells
    if "\t" in block.text:
        return tuple(c.strip() for c in block.text.split("\t"))
    return None


def _continues(item: _Item, block: Block) -> bool:
    text = block.text.strip()
    if marker(text) or _ATTACHMENT.match(text):
        return False
    if text[0] in _OPEN and unit_brackets(text) and unit_brackets(text)[0][0] == 0:
        return True
    if _LABEL.match(text):
        return True
    if item.level > 1 and item.text[-1] not in _ENDS:
        return True
    # a paragraph (broken off at a sentence's end) that ends with the item's unit bracket
    ends = unit_brackets(text)
    return (
        item.level > 1
        and bool(ends)
        and ends[-1][1] == len(text.rstrip("。 "))
        and not unit_brackets(item.text)
    )


def _ref(item_path: Sequence[str], attachment: str) -> str:
    parts: list[str] = []
    for m in item_path:
        parts.append(f"({m})" if not m.isdigit() or len(parts) >= 2 else m)
    body = "".join(parts)
    return f"{attachment} {body}".strip() if attachment else body


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


_TITLE_TAIL = re.compile(r"(?:工作方案|实施方案|行动方案|方案|工作任务清单|任务清单|清单)$")


def _attachment_titles(blocks: Sequence[Block]) -> dict[str, str]:
    titles: dict[str, str] = {}
    for k, block in enumerate(blocks):
        m = _ATTACHMENT.match(block.text.strip())
        if not m:
            continue
        label = re.sub(r"\s+", "", m.group(1)).translate(str.maketrans("—－–", "---"))
        title = (m.group(2) or "").strip()
        if not title and k + 1 < len(blocks):
            title = blocks[k + 1].text.strip()
        core = _TITLE_TAIL.sub("", title)
        if len(core) >= 4:
            titles.setdefault(label, core)
    return titles


class _Finder:
    def __init__(self, blocks: Sequence[Block], year: int) -> None:
        self.blocks = blocks
        self.year = year
        self.items: list[_Item] = []
        self.found: list[tuple[int, int, DraftTask]] = []
        self.deferred: list[Callable[[], None]] = []
        self.titles = _attachment_titles(blocks)
        self.default_lead: dict[str, list[str]] = {}
        self.section_of: dict[str, int] = {}

    # -- outline --
    def read(self) -> None:
        attachment, section = "", ""
        stack: list[_Item] = []
        current: _Item | None = None
        table = _Table(self)
        for block in self.blocks:
            text = block.text.strip()
            if not text:
                continue
            cells = _cells(block)
            if cells is None and table.continued_by(text):
                cells = (text,)  # a row with only its measure left (its empty cells lost)
            if cells is not None:
                current = None
                table.row(block, cells, attachment)
                continue
            table.end()
            m = _ATTACHMENT.match(text)
            if m:
                attachment = "附件" + re.sub(r"\s+", "", m.group(1)).translate(
                    str.maketrans("—－–", "---")
                )
                section, stack, current = "", [], None
                continue
            if current is not None and _continues(current, block):
                current.add(block)
                continue
            found = marker(text)
            if found is None:
                current = None
                continue
            level, number, body = found
            while stack and stack[-1].level >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            if level == 1:
                section = text[body:]
            item = _Item(
                level,
                number,
                body,
                "",
                [],
                attachment,
                section,
                [*(s.number for s in stack if s.level > 1), number] if level > 1 else [],
                parent=parent,
            )
            item.add(block)
            if parent is not None:
                parent.children += 1
            stack.append(item)
            self.items.append(item)
            current = item
        table.end()
        for item in self.items:
            item.brackets = unit_brackets(item.text)

    # -- summaries of attachments --
    def summaries(self) -> set[int]:
        skip: set[int] = set()
        for k, item in enumerate(self.items):
            if item.attachment or item.children or item.level < 2:
                continue
            head = re.split(r"[，,。；]", _BOLD.sub("", item.text[item.body :]), maxsplit=1)[0]
            for label, core in self.titles.items():
                if core in head or _similar(core, head[: len(core)]) >= 0.8:
                    leads = [n for _, _, c in item.brackets if c.has_lead for n in c.lead]
                    if leads:
                        self.default_lead.setdefault("附件" + label, leads)
                    number = _number(item.number)
                    if number is not None:
                        self.section_of.setdefault("附件" + label, number)
                    skip.add(k)
        return skip

    def attachment_lead(self, attachment: str) -> list[str]:
        while attachment:
            if attachment in self.default_lead:
                return self.default_lead[attachment]
            attachment = attachment.rsplit("-", 1)[0] if "-" in attachment else ""
        return []

    def attachment_section(self, attachment: str) -> int | None:
        base = attachment.split("-", 1)[0]
        return self.section_of.get(base)

    # -- items into tasks --
    def build(self) -> None:
        skip = self.summaries()
        for add in self.deferred:
            add()
        for k, item in enumerate(self.items):
            if k in skip or item.children or item.level < 2:
                continue
            other = bool(_OTHER_SECTION.search(item.section))
            in_tasks = not other and bool(_TASK_SECTION.search(item.section))
            inherited = self.inherited(item)
            units = bool(item.brackets or _trailing_clause(item.text, item.body))
            if other or not (in_tasks or units or inherited[0]):
                continue
            self.item_tasks(item, inherited)

    def inherited(self, item: _Item) -> tuple[list[str], bool]:
        """The lead an item takes when it names none: its nearest heading's (True), else the
        attachment's (False)."""
        node = item.parent
        while node is not None:
            for _, _, clause in unit_brackets(node.text):
                if clause.lead or clause.responsible:
                    return clause.lead or clause.responsible, True
            node = node.parent
        return self.attachment_lead(item.attachment), False

    def item_tasks(self, item: _Item, inherited: tuple[list[str], bool]) -> None:
        parent_lead, from_heading = inherited
        brackets = item.brackets or _trailing_clause(item.text, item.body)
        # brackets that name a lead of their own split the item into tasks; under a heading
        # that names the lead, “（X负责）” names the responsible units, else X leads
        leading = [x for x in brackets if x[2].has_lead or not from_heading]
        cuts: list[tuple[int, int, list[tuple[int, int, UnitClause]]]] = []
        if len(leading) > 1:
            start = item.body
            for n, (_, b, _) in enumerate(leading):
                end = b if n + 1 < len(leading) else len(item.text)
                cuts.append((start, end, [x for x in brackets if start <= x[0] < end]))
                start = b
        else:
            cuts.append((item.body, len(item.text), brackets))
        for a, b, inside in cuts:
            lead: list[str] = []
            responsible: list[str] = []
            deadline_text: str | None = None
            reasons: list[str] = []
            for _, _, clause in inside:
                if clause.has_lead:
                    lead += clause.lead
                    responsible += clause.responsible
                elif not from_heading and not lead:
                    # “（X负责）” alone: X leads; of several, the first listed
                    lead += clause.responsible[:1]
                    responsible += clause.responsible[1:]
                    reasons += [FIRST_LISTED] if len(clause.responsible) > 1 else []
                else:
                    responsible += clause.responsible
                deadline_text = clause.deadline or deadline_text
            if not lead:
                lead = list(parent_lead)
                reasons.append(LEAD_INFERRED if lead else NO_LEAD)
            body = _strip_brackets(item.text[a:b], [(x - a, y - a) for x, y, _ in inside])
            self.add(
                item_title=task_title(body),
                text=_clean(body),
                lead=lead,
                responsible=list(dict.fromkeys(responsible)),
                deadline_text=deadline_text,
                sources=item.evidence(a, b),
                ref=_ref(item.path, item.attachment),
                section=self.attachment_section(item.attachment),
                reasons=reasons,
                order=item.parts[0].block.index,
            )

    def add(
        self,
        item_title: str,
        text: str,
        lead: list[str],
        responsible: list[str],
        deadline_text: str | None,
        sources: list[Evidence],
        ref: str,
        section: int | None,
        reasons: list[str],
        order: int,
    ) -> None:
        deadline = parse_deadline_text(deadline_text, self.year) if deadline_text else None
        stated = deadline is not None
        if deadline is None:
            deadline = deadline_in_text(text, self.year)
            stated = deadline is not None
            if stated:
                reasons = [*reasons, DEADLINE_IN_TEXT]
        self.found.append(
            (
                order,
                len(self.found),
                DraftTask(
                    title=item_title,
                    text=text,
                    lead=list(dict.fromkeys(lead)),
                    responsible=responsible,
                    deadline=deadline or f"{self.year:04d}-12",
                    sources=sources,
                    deadline_stated=stated,
                    section=section,
                    ref=ref,
                    reasons=list(dict.fromkeys(reasons)),
                ),
            )
        )


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    digits = {c: i + 1 for i, c in enumerate("一二三四五六七八九")}
    if text in digits:
        return digits[text]
    if text.startswith("十"):
        return 10 + digits.get(text[1:], 0)
    return None


def _strip_brackets(text: str, spans: Sequence[tuple[int, int]]) -> str:
    for a, b in sorted(spans, reverse=True):
        if 0 <= a < b <= len(text):
            text = text[:a] + text[b:]
    return text


def _clean(text: str) -> str:
    text = _BOLD.sub("", text)
    m = marker(text)
    if m:
        text = text[m[2] :]
    return re.sub(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+", "", text).strip()


# -- task tables -------------------------------------------------------------------------------

_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"^(?:序号|编号|项次)$")),
    ("leader", re.compile(r"领导|负责人|联系人|备注")),  # people and notes, no units
    ("lead", re.compile(r"牵头|主责")),
    ("deadline", re.compile(r"时限|时间|节点|期限")),
    ("responsible", re.compile(r"责任|配合|协办|参与|协同|实施单位")),
    ("measure", re.compile(r"措施|举措|内容|具体任务|工作要求|目标任务|任务内容|主要工作")),
    ("task", re.compile(r"任务|事项|项目|工作")),
)


def table_columns(header: Sequence[str]) -> dict[str, int]:
    """Which column holds what: number, task, measure, lead, responsible, deadline (not the
    columns of people or notes); empty when the header is no task table's (no 牵头/责任
    column)."""
    columns: dict[str, int] = {}
    for i, cell in enumerate(header):
        name = re.sub(r"\s+", "", cell)
        for role, pattern in _COLUMNS:
            if role == "leader" and pattern.search(name):
                break
            if role not in columns and pattern.search(name):
                columns[role] = i
                break
    return columns if ("lead" in columns or "responsible" in columns) else {}


_SUB_ITEM = re.compile(r"[(（]\s*(\d{1,3})\s*[)）]")


def measures(cell: str) -> tuple[str, list[tuple[str, int, int]]]:
    """A measures cell split at its numbered sub-items (1) (2) …, numbered in sequence:
    the heading before the first one, and each item's number and span."""
    found: list[tuple[str, int]] = []
    expect: int | None = None
    for m in _SUB_ITEM.finditer(cell):
        number = int(m.group(1))
        before = cell[: m.start()].rstrip("<p>/ ")
        at_start = not before or before[-1] in "。；;：:>）)" or cell[m.start() - 1].isspace()
        if at_start and (expect is None or number == expect):
            found.append((m.group(1), m.start()))
            expect = number + 1
    if not found:
        return cell, []
    spans = [
        (num, start, found[k + 1][1] if k + 1 < len(found) else len(cell))
        for k, (num, start) in enumerate(found)
    ]
    return cell[: found[0][1]], spans


@dataclass
class _Row:
    """A row of a task table: its text cell split into numbered measures, its unit cells, and
    the unit rows below it that carry units only (one measure cell over several rows)."""

    block: Block
    units: dict[str, str]
    attachment: str
    text: str
    items: list[tuple[str, int, int]]
    number: str
    unit_rows: list[dict[str, str]] = field(default_factory=list)
    used: bool = False  # a heading row whose units a row below took


class _Table:
    """A task table read row by row (rows of a .docx/.pdf table, or tab-separated lines).

    Empty cells are merged cells: a row takes them from the heading row above it
    (“7. 科学谋划…” with its units), else, for the lead and deadline, from the row above. A
    heading row no row takes units from is a task of its own. A measures cell with several
    numbered measures is one task each; when rows with units only follow it, the measures take
    them in order, the last row the rest."""

    def __init__(self, finder: _Finder) -> None:
        self.finder = finder
        self.columns: dict[str, int] = {}
        self.above: dict[str, str] = {}  # the last non-empty cell of each unit column
        self.pending: _Row | None = None
        self.heading: _Row | None = None
        self.next_number = 0

    def continued_by(self, text: str) -> bool:
        """Whether a paragraph is the table's next numbered measure, on a line of its own."""
        m = _SUB_ITEM.match(text)
        return bool(self.columns) and m is not None and int(m.group(1)) == self.next_number

    def end(self) -> None:
        self.flush()
        self.close_heading()
        self.columns, self.above = {}, {}

    def close_heading(self) -> None:
        heading, self.heading = self.heading, None
        if heading is not None and not heading.used:
            self._task(heading, heading.text, "", dict(heading.units), [])

    def row(self, block: Block, cells: tuple[str, ...], attachment: str) -> None:
        if block.kind == "row" and block.header:
            columns = table_columns(block.header)
            if columns and columns != self.columns:
                self.end()
                self.columns = columns
        header = table_columns(cells)
        if header and all(len(re.sub(r"\s+", "", c)) <= 8 for c in cells):
            self.flush()
            if header != self.columns:
                self.end()
                self.columns = header
            return
        if not self.columns:
            return
        cells = _align(cells, self.columns)

        def cell(role: str) -> str:
            i = self.columns.get(role)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        units = {r: cell(r) for r in ("lead", "responsible", "deadline")}
        text = cell("measure") if "measure" in self.columns else cell("task")
        pending = self.pending
        if pending is not None and not cell("number") and (not text or text == pending.text):
            # units only, or the same measures cell again (a cell merged down the rows)
            if any(units.values()) and units != pending.units:
                pending.unit_rows.append(units)
            return
        if not text and not cell("number"):
            return
        _, items = measures(text)
        if items:
            self.next_number = int(items[-1][0]) + 1
        record = _Row(block, units, attachment, text, items, cell("number"))
        self.flush()
        if not items and "measure" in self.columns and marker(text) and _is_heading(text):
            self.close_heading()
            self.heading = record
            self._remember(units)
            return
        self.pending = record

    def _remember(self, units: dict[str, str]) -> None:
        for role, value in units.items():
            if value:
                self.above[role] = value

    def flush(self) -> None:
        record, self.pending = self.pending, None
        if record is None:
            return
        items = record.items or (
            [(record.number, 0, len(record.text))] if record.text.strip() else []
        )
        rows = [record.units, *record.unit_rows]
        for k, (number, a, b) in enumerate(items):
            reasons = [UNITS_BY_ORDER] if len(rows) > 1 else []
            units = self._fill(dict(rows[min(k, len(rows) - 1)]), reasons)
            self._task(record, record.text[a:b], number, units, reasons)
        self._remember(record.units)

    def _fill(self, units: dict[str, str], reasons: list[str]) -> dict[str, str]:
        heading = self.heading
        for role in ("lead", "responsible", "deadline"):
            if units[role]:
                continue
            if heading is not None and heading.units[role]:
                units[role] = heading.units[role]
                heading.used = True
            elif role != "responsible" and self.above.get(role):
                units[role] = self.above[role]
                if role == "lead":
                    reasons.append(LEAD_INFERRED)
        return units

    def _task(
        self, record: _Row, piece: str, number: str, units: dict[str, str], reasons: list[str]
    ) -> None:
        block = record.block
        body = _BOLD.sub("", piece).strip()
        sub = _SUB_ITEM.match(body)
        found = marker(body)
        if sub is not None:
            body = body[sub.end() :]
        elif found is not None:
            body = body[found[2] :]
        quote = _BOLD.sub("", piece).strip().strip("/ ")
        if quote not in block.text:
            quote = piece.strip() if piece.strip() in block.text else block.text
        lead, others = cell_units(units["lead"])
        if not lead:  # the lead column: its units lead unless some are marked as leading
            lead, others = others, []
        marked, responsible = cell_units(units["responsible"])
        responsible = others + responsible
        if not lead and marked:
            lead = marked
        elif not lead and responsible and "lead" not in self.columns:
            lead, responsible = responsible[:1], responsible[1:]
            reasons += [FIRST_LISTED] if responsible else []
        ref = f"{record.attachment} ({number})".strip() if number else record.attachment
        attachment = record.attachment
        finder = self.finder

        def add() -> None:
            """Added once the attachments' leads and sections are known (after the read)."""
            task_lead = lead or finder.attachment_lead(attachment)
            why = reasons if lead else [*reasons, LEAD_INFERRED if task_lead else NO_LEAD]
            finder.add(
                item_title=task_title(body),
                text=_clean(body),
                lead=task_lead,
                responsible=responsible,
                deadline_text=units["deadline"] or None,
                sources=[Evidence(quote, block.where)],
                ref=ref,
                section=finder.attachment_section(attachment),
                reasons=why,
                order=block.index,
            )

        finder.deferred.append(add)


_ROLE_TAIL = re.compile(rf"(?:{_ROLE_WORDS})$")
_MARKED_LEAD = re.compile(r"[(（]\s*牵头\s*[)）]")


def cell_units(text: str) -> tuple[list[str], list[str]]:
    """A unit cell: the units marked as leading (“X（牵头）、Y”, “X牵头，Y配合”) and the others."""
    lead: list[str] = []
    others: list[str] = []
    for name in split_units(_MARKED_LEAD.sub("牵头", text)):
        if name.endswith("牵头") and len(name) > 2:
            lead.append(name[:-2])
        else:
            bare = _ROLE_TAIL.sub("", name)
            others += [_TAIL.sub("", bare)] if bare else []
    return lead, others


def _align(cells: tuple[str, ...], columns: dict[str, int]) -> tuple[str, ...]:
    """A row that lost its empty cells at the ends (a tab-separated line stripped): its
    numbered measure back in the measures column, else its last cell in the last column."""
    width = max(columns.values()) + 1
    if len(cells) >= width:
        return cells
    text_column = columns.get("measure", columns.get("task", 0))
    for i, c in enumerate(cells):
        if _SUB_ITEM.match(c.strip()) and i <= text_column:
            return ("",) * (text_column - i) + cells
    return ("",) * (width - len(cells)) + cells


def _is_heading(text: str) -> bool:
    """A task heading cell (“7. 科学谋划实施…战略。”): one short sentence."""
    body = _BOLD.sub("", text).strip()
    return len(body) <= 40 and body.count("。") <= 1 and not body.rstrip("。").count("。")


def find_tasks(blocks: Sequence[Block], year: int) -> list[DraftTask]:
    """Every task with its lead and responsible units (as written) and its deadline."""
    finder = _Finder(blocks, year)
    finder.read()
    finder.build()
    return [task for _, _, task in sorted(finder.found, key=lambda f: (f[0], f[1]))]
