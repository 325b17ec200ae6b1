"""The `report` command: the monthly bulletin (月通报) or quarterly review (季总结)."""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from liuzhang.cli.context import Ctx
from liuzhang.cli.options import DataOpt, DbOpt, DebugOpt, LangOpt, PlanOpt
from liuzhang.cli.outputs import ensure_dir, write_file
from liuzhang.i18n import Lang


class ReportFormat(StrEnum):
    html = "html"
    xlsx = "xlsx"
    md = "md"
    json = "json"
    docx = "docx"  # GB/T 9704 公文 (docx helper: render/docx)
    pdf = "pdf"  # the docx converted by LibreOffice (docx helper)


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
    dekad: Annotated[
        str | None,
        typer.Option("--dekad", help="旬，如 2023-06-中旬（旬简报）", show_default=False),
    ] = None,
    notices: Annotated[
        bool,
        typer.Option("--notices", help="另为每个有滞后、未完成、缺报或逾期事项的单位写督办通知"),
    ] = False,
    areas: Annotated[
        bool,
        typer.Option(
            "--areas", help="加上“各地区比较”：以本方案地区为上级的各地区排名与汇总（同 compare）"
        ),
    ] = False,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="成文日期，如 2023-07-10（缺省今天；督办通知的整改时限由此起算）"
        ),
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
    plan: PlanOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """生成月通报（--month）或季总结（--quarter）：总体情况、各部分情况、督办清单、各单位、全年预计、数据说明。

    示例：liuzhang report --month 2023-06；liuzhang report --quarter 2023-Q2 -f xlsx -f json
    """
    from liuzhang.render.terminal import say
    from liuzhang.services.bulletin import bulletin

    ctx = Ctx.make(lang, data, debug, plan)
    if dekad is not None:
        _dekad_brief(ctx, dekad, formats, out, db, date)
        return
    made = ctx.run(
        bulletin, ctx.data_dir(), db, month, quarter, ctx.lang, ctx.plan, date, areas=areas
    )
    ensure_dir(ctx, out)
    for fmt in formats or DEFAULT_FORMATS:
        path = out / f"{made.stem}.{fmt.value}"
        write_file(ctx, path, partial(_write, fmt, made.content, ctx.lang))
        say(ctx.msg("report_written", path=str(path)))
    if notices:
        _notices(ctx, made.content, out)


# -- dekad helper: the 旬简报
def _dekad_brief(
    ctx: Ctx,
    dekad: str,
    formats: list[ReportFormat] | None,
    out: Path,
    db: str | None,
    date: str | None,
) -> None:
    """Write the 旬简报 of ``dekad`` in ``formats``."""
    raise NotImplementedError("dekad helper")


# -- notices helper: the 督办通知
def _notices(ctx: Ctx, bulletin: dict[str, Any], out: Path) -> None:
    """Write one 督办通知 per lagging office (docx and md) and list them."""
    raise NotImplementedError("notices helper")


# -- docx helper: the bulletin's formats (docx, pdf in _write)
def _write(fmt: ReportFormat, bulletin: dict[str, Any], lang: Lang, path: Path) -> None:
    """One format of the bulletin to ``path``."""
    if fmt is ReportFormat.html:
        from liuzhang.render import html

        path.write_text(html.render(bulletin, lang), encoding="utf-8")
    elif fmt is ReportFormat.md:
        from liuzhang.render import md

        path.write_text(md.render(bulletin, lang), encoding="utf-8")
    elif fmt is ReportFormat.xlsx:
        from liuzhang.render import xlsx

        xlsx.write(bulletin, path, lang)
    else:
        from liuzhang.render.terminal import to_json

        path.write_text(to_json(bulletin) + "\n", encoding="utf-8")
