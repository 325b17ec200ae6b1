"""The text of a new plan's files (``liuzhang init``): an empty plan, or next year's plan made
from last year's.

Last year's files are edited, not re-dumped: each change is an :class:`Edit` at a position the
YAML loader reports (:mod:`liuzhang.plandata.yamlsafe`), so that the analyst's comments, order
and layout survive. Every transform checks its own result: the edited text, loaded again, must
give exactly the data intended (else :class:`NewPlanError`). Nothing here touches the disk.
"""

from __future__ import annotations

import calendar
import copy
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from liuzhang.domain.plan import PlanKey
from liuzhang.domain.problems import LiuzhangError
from liuzhang.plandata.yamlsafe import Loaded, loads

# The files of a plan, in the order init writes them (the keys of plandata.schema.FILES).
KINDS = ("plan", "targets", "tasks", "units")
SCHEMA_PREFIX = "# yaml-language-server: $schema="
_SCHEMA_LINE = re.compile(r"#\s*yaml-language-server:\s*\$schema=(\S+)\s*")
# The comment init puts below the schema line of each file it copies (replaced, not stacked,
# when a copied plan is copied again).
_INIT_NOTE = "# 由 liuzhang init "
# An ISO date (YYYY-MM, YYYY-MM-DD) or a year written the Chinese way (2023年).
_DATE = re.compile(r"(?<!\d)(\d{4})(?:-(\d{2})(?:-(\d{2}))?(?!\d)|(?=年))")
# Where the dates of each file are: (list key, item field[, sub-list field]).
DATE_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "targets": (("due",),),
    "tasks": (("deadline",), ("checkpoints", "date")),
}
# The words of the items that may name the plan's year (reported, never changed).
WORD_FIELDS: dict[str, tuple[str, ...]] = {
    "targets": ("name", "note"),
    "tasks": ("title", "text", "note"),
}
# plan.yaml fields whose year moves on with the plan (titles), and those a new document
# replaces: commented out with a note to fill them in.
TITLE_FIELDS = ("title", "title_en", "name", "name_en")
TO_FILL = ("document", "issued")
TO_CONFIRM = ("issuer",)
REVIEW_FLAG = "needs_review"
# A target's id in last year's plan: a copy keeps the ids, so it has nothing left to map.
PREVIOUS_ID = "previous_id"


class NewPlanError(LiuzhangError):
    """A file init cannot edit safely (``init_edit_unsupported``: ``line``, ``field``)."""


@dataclass(frozen=True)
class Edit:
    """Replace ``length`` characters at ``line``:``column`` (both 1-based) by ``text``."""

    line: int
    column: int
    length: int
    text: str


@dataclass
class Copied:
    """A file of next year's plan: its text and what changed."""

    text: str
    dates: int = 0  # dates moved on
    reviewed: int = 0  # items marked needs_review
    mentions: list[str] = field(default_factory=list)  # ids whose words name the old year
    cleared: list[str] = field(default_factory=list)  # plan.yaml fields left to fill in


# -- pure rules -----------------------------------------------------------------------------------


def shift_dates(text: str, years: int) -> str:
    """``text`` with every date in it ``years`` later: ``2023-12`` -> ``2024-12``,
    ``2023-06-30`` -> ``2024-06-30``, ``2023年6月底`` -> ``2024年6月底``; a day the new month
    lacks becomes its last day (``2024-02-29`` -> ``2025-02-28``). Other text is unchanged."""

    def moved(match: re.Match[str]) -> str:
        year = int(match.group(1)) + years
        month, day = match.group(2), match.group(3)
        if month is None:
            return str(year)
        if day is None:
            return f"{year:04d}-{month}"
        if not 1 <= int(month) <= 12:
            return f"{year:04d}-{month}-{day}"
        last = calendar.monthrange(year, int(month))[1]
        return f"{year:04d}-{month}-{min(int(day), last):02d}"

    return _DATE.sub(moved, text)


def replace_year(text: str, old: int, new: int) -> str:
    """``text`` with the year ``old`` (as a number of its own) written as ``new``."""
    return re.sub(rf"(?<!\d){old}(?!\d)", str(new), text)


def mentions_year(text: str, year: int) -> bool:
    return re.search(rf"(?<!\d){year}(?!\d)", text) is not None


def folder_name(text: str) -> str:
    """A folder name made of an area and a year (``南县-2023``): path separators and the
    characters Windows forbids become ``_``."""
    return re.sub(r'[\\/:*?"<>|\x00-\x1f]', "_", text).strip(" .") or "_"


def valid_folder_name(name: str) -> bool:
    """Whether ``--folder`` names one sub-folder of the data directory."""
    return bool(name.strip()) and name not in (".", "..") and folder_name(name) == name


@dataclass(frozen=True)
class Folders:
    """Where a new plan goes (``new``), and where the plan at the root moves first (``moved``,
    None when there is none)."""

    new: str
    moved: str | None


def plan_folders(
    at_root: PlanKey | None, areas: set[str], key: PlanKey, chosen: str | None
) -> Folders:
    """The folder names for the new plan ``key`` (``chosen`` by ``--folder``, else its year, or
    ``<area>-<year>`` when the workspace holds, or will hold, several areas) and for the plan
    ``at_root`` of the data directory, which moves into a folder of its own (named the same
    way)."""
    several = len(areas | {key.area}) > 1

    def name_of(plan: PlanKey) -> str:
        return folder_name(f"{plan.area}-{plan.year}") if several else str(plan.year)

    return Folders(chosen or name_of(key), name_of(at_root) if at_root is not None else None)


def schema_line(target: str) -> str:
    """The first line that points editors at the JSON Schema ``target`` (a relative path)."""
    return SCHEMA_PREFIX + target


def with_schema_line(text: str, target: str) -> str:
    """``text`` whose first line points at ``target``: the schema line replaced (unless it
    points at a URL) or added."""
    newline = _newline(text)
    first, sep, rest = text.partition("\n")
    match = _SCHEMA_LINE.fullmatch(first.rstrip("\r"))
    if match is None:
        return schema_line(target) + newline + text
    if "://" in match.group(1):
        return text
    return schema_line(target) + (newline if sep else "") + rest


def with_note(text: str, note: str) -> str:
    """``text`` with the comment ``note`` (one line, starting with ``# 由 liuzhang init``) below
    its schema line, in place of an earlier such note."""
    newline = _newline(text)
    lines = text.split("\n")
    at = 1 if lines and _SCHEMA_LINE.fullmatch(lines[0].rstrip("\r")) else 0
    cr = "\r" if newline == "\r\n" else ""
    if at < len(lines) and lines[at].startswith(_INIT_NOTE):
        lines[at] = note + cr
    else:
        lines.insert(at, note + cr)
    return "\n".join(lines)


def schema_text(kind: str) -> str:
    """The published JSON Schema of ``kind`` as a file (``liuzhang schema --out`` and init)."""
    from liuzhang.plandata.schema import json_schema

    return json.dumps(json_schema(kind), ensure_ascii=False, indent=2, default=str) + "\n"


# -- edits ---------------------------------------------------------------------------------------


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with the edits made (right to left on each line, so that positions hold)."""
    lines = text.split("\n")
    for edit in sorted(edits, key=lambda e: (e.line, e.column), reverse=True):
        line = lines[edit.line - 1]
        end = len(line) - 1 if line.endswith("\r") else len(line)
        start = edit.column - 1
        if start + edit.length > end:
            raise ValueError(f"edit beyond line {edit.line}")
        lines[edit.line - 1] = line[:start] + edit.text + line[start + edit.length :]
    return "\n".join(lines)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _line(text_lines: list[str], number: int) -> str:
    return text_lines[number - 1].rstrip("\r")


def _scalar_length(line: str, column: int, value: Any) -> int | None:
    """Characters the one-line scalar ``value`` takes at ``column`` (None when it is written
    over several lines, as a block scalar, or not as expected)."""
    rest = line[column - 1 :]
    if rest[:1] in ('"', "'"):
        quote, index = rest[0], 1
        while index < len(rest):
            char = rest[index]
            if quote == '"' and char == "\\":
                index += 2
                continue
            if char == quote:
                if quote == "'" and rest[index + 1 : index + 2] == "'":
                    index += 2
                    continue
                length = index + 1
                break
            index += 1
        else:
            return None
    else:
        plain = str(value).lower() if isinstance(value, bool) else str(value)
        if not rest.startswith(plain) or rest[:1] in ("|", ">"):
            return None
        length = len(plain)
        after = rest[length : length + 1]
        if after not in ("", " ", "\t", ",", "}", "]"):
            return None
    try:
        same = loads(rest[:length]).data == value
    except LiuzhangError:
        return None
    return length if same else None


def _scalar_text(value: Any, like: str) -> str:
    """``value`` as a YAML scalar in the style of ``like`` (the text it replaces)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if like.startswith("'"):
        return "'" + text.replace("'", "''") + "'"
    if like.startswith('"') or loads(text).data != text:
        return json.dumps(text, ensure_ascii=False)
    return text


class _Editor:
    """Edits of one file, by path in its data."""

    def __init__(self, text: str, display: str) -> None:
        self.text = text
        self.display = display
        self.loaded: Loaded = loads(text)
        self.lines = text.split("\n")
        self.newline = _newline(text)
        self.edits: list[Edit] = []

    def unsupported(self, path: tuple[str | int, ...]) -> NewPlanError:
        line, _ = self.loaded.position(path)
        field_name = ".".join(str(p) for p in path)
        code = "init_edit_unsupported"
        return NewPlanError(code, path=self.display, line=line, field=field_name)

    def scalar(self, path: tuple[str | int, ...], old: Any) -> tuple[int, int, int]:
        """Line, column and length of the one-line scalar at ``path``."""
        line, column = self.loaded.position(path)
        length = _scalar_length(_line(self.lines, line), column, old)
        if length is None:
            raise self.unsupported(path)
        return line, column, length

    def replace(self, path: tuple[str | int, ...], old: Any, new: Any) -> None:
        line, column, length = self.scalar(path, old)
        like = _line(self.lines, line)[column - 1 : column - 1 + length]
        self.edits.append(Edit(line, column, length, _scalar_text(new, like)))

    def add_key(
        self, path: tuple[str | int, ...], item: dict[str, Any], key: str, text: str
    ) -> None:
        """Add ``key: text`` to the mapping ``item`` at ``path``: below its first entry when that
        fits on its line, else before it (``- key: text`` then the first entry)."""
        line, column = self.loaded.position(path)
        source = _line(self.lines, line)
        if source[column - 1 : column] == "{":
            separator = ", " if item else ""
            self.edits.append(Edit(line, column + 1, 0, f"{key}: {text}{separator}"))
            return
        indent = " " * (column - 1)
        first = next(iter(item), None)
        if first is not None and not isinstance(item[first], dict | list):
            value_line, value_column = self.loaded.position((*path, first))
            fits = value_line == line and (
                _scalar_length(source, value_column, item[first]) is not None
            )
            if fits:
                end = len(source)
                self.edits.append(Edit(line, end + 1, 0, f"{self.newline}{indent}{key}: {text}"))
                return
        self.edits.append(Edit(line, column, 0, f"{key}: {text}{self.newline}{indent}"))

    def drop(self, path: tuple[str | int, ...], value: Any, note: str) -> bool:
        """Take the one-line entry at ``path`` out: commented out, followed by ``note``, when it
        has its line to itself (True); else its value made null (False)."""
        line, column = self.loaded.key_position(path)
        value_line, value_column = self.loaded.position(path)
        source = _line(self.lines, line)
        length = None
        if value_line == line and not isinstance(value, dict | list):
            length = _scalar_length(source, value_column, value)
        if length is None:
            raise self.unsupported(path)
        rest = source[value_column - 1 + length :].strip()
        if not source[: column - 1].strip() and (not rest or rest.startswith("#")):
            indent, entry = source[: column - 1], source[column - 1 :]
            self.edits.append(Edit(line, 1, len(source), f"{indent}# {entry}  # {note}"))
            return True
        self.edits.append(Edit(line, value_column, length, "null"))
        return False

    def add_comment(self, key: str, note: str) -> None:
        """``  # note`` at the end of the top-level one-line entry ``key`` (if it has none)."""
        value = self.loaded.data[key]
        line, column = self.loaded.position((key,))
        source = _line(self.lines, line)
        length = _scalar_length(source, column, value)
        if length is not None and not source[column - 1 + length :].strip():
            self.edits.append(Edit(line, len(source) + 1, 0, f"  # {note}"))

    def result(self, expected: Any) -> str:
        """The edited text, checked: loaded again, it gives ``expected``."""
        text = apply_edits(self.text, self.edits)
        if loads(text).data != expected:  # a bug, never the user's data
            raise AssertionError(f"init edited {self.display} wrongly")
        return text


# -- next year's plan ----------------------------------------------------------------------------


def next_year_plan(text: str, display: str, from_year: int, year: int) -> Copied:
    """plan.yaml of ``year`` from that of ``from_year``: the year and the titles moved on, the
    document number and issue date commented out to be filled in, the issuer marked to check."""
    editor = _Editor(text, display)
    data = editor.loaded.data
    expected = copy.deepcopy(data)
    editor.replace(("year",), data["year"], year)
    expected["year"] = year
    for key in TITLE_FIELDS:
        value = data.get(key)
        if isinstance(value, str) and mentions_year(value, from_year):
            expected[key] = replace_year(value, from_year, year)
            editor.replace((key,), value, expected[key])
    cleared = []
    for key in TO_FILL:
        if data.get(key) is not None:
            fill = f"待填：{year}年方案的{_FIELD_WORDS[key]}，填好后删去行首的“# ”"
            _drop(editor, expected, (key,), data[key], fill)
            cleared.append(key)
    for key in TO_CONFIRM:
        if data.get(key) is not None:
            editor.add_comment(key, f"待确认：{year}年方案的{_FIELD_WORDS[key]}")
    what = (
        "年度与标题中的年份"
        if any(expected.get(k) != data.get(k) for k in TITLE_FIELDS)
        else "年度"
    )
    note = f"{_INIT_NOTE}据 {from_year} 年方案生成：{what}已改为 {year} 年，文号、印发日期待填。"
    return Copied(with_note(editor.result(expected), note), cleared=cleared)


_FIELD_WORDS = {"document": "文号", "issued": "印发日期", "issuer": "印发机关"}


def next_year_items(kind: str, text: str, display: str, from_year: int, year: int) -> Copied:
    """targets.yaml or tasks.yaml of ``year`` from that of ``from_year``: dates moved on, every
    item marked ``needs_review: true``; values, words and sources (quotes of last year's
    document) as they were."""
    editor = _Editor(text, display)
    data = editor.loaded.data
    expected = copy.deepcopy(data)
    years = year - from_year
    out = Copied("")
    items = data.get(kind) if isinstance(data, dict) else None
    for index, item in enumerate(items or []):
        if not isinstance(item, dict):
            continue
        path: tuple[str | int, ...] = (kind, index)
        want = expected[kind][index]
        for where in DATE_FIELDS.get(kind, ()):
            for sub_path, value in _dates(item, where):
                moved = shift_dates(value, years)
                if moved != value:
                    editor.replace((*path, *sub_path), value, moved)
                    _set(want, sub_path, moved)
                    out.dates += 1
        if item.get(PREVIOUS_ID) is not None:  # the ids are last year's: nothing to map
            note = f"不再需要：本方案的编号与 {from_year} 年方案相同"
            _drop(editor, want, (*path, PREVIOUS_ID), item[PREVIOUS_ID], note)
        words = [item.get(key) for key in WORD_FIELDS.get(kind, ())]
        words += [c.get("what") for c in item.get("checkpoints") or [] if isinstance(c, dict)]
        if any(isinstance(w, str) and mentions_year(w, from_year) for w in words):
            out.mentions.append(str(item.get("id")))
        if REVIEW_FLAG in item:
            if item[REVIEW_FLAG] is not True:
                editor.replace((*path, REVIEW_FLAG), item[REVIEW_FLAG], True)
        else:
            editor.add_key(path, item, REVIEW_FLAG, "true")
        want[REVIEW_FLAG] = True
        out.reviewed += 1
    note = (
        f"{_INIT_NOTE}据 {from_year} 年方案生成：日期已顺延，各项标记 needs_review: true"
        "（待复核），核对后删除该行。"
    )
    out.text = with_note(editor.result(expected), note)
    return out


def _drop(
    editor: _Editor, expected: dict[str, Any], path: tuple[str | int, ...], value: Any, note: str
) -> None:
    """:meth:`_Editor.drop` the entry at ``path``, and the same in ``expected`` (the mapping
    that holds it): the key gone, or null."""
    if editor.drop(path, value, note):
        del expected[str(path[-1])]
    else:
        expected[str(path[-1])] = None


def _dates(item: dict[str, Any], where: tuple[str, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    """(path inside the item, text) of each date ``where`` names: ``(field,)`` or
    ``(list field, field of its entries)``."""
    if len(where) == 1:
        value = item.get(where[0])
        return [((where[0],), value)] if isinstance(value, str) else []
    outer, inner = where
    return [
        ((outer, j, inner), entry[inner])
        for j, entry in enumerate(item.get(outer) or [])
        if isinstance(entry, dict) and isinstance(entry.get(inner), str)
    ]


def _set(data: Any, path: tuple[str | int, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


# -- an empty plan -------------------------------------------------------------------------------


def default_title(area: str, year: int) -> str:
    return f"{area}{year}年工作方案"


def empty_plan(area: str, level: str, year: int, title: str) -> dict[str, str]:
    """The four files of an empty plan that validates (without their schema lines): plan.yaml
    with the identity given and every other field as a commented placeholder, and empty lists."""
    from liuzhang.plandata.indicators import catalogue_comment
    from liuzhang.plandata.schema import PlanFile

    def about(name: str) -> str:
        return PlanFile.model_fields[name].description or name

    def quoted(value: str) -> str:
        return json.dumps(value, ensure_ascii=False)

    plan = [
        "# 方案本身：地区、层级、年度、标题、文号、印发机关、调度机构和各部分。",
        "# 由 liuzhang init 生成：按方案原文修改；以“# 字段:”开头的行填好后删去行首的“# ”。",
        f"area: {quoted(area)}",
        f'# area_en: ""  # {about("area_en")}',
        f"# {about('level')}",
        f"level: {level}",
        f"year: {year}",
        f"title: {quoted(title)}",
        f'# title_en: ""  # {about("title_en")}',
    ]
    for name in ("name", "document", "issued", "issuer", "office"):
        plan.append(f'# {name}: ""  # {about(name)}')
    plan += [
        f"# {about('sections')}，如：",
        '#   - {number: 1, name: "……", short: "……", lead: "……"}',
        "sections: []",
    ]
    return {
        "plan": "\n".join(plan) + "\n",
        "targets": (
            "# 指标：每项写明编号、所属部分（battle）、名称、目标值、单位、方向、类型、频次、"
            "牵头单位和原文出处（sources）。\n"
            + "\n".join(catalogue_comment())
            + "\ntargets: []\n"
        ),
        "tasks": (
            "# 任务（措施）：每项写明编号、所属部分（battle）、标题、牵头单位、责任/配合单位和"
            "完成时限。\n"
            "tasks: []\n"
        ),
        "units": (
            "# 单位：规范名称、类别和原文中的其他写法（别名）；"
            "指标和任务的牵头、责任单位须在此列出。\n"
            "units: []\n"
        ),
    }
