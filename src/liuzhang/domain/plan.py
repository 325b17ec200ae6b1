"""What the status rules need of a plan, as a protocol (``plandata.catalog.Catalog`` is one):
the domain depends on no loader."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from liuzhang.domain.model import Target, Task, Tolerance


class Plan(Protocol):
    """A validated plan: its year, tolerance, items, and the canonical units of an item."""

    @property
    def year(self) -> int: ...

    @property
    def tolerance(self) -> Tolerance: ...

    @property
    def targets(self) -> Mapping[str, Target]: ...

    @property
    def tasks(self) -> Mapping[str, Task]: ...

    def target_lead(self, target: Target) -> str: ...

    def task_units(self, task: Task, role: str) -> list[str]: ...
