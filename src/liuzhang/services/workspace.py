"""Use cases over the workspace's plans: start one (``init``), list them (``plans``).

``init`` never overwrites a file: it checks every path first, creates files exclusively, and
undoes what it did if a write fails. A data directory whose one plan sits at its root gets that
plan moved into a sub-folder first (a workspace holds one plan at its root or one per folder,
never both): its four YAML files and its ``source/`` folder move; anything else stays. The
store lives beside the data directory and does not move.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from liuzhang.domain.plan import PlanKey
from liuzhang.services import ServiceError, open_workspace, read_store

if TYPE_CHECKING:
    from liuzhang.domain.problems import Problem
    from liuzhang.plandata.newplan import Copied
    from liuzhang.plandata.workspace import Workspace
    from liuzhang.store import PlanSpan

# What belongs to a plan at the root besides its YAML files, and moves with it.
MOVES_WITH_PLAN = ("source",)


@dataclass(frozen=True)
class Moved:
    """The root plan moved into a folder of its own."""

    plan: PlanKey
    folder: Path
    names: list[str]  # the files and folders moved


@dataclass
class InitResult:
    """A plan written by ``init``, checked."""

    key: PlanKey
    folder: Path
    files: list[str]
    source: PlanKey | None = None  # the plan copied (None: an empty plan)
    moved: Moved | None = None
    schemas_written: Path | None = None  # the folder of JSON Schemas written for editors
    counts: dict[str, int] = field(default_factory=dict)  # targets, tasks, units (validated)
    dates: int = 0  # dates moved on
    review: dict[str, int] = field(default_factory=dict)  # items marked needs_review, by kind
    mentions: list[str] = field(default_factory=list)  # ids whose words name the old year
    cleared: list[str] = field(default_factory=list)  # plan.yaml fields to fill in
    problems: list[Problem] = field(default_factory=list)  # of the new plan, warnings included

    @property
    def errors(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")


def init_from(
    data_dir: Path, year: int, from_year: int, area: str | None, folder: str | None
) -> InitResult:
    """Next year's plan from last year's: copy the plan of ``from_year`` (of ``area``, else the
    workspace's only area) into a new folder for ``year`` (see :mod:`liuzhang.plandata.newplan`
    for what changes), then validate it."""
    from liuzhang.plandata import newplan
    from liuzhang.plandata.catalog import FILE_NAMES, load_catalog

    workspace = open_workspace(data_dir)
    if area is None:
        areas = workspace.areas()
        if len(areas) > 1:
            raise ServiceError("init_area_ambiguous", 2, choices="、".join(areas))
        area = areas[0]
    source = workspace.find(PlanKey(area, from_year))
    if source is None:
        raise ServiceError(
            "init_from_missing", 2, area=area, year=from_year, choices=workspace.choices()
        )
    key = PlanKey(area, year)
    _refuse_existing(workspace, key)
    _, report = load_catalog(source.folder)
    if not report.ok:
        error = ServiceError("init_from_invalid", 1, plan=str(source.key))
        error.problems = report.errors
        raise error
    copied: dict[str, Copied] = {}
    for kind, name in FILE_NAMES.items():
        path = source.folder / name
        text = path.read_text(encoding="utf-8-sig")
        try:
            if kind == "plan":
                copied[kind] = newplan.next_year_plan(text, str(path), from_year, year)
            elif kind in newplan.DATE_FIELDS:
                copied[kind] = newplan.next_year_items(kind, text, str(path), from_year, year)
            else:
                copied[kind] = newplan.Copied(text)
        except newplan.NewPlanError as exc:
            raise ServiceError(exc.code, 1, **exc.params) from None
    result = _write_plan(data_dir, workspace, key, {k: c.text for k, c in copied.items()}, folder)
    result.source = source.key
    result.dates = sum(c.dates for c in copied.values())
    result.review = {k: copied[k].reviewed for k in newplan.DATE_FIELDS}
    result.mentions = [i for k in newplan.DATE_FIELDS for i in copied[k].mentions]
    result.cleared = copied["plan"].cleared
    return result


def init_empty(
    data_dir: Path, area: str, year: int, level: str, title: str | None, folder: str | None
) -> InitResult:
    """An empty plan of ``area`` for ``year`` that validates (see
    :func:`liuzhang.plandata.newplan.empty_plan`)."""
    from liuzhang.plandata import newplan

    workspace = _existing_workspace(data_dir)
    key = PlanKey(area, year)
    if workspace is not None:
        _refuse_existing(workspace, key)
    texts = newplan.empty_plan(area, level, year, title or newplan.default_title(area, year))
    return _write_plan(data_dir, workspace, key, texts, folder)


def _existing_workspace(data_dir: Path) -> Workspace | None:
    """The workspace's plans, or None when the data directory is missing or holds none."""
    try:
        return open_workspace(data_dir)
    except ServiceError as exc:
        if exc.code in ("data_dir_missing", "workspace_empty"):
            return None
        raise


def _refuse_existing(workspace: Workspace, key: PlanKey) -> None:
    existing = workspace.find(key)
    if existing is not None:
        from liuzhang.plandata.workspace import PLAN_FILE

        raise ServiceError(
            "init_plan_exists", 1, plan=str(key), path=str(existing.folder / PLAN_FILE)
        )


def _write_plan(
    data_dir: Path,
    workspace: Workspace | None,
    key: PlanKey,
    texts: dict[str, str],
    folder: str | None,
) -> InitResult:
    """Write the plan ``texts`` (by kind) into its folder, the root plan moved first when there
    is one, with schema lines pointing at the editors' JSON Schemas; then validate it."""
    from liuzhang.plandata import newplan
    from liuzhang.plandata.catalog import FILE_NAMES, load_catalog

    if folder is not None and not newplan.valid_folder_name(folder):
        raise ServiceError("init_folder_name", 2, value=folder)
    plans = workspace.plans if workspace is not None else ()
    at_root = plans[0] if workspace is not None and not workspace.nested else None
    names = newplan.plan_folders(
        at_root.key if at_root else None, {p.area for p in plans}, key, folder
    )
    if names.new == names.moved:  # --folder names the folder the root plan moves into
        raise ServiceError("init_folder_name", 2, value=names.new)
    target = data_dir / names.new
    moved: Moved | None = None
    moves: list[tuple[Path, Path]] = []
    if at_root is not None and names.moved is not None:
        _refuse_plan_folder(data_dir)
        into = data_dir / names.moved
        entries = [n for n in (*FILE_NAMES.values(), *MOVES_WITH_PLAN) if (data_dir / n).exists()]
        moves = [(data_dir / n, into / n) for n in entries]
        moved = Moved(at_root.key, into, entries)
    writes = {target / FILE_NAMES[kind]: text for kind, text in texts.items()}
    for path in [*writes, *(dst for _, dst in moves)]:
        if path.exists():
            raise ServiceError("init_file_exists", 1, path=str(path))
    schemas, missing = _schemas(data_dir)
    changes = _Changes()
    try:
        if not data_dir.exists():
            changes.mkdir(data_dir)
        if missing:
            changes.mkdir(schemas)
            for kind in missing:
                changes.create(schemas / f"{kind}.schema.json", newplan.schema_text(kind))
        if moved is not None:
            _move_root(changes, moved, moves, schemas)
        changes.mkdir(target)
        for kind, text in texts.items():
            path = target / FILE_NAMES[kind]
            changes.create(path, newplan.with_schema_line(text, _schema_ref(schemas, kind, path)))
    except FileExistsError as exc:
        changes.rollback()
        raise ServiceError("init_file_exists", 1, path=str(exc.filename)) from None
    except OSError as exc:
        changes.rollback()
        raise ServiceError(
            "init_write_failed", 1, path=str(exc.filename), reason=exc.strerror
        ) from None
    catalog, report = load_catalog(target)
    return InitResult(
        key,
        target,
        [FILE_NAMES[kind] for kind in texts],
        moved=moved,
        schemas_written=schemas if missing else None,
        counts={
            "targets": len(catalog.targets),
            "tasks": len(catalog.tasks),
            "units": len(catalog.units),
        },
        problems=report.sorted(),
    )


def _move_root(
    changes: _Changes, moved: Moved, moves: list[tuple[Path, Path]], schemas: Path
) -> None:
    """Move the root plan's files into its folder, their schema lines pointed anew."""
    from liuzhang.plandata import newplan
    from liuzhang.plandata.catalog import FILE_NAMES

    changes.mkdir(moved.folder)
    for src, dst in moves:
        changes.move(src, dst)
    for kind, name in FILE_NAMES.items():
        path = moved.folder / name
        if name in moved.names:
            text = path.read_text(encoding="utf-8-sig")
            pointed = newplan.with_schema_line(text, _schema_ref(schemas, kind, path))
            if pointed != text:
                changes.rewrite(path, text, pointed)


def make_room(data_dir: Path, key: PlanKey) -> Moved | None:
    """Before another plan (``key``) is written into ``data_dir``: a plan at its root moved into
    a folder of its own, as :func:`init_from` does (a workspace holds one plan at its root or
    one per folder, never both); None when there is none to move."""
    from liuzhang.plandata import newplan
    from liuzhang.plandata.catalog import FILE_NAMES

    workspace = _existing_workspace(data_dir)
    if workspace is None or workspace.nested:
        return None
    at_root = workspace.plans[0]
    names = newplan.plan_folders(at_root.key, {at_root.area}, key, None)
    if names.moved is None:
        return None
    into = data_dir / names.moved
    entries = [n for n in (*FILE_NAMES.values(), *MOVES_WITH_PLAN) if (data_dir / n).exists()]
    moves = [(data_dir / n, into / n) for n in entries]
    for _, dst in moves:
        if dst.exists():
            raise ServiceError("init_file_exists", 1, path=str(dst))
    moved = Moved(at_root.key, into, entries)
    schemas, _missing = _schemas(data_dir)
    changes = _Changes()
    try:
        _move_root(changes, moved, moves, schemas)
    except OSError as exc:
        changes.rollback()
        raise ServiceError(
            "init_write_failed", 1, path=str(exc.filename), reason=exc.strerror
        ) from None
    return moved


def _refuse_plan_folder(data_dir: Path) -> None:
    """A data directory beside other plan folders is one plan of a workspace (``--data
    data/2023``): init would move its files into a folder inside it."""
    from liuzhang.plandata.workspace import is_plan_folder

    parent = data_dir.resolve().parent
    if any(p.is_dir() and is_plan_folder(p) for p in parent.iterdir() if p != data_dir.resolve()):
        raise ServiceError("init_data_is_a_plan", 2, path=str(data_dir), root=str(data_dir.parent))


def _schemas(data_dir: Path) -> tuple[Path, list[str]]:
    """The folder of JSON Schemas the plan files point editors at: ``schemas`` beside the data
    directory (the repository's layout) or inside it, whichever holds them; else the one inside,
    with the schemas it lacks (to be written)."""
    from liuzhang.plandata.newplan import KINDS

    for folder in (data_dir.parent / "schemas", data_dir / "schemas"):
        if (folder / "targets.schema.json").is_file():
            return folder, []
    folder = data_dir / "schemas"
    return folder, [k for k in KINDS if not (folder / f"{k}.schema.json").exists()]


def _schema_ref(schemas: Path, kind: str, path: Path) -> str:
    """The relative path from the plan file ``path`` to the JSON Schema of ``kind``."""
    relative = os.path.relpath(schemas / f"{kind}.schema.json", path.parent)
    return relative.replace(os.sep, "/")


class _Changes:
    """Changes to files made one by one, undone in reverse order when one fails."""

    def __init__(self) -> None:
        self.undo: list[Callable[[], None]] = []

    def mkdir(self, path: Path) -> None:
        if path.is_dir():
            return
        path.mkdir()
        self.undo.append(path.rmdir)

    def create(self, path: Path, text: str) -> None:
        with path.open("x", encoding="utf-8", newline="") as handle:
            self.undo.append(path.unlink)
            handle.write(text)

    def move(self, source: Path, destination: Path) -> None:
        if destination.exists():
            raise FileExistsError(0, "exists", str(destination))
        os.rename(source, destination)
        self.undo.append(lambda: os.rename(destination, source))

    def rewrite(self, path: Path, old: str, new: str) -> None:
        path.write_text(new, encoding="utf-8", newline="")
        self.undo.append(lambda: _restore(path, old))

    def rollback(self) -> None:
        for step in reversed(self.undo):
            with contextlib.suppress(OSError):
                step()
        self.undo.clear()


def _restore(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="")


# -- the listing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    """One plan of the workspace (or of the store only): who it is, where, its size, its data."""

    folder: str | None  # the folder inside the data directory ("." at the root; None: store only)
    area: str | None  # None while its plan.yaml cannot be read
    year: int | None
    title: str | None
    targets: int | None
    tasks: int | None
    errors: int  # problems of its files (errors only)
    values: int  # current values stored
    first_period: str | None
    last_period: str | None


@dataclass
class Plans:
    """The listing, and what is wrong with the workspace as a whole (two plans claiming one
    area and year, a plan.yaml that cannot be read) without hiding the other plans."""

    rows: list[PlanRow]
    error: ServiceError | None = None

    @property
    def failing(self) -> list[PlanRow]:
        return [r for r in self.rows if r.errors]


def list_plans(data_dir: Path, db: str | None) -> Plans:
    """Every plan of the workspace with its counts and the span of its stored data (from
    ``Store.plans()``), sorted by area and year; a plan whose files do not validate is listed
    with its error count. Plans the store holds data of but the workspace lacks come last."""
    from liuzhang.plandata.catalog import load_catalog_cached
    from liuzhang.plandata.workspace import WorkspaceError, discover, plan_folders

    try:
        folders = plan_folders(data_dir)
    except WorkspaceError as exc:
        raise ServiceError(exc.code, exc.exit_code, **exc.params) from None
    error: ServiceError | None = None
    try:
        discover(data_dir)
    except WorkspaceError as exc:
        error = ServiceError(exc.code, exc.exit_code, **exc.params)
        error.problems = list(exc.problems)
    loaded = [(folder, *load_catalog_cached(folder)) for folder in folders]
    areas = {c.plan.area for _, c, _ in loaded if c.plan is not None}
    legacy = next(iter(areas)) if len(areas) == 1 else None
    spans = {s.plan: s for s in read_store(data_dir, db, lambda s: s.plans(), area=legacy)}
    rows = []
    for folder, catalog, report in loaded:
        info = catalog.plan
        span = spans.pop(info.key, None) if info is not None else None
        rows.append(
            PlanRow(
                "." if folder == data_dir else folder.name,
                info.area if info else None,
                info.year if info else None,
                info.title if info else None,
                len(catalog.targets),
                len(catalog.tasks),
                len(report.errors),
                *_span_fields(span),
            )
        )
    rows.sort(key=lambda r: (r.area is None, r.area or "", r.year or 0, r.folder or ""))
    for key in sorted(spans):
        rows.append(
            PlanRow(None, key.area, key.year, None, None, None, 0, *_span_fields(spans[key]))
        )
    return Plans(rows, error)


def _span_fields(span: PlanSpan | None) -> tuple[int, str | None, str | None]:
    if span is None:
        return 0, None, None
    return span.values, span.first_period, span.last_period
