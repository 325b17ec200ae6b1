"""Test workspaces of several plans, made from the shipped plan without ``liuzhang init``.

:func:`plan_copy` copies the shipped plan files into a folder, moved to another year (plan.yaml's
year, tasks' deadlines and checkpoint dates, targets' due dates) and/or another area, with any
further text edits; :func:`two_years` makes the workspace ``data/2023`` + ``data/2024`` that the
routing tests share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from conftest import DATA

PLAN_FILES = ("plan.yaml", "targets.yaml", "tasks.yaml", "units.yaml")
SHIPPED_YEAR = 2023
SHIPPED_AREA = "大通湖区"

# Edits: (file name, old text, new text), each old text present exactly once.
Edits = Iterable[tuple[str, str, str]]

# The 2024 plan of two_years(): new_urban_jobs is counted in 万人 (a unit the 2023 plan does not
# use), so that a value shows which plan's catalog checked it, and vocational_training is renamed
# skills_training (an id of one plan only).
JOBS_2023 = '    target: 1200\n    unit: "人"\n    direction: at_least\n    measure: cumulative'
JOBS_2024 = '    target: 0.13\n    unit: "万人"\n    direction: at_least\n    measure: cumulative'
EDITS_2024: list[tuple[str, str, str]] = [
    ("targets.yaml", JOBS_2023, JOBS_2024),
    ("targets.yaml", "  - id: vocational_training\n", "  - id: skills_training\n"),
]


def moved(text: str, name: str, year: int, area: str) -> str:
    """One plan file's text moved from the shipped year and area to ``year`` and ``area``."""
    if name == "plan.yaml":
        text = re.sub(rf"(?m)^year: {SHIPPED_YEAR}$", f"year: {year}", text)
        text = re.sub(rf'(?m)^area: "{SHIPPED_AREA}"$', f'area: "{area}"', text)
    return re.sub(rf'(\b(?:deadline|due|date): "){SHIPPED_YEAR}(?=-)', rf"\g<1>{year}", text)


def plan_copy(
    folder: Path, year: int = SHIPPED_YEAR, area: str = SHIPPED_AREA, edits: Edits = ()
) -> Path:
    """The shipped plan files in ``folder`` (made), moved to ``year`` and ``area``."""
    folder.mkdir(parents=True)
    texts = {
        name: moved((DATA / name).read_text(encoding="utf-8"), name, year, area)
        for name in PLAN_FILES
    }
    for name, old, new in edits:
        assert texts[name].count(old) == 1, (name, old)
        texts[name] = texts[name].replace(old, new)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def two_years(root: Path) -> Path:
    """``root/data`` holding the 2023 plan (as shipped) in ``2023/`` and a 2024 plan in
    ``2024/`` (see :data:`EDITS_2024`); the data directory."""
    data = root / "data"
    plan_copy(data / "2023")
    plan_copy(data / "2024", 2024, edits=EDITS_2024)
    return data
