"""The terminal tables measure text as rich does (their own faster path must agree exactly)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from liuzhang.render.outtext import visible
from liuzhang.render.terminal import _cells, _plain


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("", 0),
        ("abc 1,234.5", 11),
        ("区住建局", 8),
        ("（万元）、≥", 11),
        ("PM2.5 μg/m³", 11),
        ("👍🏽", 2),  # a skin-tone modifier takes no cell
        ("❤️", 2),  # with variation selector 16: rich's rule
        ("👨‍👩‍👧", 2),  # joined by ZWJ: rich's rule
    ],
)
def test_width(text: str, width: int) -> None:
    assert _cells(text) == width == cell_len(text)


@given(st.text())
def test_width_is_rich_width(text: str) -> None:
    """Any text a cell may hold (made visible first) measures as rich measures it."""
    shown = visible(text)
    assert _cells(shown) == cell_len(shown)


@given(st.text())
def test_plain_cell_is_visible_text(text: str) -> None:
    """The fast path of a cell's text changes nothing: controls are still made visible."""
    assert _plain(text) == visible(text, keep_newlines=True)
