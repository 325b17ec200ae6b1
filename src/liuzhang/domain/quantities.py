"""Numbers as units write them: full-width forms, signs, separators, 万/亿, and units.

Values become :class:`~decimal.Decimal` (never float). A quantity is converted to a target's
unit only when both share a base unit (元, 吨, 亩, %, …); magnitudes (万 = 10⁴, 亿 = 10⁸) are
folded in. Anything else is refused, never guessed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from liuzhang.domain.problems import LiuzhangError

MAGNITUDES: dict[str, Decimal] = {
    "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}

# Spellings of the same base unit -> one canonical spelling.
BASE_SYNONYMS: dict[str, str] = {
    "km": "公里",
    "千米": "公里",
    "ug/m3": "μg/m³",
    "μg/m3": "μg/m³",
    "µg/m³": "μg/m³",
    "µg/m3": "μg/m³",
    "微克/立方米": "μg/m³",
    "毫克/升": "mg/L",
    "mg/l": "mg/L",
    "平方米": "m²",
    "m2": "m²",
    "立方米": "m³",
    "m3": "m³",
    "个百分点": "%",
    "百分点": "%",
    "pct": "%",
}

# Units whose values are rates: compared in points, never scaled by 万/亿.
RATE_UNITS = ("%", "‰")
_NEGATIVE_WORDS = ("下降", "减少", "回落", "负")
_POSITIVE_WORDS = ("增长", "增加", "上升", "提高")
_PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?\Z")
_NUMBER = re.compile(r"([+-]?)(\d+(?:\.\d+)?|\.\d+)(.*)\Z", re.S)
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?:\D|\Z))")


class QuantityError(LiuzhangError):
    """A value or unit that cannot be read or converted."""


@dataclass(frozen=True)
class Unit:
    """A unit split into its magnitude factor and base, e.g. 亿元 -> (10⁸, 元)."""

    factor: Decimal
    base: str
    text: str


def normalize_text(text: str) -> str:
    """NFKC (full-width digits, ％, ，) with the minus sign and spaces made plain."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("−", "-").replace("–", "-").replace("—", "-").strip()


@functools.lru_cache(maxsize=1024)
def parse_unit(text: str | None) -> Unit:
    """Split a unit such as ``万元``, ``亿元``, ``万吨``, ``%``, ``万`` into factor and base."""
    raw = normalize_text(text or "").replace(" ", "")
    rest = raw
    factor = Decimal(1)
    # A spelling that is itself a unit (千米 = km) is not split into a magnitude and a rest.
    whole = raw in BASE_SYNONYMS or raw.lower() in BASE_SYNONYMS
    for prefix, value in MAGNITUDES.items():
        if not whole and rest.startswith(prefix):
            factor, rest = value, rest[len(prefix) :]
            break
    if rest == "‰":
        base = "‰"
    elif rest == "%":
        base = "%"
    else:
        base = BASE_SYNONYMS.get(rest, BASE_SYNONYMS.get(rest.lower(), rest))
    return Unit(factor, base, raw)


def convert(amount: Decimal, source: str | None, target: str | None) -> Decimal:
    """``amount`` in unit ``source`` expressed in unit ``target``.

    No source unit means the value is already in the target's unit; a bare magnitude (万, 亿)
    takes the target's base. Different bases are refused with ``unit_mismatch``.
    """
    if not normalize_text(source or ""):
        return amount  # no unit given: the value is in the target's unit
    src, dst = parse_unit(source), parse_unit(target)
    if src.base and dst.base != src.base:
        raise QuantityError("unit_mismatch", unit=src.text, target=dst.text or "—")
    return amount * src.factor / dst.factor


@dataclass(frozen=True)
class Reading:
    """A number read from a cell, with the unit text that followed it (may be empty)."""

    amount: Decimal
    unit: str


def parse_number(text: str) -> Reading:
    """Read ``７.５％``, ``1,200``, ``-9.4%``, ``负1.2亿``, ``下降9.4%``, ``3000万元``.

    Raises :class:`QuantityError` (``value_malformed``) when no number can be read.
    """
    if _PLAIN.match(text):  # the common case in large files: 12, -3.5
        return Reading(Decimal(text), "")
    cleaned = normalize_text(text).strip()
    if re.search(r"\d\s+\d", cleaned):
        raise QuantityError("value_malformed", value=text)  # “12 34” is not 1234
    cleaned = re.sub(r"\s+", "", cleaned)
    if not cleaned:
        raise QuantityError("value_empty")
    sign = 1
    for word in _NEGATIVE_WORDS:
        if cleaned.startswith(word):
            sign, cleaned = -1, cleaned[len(word) :]
            break
    else:
        for word in _POSITIVE_WORDS:
            if cleaned.startswith(word):
                cleaned = cleaned[len(word) :]
                break
    cleaned = _THOUSANDS.sub("", cleaned)
    match = _NUMBER.match(cleaned)
    if match is None:
        raise QuantityError("value_malformed", value=text)
    sign_char, digits, unit = match.groups()
    if sign_char == "-":
        sign = -sign
    try:
        amount = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
        raise QuantityError("value_malformed", value=text) from None
    unit = unit.strip()
    if unit and not _is_unit_text(unit):
        raise QuantityError("value_malformed", value=text)
    return Reading(sign * amount, unit)


def _is_unit_text(text: str) -> bool:
    """A unit suffix has no digits (but m2, m3) and no sentence punctuation."""
    return not re.search(r"[\d,;:!?()\[\]<>=]", re.sub(r"(?<=[a-zA-Z])[23]", "", text))


def to_target_unit(text: str, unit_column: str | None, target_unit: str | None) -> Decimal:
    """A cell (and an optional unit column) converted to the target's unit.

    The cell may carry a magnitude (``1.2亿``) or a whole unit (``3000万元``); with a separate
    unit column as well they must agree: ``8.2亿`` with unit ``元`` is fine, ``8.2亿元`` with
    unit ``万元`` is refused as ``unit_conflict``.
    """
    reading = parse_number(text)
    if not reading.unit and not unit_column:
        return reading.amount  # a bare number is in the target's unit
    column = normalize_text(unit_column or "").replace(" ", "")
    in_cell = parse_unit(reading.unit)
    if reading.unit and column:
        in_column = parse_unit(column)
        if in_cell.base and in_cell.base != in_column.base:
            raise QuantityError("unit_conflict", cell=reading.unit, column=column)
        if in_cell.base and in_cell.factor != in_column.factor:
            raise QuantityError("unit_conflict", cell=reading.unit, column=column)
        if not in_cell.base and in_column.factor != Decimal(1):
            raise QuantityError("unit_conflict", cell=reading.unit, column=column)
        source = reading.unit if in_cell.base else reading.unit + in_column.base
    else:
        source = reading.unit or column
    return convert(reading.amount, source, target_unit)


def canonical_text(value: Decimal) -> str:
    """A number as plain text, without exponent or trailing zeros (``1.50`` → ``1.5``)."""
    return format(value.normalize(), "f")


def json_number(value: Decimal | None, places: int | None = None) -> int | float | None:
    """A Decimal as a JSON number (int when whole), rounded to ``places`` decimals if given."""
    if value is None:
        return None
    if places is not None:
        try:
            value = value.quantize(Decimal(1).scaleb(-places)).normalize()
        except ArithmeticError:  # beyond the context's precision: show it as it is
            return float(value)
    return int(value) if value == value.to_integral_value() else float(value)


LIMIT = Decimal(10) ** 15  # a thousand trillion: no plan number comes near it


def check_range(value: Decimal, shown: str | None = None) -> Decimal:
    """Refuse absurd magnitudes (``value_out_of_range``) before they reach the arithmetic."""
    if not value.is_finite() or abs(value) >= LIMIT:
        raise QuantityError("value_out_of_range", value=shown or format(value, "E"))
    return value
