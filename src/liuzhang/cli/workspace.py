"""Commands over the workspace's plans: init, plans."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import click
import typer

from liuzhang.cli.context import Ctx
from liuzhang.cli.options import DataOpt, DbOpt, DebugOpt, LangOpt
from liuzhang.domain.plan import LEVELS
from liuzhang.plandata.catalog import _display as shown

PLAN_COLUMNS = [
    "area",
    "year",
    "title",
    "folder",
    "targets",
    "tasks",
    "errors",
    "values",
    "first_period",
    "last_period",
]
MAX_IDS = 10  # ids named in init's hint about words that mention the old year


class PlansFormat(StrEnum):
    table = "table"
    json = "json"


def init(
    year: Annotated[int, typer.Option("--year", min=2000, max=2100, help="新方案的年度，如 2024")],
    from_year: Annotated[
        int | None,
        typer.Option(
            "--from",
            min=2000,
            max=2100,
            help="复制这一年度的方案（期限顺延，目标值保留并标记待复核）",
            show_default=False,
        ),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option(
            "--area",
            help="地区：新建空白方案时必填；复制时选哪个地区的方案（默认：唯一的地区）",
            show_default=False,
        ),
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            "--level",
            click_type=click.Choice(LEVELS),
            help="层级（空白方案，默认 county）",
            show_default=False,
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title", help="方案标题（空白方案，默认“地区+年度+年工作方案”）", show_default=False
        ),
    ] = None,
    folder: Annotated[
        str | None,
        typer.Option(
            "--folder",
            help="新方案的子目录名（默认：年度；工作区有多个地区时为 地区-年度）",
            show_default=False,
        ),
    ] = None,
    lang: LangOpt = None,
    data: DataOpt = None,
    debug: DebugOpt = False,
) -> None:
    """新建方案：复制上一年度的方案（--from），或新建一个空白方案（--area）。从不覆盖已有文件。

    数据目录根目录下的方案会先移入以其年度命名的子目录（每个方案一个子目录）。

    示例：liuzhang init --year 2024 --from 2023；liuzhang init --area 南县 --year 2023
    """
    from liuzhang.services import workspace

    ctx = Ctx.make(lang, data, debug)
    data_dir = ctx.data_dir()
    if from_year is not None:
        if level is not None or title is not None:
            ctx.fail("init_options_conflict", 2)
        result = ctx.run(workspace.init_from, data_dir, year, from_year, area, folder)
    elif area is None:
        choices = _plan_choices(ctx, data_dir)
        if choices:
            ctx.fail("init_area_needed", 2, year=year, choices=choices)
        ctx.fail("init_area_needed_first", 2, year=year)
    else:
        result = ctx.run(
            workspace.init_empty, data_dir, area, year, level or "county", title, folder
        )
    _print_init(ctx, result)


def _plan_choices(ctx: Ctx, data_dir: Path) -> list[str]:
    """The plans of the workspace as a user names them (none yet: empty); a
    workspace that cannot be used is reported as every command reports it."""
    from liuzhang.services import ServiceError, open_workspace

    try:
        return open_workspace(data_dir).choices()
    except ServiceError as exc:
        if exc.code in ("data_dir_missing", "workspace_empty"):
            return []
        return ctx.run(open_workspace, data_dir).choices()


def say_moved(ctx: Ctx, moved: Any) -> None:
    """That the plan at the root of the data directory moved into a folder of its own."""
    from liuzhang.i18n import word
    from liuzhang.render.terminal import say

    sep = word("b_list_sep", ctx.lang)
    names = sep.join(n + ("/" if (moved.folder / n).is_dir() else "") for n in moved.names)
    say(ctx.msg("init_moved", plan=str(moved.plan), folder=shown(moved.folder), files=names))


def _print_init(ctx: Ctx, result: Any) -> None:
    from liuzhang.i18n import word
    from liuzhang.render.terminal import print_problems, say

    msg = ctx.msg
    sep = word("b_list_sep", ctx.lang)
    if result.moved is not None:
        say_moved(ctx, result.moved)
    if result.schemas_written is not None:
        say(msg("init_schemas_written", path=shown(result.schemas_written)))
    files = sep.join(result.files)
    say(msg("init_written", plan=str(result.key), folder=shown(result.folder), files=files))
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        print_problems(errors, ctx.lang)
        ctx.fail("validate_failed", 1, errors=len(errors))
    say(msg("validate_ok", **result.counts))
    if result.source is None:
        say(msg("init_next"))
        say("  " + msg("init_next_empty"))
        return
    years = result.key.year - result.source.year
    steps = [
        msg("init_next_document", year=result.key.year),
        msg("init_next_review", targets=result.review["targets"], tasks=result.review["tasks"]),
    ]
    if result.mentions:
        ids = sep.join(result.mentions[:MAX_IDS])
        if len(result.mentions) > MAX_IDS:
            ids += f" … (+{len(result.mentions) - MAX_IDS})"
        steps.append(
            msg("init_next_mentions", year=result.source.year, n=len(result.mentions), ids=ids)
        )
    source = shown(result.folder / "source")
    steps.append(msg("init_next_source", folder=source, year=result.source.year))
    say(msg("init_copied", source=str(result.source), dates=result.dates, years=years))
    say(msg("init_next"))
    for number, step in enumerate(steps, 1):
        say(f"  {number}. {step}")


def plans(
    fmt: Annotated[
        PlansFormat, typer.Option("--format", "-f", help="输出格式 table|json")
    ] = PlansFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """列出工作区的方案：地区、年度、标题、目录、指标和任务数，以及数据库中已有数据的期间。

    数据有错误的方案也列出（错误数）；这时退出码为 1。

    示例：liuzhang plans；liuzhang plans --format json
    """
    from liuzhang.render.terminal import emit, print_problems, say
    from liuzhang.services.workspace import list_plans

    ctx = Ctx.make(lang, data, debug)
    listing = ctx.run(list_plans, ctx.data_dir(), db)
    records = plan_records(listing.rows)

    def render() -> Any:
        from liuzhang.i18n import word
        from liuzhang.render.terminal import table

        w = ctx.lang
        headers = [
            (word("plans_area", w), {"overflow": "fold"}),
            (word("plans_year", w), {"justify": "right"}),
            (word("plans_plan_title", w), {"overflow": "fold"}),
            (word("plans_folder", w), {"overflow": "fold"}),
            (word("plans_targets", w), {"justify": "right"}),
            (word("plans_tasks", w), {"justify": "right"}),
            (word("plans_errors", w), {"justify": "right"}),
            (word("plans_values", w), {"justify": "right"}),
            (word("plans_span", w), {"no_wrap": True}),
        ]
        rows = [
            [
                r["area"] or "?",
                "" if r["year"] is None else str(r["year"]),
                r["title"] or "",
                _folder_text(r["folder"], w),
                _count(r["targets"]),
                _count(r["tasks"]),
                str(r["errors"] or ""),
                str(r["values"] or ""),
                _span_text(r["first_period"], r["last_period"]),
            ]
            for r in records
        ]
        return table(word("plans_title", w, n=len(rows)), headers, rows)

    emit(fmt, records, PLAN_COLUMNS, render, ctx.lang)
    failed = False
    if listing.error is not None:
        print_problems(listing.error.problems, ctx.lang, limit=20)
        print(ctx.msg(listing.error.code, **listing.error.params), file=sys.stderr)
        failed = True
    failing = listing.failing
    if failing:
        # each plan's folder; the data directory itself for a plan at its root
        folders = [str(ctx.data_dir()) if r.folder == "." else r.folder or "" for r in failing]
        say(ctx.msg("plans_with_problems", n=len(failing), folders=folders), stderr=True)
        failed = True
    if failed:
        raise typer.Exit(1)


def plan_records(rows: list[Any]) -> list[dict[str, Any]]:
    """The listing's rows as records: the JSON, and what the table shows."""
    return [{name: getattr(row, name) for name in PLAN_COLUMNS} for row in rows]


def _folder_text(folder: str | None, lang: Any) -> str:
    from liuzhang.i18n import word

    if folder is None:
        return word("plans_store_only", lang)
    return word("plans_root", lang) if folder == "." else folder


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def _span_text(first: str | None, last: str | None) -> str:
    if first is None:
        return ""
    return first if last in (None, first) else f"{first} – {last}"
