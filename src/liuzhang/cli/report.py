"""The `report` command: the monthly bulletin (月通报) or quarterly review (季总结)."""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from liuzhang.cli.context import Ctx
from liuzhang.cli.options import DataOpt, DbOpt, DebugOpt, LangOpt


class ReportFormat(StrEnum):
    html = "html"
    xlsx = "xlsx"
    md = "md"
    json = "json"


DEFAULT_FORMATS = [ReportFormat.html, ReportFormat.xlsx, ReportFormat.md]


def report(
    month: Annotated[
        str | None,
        typer.Option("--month", "-m", help="月份，如 2023-06（月通报）", show_default=False),
    ] = None,
    quarter: Annotated[
        str | None,
        typer.Option("--quarter", "-q", help="季度，如 2023-Q2（季总结）", show_default=False),
    ] = None,
    formats: Annotated[
        list[ReportFormat] | None,
        typer.Option(
            "--format",
            "-f",
            help="html、xlsx、md、json，可重复（默认 html、xlsx、md）",
            show_default=False,
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="输出目录")] = Path("reports"),
    lang: LangOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """生成月通报（--month）或季总结（--quarter）：总体情况、分仗情况、督办清单、各单位、全年预计、数据说明。

    示例：liuzhang report --month 2023-06；liuzhang report --quarter 2023-Q2 -f xlsx -f json
    """
    from liuzhang.cli.outputs import ensure_dir, write_file
    from liuzhang.cli.plan import load_or_exit
    from liuzhang.cli.tracking import judge, read_store
    from liuzhang.domain.periods import parse_period
    from liuzhang.render.terminal import say
    from liuzhang.views.bulletin import build_bulletin

    ctx = Ctx.make(lang, data, debug)
    if (month is None) == (quarter is None):
        ctx.fail("report_period_required", 2)
    period = parse_period(month or quarter or "")
    wanted_kind = "month" if month else "quarter"
    if period is None or period.kind != wanted_kind:
        ctx.fail("report_period_malformed", 2, value=month or quarter)
    catalog = load_or_exit(ctx)
    if period.year != catalog.year:
        ctx.fail("report_period_outside_year", 2, value=month or quarter, year=catalog.year)
    judged = judge(ctx, db, f"{period.year}-{period.end_month:02d}", catalog)
    # none yet: all is missing
    ingests = [r.as_dict() for r in read_store(ctx, db, lambda s: s.ingests())]
    readings = [r for rs in judged.readings.values() for r in rs]
    bulletin = build_bulletin(
        judged.catalog,
        readings,
        period.end_month,
        quarter=period.index if wanted_kind == "quarter" else None,
        ingests=ingests,
    )
    stem = ("季总结_" if wanted_kind == "quarter" else "月通报_") + period.text
    ensure_dir(ctx, out)
    for fmt in formats or DEFAULT_FORMATS:
        path = out / f"{stem}.{fmt.value}"
        write_file(ctx, path, partial(_write, fmt, bulletin))
        say(ctx.msg("report_written", path=str(path)))


def _write(fmt: ReportFormat, bulletin: dict[str, Any], path: Path) -> None:
    """One format of the bulletin to ``path``."""
    if fmt is ReportFormat.html:
        from liuzhang.render import html

        path.write_text(html.render(bulletin), encoding="utf-8")
    elif fmt is ReportFormat.md:
        from liuzhang.render import md

        path.write_text(md.render(bulletin), encoding="utf-8")
    elif fmt is ReportFormat.xlsx:
        from liuzhang.render import xlsx

        xlsx.write(bulletin, path)
    else:
        from liuzhang.render.terminal import to_json

        path.write_text(to_json(bulletin) + "\n", encoding="utf-8")


def register(app: typer.Typer) -> None:
    app.command()(report)
