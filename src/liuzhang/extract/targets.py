"""Finding this year's targets in a plan's blocks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from liuzhang.domain.model import Target
from liuzhang.extract.model import Block, DraftTarget, Qualitative


def find_targets(
    blocks: Sequence[Block], year: int | None = None, known: Mapping[str, Target] | None = None
) -> tuple[list[DraftTarget], list[Qualitative]]:
    """This year's targets (each with its evidence) and the qualitative goals to review.
    ``known``: last year's targets by id (measure and frequency are taken from a match)."""
    raise NotImplementedError  # the targets helper writes this
