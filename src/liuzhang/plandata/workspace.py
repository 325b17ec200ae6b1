"""A workspace: the data directory with one plan at its root, or one plan per sub-folder.

Each plan is known by the area and year of its plan.yaml (:class:`PlanRef`); two plans claiming
the same area and year are an error, and so is a data directory with plan files at its root and
plan sub-folders beside them. :meth:`Workspace.choose` picks the plan a command works on (by
``--plan``, by the year of its period, else the newest). The heads of the plan.yaml files are kept
in a small cache keyed by their bytes, so that choosing a plan does not import the YAML parser.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liuzhang.domain.plan import PlanKey
from liuzhang.domain.problems import LiuzhangError, Problem
from liuzhang.plandata.cache import cache_dir, digest

PLAN_FILE = "plan.yaml"
# The files of a plan folder (a folder holding any of them is a plan folder).
PLAN_FILES = ("plan.yaml", "targets.yaml", "tasks.yaml", "units.yaml")
HEADS_FORMAT = 1


class WorkspaceError(LiuzhangError):
    """A data directory that cannot be used as it is, or a ``--plan`` that chooses no plan.

    ``exit_code``: 1 for bad data, 2 for a usage error; ``problems``: the plan.yaml errors
    behind a plan that cannot be identified."""

    def __init__(self, code: str, exit_code: int = 1, **params: object) -> None:
        super().__init__(code, **params)
        self.exit_code = exit_code
        self.problems: list[Problem] = []


@dataclass(frozen=True, slots=True)
class PlanRef:
    """One plan of the workspace: where it is and who it is."""

    folder: Path
    key: PlanKey
    title: str
    name: str  # the folder's name inside the workspace ("" for a plan at the root)

    @property
    def area(self) -> str:
        return self.key.area

    @property
    def year(self) -> int:
        return self.key.year


@dataclass(frozen=True)
class Workspace:
    """The plans of a data directory, sorted by area and year."""

    root: Path
    plans: tuple[PlanRef, ...]

    @property
    def nested(self) -> bool:
        """Whether the plans live in sub-folders (else one plan at the root)."""
        return bool(self.plans) and self.plans[0].name != ""

    def areas(self) -> list[str]:
        return sorted({p.area for p in self.plans})

    def find(self, key: PlanKey) -> PlanRef | None:
        """The plan of this area and year, if the workspace has it."""
        return next((p for p in self.plans if p.key == key), None)

    def previous(self, plan: PlanRef | PlanKey) -> PlanRef | None:
        """The plan of the same area for the year before, if any."""
        key = plan.key if isinstance(plan, PlanRef) else plan
        return self.find(PlanKey(key.area, key.year - 1))

    def choices(self, plans: tuple[PlanRef, ...] | list[PlanRef] | None = None) -> list[str]:
        """The plans as a user would name them (for error messages: joined in the message's
        language)."""
        return [str(p.key) for p in (self.plans if plans is None else plans)]

    def choose(self, selector: str | None = None, year: int | None = None) -> PlanRef:
        """The plan a command works on: the one ``selector`` names (``2024``, ``南县/2023``, a
        folder, or an area: its newest year), else the one of ``year`` (the year of the period
        or as-of the command was given), else the newest. A usage error lists the choices when
        none fits or several do."""
        if selector:
            found = self.select(selector)
            if year is not None and found.year != year:
                raise WorkspaceError(
                    "plan_year_mismatch", 2, plan=str(found.key), year=year, choices=self.choices()
                )
            return found
        if year is not None:
            of_year = [p for p in self.plans if p.year == year]
            if not of_year:
                raise WorkspaceError("plan_year_none", 2, year=year, choices=self.choices())
            return self._one(of_year, str(year))
        newest = max(p.year for p in self.plans)
        return self._one([p for p in self.plans if p.year == newest], str(newest))

    def select(self, selector: str) -> PlanRef:
        """The plan ``selector`` names (usage error when it names none, or several)."""
        text = selector.strip().strip("/\\")
        by_folder = [p for p in self.plans if p.name and p.name == text]
        if not by_folder:
            path = Path(selector)
            if path.is_dir():
                resolved = path.resolve()
                by_folder = [p for p in self.plans if p.folder.resolve() == resolved]
        if by_folder:
            return by_folder[0]
        area, _, year_text = text.rpartition("/")
        if year_text.isdigit():
            year = int(year_text)
            matches = [p for p in self.plans if p.year == year and (not area or p.area == area)]
        else:
            area_plans = [p for p in self.plans if p.area == text]
            newest = max((p.year for p in area_plans), default=None)
            matches = [p for p in area_plans if p.year == newest]
        if not matches:
            raise WorkspaceError("plan_not_found", 2, value=selector, choices=self.choices())
        return self._one(matches, selector)

    def area_of(self, selector: str | None) -> str:
        """The area a command that spans years (ingest) works on: the selected plan's, else the
        workspace's only area (usage error listing the areas when there are several)."""
        if selector:
            return self.select(selector).area
        areas = self.areas()
        if len(areas) > 1:
            raise WorkspaceError("plan_area_ambiguous", 2, choices=areas)
        return areas[0]

    def _one(self, matches: list[PlanRef], value: str) -> PlanRef:
        if len(matches) > 1:
            raise WorkspaceError("plan_ambiguous", 2, value=value, choices=self.choices(matches))
        return matches[0]


def is_plan_folder(folder: Path) -> bool:
    return any((folder / name).is_file() for name in PLAN_FILES)


def plan_folders(root: Path) -> list[Path]:
    """The plan folders of the data directory ``root``: itself, or its sub-folders holding plan
    files (``data_dir_missing``, ``workspace_mixed``, ``workspace_empty`` otherwise)."""
    if not root.is_dir():
        raise WorkspaceError("data_dir_missing", 2, path=str(root))
    at_root = [name for name in PLAN_FILES if (root / name).exists()]
    try:
        children = sorted(p for p in root.iterdir() if p.is_dir() and is_plan_folder(p))
    except OSError as exc:
        raise WorkspaceError("data_dir_missing", 2, path=str(root), reason=exc.strerror) from exc
    if at_root and children:
        raise WorkspaceError(
            "workspace_mixed",
            1,
            path=str(root),
            files=at_root,
            folders=[c.name for c in children],
        )
    folders = [root] if at_root else children
    if not folders:
        raise WorkspaceError("workspace_empty", 1, path=str(root))
    return folders


def discover(root: Path) -> Workspace:
    """The plans of the data directory ``root`` (see the module's docstring).

    Raises :class:`WorkspaceError`: those of :func:`plan_folders`, ``plan_yaml_missing``,
    ``plan_yaml_invalid`` (with the problems), ``plan_duplicate``.
    """
    folders = plan_folders(root)
    heads = _Heads(root)
    plans: list[PlanRef] = []
    for folder in folders:
        head = heads.get(folder)
        plans.append(
            PlanRef(folder, PlanKey(head["area"], head["year"]), head["title"], _name(root, folder))
        )
    heads.save()
    seen: dict[PlanKey, PlanRef] = {}
    for plan in plans:
        first = seen.setdefault(plan.key, plan)
        if first is not plan:
            raise WorkspaceError(
                "plan_duplicate",
                1,
                plan=str(plan.key),
                first=str(first.folder / PLAN_FILE),
                second=str(plan.folder / PLAN_FILE),
            )
    return Workspace(root, tuple(sorted(plans, key=lambda p: (p.area, p.year))))


def _name(root: Path, folder: Path) -> str:
    return "" if folder == root else folder.name


class _Heads:
    """area, year and title of each plan.yaml, cached by its bytes (no YAML parser when
    nothing changed)."""

    def __init__(self, root: Path) -> None:
        self.path: Path | None = None
        self.entries: dict[str, tuple[bytes, dict[str, Any]]] = {}
        self.dirty = False
        folder = cache_dir()
        if folder is None:
            return
        self.path = folder / f"plans-{digest(str(root.resolve()).encode())[:16]}.pickle"
        try:
            import pickle

            with self.path.open("rb") as handle:
                version, entries = pickle.load(handle)
            if version == HEADS_FORMAT and isinstance(entries, dict):
                self.entries = entries
        except Exception:
            pass

    def get(self, folder: Path) -> dict[str, Any]:
        path = folder / PLAN_FILE
        try:
            blob = path.read_bytes()
        except FileNotFoundError:
            raise WorkspaceError("plan_yaml_missing", 1, path=str(path)) from None
        except OSError as exc:
            raise WorkspaceError(
                "plan_yaml_invalid", 1, path=str(path), reason=exc.strerror
            ) from exc
        key = digest(blob).encode()
        cached = self.entries.get(str(folder))
        if cached is not None and cached[0] == key:
            return cached[1]
        head = _read_head(folder)
        self.entries[str(folder)] = (key, head)
        self.dirty = True
        return head

    def save(self) -> None:
        if not self.dirty or self.path is None:
            return
        import pickle

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_suffix(f".{os.getpid()}.tmp")
            with temporary.open("wb") as handle:
                pickle.dump((HEADS_FORMAT, self.entries), handle)
            os.replace(temporary, self.path)
        except OSError:
            pass


def _read_head(folder: Path) -> dict[str, Any]:
    """area, year and title from plan.yaml, validated as the catalog validates them."""
    from liuzhang.plandata.catalog import load_plan_file

    info, problems = load_plan_file(folder)
    if info is None:
        error = WorkspaceError("plan_yaml_invalid", 1, path=str(folder / PLAN_FILE), reason="")
        error.problems = problems
        raise error
    return {"area": info.area, "year": info.year, "title": info.title}
