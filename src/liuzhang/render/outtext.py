"""Text that leaves the tool: spreadsheet cells that cannot turn into formulas, terminal text
that cannot carry control codes, and numbers shown with enough digits to be told apart.

Pure functions without dependencies (no rich, no pandas): every writer uses the same rules.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# OWASP CSV injection: a cell starting with one of these is a formula in Excel, WPS or LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# A plain number (-3.5, +2, 7.5%, 1e-05) is data, even with a sign in front.
_PLAIN_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?%?")
# C0 and C1 control characters (ESC starts the ANSI codes), DEL, zero-width and bidirectional
# formatting characters (they hide or reorder text) and a stray byte-order mark.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")


def neutralize(text: str) -> str:
    """A spreadsheet cell that cannot run: text starting a formula gets a leading '.

    A plain number such as ``-3.5`` or ``7.5%`` stays as it is (it is data, not a formula).
    """
    if not text.startswith(FORMULA_START) or _PLAIN_NUMBER.fullmatch(text):
        return text
    return "'" + text


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep_newlines: bool = False) -> str:
    """Text safe for a terminal: control and invisible characters shown as ``\\x1b``, ``\\u202e``.

    An escape sequence in a file name or a cell can no longer colour, move or clear the screen;
    a zero-width space in an id shows where it is. ``keep_newlines`` keeps line feeds (for table
    cells that fold onto several lines).
    """
    if keep_newlines:
        return "\n".join(_INVISIBLE.sub(_escape, line) for line in text.split("\n"))
    return _INVISIBLE.sub(_escape, text)


def plan_number_text(value: int | float | None) -> str:
    """A number of the plan as the plan writes it (listings): exact, whole numbers from 10,000
    with thousands separators, “—” for none. Measured values use :func:`number_text`."""
    if value is None:
        return "—"
    return f"{value:,}" if isinstance(value, int) and abs(value) >= 10000 else str(value)


def number_text(value: Decimal | float | None, signed: bool = False) -> str:
    """A number for a table or a bulletin: thousands separated, “—” for none.

    Two decimals at most, except below 1, where two significant digits are kept
    (0.094, 0.004, 0.15): a value that is not zero never shows as 0, so a gap of 0.004 between
    0.094 and 0.09 is visible. Halves round up, as official statistics do.
    """
    if value is None:
        return "—"
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return str(number)
    if number == 0:
        return "0"
    places = max(2, 1 - number.adjusted())
    try:
        rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # beyond the context's precision
        return format(number, "E")
    rounded = rounded.normalize()
    if rounded == rounded.to_integral_value():
        rounded = rounded.quantize(Decimal(1))
    text = f"{rounded:,f}"
    return f"+{text}" if signed and rounded > 0 else text
