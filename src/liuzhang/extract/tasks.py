"""Finding the tasks of a plan: numbered items with their units in brackets, and task tables
with 牵头单位 / 责任单位 / 完成时限 columns."""

from __future__ import annotations

from collections.abc import Sequence

from liuzhang.extract.model import Block, DraftTask


def find_tasks(blocks: Sequence[Block], year: int) -> list[DraftTask]:
    """Every task with its lead and responsible units (as written) and its deadline."""
    raise NotImplementedError  # the tasks helper writes this
