"""Commands for progress intake: template, ingest, log, revert."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from liuzhang.cli.context import Ctx
from liuzhang.cli.options import DataOpt, DbOpt, DebugOpt, FormatOpt, LangOpt, ListFormat
from liuzhang.cli.plan import load_or_exit

if TYPE_CHECKING:
    from liuzhang.store import Store


MAX_PRINTED = 500  # problems printed per file; --partial writes every rejected row with its reason
# From this size a CSV is first checked column-wise (intake_fast, with pandas); the row-by-row
# checker runs when that finds anything to report. Smaller files are checked faster than
# pandas is imported.
FAST_MIN_BYTES = 1 << 20


class FormFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


def open_store(ctx: Ctx, db: str | None, create: bool = True) -> Store:
    """The store, or a clear message and exit 1 when the file is not ours."""
    from liuzhang.store import StoreError, default_db_path, open_store

    path = default_db_path(ctx.data_dir(), db)
    try:
        store = open_store(path, create=create)
    except StoreError as exc:
        ctx.fail(exc.code, 1, **exc.params)
    store.on_wait = say_waiting(ctx)
    return store


def template(
    unit: Annotated[str, typer.Option("--unit", "-u", help="填报单位（任一写法或别名）")],
    period: Annotated[str, typer.Option("--period", "-p", help="期间，如 2023-06")],
    fmt: Annotated[
        FormFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv 或 xlsx（默认按输出文件扩展名，否则 csv）",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="输出文件或目录（默认：当前目录下的 填报表_单位_期间.csv；缺少的目录会自动创建）",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    data: DataOpt = None,
    debug: DebugOpt = False,
) -> None:
    """生成单位填报表：该单位牵头的每个指标和任务一行，数值列留空。

    示例：liuzhang template --unit 区住建局 --period 2023-06 --format xlsx
    """
    from liuzhang.cli.outputs import write_file
    from liuzhang.cli.plan import unit_filter
    from liuzhang.domain.periods import parse_period
    from liuzhang.render import forms
    from liuzhang.render.terminal import say

    ctx = Ctx.make(lang, data, debug)
    catalog = load_or_exit(ctx)
    canonical = unit_filter(ctx, catalog, unit)
    assert canonical is not None
    parsed = parse_period(period)
    if parsed is None:
        ctx.fail("period_malformed", 2, value=period)
    if parsed.year != catalog.year:
        ctx.fail("template_period_outside_year", 2, value=period, year=catalog.year)
    chosen = _form_format(ctx, fmt, out)
    rows = forms.form_rows(catalog, canonical, parsed.text)
    if not rows:
        ctx.fail("template_empty", 1, unit=canonical)
    path = _form_path(out, f"填报表_{canonical}_{parsed.text}.{chosen.value}")
    if chosen is FormFormat.xlsx:
        write_file(ctx, path, lambda p: forms.write_xlsx(p, rows, ctx.lang))
    else:
        write_file(ctx, path, lambda p: forms.write_csv(p, rows, ctx.lang))
    say(ctx.msg("template_written", path=str(path), rows=len(rows)))


def _form_format(ctx: Ctx, fmt: FormFormat | None, out: Path | None) -> FormFormat:
    """--format, else the output file's extension (.xlsx or .csv), else csv.

    A form whose content does not match its extension would be refused by ingest: usage error 2.
    """
    suffix = out.suffix.lower().lstrip(".") if out is not None and not out.is_dir() else ""
    by_name = FormFormat(suffix) if suffix in ("csv", "xlsx") else None
    if fmt is not None and by_name is not None and fmt is not by_name:
        ctx.fail("template_format_conflict", 2, fmt=fmt.value, path=str(out))
    return fmt or by_name or FormFormat.csv


def _form_path(out: Path | None, default_name: str) -> Path:
    """``--out`` as given; the default name inside it when it is an existing folder."""
    if out is None:
        return Path(default_name)
    return out / default_name if out.is_dir() else out


def ingest(
    files: Annotated[list[Path], typer.Argument(help="填报文件（CSV 或 xlsx），可多个")],
    unit: Annotated[
        str | None, typer.Option("--unit", "-u", help="填报单位（文件中无“填报单位”列时使用）")
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet", help="xlsx 工作表名（默认：唯一像填报表的可见工作表；隐藏表只在指定时读取）"
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查，不写入")] = False,
    partial: Annotated[
        bool, typer.Option("--partial", help="导入正确的行，被拒收的行写入旁边的 .rejected.csv")
    ] = False,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="有警告（数据疑点）的行也拒收（默认：导入并提示警告）"),
    ] = False,
    allow_other_units: Annotated[
        bool,
        typer.Option(
            "--allow-other-units",
            help="接受非牵头、非责任单位报送的行（默认拒收；导入记录注明）",
        ),
    ] = False,
    lang: LangOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """导入单位报送的进度文件。默认每个文件要么全部导入，要么（有任何错误时）全部不导入。

    只接受事项的牵头单位、责任单位和配合单位（含单位组成员）报送的行；未填的行（数值和状态都空，
    或填“—”“/”“无”“不适用”）不算报送，计为“未填”。数据疑点（累计值回落、百分比写成小数、
    超过全年目标 10 倍、任务由已完成退回、连续 3 个月数值相同）默认照常导入并给出警告，随数据保存。

    示例：liuzhang ingest examples/2023-06/*.csv --dry-run；liuzhang ingest 区住建局.xlsx --partial
    """
    import gc

    from liuzhang.cli.plan import unit_filter

    ctx = Ctx.make(lang, data, debug)
    if sheet is not None:
        _sheet_only_for_xlsx(ctx, files)
    catalog = load_or_exit(ctx)
    reporter = unit_filter(ctx, catalog, unit)
    # An ingest allocates millions of short-lived, acyclic objects for a large file: the cycle
    # collector would only rescan them (a third of the time of a million-row file).
    enabled = gc.isenabled()
    gc.disable()
    failed = False
    try:
        options = _FileOptions(reporter, sheet, dry_run, partial, strict, allow_other_units)
        with open_store(ctx, db) as store:
            for path in files:
                failed = not _ingest_file(ctx, catalog, store, path, options) or failed
    finally:
        if enabled:  # for callers in the same process (tests)
            gc.enable()
    raise typer.Exit(1 if failed else 0)


def _sheet_only_for_xlsx(ctx: Ctx, files: list[Path]) -> None:
    """``--sheet`` with a file that is not a workbook is a usage error (exit 2)."""
    from liuzhang.submissions.intake import is_xlsx

    for path in files:
        try:
            with path.open("rb") as f:
                head = f.read(4)
        except OSError:
            continue  # reported with the file
        if not is_xlsx(path, head):
            ctx.fail("sheet_for_csv", 2, file=str(path))


@dataclass(frozen=True)
class _FileOptions:
    reporter: str | None
    sheet: str | None
    dry_run: bool
    partial: bool
    strict: bool = False
    allow_other_units: bool = False


def _ingest_file(ctx: Ctx, catalog: Any, store: Store, path: Path, opts: _FileOptions) -> bool:
    """Check and store one file; False when it had problems (printed).

    The file is checked before the store's write lock is taken, so that another ingest waits
    only while accepted rows are written, and a file that is refused never takes the lock.
    """
    from liuzhang.cli.outputs import os_reason
    from liuzhang.domain.observations import observation_columns
    from liuzhang.domain.problems import Problem
    from liuzhang.render.terminal import print_problems, say
    from liuzhang.submissions.intake import (
        Checked,
        CheckOptions,
        IntakeError,
        is_xlsx,
        parse_table,
        read_bytes,
        sha256_of,
        stored_history,
        write_rejected,
    )

    display = str(path)

    def unreadable(exc: IntakeError) -> bool:
        print_problems(
            [Problem(display, exc.line, "-", exc.code, params=dict(exc.params))], ctx.lang
        )
        return False

    try:
        raw = read_bytes(path)
    except IntakeError as exc:
        return unreadable(exc)
    sha256 = sha256_of(raw)
    earlier = store.find_ingest(sha256)
    if earlier is not None:
        say(ctx.msg("ingest_duplicate_file", file=display, earlier=earlier))
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
    elif len(raw) >= FAST_MIN_BYTES:
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
        checked = _check_with_progress(
            catalog,
            table,
            display,
            opts.reporter,
            lines,
            lambda chunk: accepted.append(observation_columns(chunk)),
            check_options,
        )
        warned = len({w.line for w in checked.warnings})
    if checked.warnings:
        _print_warnings(ctx, checked.warnings, warned)
    if checked.problems:
        print_problems(checked.problems, ctx.lang, limit=MAX_PRINTED)
    if checked.problems and not opts.partial:
        code = "ingest_rejected_file" if checked.rejected else "ingest_failed_file"
        say(ctx.msg(code, file=display, rejected=checked.rejected), stderr=True)
        return False
    if checked.problems and not opts.dry_run and table is not None:
        try:
            rejected_path = write_rejected(path, table, checked, ctx.lang)
        except OSError as exc:
            target = path.with_name(f"{path.stem}.rejected.csv")
            reason = os_reason(exc, ctx.lang, target)
            say(ctx.msg("output_unwritable", path=str(target), reason=reason), stderr=True)
            return False
        say(ctx.msg("rejected_written", path=str(rejected_path)), stderr=True)
    writer = _begin_ingest(ctx, store, display, sha256, opts.dry_run)
    if writer.duplicate_of is not None:  # the same file came in while this one was checked
        writer.abort()
        say(ctx.msg("ingest_duplicate_file", file=display, earlier=writer.duplicate_of))
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
    line = ctx.msg(
        "ingest_summary",
        file=display,
        read=summary.rows_read,
        stored=summary.stored,
        unchanged=summary.unchanged + checked.duplicates,
        revised=summary.revised,
        rejected=summary.rejected,
    )
    line += ctx.msg("ingest_unfilled", unfilled=checked.unfilled)
    if warned:
        line += ctx.msg("ingest_warnings", warnings=warned)
    if checked.other_units:
        line += ctx.msg("ingest_other_units", count=checked.other_units)
    say(line + (ctx.msg("ingest_dry_run") if opts.dry_run else ""))
    return not checked.problems


def _begin_ingest(ctx: Ctx, store: Store, display: str, sha256: str, dry_run: bool) -> Any:
    """Take the store's write lock for one file, saying so on stderr while another ingest
    holds it; if it stays taken, a clear message and exit 1 (this file is not stored)."""
    from liuzhang.store import StoreError

    try:
        return store.begin_ingest(display, sha256, dry_run)
    except StoreError as exc:
        if exc.code != "store_busy":
            raise
        ctx.fail("ingest_busy", 1, file=display, **exc.params)


def say_waiting(ctx: Ctx) -> Callable[[float], None]:
    """What a store calls when a write must wait for another process (see Store.on_wait)."""

    def waiting(seconds: float) -> None:
        from liuzhang.render.terminal import say

        say(ctx.msg("store_waiting", seconds=f"{seconds:g}"), stderr=True)
        sys.stderr.flush()

    return waiting


def _check_with_progress(
    catalog: Any,
    table: Any,
    display: str,
    reporter: str | None,
    lines: int,
    sink: Any,
    options: Any = None,
) -> Any:
    """Check rows; a progress bar on stderr for large files in a terminal."""
    from liuzhang.submissions.intake import check_submission

    if lines < 20000 or not sys.stderr.isatty():
        return check_submission(catalog, table, display, reporter, sink=sink, options=options)
    from rich.markup import escape
    from rich.progress import Progress

    from liuzhang.render.outtext import visible

    with Progress(transient=True) as bar:
        task = bar.add_task(escape(visible(display)), total=lines)
        return check_submission(
            catalog,
            table,
            display,
            reporter,
            progress=lambda n: bar.advance(task, n),
            sink=sink,
            options=options,
        )


# Appended to an ingest's reporting unit in the log when rows of other units' items were let in.
OTHER_UNITS_NOTE = "(--allow-other-units)"


def _print_warnings(ctx: Ctx, warnings: list[Any], warned: int) -> None:
    """Warnings one per line on stderr (``file:row:column: 警告：…``), at most MAX_PRINTED."""
    for problem in warnings[:MAX_PRINTED]:
        text = problem.message(ctx.lang)
        print(ctx.msg("warning_line", where=problem.location(), text=text), file=sys.stderr)
    if len(warnings) > MAX_PRINTED:
        print(f"… (+{len(warnings) - MAX_PRINTED})", file=sys.stderr)


LOG_COLUMNS = [
    "id",
    "ingested_at",
    "file",
    "sha256",
    "reported_by",
    "rows_read",
    "rows_stored",
    "rows_unchanged",
    "rows_revised",
    "rows_rejected",
    "rows_unfilled",
    "reverted_at",
]
_RIGHT = {"justify": "right", "no_wrap": True}
_LOG_STYLE: dict[str, dict[str, Any]] = {
    "id": _RIGHT,
    "rows_read": _RIGHT,
    "rows_stored": _RIGHT,
    "rows_unchanged": _RIGHT,
    "rows_revised": _RIGHT,
    "rows_rejected": _RIGHT,
    "rows_unfilled": _RIGHT,
    "sha256": {"no_wrap": True},
    "ingested_at": {"no_wrap": True},
}


def log(
    fmt: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """列出导入记录：时间、文件及其 sha256、填报单位、各类行数、是否已撤销。

    示例：liuzhang log；liuzhang log --format json
    """
    from liuzhang.cli.tracking import read_store
    from liuzhang.render.i18n import word
    from liuzhang.render.terminal import emit, table

    ctx = Ctx.make(lang, data, debug)
    # no store yet: no ingests
    records = [r.as_dict() for r in read_store(ctx, db, lambda s: s.ingests())]
    for r in records:  # rows read and neither stored nor rejected: left blank (or repeated)
        r["rows_unfilled"] = max(
            r["rows_read"]
            - r["rows_stored"]
            - r["rows_unchanged"]
            - r["rows_revised"]
            - r["rows_rejected"],
            0,
        )
    w = ctx.lang
    headers = [(word(k, w), _LOG_STYLE.get(k, {"overflow": "fold"})) for k in LOG_COLUMNS]
    rows = [
        [
            str(r["id"]),
            r["ingested_at"][:19].replace("T", " "),
            r["file"],
            r["sha256"][:12],
            r["reported_by"] or "",
            str(r["rows_read"]),
            str(r["rows_stored"]),
            str(r["rows_unchanged"]),
            str(r["rows_revised"]),
            str(r["rows_rejected"]),
            str(r["rows_unfilled"]),
            r["reverted_at"] or "",
        ]
        for r in records
    ]
    title = word("log_title", w, n=len(rows))
    emit(fmt, records, LOG_COLUMNS, lambda: table(title, headers, rows), w)


def revert(
    ingest_id: Annotated[int, typer.Argument(help="导入编号（见 liuzhang log）")],
    lang: LangOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """撤销一次导入：其数据不再计入，其他导入不受影响（记录保留备查）。

    示例：liuzhang revert 3
    """
    from liuzhang.store import StoreError

    ctx = Ctx.make(lang, data, debug)
    with open_store(ctx, db, create=False) as store:
        try:
            store.revert(ingest_id)
        except StoreError as exc:
            ctx.fail(exc.code, 1, **exc.params)
        file = next(r.file for r in store.ingests() if r.id == ingest_id)
    from liuzhang.render.terminal import say

    say(ctx.msg("reverted", id=ingest_id, file=file))


def register(app: typer.Typer) -> None:
    app.command()(template)
    app.command()(ingest)
    app.command()(log)
    app.command()(revert)
