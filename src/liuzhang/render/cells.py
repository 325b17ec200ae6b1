"""Table cells shared by the status, missing and show screens: numbers and coloured statuses."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from liuzhang.render.colors import STATUS_STYLES


def show_num(value: Decimal | None, signed: bool = False) -> str:
    """A number for a table cell (one rule for status, show and the bulletin)."""
    from liuzhang.render.outtext import number_text

    return number_text(value, signed)


def status_cell(status: str, lang: Any) -> Any:
    """A coloured status with its word (never colour alone)."""
    from liuzhang.i18n import word
    from liuzhang.render.terminal import Styled

    return Styled(word(status, lang), STATUS_STYLES.get(status, ""))
