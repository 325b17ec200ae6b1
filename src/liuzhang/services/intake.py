"""The use cases of intake: ingest files (check, fast paths, lock, write), the log, revert.

An ingest works on one area: each row goes to that area's plan of its period's year
(:func:`liuzhang.submissions.rules.period_plan`), possibly several plans in one file, all in one
transaction and one ingest record."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from liuzhang.services import ServiceError, read_store

if TYPE_CHECKING:
    from liuzhang.domain.plan import PlanKey
    from liuzhang.domain.problems import Problem
    from liuzhang.store import IngestSummary, Store
    from liuzhang.submissions.intake import Checked
    from liuzhang.submissions.rules import Plans
    from liuzhang.submissions.table import Table

# From this size a CSV is first checked column-wise (submissions.fast, with pandas); the row-by-row
# checker runs when that finds anything to report. Smaller files are checked faster than
# pandas is imported.
FAST_MIN_BYTES = 1 << 20
# Appended to an ingest's reporting unit in the log when rows of other units' items were let in.
OTHER_UNITS_NOTE = "(--allow-other-units)"


# -- the store -----------------------------------------------------------------------------------


def open_store(
    data_dir: Path,
    db: str | None,
    create: bool = True,
    on_wait: Callable[[float], None] | None = None,
    area: str | None = None,
) -> Store:
    """The store (made when ``create``); a ServiceError when the file is not ours. ``area``:
    the area a store written before plans were kept apart belongs to (see
    :func:`liuzhang.store.open_store`)."""
    from liuzhang.store import StoreError, default_db_path, open_store

    path = default_db_path(data_dir, db)
    try:
        store = open_store(path, create=create, legacy_area=area)
    except StoreError as exc:
        raise ServiceError(exc.code, 1, **exc.params) from None
    if on_wait is not None:
        store.on_wait = on_wait
    return store


def ingest_log(data_dir: Path, db: str | None, plan: str | None = None) -> list[dict[str, Any]]:
    """Every ingest, oldest first, with the rows left blank (read, neither stored nor rejected);
    with ``plan`` (``--plan``), only those that stored values of that plan."""
    from liuzhang.services import select_plan

    if plan:
        key = select_plan(data_dir, plan).key
        found = read_store(data_dir, db, lambda s: s.ingests(plan=key), area=key.area)
    else:
        found = read_store(data_dir, db, lambda s: s.ingests(), area=_only_area(data_dir))
    records: list[dict[str, Any]] = [r.as_dict() for r in found]
    for r in records:
        r["rows_unfilled"] = max(
            r["rows_read"]
            - r["rows_stored"]
            - r["rows_unchanged"]
            - r["rows_revised"]
            - r["rows_rejected"],
            0,
        )
    return records


def revert(
    data_dir: Path, db: str | None, ingest_id: int, on_wait: Callable[[float], None] | None = None
) -> str:
    """Revert one ingest; the file it came from."""
    from liuzhang.store import StoreError

    area = _only_area(data_dir)
    with open_store(data_dir, db, create=False, on_wait=on_wait, area=area) as store:
        try:
            store.revert(ingest_id)
        except StoreError as exc:
            raise ServiceError(exc.code, 1, **exc.params) from None
        file: str = next(r.file for r in store.ingests() if r.id == ingest_id)
    return file


def _only_area(data_dir: Path) -> str | None:
    """The workspace's only area (None when it has several, or cannot be read): what a store
    written before plans were kept apart belongs to, for commands that span plans."""
    from liuzhang.plandata.workspace import WorkspaceError, discover

    try:
        areas = discover(data_dir).areas()
    except WorkspaceError:
        return None
    return areas[0] if len(areas) == 1 else None


# -- ingest ----------------------------------------------------------------------------------------


def submission_plans(data_dir: Path, plan: str | None) -> Plans:
    """The plans a submission's rows go to: every plan of the area of ``plan`` (``--plan``),
    else of the workspace's only area (usage error ``plan_area_ambiguous`` when it has
    several). Each plan is loaded when a row first needs it. The default plan (which checks
    rows whose period names no plan, and resolves ``--unit``) is the one ``plan`` names, else
    the newest."""
    from liuzhang.plandata.workspace import WorkspaceError
    from liuzhang.services import load_plan_folder, open_workspace, workspace_failure
    from liuzhang.submissions.rules import Plans

    workspace = open_workspace(data_dir)
    try:
        area = workspace.area_of(plan)
        chosen = workspace.select(plan) if plan else None
    except WorkspaceError as exc:
        raise workspace_failure(exc) from None
    folders = {ref.year: ref.folder for ref in workspace.plans if ref.area == area}
    default = chosen.year if chosen is not None else max(folders)
    return Plans(area, folders, lambda year: load_plan_folder(folders[year]), default)


@dataclass(frozen=True)
class IngestOptions:
    reporter: str | None
    sheet: str | None
    dry_run: bool
    partial: bool
    strict: bool = False
    allow_other_units: bool = False
    fast_min_bytes: int = FAST_MIN_BYTES  # CSVs from this size are checked column-wise first
    # A bug in the column-wise check is raised (--debug) instead of handing the file to the
    # row checker, which gives the same answer only more slowly.
    strict_fast: bool = False
    received: str | None = None  # ISO date the files arrived (--received), kept with the ingest


class IngestUI(Protocol):
    """What an ingest tells its user, in the order it happens (the CLI prints it)."""

    def write_rejected(self, path: Path, table: Table, checked: Checked) -> Path:
        """Write the refused rows of ``path`` with their reasons beside it; its path (OSError
        when it cannot be written)."""

    def unreadable(self, problem: Problem) -> None:
        """The file cannot be read or parsed."""

    def duplicate(self, display: str, earlier: int) -> None:
        """The same file was ingested before (as ``earlier``): nothing to do."""

    def progress(
        self, display: str, lines: int
    ) -> AbstractContextManager[Callable[[int], None] | None]:
        """While rows are checked: a callable advanced by rows checked, or None."""

    def checked(self, warnings: list[Problem], warned: int, problems: list[Problem]) -> None:
        """The warnings (``warned`` rows) and problems found."""

    def refused(self, display: str, rejected: int) -> None:
        """The file is not stored (problems and no ``--partial``)."""

    def rejected_written(self, path: Path) -> None:
        """The refused rows were written to ``path``."""

    def rejected_unwritable(self, path: Path, exc: OSError) -> None:
        """The refused rows could not be written to ``path``."""

    def stored(
        self, display: str, summary: IngestSummary, checked: Any, warned: int, dry_run: bool
    ) -> None:
        """The file was stored (or would be: ``dry_run``)."""

    def waiting(self, seconds: float) -> None:
        """A write waits for another process to release the store."""


def check_sheet_option(files: Sequence[Path]) -> None:
    """``--sheet`` with a file that is not a workbook is a usage error."""
    from liuzhang.submissions.reading import is_xlsx

    for path in files:
        try:
            with path.open("rb") as f:
                head = f.read(4)
        except OSError:
            continue  # reported with the file
        if not is_xlsx(path, head):
            raise ServiceError("sheet_for_csv", 2, file=str(path))


def ingest_files(
    plans: Plans,
    data_dir: Path,
    db: str | None,
    files: Sequence[Path],
    opts: IngestOptions,
    ui: IngestUI,
) -> bool:
    """Check and store each file in turn, each row in the plan of its period's year
    (``plans``: see :func:`submission_plans`); False when any file had problems."""
    import gc

    # An ingest allocates millions of short-lived, acyclic objects for a large file: the cycle
    # collector would only rescan them (a third of the time of a million-row file).
    enabled = gc.isenabled()
    gc.disable()
    failed = False
    try:
        with open_store(data_dir, db, on_wait=ui.waiting, area=plans.area) as store:
            for path in files:
                failed = not ingest_file(plans, store, path, opts, ui) or failed
    finally:
        if enabled:  # for callers in the same process (tests)
            gc.enable()
    return not failed


def ingest_file(plans: Plans, store: Store, path: Path, opts: IngestOptions, ui: IngestUI) -> bool:
    """Check and store one file; False when it had problems (told to ``ui``).

    The file is checked before the store's write lock is taken, so that another ingest waits
    only while accepted rows are written, and a file that is refused never takes the lock.
    """
    from liuzhang.domain.observations import observation_columns
    from liuzhang.domain.problems import Problem
    from liuzhang.submissions.intake import (
        Checked,
        CheckOptions,
        check_submission,
        stored_history,
    )
    from liuzhang.submissions.reading import is_xlsx, parse_table, read_bytes, sha256_of
    from liuzhang.submissions.table import IntakeError

    display = str(path)

    def unreadable(exc: IntakeError) -> bool:
        ui.unreadable(Problem(display, exc.line, "-", exc.code, params=dict(exc.params)))
        return False

    try:
        raw = read_bytes(path)
    except IntakeError as exc:
        return unreadable(exc)
    sha256 = sha256_of(raw)
    earlier = store.find_ingest(sha256)
    if earlier is not None:
        ui.duplicate(display, earlier)
        return True
    check_options = CheckOptions(
        history=stored_history(store),
        strict=opts.strict,
        allow_other_units=opts.allow_other_units,
    )
    # accepted rows, column-wise, in chunks of one plan each (as the store takes them)
    accepted: list[tuple[PlanKey, Any]] = []
    fast = None
    if is_xlsx(path, raw):
        from liuzhang.submissions.xlsx import FAST_MIN_BYTES as XLSX_FAST_MIN_BYTES

        if len(raw) >= XLSX_FAST_MIN_BYTES:
            from liuzhang.submissions.xlsx import check_fast_xlsx

            fast = check_fast_xlsx(
                plans,
                raw,
                opts.sheet,
                opts.reporter,
                check_options,
                display,
                strict=opts.strict_fast,
            )
    elif len(raw) >= opts.fast_min_bytes:
        from liuzhang.submissions.fast import check_fast

        fast = check_fast(
            plans, raw, opts.reporter, check_options, display, strict=opts.strict_fast
        )
    if fast is not None:
        accepted.append((fast.plan, fast.columns))
        table = None
        checked = Checked(
            plans={fast.plan: fast.rows_read},
            rows_read=fast.rows_read,
            blank=fast.blank,
            reporters=fast.reporters,
            warnings=fast.warnings,
            other_units=fast.other_units,
        )
        warned = fast.warned
    else:
        lines = raw.count(b"\n")
        try:
            table = parse_table(path, raw, opts.sheet)
        except IntakeError as exc:
            return unreadable(exc)
        del raw  # the text is decoded; do not hold the bytes too
        with ui.progress(display, lines) as advance:
            checked = check_submission(
                plans,
                table,
                display,
                opts.reporter,
                progress=advance,
                sink=lambda key, chunk: accepted.append((key, observation_columns(chunk))),
                options=check_options,
            )
        warned = len({w.line for w in checked.warnings})
    ui.checked(checked.warnings + _received_doubts(display, opts.received, accepted), warned,
               checked.problems)  # fmt: skip
    if checked.problems and not opts.partial:
        ui.refused(display, checked.rejected)
        return False
    if checked.problems and not opts.dry_run and table is not None:
        try:
            rejected_path = ui.write_rejected(path, table, checked)
        except OSError as exc:
            ui.rejected_unwritable(path.with_name(f"{path.stem}.rejected.csv"), exc)
            return False
        ui.rejected_written(rejected_path)
    writer = _begin_ingest(store, display, sha256, opts.dry_run, opts.received)
    if writer.duplicate_of is not None:  # the same file came in while this one was checked
        writer.abort()
        ui.duplicate(display, writer.duplicate_of)
        return True
    try:
        for key, part in accepted:
            writer.add_columns(part, plan=key)
        accepted.clear()
    except BaseException:
        writer.abort()
        raise
    reported_by = opts.reporter or "、".join(sorted(checked.reporters)) or None
    if checked.other_units and reported_by:
        reported_by += f" {OTHER_UNITS_NOTE}"  # the log says who, and that it was allowed
    summary = writer.finish(checked.rows_read, checked.rejected, reported_by)
    ui.stored(display, summary, checked, warned, opts.dry_run)
    return not checked.problems


def _received_doubts(
    display: str, received: str | None, accepted: Sequence[tuple[PlanKey, Any]]
) -> list[Problem]:
    """A warning when ``--received`` is before the end of a period the file reports (doubtful:
    a value sent before its period was over; recorded as given)."""
    if received is None:
        return []
    from datetime import date

    from liuzhang.domain.periods import parse_period
    from liuzhang.domain.problems import Problem
    from liuzhang.domain.timeliness import ends_after

    texts: set[str] = set()
    for _, columns in accepted:
        column = columns["period"]
        if hasattr(column, "codes"):  # Coded: the texts its rows use
            texts.update(column.table[i] for i in set(column.codes.tolist()))
        else:
            texts.update(column)
    periods = [p for p in map(parse_period, sorted(t for t in texts if t)) if p is not None]
    after = ends_after(date.fromisoformat(received), periods)
    if after is None:
        return []
    params = {"received": received, "period": after.text, "end": after.end.isoformat()}
    return [Problem(display, 0, "-", "received_before_period", params=params, severity="warning")]


def _begin_ingest(
    store: Store, display: str, sha256: str, dry_run: bool, received: str | None = None
) -> Any:
    """Take the store's write lock for one file (the store tells ``on_wait`` while another
    ingest holds it); if it stays taken, the ``ingest_busy`` error (this file is not stored)."""
    from liuzhang.store import StoreError

    try:
        return store.begin_ingest(display, sha256, dry_run, received)
    except StoreError as exc:
        if exc.code != "store_busy":
            raise
        raise ServiceError("ingest_busy", 1, file=display, **exc.params) from None
