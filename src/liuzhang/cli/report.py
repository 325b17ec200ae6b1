"""The `report` command: the monthly bulletin (月通报) or quarterly review (季总结)."""

from __future__ import annotations

from enum import StrEnum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from liuzhang.cli.context import Ctx
from liuzhang.cli.options import DataOpt, DbOpt, DebugOpt, LangOpt, PlanOpt
from liuzhang.cli.outputs import ensure_dir, write_file
from liuzhang.i18n import Lang, word

if TYPE_CHECKING:
    from collections.abc import Callable

    from liuzhang.domain.plan import DocumentStyle


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
    reply_days: Annotated[
        int | None,
        typer.Option(
            "--reply-days",
            min=1,
            help="督办通知的整改时限：成文日期后第几个工作日"
            "（缺省取 plan.yaml documents.reply_days，即 5）",
            show_default=False,
        ),
    ] = None,
    reply_by: Annotated[
        str | None,
        typer.Option(
            "--reply-by",
            help="督办通知的整改时限日期，如 2023-07-17（代替 --reply-days）",
            show_default=False,
        ),
    ] = None,
    formats: Annotated[
        list[ReportFormat] | None,
        typer.Option(
            "--format",
            "-f",
            help="html、xlsx、md、json、docx（公文）、pdf（经 LibreOffice），可重复"
            "（默认 html、xlsx、md）",
            show_default=False,
        ),
    ] = None,
    fonts: Annotated[
        list[str] | None,
        typer.Option(
            "--font",
            help="公文字体，可重复，如 --font title=思源宋体；键：title、body、heading1、heading2、"
            "page_number（缺省取 plan.yaml documents）",
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
    """生成月通报（--month）、季总结（--quarter）或旬简报（--dekad）；--notices 另写督办通知。

    示例：liuzhang report --month 2023-06；liuzhang report --quarter 2023-Q2 -f xlsx -f json；
    liuzhang report --month 2023-06 -f docx -f pdf --date 2023-07-10 --font title=思源宋体；
    liuzhang report --month 2023-06 --notices --date 2023-07-10 --reply-days 7；
    liuzhang report --dekad 2023-06-中旬 -f docx
    """
    from liuzhang.render.terminal import say
    from liuzhang.services.bulletin import bulletin

    ctx = Ctx.make(lang, data, debug, plan)
    font_names = _fonts(ctx, fonts)
    _check_reply(ctx, notices, reply_days, reply_by, date)
    if dekad is not None:
        _dekad_brief(ctx, dekad, formats, out, db, date)
        return
    made = ctx.run(
        bulletin, ctx.data_dir(), db, month, quarter, ctx.lang, ctx.plan, date, areas=areas
    )
    ensure_dir(ctx, out)
    style = _styled(made.style, font_names)
    for fmt in formats or DEFAULT_FORMATS:
        path = out / f"{made.stem}.{fmt.value}"
        write_file(ctx, path, partial(_write, fmt, made.content, ctx.lang, style))
        say(ctx.msg("report_written", path=str(path)))
    if notices:
        _notices(ctx, made.content, out, style, reply_days, reply_by)


# -- dekad helper: the 旬简报
def _dekad_brief(
    ctx: Ctx,
    dekad: str,
    formats: list[ReportFormat] | None,
    out: Path,
    db: str | None,
    date: str | None,
) -> None:
    """Write the 旬简报 of ``dekad`` in ``formats`` (alone: with --month, --quarter or
    --notices a usage error)."""
    import click

    from liuzhang.render.terminal import say
    from liuzhang.services.dekad import dekad_brief

    given = click.get_current_context().params
    if given.get("month") or given.get("quarter") or given.get("notices"):
        ctx.fail("dekad_with_other", 2)
    chosen = formats or DEFAULT_FORMATS
    brief = ctx.run(dekad_brief, ctx.data_dir(), db, dekad, ctx.lang, ctx.plan, date)
    fonts = given.get("fonts")
    style = _styled(brief.style, _fonts(ctx, fonts)) if fonts else brief.style
    ensure_dir(ctx, out)
    for fmt in chosen:
        path = out / f"{brief.stem}.{fmt.value}"
        write_file(ctx, path, partial(_write_brief, fmt, brief.content, ctx.lang, style))
        say(ctx.msg("report_written", path=str(path)))


def _write_brief(
    fmt: ReportFormat, brief: dict[str, Any], lang: Lang, style: DocumentStyle, path: Path
) -> None:
    """One format of the 旬简报 to ``path`` (docx and pdf typeset with ``style``)."""
    from liuzhang.render import dekad  # imports python-docx only when it writes a docx

    writers = Writers(
        html=dekad.render_html,
        md=dekad.render_md,
        xlsx=dekad.write_xlsx,
        docx=lambda b, p, lang, style: dekad.write_docx(b, p, style, lang),
    )
    _write_with(writers, fmt, brief, lang, style, path)


# -- notices helper: the 督办通知
def _check_reply(
    ctx: Ctx, notices: bool, reply_days: int | None, reply_by: str | None, date: str | None
) -> None:
    """Usage errors of --reply-days/--reply-by (exit 2) before anything is written."""
    from liuzhang.services.notices import check_reply_options

    ctx.run(check_reply_options, notices, reply_days, reply_by, date)


def _notices(
    ctx: Ctx,
    bulletin: dict[str, Any],
    out: Path,
    style: DocumentStyle,
    reply_days: int | None = None,
    reply_by: str | None = None,
) -> None:
    """Write one 督办通知 per lagging office (docx and md) in a folder beside the bulletin, an
    index of them (md, json), and print the index."""
    import sys

    from liuzhang.render import notices as writer
    from liuzhang.render.terminal import say, to_json
    from liuzhang.services.notices import notices
    from liuzhang.views.notices import index_records

    model = ctx.run(
        notices,
        bulletin,
        style.reply_days,
        ctx.lang,
        reply_days,
        reply_by,
        style.holidays,
        style.workdays,
    )
    if model["unassigned"]:
        ids = [item["id"] for item in model["unassigned"]]
        say(
            ctx.msg("notices_unassigned", n=len(ids), items=word("b_list_sep", ctx.lang).join(ids)),
            stderr=True,
        )
    if not model["notices"]:
        say(ctx.msg("notices_none", period=model["period"]))
        return
    folder = out / model["folder"]
    ensure_dir(ctx, folder)
    for notice in model["notices"]:
        md_text = writer.render_md(model, notice, ctx.lang)
        write_file(ctx, folder / f"{notice['file']}.md", partial(_text, md_text))
        write_file(
            ctx,
            folder / f"{notice['file']}.docx",
            partial(writer.write_docx, model, notice, style, lang=ctx.lang),
        )
    records = index_records(model, ("docx", "md"))
    index = folder / word("n_index_file", ctx.lang)
    index_md = writer.render_index_md(model, records, ctx.lang)
    write_file(ctx, index.with_suffix(".md"), partial(_text, index_md))
    index_json = to_json({**model, "index": records}) + "\n"
    write_file(ctx, index.with_suffix(".json"), partial(_text, index_json))
    sys.stdout.write(writer.render_index_terminal(model, records, ctx.lang))
    say(ctx.msg("notices_written", n=len(records), reply_by=model["reply_by"], path=str(folder)))


def _text(text: str, path: Path) -> None:
    path.write_text(text, encoding="utf-8")


# -- docx helper: the bulletin's formats (docx, pdf in _write)
def _fonts(ctx: Ctx, values: list[str] | None) -> dict[str, str]:
    """--font ROLE=NAME (repeatable) as role → font; a usage error (exit 2) for an unknown
    role or an empty name."""
    from liuzhang.domain.plan import FONT_ROLES

    fonts: dict[str, str] = {}
    for value in values or []:
        role, sep, name = value.partition("=")
        role, name = role.strip(), name.strip()
        if not sep or role not in FONT_ROLES or not name:
            from liuzhang.render.outtext import visible

            ctx.fail("report_font_malformed", 2, value=visible(value), choices=list(FONT_ROLES))
        fonts[role] = name
    return fonts


def _styled(style: DocumentStyle, fonts: dict[str, str]) -> DocumentStyle:
    """The plan's document style with --font's names."""
    if not fonts:
        return style
    return style.with_fonts(fonts)


def _write(
    fmt: ReportFormat, bulletin: dict[str, Any], lang: Lang, style: DocumentStyle, path: Path
) -> None:
    """One format of the bulletin to ``path`` (docx and pdf typeset with ``style``)."""
    writers = Writers(
        html=_lazy("html", "render"),
        md=_lazy("md", "render"),
        xlsx=_lazy("xlsx", "write"),
        docx=_lazy("docx", "write"),  # python-docx only when a docx or pdf is written
    )
    _write_with(writers, fmt, bulletin, lang, style, path)


def _lazy(module: str, name: str) -> Any:
    """``liuzhang.render.<module>.<name>``, imported when first called."""

    def call(*args: Any) -> Any:
        import importlib

        return getattr(importlib.import_module(f"liuzhang.render.{module}"), name)(*args)

    return call


class Writers(NamedTuple):
    """How one kind of document is written in each format (json is the model itself, pdf the
    docx converted)."""

    html: Callable[[dict[str, Any], Lang], str]
    md: Callable[[dict[str, Any], Lang], str]
    xlsx: Callable[[dict[str, Any], Path, Lang], None]
    docx: Callable[[dict[str, Any], Path, Lang, DocumentStyle], None]


def _write_with(
    writers: Writers,
    fmt: ReportFormat,
    content: dict[str, Any],
    lang: Lang,
    style: DocumentStyle,
    path: Path,
) -> None:
    """``content`` in format ``fmt`` to ``path`` by ``writers``."""
    if fmt is ReportFormat.html:
        path.write_text(writers.html(content, lang), encoding="utf-8")
    elif fmt is ReportFormat.md:
        path.write_text(writers.md(content, lang), encoding="utf-8")
    elif fmt is ReportFormat.xlsx:
        writers.xlsx(content, path, lang)
    elif fmt is ReportFormat.docx:
        writers.docx(content, path, lang, style)
    elif fmt is ReportFormat.pdf:
        _write_pdf(lambda docx: writers.docx(content, docx, lang, style), lang, style, path)
    else:
        from liuzhang.render.terminal import to_json

        path.write_text(to_json(content) + "\n", encoding="utf-8")


def _write_pdf(
    write_docx: Callable[[Path], object], lang: Lang, style: DocumentStyle, path: Path
) -> None:
    """The docx ``write_docx(path)`` writes, converted by LibreOffice to ``path``; exit 1
    saying how to install it when it is missing; a warning per named font the PDF does not
    use."""
    import shutil
    import sys
    import tempfile

    from liuzhang.i18n import message
    from liuzhang.render import pdf

    def fail(code: str, **params: object) -> None:
        print(message(code, lang, **params), file=sys.stderr)
        raise typer.Exit(1)

    if pdf.find_soffice() is None:
        fail("docx_no_soffice")
    with tempfile.TemporaryDirectory(prefix="liuzhang-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        write_docx(source)
        try:
            made = pdf.convert(source, Path(tmp))
        except pdf.PdfError as exc:
            fail(exc.code, **exc.params)
        shutil.move(made, path)
    misses = pdf.check_fonts(path, style)
    if misses is None:
        print(message("docx_font_check_skipped", lang), file=sys.stderr)
    for miss in misses or []:
        print(
            message(
                "docx_font_substituted",
                lang,
                font=miss.font,
                role=miss.roles[0],
                used=", ".join(miss.used) or "—",
            ),
            file=sys.stderr,
        )
