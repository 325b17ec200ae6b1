"""Commands for progress intake: template, ingest, log, revert."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from liuzhang.cli.context import Ctx
from liuzhang.cli.options import DataOpt, DbOpt, DebugOpt, FormatOpt, LangOpt, ListFormat, PlanOpt
from liuzhang.cli.outputs import os_reason, write_file
from liuzhang.services import intake as service
from liuzhang.services import load_plan, open_workspace, resolve_unit

if TYPE_CHECKING:
    from liuzhang.domain.problems import Problem
    from liuzhang.store import IngestSummary
    from liuzhang.submissions.intake import Checked
    from liuzhang.submissions.table import Table


MAX_PRINTED = 500  # problems printed per file; --partial writes every rejected row with its reason
FAST_MIN_BYTES = service.FAST_MIN_BYTES  # read at each ingest (tests lower it)


class FormFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


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
            help=(
                "输出文件或目录（默认：当前目录下的 填报表_单位_期间.csv，--lang en 时为"
                " form_单位_期间.csv；缺少的目录会自动创建）"
            ),
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    data: DataOpt = None,
    plan: PlanOpt = None,
    debug: DebugOpt = False,
) -> None:
    """生成单位填报表：该单位牵头的每个指标和任务一行，数值列留空。

    示例：liuzhang template --unit 区住建局 --period 2023-06 --format xlsx
    """
    from liuzhang.domain.periods import parse_period
    from liuzhang.i18n import word
    from liuzhang.render import forms
    from liuzhang.render.terminal import say

    ctx = Ctx.make(lang, data, debug, plan)
    parsed = parse_period(period)
    if parsed is None:
        ctx.fail("period_malformed", 2, value=period)
    catalog = ctx.run(load_plan, ctx.data_dir(), ctx.plan, parsed.year)
    canonical = ctx.run(resolve_unit, catalog, unit)
    assert canonical is not None
    chosen = _form_format(ctx, fmt, out)
    rows = forms.form_rows(catalog, canonical, parsed.text, ctx.lang)
    if not rows:
        ctx.fail("template_empty", 1, unit=canonical)
    name = word("file_form", ctx.lang, unit=canonical, period=parsed.text)
    path = _form_path(out, f"{name}.{chosen.value}")
    heading = forms.form_title(catalog, canonical, parsed.text, ctx.lang)
    if chosen is FormFormat.xlsx:
        write_file(ctx, path, lambda p: forms.write_xlsx(p, rows, ctx.lang, heading))
    else:
        write_file(ctx, path, lambda p: forms.write_csv(p, rows, ctx.lang, heading))
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
    received: Annotated[
        str | None,
        typer.Option(
            "--received",
            help="文件收到的日期，如 2023-07-04（补录迟到导入的文件时用；默认为导入当天），"
            "用于报送及时率",
        ),
    ] = None,
    lang: LangOpt = None,
    data: DataOpt = None,
    plan: PlanOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """导入单位报送的进度文件。默认每个文件要么全部导入，要么（有任何错误时）全部不导入。

    每行按期间所属年度存入该地区当年的方案（2024-03 的行存入 2024 年方案）；该年没有方案的行被拒收。
    地区取自 --plan，不指定时为工作区唯一的地区。

    只接受事项的牵头单位、责任单位和配合单位（含单位组成员）报送的行；未填的行（数值和状态都空，
    或填“—”“/”“无”“不适用”）不算报送，计为“未填”。数据疑点（累计值回落、百分比写成小数、
    超过全年目标 10 倍、任务由已完成退回、连续 3 个月数值相同）默认照常导入并给出警告，随数据保存。

    示例：liuzhang ingest examples/2023-06/*.csv --dry-run；
    liuzhang ingest 区住建局.xlsx --partial；
    liuzhang ingest 7月/*.csv --received 2023-08-04（补录：文件 8 月 4 日收到）
    """
    ctx = Ctx.make(lang, data, debug, plan)
    received_on = _received(ctx, received)
    if sheet is not None:
        ctx.run(service.check_sheet_option, files)
    plans = ctx.run(service.submission_plans, ctx.data_dir(), ctx.plan)
    reporter = None  # --unit names a unit of the default plan (loaded only then)
    if unit is not None:
        reporter = ctx.run(resolve_unit, ctx.run(plans.catalog, plans.default), unit)
    options = service.IngestOptions(
        reporter,
        sheet,
        dry_run,
        partial,
        strict,
        allow_other_units,
        FAST_MIN_BYTES,
        debug,
        received=received_on,
    )
    several = len(ctx.run(open_workspace, ctx.data_dir()).plans) > 1
    printer = IngestPrinter(ctx, routes=several)
    ok = ctx.run(service.ingest_files, plans, ctx.data_dir(), db, files, options, printer)
    raise typer.Exit(0 if ok else 1)


def _received(ctx: Ctx, text: str | None) -> str | None:
    """``--received`` as an ISO date (usage error 2 when it is not one); a date after today is
    doubtful but possible (a clock, a typo): a warning, and it is kept as given."""
    if text is None:
        return None
    from datetime import date

    from liuzhang.domain.timeliness import parse_received
    from liuzhang.render.terminal import say

    parsed = parse_received(text)
    if parsed is None:
        ctx.fail("received_malformed", 2, value=text)
    today = date.today()
    if parsed > today:
        say(ctx.msg("received_in_future", received=parsed, today=today), stderr=True)
    return parsed.isoformat()


@dataclass
class IngestPrinter:
    """What an ingest tells the user, printed: messages on stdout, problems on stderr.

    ``routes``: the summary says which plans the rows went to (the workspace has several)."""

    ctx: Ctx
    routes: bool = False

    def write_rejected(self, path: Path, table: Table, checked: Checked) -> Path:
        from liuzhang.render.rejected import write_rejected

        return write_rejected(path, table, checked, self.ctx.lang)

    def unreadable(self, problem: Problem) -> None:
        from liuzhang.render.terminal import print_problems

        print_problems([problem], self.ctx.lang)

    def duplicate(self, display: str, earlier: int) -> None:
        from liuzhang.render.terminal import say

        say(self.ctx.msg("ingest_duplicate_file", file=display, earlier=earlier))

    @contextmanager
    def progress(self, display: str, lines: int) -> Iterator[Callable[[int], None] | None]:
        """A progress bar on stderr for large files in a terminal."""
        if lines < 20000 or not sys.stderr.isatty():
            yield None
            return
        from rich.markup import escape
        from rich.progress import Progress

        from liuzhang.render.outtext import visible

        with Progress(transient=True) as bar:
            task = bar.add_task(escape(visible(display)), total=lines)
            yield lambda n: bar.advance(task, n)

    def checked(self, warnings: list[Problem], warned: int, problems: list[Problem]) -> None:
        from liuzhang.render.terminal import print_problems

        if warnings:
            _print_warnings(self.ctx, warnings, warned)
        if problems:
            print_problems(problems, self.ctx.lang, limit=MAX_PRINTED)

    def refused(self, display: str, rejected: int) -> None:
        from liuzhang.render.terminal import say

        code = "ingest_rejected_file" if rejected else "ingest_failed_file"
        say(self.ctx.msg(code, file=display, rejected=rejected), stderr=True)

    def rejected_written(self, path: Path) -> None:
        from liuzhang.render.terminal import say

        say(self.ctx.msg("rejected_written", path=str(path)), stderr=True)

    def rejected_unwritable(self, path: Path, exc: OSError) -> None:
        from liuzhang.render.terminal import say

        reason = os_reason(exc, self.ctx.lang, path)
        say(self.ctx.msg("output_unwritable", path=str(path), reason=reason), stderr=True)

    def stored(
        self, display: str, summary: IngestSummary, checked: Any, warned: int, dry_run: bool
    ) -> None:
        from liuzhang.render.terminal import say

        msg = self.ctx.msg
        line = msg(
            "ingest_summary",
            file=display,
            read=summary.rows_read,
            stored=summary.stored,
            unchanged=summary.unchanged + checked.duplicates,
            revised=summary.revised,
            rejected=summary.rejected,
        )
        line += msg("ingest_unfilled", unfilled=checked.unfilled)
        if warned:
            line += msg("ingest_warnings", warnings=warned)
        if checked.other_units:
            line += msg("ingest_other_units", count=checked.other_units)
        if self.routes:
            line += _routes(self.ctx, checked.plans)
        say(line + (msg("ingest_dry_run") if dry_run else ""))

    def waiting(self, seconds: float) -> None:
        """While a write waits for another process (see Store.on_wait)."""
        from liuzhang.render.terminal import say

        say(self.ctx.msg("store_waiting", seconds=f"{seconds:g}"), stderr=True)
        sys.stderr.flush()


def _routes(ctx: Ctx, plans: dict[Any, int]) -> str:
    """Where the accepted rows went: `` → 南县/2023``, or each plan with its rows."""
    if len(plans) == 1:
        return ctx.msg("ingest_to_plan", plan=str(next(iter(plans))))
    return "".join(
        ctx.msg("ingest_plan_more" if n else "ingest_to_plans", plan=str(key), rows=rows)
        for n, (key, rows) in enumerate(plans.items())
    )


def _print_warnings(ctx: Ctx, warnings: list[Any], warned: int) -> None:
    """Warnings one per line on stderr (``file:row:column: 警告：…``), at most MAX_PRINTED."""
    from liuzhang.render.problems import problem_message

    for problem in warnings[:MAX_PRINTED]:
        text = problem_message(problem, ctx.lang)
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
    "received",  # the table shows it only when some ingest has it (ingest --received)
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
    "received": {"no_wrap": True},
}


def log(
    fmt: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    plan: PlanOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """列出导入记录：时间、文件及其 sha256、填报单位、各类行数、是否已撤销。

    指定 --plan 时只列出向该方案存入过数据的导入。

    示例：liuzhang log；liuzhang log --plan 2024 --format json
    """
    from liuzhang.i18n import word
    from liuzhang.render.terminal import emit, table

    ctx = Ctx.make(lang, data, debug, plan)
    records = ctx.run(service.ingest_log, ctx.data_dir(), db, ctx.plan)  # no store: none
    w = ctx.lang
    shown = LOG_COLUMNS if any(r["received"] for r in records) else LOG_COLUMNS[:-1]
    headers = [(word(k, w), _LOG_STYLE.get(k, {"overflow": "fold"})) for k in shown]
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
            r["received"] or "",
        ][: len(shown)]
        for r in records
    ]
    title = word("log_title", w, n=len(rows))
    emit(fmt, records, LOG_COLUMNS, lambda: table(title, headers, rows), w)


def revert(
    ingest_id: Annotated[int, typer.Argument(help="导入编号（见 liuzhang log）")],
    lang: LangOpt = None,
    data: DataOpt = None,
    plan: PlanOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """撤销一次导入：其数据不再计入，其他导入不受影响（记录保留备查）。

    示例：liuzhang revert 3
    """
    from liuzhang.render.terminal import say

    ctx = Ctx.make(lang, data, debug, plan)
    file = ctx.run(service.revert, ctx.data_dir(), db, ingest_id, IngestPrinter(ctx).waiting)

    say(ctx.msg("reverted", id=ingest_id, file=file))
