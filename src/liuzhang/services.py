"""Use cases: load a plan, judge every item as of a month, an item's history, the missing list,
the bulletin, ingest files, the ingest log and revert.

Each returns data or raises :class:`ServiceError` (a message code, its parameters and the exit
code the command should end with); nothing here prints. The commands in ``liuzhang.cli`` parse
options, call these, render the result and pick the exit code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, overload

from liuzhang.domain.problems import CodedError

# The heavier modules are imported inside the functions that need them: every command imports
# this module, and `status` must not pay for intake or the bulletin (start-up speed).
if TYPE_CHECKING:
    from liuzhang.domain.problems import Problem
    from liuzhang.domain.tracking import Judgement, Reading
    from liuzhang.plandata.catalog import Catalog
    from liuzhang.store import IngestSummary, Store

_T = TypeVar("_T")

# From this size a CSV is first checked column-wise (submissions.fast, with pandas); the row-by-row
# checker runs when that finds anything to report. Smaller files are checked faster than
# pandas is imported.
FAST_MIN_BYTES = 1 << 20
# Appended to an ingest's reporting unit in the log when rows of other units' items were let in.
OTHER_UNITS_NOTE = "(--allow-other-units)"


class ServiceError(CodedError):
    """A use case that cannot go on: a message code with its parameters, the exit code (1: bad
    input, 2: usage) and the problems to show before the message (an invalid plan)."""

    def __init__(self, code: str, exit_code: int = 1, **params: object) -> None:
        super().__init__(code, **params)
        self.exit_code = exit_code
        self.problems: list[Problem] = []


# -- the plan ------------------------------------------------------------------------------------


def load_plan(data_dir: Path) -> Catalog:
    """The catalog of ``data_dir`` (cached); its problems in a ServiceError when it is not clean
    (listings and judgements need clean data)."""
    from liuzhang.plandata.catalog import load_catalog_cached

    if not data_dir.is_dir():
        raise ServiceError("data_dir_missing", 2, path=str(data_dir))
    catalog, report = load_catalog_cached(data_dir)
    if not report.ok:
        errors = len(report.errors)
        error = ServiceError(
            "validate_failed", 1, errors=errors, warnings=len(report.problems) - errors
        )
        error.problems = report.sorted()
        raise error
    return catalog


def resolve_unit(catalog: Catalog, unit: str | None) -> str | None:
    """The canonical name of a ``--unit`` option (any alias); usage error when unknown."""
    from liuzhang.views.plan import UnknownUnit, resolve_unit_filter

    try:
        return resolve_unit_filter(catalog, unit)
    except UnknownUnit as exc:
        raise ServiceError(
            "unknown_unit_option", 2, name=exc.name, suggestion=exc.suggestion
        ) from None


# -- judging ---------------------------------------------------------------------------------------


@dataclass
class Judged:
    catalog: Catalog
    as_of: int
    judgements: list[Judgement]
    readings: dict[str, list[Reading]]
    as_of_basis: str | None = None  # why the as-of month was chosen when none was given


def parse_as_of(text: str | None, year: int) -> int | None:
    """The month of ``--as-of`` (usage error when it is not a month of the plan year)."""
    from liuzhang.domain.periods import parse_period

    if text is None:
        return None
    period = parse_period(text)
    if period is None or period.kind != "month" or period.year != year:
        raise ServiceError("as_of_malformed", 2, value=text, year=year)
    return period.end_month


def read_store(data_dir: Path, db: str | None, read: Callable[[Store], _T]) -> _T | list[Any]:
    """``read(store)`` on the existing store, opened read-only; no rows when there is none yet.

    A store that cannot be used (foreign, newer, unreadable) is a ServiceError (exit 1).
    """
    from liuzhang.store import StoreError, default_db_path, read_only

    try:
        return read_only(default_db_path(data_dir, db), read)
    except StoreError as exc:
        if exc.code != "store_missing":
            raise ServiceError(exc.code, 1, **exc.params) from None
        return []


@overload
def judge(
    data_dir: Path, db: str | None, as_of_text: str | None, catalog: Catalog | None = None
) -> Judged: ...


@overload
def judge(
    data_dir: Path,
    db: str | None,
    as_of_text: str | None,
    catalog: Catalog | None = None,
    *,
    require_data: bool,
) -> Judged | None: ...


def judge(
    data_dir: Path,
    db: str | None,
    as_of_text: str | None,
    catalog: Catalog | None = None,
    *,
    require_data: bool = True,
) -> Judged | None:
    """Load the plan and the store, pick the as-of month, and judge every item.

    With no data and no ``--as-of``: the ``no_data`` error, or None when ``require_data`` is
    false (``show`` still shows the definition).
    """
    from liuzhang.domain.tracking import default_as_of, judge_all, reading_from_row
    from liuzhang.store import default_db_path

    catalog = catalog or load_plan(data_dir)
    as_of = parse_as_of(as_of_text, catalog.year)
    rows: list[dict[str, Any]] = read_store(data_dir, db, lambda s: s.latest())
    readings = [reading_from_row(r) for r in rows]
    basis = None
    if as_of is None:
        default = default_as_of(readings, catalog.year)
        if default is None:
            if not require_data:
                return None
            raise ServiceError("no_data", 1, path=str(default_db_path(data_dir, db)))
        as_of, basis = default.month, default.basis
    by_item: dict[str, list[Reading]] = {}
    for reading in readings:
        by_item.setdefault(reading.item_id, []).append(reading)
    return Judged(catalog, as_of, judge_all(catalog, readings, as_of), by_item, basis)


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


@dataclass
class ItemHistory:
    catalog: Catalog
    judged: Judged | None  # None: no data yet
    history: list[dict[str, Any]]


def item_history(
    data_dir: Path, db: str | None, item: str, as_of_text: str | None
) -> ItemHistory:
    """One item's judgements and every stored value (usage error for an unknown item)."""
    import difflib

    catalog = load_plan(data_dir)
    if item not in catalog.targets and item not in catalog.tasks:
        close = difflib.get_close_matches(item, [*catalog.targets, *catalog.tasks], n=1)
        raise ServiceError("unknown_item", 2, id=item, suggestion=close[0] if close else None)
    judged = judge(data_dir, db, as_of_text, catalog, require_data=False)
    history: list[dict[str, Any]] = read_store(data_dir, db, lambda s: s.history(item))
    return ItemHistory(catalog, judged, history)


@dataclass
class Bulletin:
    stem: str  # file name without the extension
    content: dict[str, Any]


def bulletin(data_dir: Path, db: str | None, month: str | None, quarter: str | None) -> Bulletin:
    """The monthly bulletin (``month``) or quarterly review (``quarter``): exactly one is given."""
    from liuzhang.domain.periods import parse_period
    from liuzhang.views.bulletin import build_bulletin

    if (month is None) == (quarter is None):
        raise ServiceError("report_period_required", 2)
    period = parse_period(month or quarter or "")
    wanted_kind = "month" if month else "quarter"
    if period is None or period.kind != wanted_kind:
        raise ServiceError("report_period_malformed", 2, value=month or quarter)
    catalog = load_plan(data_dir)
    if period.year != catalog.year:
        raise ServiceError(
            "report_period_outside_year", 2, value=month or quarter, year=catalog.year
        )
    judged = judge(data_dir, db, f"{period.year}-{period.end_month:02d}", catalog)
    ingests = read_store(data_dir, db, lambda s: s.ingests())  # none yet: all is missing
    readings = [r for rs in judged.readings.values() for r in rs]
    content = build_bulletin(
        judged.catalog,
        readings,
        period.end_month,
        quarter=period.index if wanted_kind == "quarter" else None,
        ingests=ingests,
    )
    stem = ("季总结_" if wanted_kind == "quarter" else "月通报_") + period.text
    return Bulletin(stem, content)


# -- the store -----------------------------------------------------------------------------------


def open_store(
    data_dir: Path,
    db: str | None,
    create: bool = True,
    on_wait: Callable[[float], None] | None = None,
) -> Store:
    """The store (made when ``create``); a ServiceError when the file is not ours."""
    from liuzhang.store import Store, StoreError, default_db_path

    path = default_db_path(data_dir, db)
    try:
        store = Store.open(path, create=create)
    except StoreError as exc:
        raise ServiceError(exc.code, 1, **exc.params) from None
    if on_wait is not None:
        store.on_wait = on_wait
    return store


def ingest_log(data_dir: Path, db: str | None) -> list[dict[str, Any]]:
    """Every ingest, oldest first, with the rows left blank (read, neither stored nor rejected)."""
    records: list[dict[str, Any]] = read_store(data_dir, db, lambda s: s.ingests())
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

    with open_store(data_dir, db, create=False, on_wait=on_wait) as store:
        try:
            store.revert(ingest_id)
        except StoreError as exc:
            raise ServiceError(exc.code, 1, **exc.params) from None
        file: str = next(r["file"] for r in store.ingests() if r["id"] == ingest_id)
    return file


# -- ingest ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IngestOptions:
    reporter: str | None
    sheet: str | None
    dry_run: bool
    partial: bool
    strict: bool = False
    allow_other_units: bool = False
    fast_min_bytes: int = FAST_MIN_BYTES  # CSVs from this size are checked column-wise first


class IngestUI(Protocol):
    """What an ingest tells its user, in the order it happens (the CLI prints it)."""

    @property
    def lang(self) -> Any:
        """The language of the reasons in a rejected-rows file."""

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
    from liuzhang.submissions.intake import is_xlsx

    for path in files:
        try:
            with path.open("rb") as f:
                head = f.read(4)
        except OSError:
            continue  # reported with the file
        if not is_xlsx(path, head):
            raise ServiceError("sheet_for_csv", 2, file=str(path))


def ingest_files(
    catalog: Catalog,
    data_dir: Path,
    db: str | None,
    files: Sequence[Path],
    opts: IngestOptions,
    ui: IngestUI,
) -> bool:
    """Check and store each file in turn; False when any had problems."""
    import gc

    # An ingest allocates millions of short-lived, acyclic objects for a large file: the cycle
    # collector would only rescan them (a third of the time of a million-row file).
    enabled = gc.isenabled()
    gc.disable()
    failed = False
    try:
        with open_store(data_dir, db, on_wait=ui.waiting) as store:
            for path in files:
                failed = not ingest_file(catalog, store, path, opts, ui) or failed
    finally:
        if enabled:  # for callers in the same process (tests)
            gc.enable()
    return not failed


def ingest_file(
    catalog: Catalog, store: Store, path: Path, opts: IngestOptions, ui: IngestUI
) -> bool:
    """Check and store one file; False when it had problems (told to ``ui``).

    The file is checked before the store's write lock is taken, so that another ingest waits
    only while accepted rows are written, and a file that is refused never takes the lock.
    """
    from liuzhang.domain.problems import Problem
    from liuzhang.store import observation_columns
    from liuzhang.submissions.intake import (
        Checked,
        CheckOptions,
        IntakeError,
        check_submission,
        is_xlsx,
        parse_table,
        read_bytes,
        sha256_of,
        stored_history,
        write_rejected,
    )

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
        history=stored_history(catalog, store),
        strict=opts.strict,
        allow_other_units=opts.allow_other_units,
    )
    accepted: list[Any] = []  # accepted rows, column-wise, in chunks (as the store takes them)
    fast = None
    if is_xlsx(path, raw):
        from liuzhang.submissions.xlsx import FAST_MIN_BYTES as XLSX_FAST_MIN_BYTES

        if len(raw) >= XLSX_FAST_MIN_BYTES:
            from liuzhang.submissions.xlsx import check_fast_xlsx

            fast = check_fast_xlsx(catalog, raw, opts.sheet, opts.reporter, check_options, display)
    elif len(raw) >= opts.fast_min_bytes:
        from liuzhang.submissions.fast import check_fast

        fast = check_fast(catalog, raw, opts.reporter, check_options, display)
    if fast is not None:
        accepted.append(fast.columns)
        table = None
        checked = Checked(
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
                catalog,
                table,
                display,
                opts.reporter,
                progress=advance,
                sink=lambda chunk: accepted.append(observation_columns(chunk)),
                options=check_options,
            )
        warned = len({w.line for w in checked.warnings})
    ui.checked(checked.warnings, warned, checked.problems)
    if checked.problems and not opts.partial:
        ui.refused(display, checked.rejected)
        return False
    if checked.problems and not opts.dry_run and table is not None:
        try:
            rejected_path = write_rejected(path, table, checked, ui.lang)
        except OSError as exc:
            ui.rejected_unwritable(path.with_name(f"{path.stem}.rejected.csv"), exc)
            return False
        ui.rejected_written(rejected_path)
    writer = _begin_ingest(store, display, sha256, opts.dry_run)
    if writer.duplicate_of is not None:  # the same file came in while this one was checked
        writer.abort()
        ui.duplicate(display, writer.duplicate_of)
        return True
    try:
        for part in accepted:
            writer.add_columns(part)
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


def _begin_ingest(store: Store, display: str, sha256: str, dry_run: bool) -> Any:
    """Take the store's write lock for one file (the store tells ``on_wait`` while another
    ingest holds it); if it stays taken, the ``ingest_busy`` error (this file is not stored)."""
    from liuzhang.store import StoreError

    try:
        return store.begin_ingest(display, sha256, dry_run)
    except StoreError as exc:
        if exc.code != "store_busy":
            raise
        raise ServiceError("ingest_busy", 1, file=display, **exc.params) from None
