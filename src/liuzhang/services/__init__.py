"""Use cases: load a plan, judge every item as of a month, the missing list (here); an item's
history (:mod:`.history`), the bulletin (:mod:`.bulletin`), ingest, the ingest log and revert
(:mod:`.intake`).

Each returns data or raises :class:`ServiceError` (a message code, its parameters and the exit
code the command should end with); nothing here prints. The commands in ``liuzhang.cli`` parse
options, call these, render the result and pick the exit code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, overload

from liuzhang.domain.problems import LiuzhangError

# The heavier modules are imported inside the functions that need them, and each use case beyond
# judging has its own module: every command imports this one (start-up speed).
if TYPE_CHECKING:
    from liuzhang.domain.lastyear import LastYear
    from liuzhang.domain.observations import StoredValue
    from liuzhang.domain.periods import Period
    from liuzhang.domain.problems import Problem
    from liuzhang.domain.tracking import Judgement, Reading
    from liuzhang.plandata.catalog import Catalog
    from liuzhang.plandata.workspace import PlanRef, Workspace
    from liuzhang.store import Store

_T = TypeVar("_T")


class ServiceError(LiuzhangError):
    """A use case that cannot go on: a message code with its parameters, the exit code (1: bad
    input, 2: usage) and the problems to show before the message (an invalid plan)."""

    def __init__(self, code: str, exit_code: int = 1, **params: object) -> None:
        super().__init__(code, **params)
        self.exit_code = exit_code
        self.problems: list[Problem] = []


# -- the plan ------------------------------------------------------------------------------------


def open_workspace(data_dir: Path) -> Workspace:
    """The plans of the data directory; a ServiceError when it cannot be used as it is."""
    from liuzhang.plandata.workspace import WorkspaceError, discover

    try:
        return discover(data_dir)
    except WorkspaceError as exc:
        raise workspace_failure(exc) from None


def plan_folders(data_dir: Path) -> list[Path]:
    """Every plan folder of the data directory, whether or not its plan.yaml can be read
    (``validate`` reports what is wrong in each); two plans of one area and year are an error."""
    from liuzhang.plandata.workspace import WorkspaceError, discover
    from liuzhang.plandata.workspace import plan_folders as folders_of

    try:
        folders = folders_of(data_dir)
        discover(data_dir)
    except WorkspaceError as exc:
        if exc.code not in ("plan_yaml_missing", "plan_yaml_invalid"):
            raise workspace_failure(exc) from None
    return folders


def workspace_failure(exc: Any) -> ServiceError:
    """A WorkspaceError as a ServiceError (same code, parameters, exit code and problems)."""
    error = ServiceError(exc.code, exc.exit_code, **exc.params)
    error.problems = list(exc.problems)
    return error


def select_plan(data_dir: Path, plan: str | None = None, year: int | None = None) -> PlanRef:
    """The plan a command works on: the one ``plan`` (``--plan``) names, else the plan of
    ``year``, else the newest (see :meth:`Workspace.choose`)."""
    return _choose(open_workspace(data_dir), plan, year)


def load_plan(data_dir: Path, plan: str | None = None, year: int | None = None) -> Catalog:
    """The catalog of the plan a command works on (:func:`select_plan`), cached; its problems
    in a ServiceError when it is not clean (listings and judgements need clean data)."""
    return load_plan_folder(select_plan(data_dir, plan, year).folder)


def load_plan_folder(folder: Path) -> Catalog:
    """The catalog of one plan folder (cached); a ServiceError with its problems when it is not
    clean."""
    from liuzhang.plandata.catalog import load_catalog_cached

    catalog, report = load_catalog_cached(folder)
    if not report.ok:
        error = ServiceError("validate_failed", 1, errors=len(report.errors))
        error.problems = report.sorted()
        raise error
    return catalog


def resolve_unit(catalog: Catalog, unit: str | None) -> str | None:
    """The canonical name of a ``--unit`` option (any alias); usage error when unknown."""
    if unit is None:
        return None  # without importing the listings (start-up speed)
    from liuzhang.views.plan import UnknownUnit, resolve_unit_filter

    try:
        return resolve_unit_filter(catalog, unit)
    except UnknownUnit as exc:
        raise ServiceError(
            "unknown_unit_option", 2, name=exc.name, suggestion=exc.suggestion
        ) from None


def resolve_battle(catalog: Catalog, battle: int | None) -> int | None:
    """A ``--battle`` option: one of the plan's battles, else a usage error."""
    numbers = catalog.battle_numbers()
    if battle is not None and battle not in numbers:
        raise ServiceError("unknown_battle_option", 2, value=battle, choices=numbers)
    return battle


# -- judging ---------------------------------------------------------------------------------------


@dataclass
class Judged:
    """Every item judged as of a month, with the readings judged (by item)."""

    catalog: Catalog
    as_of: int
    judgements: list[Judgement]
    readings: dict[str, list[Reading]]
    as_of_basis: str | None = None  # why the as-of month was chosen when none was given
    # 去年同期: per target id, last year's value for the same period (see domain.lastyear)
    last_year: dict[str, LastYear] = field(default_factory=dict)
    # Doubtful but usable: (message code, parameters) to show as warnings
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def parse_as_of(text: str | None) -> Period | None:
    """The month ``--as-of`` names, with its year (usage error when it is not a month)."""
    from liuzhang.domain.periods import parse_period

    if text is None:
        return None
    period = parse_period(text)
    if period is None or period.kind != "month":
        raise ServiceError("as_of_malformed", 2, value=text)
    return period


def as_of_month(text: str | None, catalog: Catalog) -> int | None:
    """The month of ``--as-of`` inside the plan's year (usage error when it is outside)."""
    period = parse_as_of(text)
    if period is None:
        return None
    if period.year != catalog.year:
        raise ServiceError("as_of_outside_plan", 2, value=text, plan=str(catalog.key))
    return period.end_month


def read_store(
    data_dir: Path, db: str | None, read: Callable[[Store], list[_T]], area: str | None = None
) -> list[_T]:
    """``read(store)`` on the existing store, opened read-only; no rows when there is none yet.

    ``area``: the area of the plan the command works on (a store of the release before plans
    were kept apart becomes that area's). A store that cannot be used (foreign, newer,
    unreadable) is a ServiceError (exit 1).
    """
    from liuzhang.store import StoreError, default_db_path, read_only

    try:
        return read_only(default_db_path(data_dir, db), read, legacy_area=area)
    except StoreError as exc:
        if exc.code != "store_missing":
            raise ServiceError(exc.code, 1, **exc.params) from None
        return []


@overload
def judge(
    data_dir: Path,
    db: str | None,
    as_of_text: str | None,
    catalog: Catalog | None = None,
    *,
    plan: str | None = None,
) -> Judged: ...


@overload
def judge(
    data_dir: Path,
    db: str | None,
    as_of_text: str | None,
    catalog: Catalog | None = None,
    *,
    plan: str | None = None,
    require_data: bool,
) -> Judged | None: ...


def judge(
    data_dir: Path,
    db: str | None,
    as_of_text: str | None,
    catalog: Catalog | None = None,
    *,
    plan: str | None = None,
    require_data: bool = True,
) -> Judged | None:
    """Load the plan (``plan`` names it, else the as-of's year does, else the newest), read its
    values from the store, pick the as-of month, and judge every item; with last year's plan of
    the same area in the workspace, each target's value for the same period last year too.

    With no data and no ``--as-of``: the ``no_data`` error, or None when ``require_data`` is
    false (``show`` still shows the definition).
    """
    from liuzhang.domain.tracking import default_as_of, judge_all, reading_from_row
    from liuzhang.store import default_db_path, shown_location

    workspace = open_workspace(data_dir)
    if catalog is None:
        period = parse_as_of(as_of_text)
        catalog = load_plan_folder(_choose(workspace, plan, period.year if period else None).folder)
    as_of = as_of_month(as_of_text, catalog)
    key = catalog.key
    previous = workspace.previous(key)
    past_catalog = _load_previous(previous) if previous is not None else None
    if previous is None or past_catalog is None:  # one read, no second catalog (speed)
        rows = read_store(data_dir, db, lambda s: s.latest(plan=key), area=key.area)
        past_rows: list[StoredValue] = []
    else:
        past_key = previous.key
        both = read_store(
            data_dir, db, lambda s: [s.latest(plan=key), s.latest(plan=past_key)], area=key.area
        )
        rows, past_rows = both if both else ([], [])
    readings = [reading_from_row(r) for r in rows]
    basis = None
    if as_of is None:
        default = default_as_of(readings, catalog.year)
        if default is None:
            if not require_data:
                return None
            path = shown_location(default_db_path(data_dir, db))
            raise ServiceError("no_data", 1, path=path, plan=str(catalog.key))
        as_of, basis = default.month, default.basis
    by_item: dict[str, list[Reading]] = {}
    for reading in readings:
        by_item.setdefault(reading.item_id, []).append(reading)
    judged = Judged(catalog, as_of, judge_all(catalog, readings, as_of), by_item, basis)
    if past_catalog is not None:
        from liuzhang.domain.lastyear import last_year_all

        past = [reading_from_row(r) for r in past_rows]
        judged.last_year = last_year_all(
            catalog.targets, judged.judgements, past_catalog.targets, past
        )
    elif previous is not None:  # a warning, not an error: this year's work goes on
        code = "last_year_plan_invalid"
        judged.warnings.append((code, {"plan": str(previous.key), "path": str(previous.folder)}))
    return judged


def _choose(workspace: Workspace, plan: str | None, year: int | None) -> PlanRef:
    """:meth:`Workspace.choose`, its errors as ServiceErrors."""
    from liuzhang.plandata.workspace import WorkspaceError

    try:
        return workspace.choose(plan, year)
    except WorkspaceError as exc:
        raise workspace_failure(exc) from None


def _load_previous(ref: PlanRef) -> Catalog | None:
    """Last year's plan (去年同期), None when it is not valid (this year's work goes on)."""
    try:
        return load_plan_folder(ref.folder)
    except ServiceError:
        return None


def missing_list(judged: Judged, unit: str | None) -> list[dict[str, Any]]:
    """What each unit owes as of the judged month (of ``unit`` only when given), by unit."""
    records = [
        {
            "unit": j.owes,
            "id": j.id,
            "name": j.name,
            "battle": j.battle,
            "due_period": j.due_period,
            "last_period": j.period,
            "status": j.status,
        }
        for j in judged.judgements
        if j.owes and (unit is None or j.owes == unit)
    ]
    records.sort(key=lambda r: (r["unit"], r["battle"], r["id"]))
    return records
