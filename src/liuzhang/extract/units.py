"""The units a draft names, resolved against a registry of known spellings."""

from __future__ import annotations

from collections.abc import Iterable

from liuzhang.extract.model import DraftUnit
from liuzhang.plandata.catalog import UnitRegistry


def resolve_units(
    names: Iterable[str], registry: UnitRegistry | None
) -> tuple[dict[str, str], list[DraftUnit]]:
    """Each spelling's canonical name, and the units of the draft (known ones with their
    registry entry's kind, new ones with their raw spelling; groups such as 各镇 as groups)."""
    raise NotImplementedError  # the tasks helper writes this
