"""Listings of the plan (targets, tasks, units) as plain records.

The CLI renders the same records as a table, JSON or CSV, so every format says the same thing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from liuzhang.domain.model import Target, Task
from liuzhang.domain.problems import LiuzhangError
from liuzhang.domain.quantities import json_number as number
from liuzhang.plandata.catalog import Catalog


class UnknownUnit(LiuzhangError):
    """A ``--unit`` filter that matches no unit; carries the closest spelling."""

    def __init__(self, name: str, suggestion: str | None) -> None:
        super().__init__("unknown_unit_option", name=name, suggestion=suggestion)
        self.name = name
        self.suggestion = suggestion


def resolve_unit_filter(catalog: Catalog, name: str | None) -> str | None:
    """The canonical name for a ``--unit`` option (any alias); raises :class:`UnknownUnit`."""
    if name is None:
        return None
    unit = catalog.registry.resolve(name)
    if unit is None:
        raise UnknownUnit(name, catalog.registry.suggest(name))
    return unit.name


def target_record(catalog: Catalog, target: Target) -> dict[str, Any]:
    """One target as a flat record (canonical unit names)."""
    pacing: Any = target.pacing
    if isinstance(pacing, dict):
        pacing = {str(k): number(v) for k, v in sorted(pacing.items())}
    return {
        "id": target.id,
        "battle": target.battle,
        "name": target.name,
        "target": number(target.target),
        "unit": target.unit,
        "direction": target.direction,
        "measure": target.measure,
        "frequency": target.frequency,
        "pacing": pacing,
        "commitment": target.commitment,
        "lead": catalog.target_lead(target),
        "task": target.task,
        "due": target.due,
        "source": target.sources[0].ref,
        "quote": target.sources[0].quote,
    }


def task_record(catalog: Catalog, task: Task) -> dict[str, Any]:
    """One task as a flat record (canonical unit names)."""
    return {
        "id": task.id,
        "battle": task.battle,
        "title": task.title,
        "lead": catalog.task_units(task, "lead"),
        "responsible": catalog.task_units(task, "responsible"),
        "supporting": catalog.task_units(task, "supporting"),
        "deadline": task.deadline,
        "deadline_stated": task.deadline_stated,
        "ref": task.ref,
        "group": task.group,
    }


def _involves(catalog: Catalog, names: list[str], unit: str) -> bool:
    """True when ``unit`` is among ``names`` directly or through a group it belongs to."""
    groups = set(catalog.registry.groups_of(unit))
    return any(n == unit or n in groups for n in names)


def targets(
    catalog: Catalog, battle: int | None = None, unit: str | None = None
) -> list[dict[str, Any]]:
    """Target records, filtered by battle and by lead unit (canonical name)."""
    out = []
    for target in catalog.targets.values():
        if battle is not None and target.battle != battle:
            continue
        if unit is not None and not _involves(catalog, [catalog.target_lead(target)], unit):
            continue
        out.append(target_record(catalog, target))
    return out


def tasks(
    catalog: Catalog, battle: int | None = None, unit: str | None = None
) -> list[dict[str, Any]]:
    """Task records, filtered by battle and by a unit in any role (directly or via a group)."""
    out = []
    for task in catalog.tasks.values():
        if battle is not None and task.battle != battle:
            continue
        record = task_record(catalog, task)
        if unit is not None and not _involves(
            catalog, record["lead"] + record["responsible"] + record["supporting"], unit
        ):
            continue
        out.append(record)
    return out


def units(catalog: Catalog, judgements: Iterable[Any] | None = None) -> list[dict[str, Any]]:
    """Each unit with how many targets and tasks it leads or shares; with ``judgements``
    (from :mod:`liuzhang.domain.tracking`) also the items it leads, counted by status."""
    led_targets: Counter[str] = Counter(catalog.target_lead(t) for t in catalog.targets.values())
    led_tasks: Counter[str] = Counter()
    shared_tasks: Counter[str] = Counter()
    for task in catalog.tasks.values():
        leads = catalog.task_units(task, "lead")
        led_tasks.update(leads)
        others = catalog.task_units(task, "responsible") + catalog.task_units(task, "supporting")
        shared_tasks.update(n for n in dict.fromkeys(others) if n not in leads)
    by_status: dict[str, Counter[str]] = {}
    for judgement in judgements or ():
        for lead in judgement.lead:
            by_status.setdefault(lead, Counter())[judgement.status] += 1
    out = []
    for unit in catalog.units.values():
        extra = {"status": dict(by_status.get(unit.name, {}))} if judgements is not None else {}
        out.append(
            {
                "name": unit.name,
                "kind": unit.kind,
                "parent": catalog.registry.canonical(unit.parent) if unit.parent else None,
                "aliases": list(unit.aliases),
                "members": [catalog.registry.canonical(m) for m in unit.members],
                "targets_lead": led_targets[unit.name],
                "tasks_lead": led_tasks[unit.name],
                "tasks_shared": shared_tasks[unit.name],
                **extra,
            }
        )
    return out
