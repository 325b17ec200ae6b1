"""Period forms and deadlines: months, days, and the ongoing (长期坚持) marker."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache

ONGOING = "ongoing"
_MONTH = re.compile(r"(\d{4})-(\d{2})\Z")
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")


@dataclass(frozen=True, order=True)
class Deadline:
    """A task deadline: a month (due by its last day), a day, or ongoing (never overdue)."""

    text: str
    end: date | None  # None for ongoing

    @property
    def ongoing(self) -> bool:
        return self.end is None


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str) -> date | None:
    """``YYYY-MM`` (its last day) or ``YYYY-MM-DD``; None when malformed."""
    m = _MONTH.match(text)
    try:
        if m:
            year, month = int(m.group(1)), int(m.group(2))
            return month_end(year, month) if 1 <= month <= 12 else None
        d = _DAY.match(text)
        if d:
            return date(int(d.group(1)), int(d.group(2)), int(d.group(3)))
    except ValueError:
        return None
    return None


def parse_deadline(text: str) -> Deadline | None:
    """Parse a deadline as written in tasks.yaml; None when malformed."""
    if text == ONGOING:
        return Deadline(text, None)
    end = parse_date(text)
    return Deadline(text, end) if end is not None else None


# --- Reporting periods (submissions) -------------------------------------------------------

DEKADS = ("上旬", "中旬", "下旬")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_HALVES = {"上半年": 1, "下半年": 2}


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period. ``end_month`` is the month whose end the value describes.

    Canonical texts: ``2023-06`` (month, year-to-date for growth and cumulative values),
    ``2023-06-上旬`` (a 旬 inside the month), ``2023-Q2``, ``2023-H1``, ``2023`` (the year).
    """

    year: int
    end_month: int
    kind: str  # month | dekad | quarter | half | year
    index: int  # month, quarter, half number; dekad 1-3; 0 for year
    text: str

    @property
    def end(self) -> date:
        if self.kind == "dekad" and self.index < 3:
            return date(self.year, self.end_month, 10 * self.index)
        return month_end(self.year, self.end_month)

    @property
    def start(self) -> date:
        """The first day of the span the text names (a month's value is still year to date)."""
        if self.kind == "dekad":
            return date(self.year, self.end_month, 10 * (self.index - 1) + 1)
        return date(self.year, self.end_month + 1 - _MONTHS_IN[self.kind], 1)

    @property
    def month_fraction(self) -> Decimal:
        """How far into the year the period reaches, in months (a 旬 is a third of a month)."""
        if self.kind == "dekad":
            return Decimal(self.end_month - 1) + Decimal(self.index) / 3
        return Decimal(self.end_month)

    @classmethod
    def parse(cls, text: str) -> Period | None:
        """The period a text names in any accepted form (see :func:`parse_period`)."""
        return parse_period(text)

    @classmethod
    def of(cls, kind: str, start: date | None, end: date) -> Period:
        """The period of a kind that ends on ``end`` (and starts on ``start``, when given), as
        the store keeps it; ValueError when the dates are not those of such a period."""
        year, month = end.year, end.month
        if kind == "dekad":
            dekad = {10: 1, 20: 2, month_end(year, month).day: 3}.get(end.day, 0)
            period = dekad_period(year, month, dekad) if dekad else None
        elif kind == "month":
            period = month_period(year, month)
        elif kind == "quarter" and month % 3 == 0:
            period = quarter_period(year, month // 3)
        elif kind == "half" and month % 6 == 0:
            period = half_period(year, month // 6)
        elif kind == "year" and month == 12:
            period = year_period(year)
        else:
            period = None
        if period is None or period.end != end or (start is not None and period.start != start):
            raise ValueError(f"no {kind} period runs from {start} to {end}")
        return period

    def previous(self) -> Period | None:
        """The period of the same kind just before, within the year (None for the first)."""
        if self.kind in ("month", "quarter", "half") and self.index > 1:
            return _BUILD[self.kind](self.year, self.index - 1)
        if self.kind == "dekad":
            if self.index > 1:
                return dekad_period(self.year, self.end_month, self.index - 1)
            return dekad_period(self.year, self.end_month - 1, 3) if self.end_month > 1 else None
        return None


_MONTHS_IN = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def month_period(year: int, month: int) -> Period:
    return Period(year, month, "month", month, f"{year}-{month:02d}")


def quarter_period(year: int, quarter: int) -> Period:
    return Period(year, quarter * 3, "quarter", quarter, f"{year}-Q{quarter}")


def year_period(year: int) -> Period:
    return Period(year, 12, "year", 0, f"{year}")


def half_period(year: int, half: int) -> Period:
    return Period(year, half * 6, "half", half, f"{year}-H{half}")


def dekad_period(year: int, month: int, dekad: int) -> Period:
    return Period(year, month, "dekad", dekad, f"{year}-{month:02d}-{DEKADS[dekad - 1]}")


_BUILD = {"month": month_period, "quarter": quarter_period, "half": half_period}


# The accepted spellings, as (pattern, kind); compiled on first use (start-up of every command).
_FORM_TEXTS: tuple[tuple[str, int, str], ...] = (
    (r"(\d{4})-(\d{1,2})\Z", 0, "month"),
    (r"(\d{4})[/.](\d{1,2})\Z", 0, "month"),
    (r"(\d{4})年(\d{1,2})月(?:份|末|底)?\Z", 0, "month"),
    (r"(\d{4})年1-(\d{1,2})月(?:份)?\Z", 0, "month"),
    (r"(\d{4})-(\d{1,2})-(上旬|中旬|下旬)\Z", 0, "dekad"),
    (r"(\d{4})年(\d{1,2})月(上旬|中旬|下旬)\Z", 0, "dekad"),
    (r"(\d{4})-?Q([1-4])\Z", re.I, "quarter"),
    (r"(\d{4})年第?([一二三四1-4])季度\Z", 0, "quarter"),
    (r"(\d{4})-?H([12])\Z", re.I, "half"),
    (r"(\d{4})年(上半年|下半年)\Z", 0, "half"),
    (r"(\d{4})年?(?:全年|年度)?\Z", 0, "year"),
)


@cache
def _forms() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(text, flags), kind) for text, flags, kind in _FORM_TEXTS]


def parse_period(text: str) -> Period | None:
    """Read a period in any accepted form; None when it is not one.

    Accepted: ``2023-06``, ``2023/6``, ``2023年6月``, ``2023年1-6月`` (year to date),
    ``2023-06-上旬``, ``2023年6月中旬``, ``2023-Q2``, ``2023年二季度``, ``2023-H1``,
    ``2023年上半年``, ``2023``, ``2023年``, ``2023年全年``.
    """
    import unicodedata

    cleaned = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    cleaned = cleaned.replace("—", "-").replace("–", "-").replace("~", "-").replace("至", "-")
    for pattern, kind in _forms():
        m = pattern.match(cleaned)
        if not m:
            continue
        year = int(m.group(1))
        if kind == "year":
            return year_period(year)
        part = m.group(2)
        if kind == "quarter":
            return quarter_period(year, _CN_DIGITS[part])
        if kind == "half":
            return half_period(year, _HALVES.get(part) or int(part))
        month = int(part)
        if not 1 <= month <= 12:
            return None
        if kind == "dekad":
            return dekad_period(year, month, DEKADS.index(m.group(3)) + 1)
        return month_period(year, month)
    return None
