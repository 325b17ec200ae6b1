"""Deadlines as plans write them, in the form tasks.yaml takes: ``2023-06`` (the month's end),
``2023-06-30`` (a day), ``2023-12`` (the year's end) or ``ongoing`` (长期坚持)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from liuzhang.domain.periods import ONGOING, parse_date

# Words of a deadline that never falls due (a deadline cell or label, never a sentence).
_ONGOING = re.compile(r"长期|持续|常态化|经常性|每年|逐年")
_YEAR_END = re.compile(r"年底|年末|年内|全年|年度内|本年度|今年")
_DAY = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_MONTH = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:份|底|末|中旬|下旬|上旬)?")
_QUARTER = re.compile(r"(?:(\d{4})年)?(?:第)?([一二三四1-4])季度")
_HALF = re.compile(r"(?:(\d{4})年)?(上|下)半年")
_YEAR = re.compile(r"(\d{4})年(?:底|末)?")
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}

# A dated step inside a sentence: “3月25日前完成…”, “2023年6月底前，…整改到位”.
_BEFORE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(?:(\d{1,2})日|底|末|份)?(?:之前|以前|前)")


def _month(year: int, month: int) -> str | None:
    return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None


def _day(year: int, month: int, day: int) -> str | None:
    text = f"{year:04d}-{month:02d}-{day:02d}"
    return text if parse_date(text) is not None else None


def _end(text: str) -> date:
    end = parse_date(text)
    return end if end is not None else date.max


def parse_deadline_text(text: str, year: int) -> str | None:
    """A deadline as a deadline cell or label writes it (完成时限), or None when it names none.

    The latest date wins (“6月底前启动，12月底前完成” -> 12); a month or day without a year is
    in the plan's ``year``; 年底/全年 is the year's end; 长期坚持/持续推进 is ongoing."""
    text = unicodedata.normalize("NFKC", text).replace(" ", "")
    found: list[str] = []
    for m in _DAY.finditer(text):
        value = _day(int(m.group(1) or year), int(m.group(2)), int(m.group(3)))
        found += [value] if value else []
    rest = _DAY.sub("", text)
    for m in _MONTH.finditer(rest):
        value = _month(int(m.group(1) or year), int(m.group(2)))
        found += [value] if value else []
    for m in _QUARTER.finditer(rest):
        found.append(f"{int(m.group(1) or year):04d}-{_QUARTERS[m.group(2)]:02d}")
    for m in _HALF.finditer(rest):
        found.append(f"{int(m.group(1) or year):04d}-{6 if m.group(2) == '上' else 12:02d}")
    if found:
        return max(found, key=_end)
    if _ONGOING.search(text):
        return ONGOING
    years = [int(m.group(1)) for m in _YEAR.finditer(text)]
    if years:
        return f"{max(years):04d}-12"
    if _YEAR_END.search(text):
        return f"{year:04d}-12"
    return None


def dated_steps(text: str, year: int) -> list[tuple[str, str]]:
    """The dated steps a sentence sets (“3月25日前完成抽查计划”): each date (YYYY-MM or
    YYYY-MM-DD) with its clause (up to the sentence's end or the next step), in order. Dates in
    an earlier year are history, not steps; 年底前 is no step of its own (it is the default
    deadline)."""
    text = text.translate(_WIDE_DIGITS)
    matches = list(_BEFORE.finditer(text))
    steps: list[tuple[str, str]] = []
    for k, m in enumerate(matches):
        when_year = int(m.group(1) or year)
        month = int(m.group(2))
        value = _day(when_year, month, int(m.group(3))) if m.group(3) else _month(when_year, month)
        if when_year < year or value is None:
            continue
        start = max(text.rfind(c, 0, m.start()) for c in "。；;") + 1
        if k:
            start = max(start, matches[k - 1].end())
            while start < m.start() and text[start] not in "，,":
                start += 1
        limit = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        ends = [i for i in (text.find(c, m.end(), limit) for c in "。；;") if i >= 0]
        what = text[start : min(ends) if ends else limit].strip("，, ")
        steps.append((value, what))
    return steps


def deadline_in_text(text: str, year: int) -> str | None:
    """The deadline a task's own sentences set: the latest dated step, or None."""
    steps = dated_steps(text, year)
    return max((s[0] for s in steps), key=_end) if steps else None
