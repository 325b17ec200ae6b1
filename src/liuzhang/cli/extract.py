"""``liuzhang extract``: a plan document (.txt, .docx, .pdf) -> a draft plan folder."""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from liuzhang.cli.context import Ctx
from liuzhang.cli.options import DebugOpt, LangOpt

MAX_REVIEW_LINES = 8  # review reasons listed in the table output (the most frequent first)


class ExtractFormat(StrEnum):
    table = "table"
    json = "json"


def extract(
    plan: Annotated[
        Path,
        typer.Argument(
            exists=True,
            dir_okay=False,
            help="方案原文：.txt（UTF-8 或 GB18030）、.docx 或 .pdf",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="草稿目录（默认：原文旁以“地区-年度”命名的新目录；--format json 时不写文件）",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ExtractFormat, typer.Option("--format", "-f", help="输出格式 table|json")
    ] = ExtractFormat.table,
    units: Annotated[
        Path | None,
        typer.Option(
            "--units",
            help="已知单位：units.yaml 或方案目录（按名称和别名匹配单位）",
            show_default=False,
        ),
    ] = None,
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            help="上一年度方案的目录：对比新增、取消和目标值有变化的指标，并沿用其编号和单位",
            show_default=False,
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            min=2000,
            max=2100,
            help="方案年度（默认：按文号、标题或印发日期）",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖草稿目录中已有的方案文件")] = False,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """从方案原文起草方案目录：plan.yaml、targets.yaml、tasks.yaml、units.yaml。

    每个指标和任务都注明出处原文；推测的内容标记 needs_review: true（待复核），
    validate 将其列为提示。从不覆盖已有方案（除非 --force）。

    示例：liuzhang extract 方案.docx --out data/2024 --against data/2023；
    liuzhang extract 方案.txt --format json
    """
    from liuzhang.services.extract import run_extract

    ctx = Ctx.make(lang, None, debug)
    if fmt is ExtractFormat.json:
        with tempfile.TemporaryDirectory() as scratch:
            folder = out if out is not None else Path(scratch) / "draft"
            result = ctx.run(run_extract, plan, folder, units, against, year, force)
            _print_json(ctx, result, written=out is not None)
        return
    result = ctx.run(run_extract, plan, out, units, against, year, force)
    _print_table(ctx, result)


def _print_json(ctx: Ctx, result: Any, written: bool) -> None:
    from liuzhang.extract.draft import draft_json
    from liuzhang.render.problems import problem_record
    from liuzhang.render.terminal import emit_json
    from liuzhang.services.extract import reason_text

    record = draft_json(result.draft, lambda code: reason_text(code, ctx.lang))
    problems = [] if not written else [problem_record(p, ctx.lang) for p in result.problems]
    if not written:  # validated in a scratch folder: its path means nothing to the reader
        problems = [
            {**problem_record(p, ctx.lang), "file": Path(p.file).name} for p in result.problems
        ]
    record["problems"] = problems
    record["missing"] = result.missing
    record["folder"] = str(result.folder) if written else None
    if result.against is not None:
        record["against"] = {
            "folder": str(result.against_folder),
            "counts": result.against.counts(),
            "targets": [
                {"status": r.status, "id": r.id, "name": r.name, "old": r.old, "new": r.new}
                for r in result.against.rows
            ],
        }
    emit_json(record)
    if any(p.severity == "error" for p in result.problems):
        raise typer.Exit(1)


def _print_table(ctx: Ctx, result: Any) -> None:
    from liuzhang.i18n import word
    from liuzhang.plandata.catalog import _display as shown
    from liuzhang.render.terminal import print_problems, say
    from liuzhang.services.extract import reason_text

    draft = result.draft
    msg = ctx.msg
    if result.moved is not None:
        from liuzhang.cli.workspace import say_moved

        say_moved(ctx, result.moved)
    if result.schemas_written is not None:
        say(msg("init_schemas_written", path=shown(result.schemas_written)))
    new_units = sum(1 for u in draft.units if not u.known)
    say(
        msg(
            "extract_written",
            folder=shown(result.folder),
            targets=len(draft.targets),
            tasks=len(draft.tasks),
            units=len(draft.units),
            new_units=new_units,
        )
    )
    sep = word("b_list_sep", ctx.lang)
    if result.missing:
        say(msg("extract_head_missing", fields=sep.join(result.missing)))
    targets = [t for t in draft.targets if t.needs_review]
    tasks = [t for t in draft.tasks if t.needs_review]
    if targets or tasks:
        say(msg("extract_review", targets=len(targets), tasks=len(tasks)))
        reasons = Counter(r for item in [*targets, *tasks] for r in item.reasons)
        for code, n in reasons.most_common(MAX_REVIEW_LINES):
            say(f"  {n} × {reason_text(code, ctx.lang)}")
    if draft.qualitative:
        say(msg("extract_qualitative", n=len(draft.qualitative)))
    if result.against is not None:
        _print_against(ctx, result)
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        print_problems(errors, ctx.lang, limit=20)
        ctx.fail("validate_failed", 1, errors=len(errors))
    warnings = len(result.problems) - len(errors)
    say(msg("extract_valid", warnings=warnings, folder=shown(result.folder)))


def _print_against(ctx: Ctx, result: Any) -> None:
    from liuzhang.render.terminal import table

    comparison = result.against
    counts = comparison.counts()
    title = ctx.msg("extract_against_title", folder=str(result.against_folder), **counts)
    headers = [
        (ctx.msg("extract_against_status"), {"no_wrap": True}),
        (ctx.msg("extract_against_id"), {"no_wrap": True}),
        (ctx.msg("extract_against_name"), {"overflow": "fold"}),
        (ctx.msg("extract_against_old"), {"justify": "right"}),
        (ctx.msg("extract_against_new"), {"justify": "right"}),
    ]
    shown = [r for r in comparison.rows if r.status != "unchanged"]
    rows = [[_status_word(ctx, r.status), r.id, r.name, r.old or "", r.new or ""] for r in shown]
    sys.stdout.write(table(title, headers, rows))


def _status_word(ctx: Ctx, status: str) -> str:
    if status == "new":
        return ctx.msg("extract_status_new")
    if status == "gone":
        return ctx.msg("extract_status_gone")
    if status == "changed":
        return ctx.msg("extract_status_changed")
    return ctx.msg("extract_status_unchanged")
