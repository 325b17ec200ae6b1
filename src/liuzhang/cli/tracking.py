"""Commands that judge progress: status, show, missing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from liuzhang.cli.context import Ctx
from liuzhang.cli.options import (
    BattleOpt,
    DataOpt,
    DbOpt,
    DebugOpt,
    FormatOpt,
    LangOpt,
    ListFormat,
    PlanOpt,
    UnitOpt,
)
from liuzhang.render.cells import show_num, status_cell
from liuzhang.render.colors import STATUS_STYLES
from liuzhang.render.terminal import emit
from liuzhang.services import Judged, judge, missing_list, resolve_battle, resolve_unit

if TYPE_CHECKING:
    from liuzhang.domain.lastyear import LastYear
    from liuzhang.domain.tracking import Judgement

AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="截至月份，如 2023-06（默认：有数据的最近月份）", show_default=False
    ),
]
STATUS_COLUMNS = [
    "id",
    "kind",
    "battle",
    "name",
    "status",
    "actual",
    "expected",
    "gap",
    "target",
    "remaining",
    "unit",
    "direction",
    "measure",
    "commitment",
    "period",
    "due_period",
    "stale",
    "owes",
    "lead",
    "responsible",
    "deadline",
    "progress",
    "reported_by",
    "source_file",
    "flags",
    "note",
]


def as_of_note(ctx: Ctx, judged: Judged) -> str | None:
    """The header line saying which month was taken and why, when ``--as-of`` was not given."""
    from liuzhang.i18n import word

    if judged.as_of_basis is None:
        return None
    key = f"as_of_default_{judged.as_of_basis}"
    return word(key, ctx.lang, year=judged.catalog.year, month=judged.as_of)


def warn(ctx: Ctx, judged: Judged) -> None:
    """The judgement's warnings (last year's plan cannot be read…) on stderr."""
    import sys

    for code, params in judged.warnings:
        print(ctx.msg(code, **params), file=sys.stderr)


def status_header(ctx: Ctx, judged: Judged) -> str:
    """The first line of the status tables: the plan (title, area and year from plan.yaml, in
    ``--lang``) and the month judged, with why that month when ``--as-of`` was not given."""
    from liuzhang.i18n import word
    from liuzhang.render.text import catalog_label

    catalog, lang = judged.catalog, ctx.lang
    as_of = as_of_note(ctx, judged) or word("as_of", lang, year=catalog.year, month=judged.as_of)
    return word("plan_header", lang, plan=catalog_label(catalog, lang), as_of=as_of)


def _split_statuses(ctx: Ctx, values: list[str] | None) -> set[str] | None:
    from liuzhang.domain.tracking import STATUSES

    if not values:
        return None
    chosen = {v.strip() for item in values for v in item.split(",") if v.strip()}
    for value in chosen:
        if value not in STATUSES:
            ctx.fail("unknown_status", 2, value=value, choices=",".join(STATUSES))
    return chosen


def status(
    as_of: AsOfOpt = None,
    battle: BattleOpt = None,
    unit: UnitOpt = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            help="只看这些状态，如 missed,behind,at_risk,missing,overdue",
            show_default=False,
        ),
    ] = None,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on", help="有这些状态的行时退出码为 1（供定时任务用）", show_default=False
        ),
    ] = None,
    fmt: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    plan: PlanOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """每个指标和任务截至某月的状态：已完成、正常、预警、滞后、未完成、应报未报、未到统计期；任务逾期。

    \b
    规则：
    - 年底终值（年度值、四季度值、12月累计值）达到目标为已完成，未达到为未完成，不设容差；
    - 年中低于序时预期、差距在容差以内为预警，超过为滞后；
    - 容差：% 与 ‰ 类取 1 个百分点与目标值 10% 中较小者（目标 2% 时为 0.2 个百分点），
      其他类为序时预期的 10%（targets.yaml 的 tolerance 可改）；
    - 最新数据落后应报期一至两期照常判断，期间标 *；超过两期（如截至 9 月只有 6 月的
      月度数据）不再判断，计为应报未报，仍显示最后报送的数值。
    - 数据目录里有同一地区上一年度的方案时，另列“去年同期”：去年同一期间（期末相同，如 2024-Q2
      对 2023-06 或 2023-Q2）的数值和增减，增速、比率类（%、‰）为个百分点，总量类为百分比。

    示例：liuzhang status；liuzhang status --as-of 2023-06 --only behind,missing --unit 区住建局
    """
    ctx = Ctx.make(lang, data, debug, plan)
    judged = ctx.run(judge, ctx.data_dir(), db, as_of, plan=ctx.plan)
    warn(ctx, judged)
    wanted = _split_statuses(ctx, only)
    failing = _split_statuses(ctx, fail_on) or set()
    who = ctx.run(resolve_unit, judged.catalog, unit)
    battle = ctx.run(resolve_battle, judged.catalog, battle)
    rows = [
        j
        for j in judged.judgements
        if (battle is None or j.battle == battle)
        and (wanted is None or j.status in wanted)
        and (who is None or who in j.lead or who in j.responsible)
    ]
    # The table is drawn from the judgements: the records are for JSON and CSV only (and not
    # imported for a table: start-up speed).
    records: list[dict[str, Any]] = []
    columns = STATUS_COLUMNS
    if fmt is not ListFormat.table:
        from liuzhang.views.records import LAST_YEAR_FIELDS, as_record

        records = [as_record(j, ctx.lang, judged.last_year.get(j.id)) for j in rows]
        at = STATUS_COLUMNS.index("flags")  # the 去年同期 fields come before the warnings
        columns = [*STATUS_COLUMNS[:at], *LAST_YEAR_FIELDS, *STATUS_COLUMNS[at:]]
    if fmt is ListFormat.csv:
        from liuzhang.views.records import csv_flags

        records = [csv_flags(r) for r in records]
    emit(fmt, records, columns, lambda: _status_tables(ctx, judged, rows), ctx.lang)
    if any(j.status in failing for j in rows):
        raise typer.Exit(1)


def _status_tables(ctx: Ctx, judged: Judged, rows: list[Judgement]) -> str:
    from liuzhang.domain.tracking import summarize
    from liuzhang.i18n import word
    from liuzhang.render.terminal import color_enabled, paint, table

    w = ctx.lang
    color = color_enabled()
    as_of_text = word("as_of", w, year=judged.catalog.year, month=judged.as_of)
    parts: list[str] = [status_header(ctx, judged) + "\n"]
    battle_name = judged.catalog.battle_name
    last_year = {j.id: judged.last_year[j.id] for j in rows if j.id in judged.last_year}
    for n in judged.catalog.battle_numbers():
        targets = [j for j in rows if j.battle == n and j.kind == "target"]
        tasks = [j for j in rows if j.battle == n and j.kind == "task"]
        if not targets and not tasks:
            continue
        title = word("battle_title", w, n=n, name=battle_name(n, w), as_of=as_of_text)
        if targets:
            headers = [
                (word("id", w), {"overflow": "fold"}),
                (word("name", w), {"overflow": "fold"}),
                (word("target", w), {"justify": "right", "no_wrap": True}),
                (word("actual", w), {"justify": "right", "no_wrap": True}),
                (word("expected", w), {"justify": "right", "no_wrap": True}),
                (word("gap", w), {"justify": "right", "no_wrap": True}),
                (word("remaining", w), {"justify": "right", "no_wrap": True}),
                (word("unit", w), {"no_wrap": True}),
                (word("status", w), {"no_wrap": True}),
                (word("period", w), {"no_wrap": True}),
                (word("lead", w), {"overflow": "fold"}),
            ]
            body = [
                [
                    j.id,
                    j.name,
                    (
                        "—"
                        if j.target is None
                        else f"{word(j.direction or '', w)} {show_num(j.target)}"
                    ),
                    _marked(show_num(j.actual), j, w),
                    show_num(j.expected),
                    show_num(j.gap, signed=True),
                    show_num(j.remaining),
                    j.unit or "",
                    status_cell(j.status, w),
                    (j.period or "") + (word("stale_mark", w) if j.stale else ""),
                    "、".join(j.lead),
                ]
                for j in targets
            ]
            if last_year:
                _add_last_year(headers, body, targets, last_year, w)
            parts.append(table(title, headers, body))
        if tasks:
            headers = [
                (word("id", w), {"no_wrap": True}),
                (word("title", w), {"overflow": "fold"}),
                (word("deadline", w), {"no_wrap": True}),
                (word("progress", w), {"justify": "right"}),
                (word("status", w), {"no_wrap": True}),
                (word("period", w), {"no_wrap": True}),
                (word("lead", w), {"overflow": "fold"}),
            ]
            body = [
                [
                    j.id,
                    j.name,
                    word("ongoing", w) if j.deadline == "ongoing" else (j.deadline or ""),
                    _marked("" if j.progress is None else f"{show_num(j.progress)}%", j, w),
                    status_cell(j.status, w),
                    j.period or "—",
                    "、".join(j.lead),
                ]
                for j in tasks
            ]
            parts.append(
                table(word("tasks_of_battle", w, n=n) if targets else title, headers, body)
            )
        label = word("battle_label", w, n=n, name=battle_name(n, w))
        parts.append(_summary_line(label, summarize(targets), summarize(tasks), w, color) + "\n")
    parts.append(
        _summary_line(
            word("overall_label", w, as_of=as_of_text),
            summarize(j for j in rows if j.kind == "target"),
            summarize(j for j in rows if j.kind == "task"),
            w,
            color,
        )
    )
    stale_owers = sorted({j.owes for j in rows if j.stale and j.owes})
    if stale_owers:
        parts.append(paint(word("stale_note", w, owes="、".join(stale_owers)), "dim", color) + "\n")
    footnote = flag_footnote(rows, w)
    if footnote:
        parts.append(paint(footnote, "yellow", color) + "\n")
    return "\n".join(parts).rstrip("\n") + "\n"


def _add_last_year(
    headers: list[tuple[str, Any]],
    body: list[list[Any]],
    targets: list[Judgement],
    last_year: dict[str, LastYear],
    lang: Any,
) -> None:
    """The 去年同期 column after the actual value: last year's value for the same period and the
    change, e.g. 6.8（+0.7个百分点）."""
    from liuzhang.i18n import word
    from liuzhang.render.lastyear import last_year_text

    at = next(i for i, (h, _) in enumerate(headers) if h == word("actual", lang)) + 1
    headers.insert(at, (word("last_year", lang), {"justify": "right", "no_wrap": True}))
    for row, j in zip(body, targets, strict=True):
        found = last_year.get(j.id)
        text = (
            "—"
            if found is None
            else last_year_text(
                found.value, found.change, found.change_unit, found.unit, j.unit, lang
            )
        )
        row.insert(at, text)


def _marked(text: str, j: Judgement, lang: Any) -> str:
    """A value cell with the doubt mark (⚠) when the value judged has warnings."""
    from liuzhang.i18n import word

    if not j.flags:
        return text
    return f"{text} {word('flag_mark', lang)}".lstrip()


def flag_footnote(rows: list[Judgement], lang: Any) -> str | None:
    """One line under the status tables: what the mark means and every warning of the rows
    shown (``id（period）：message；…``); None when no value shown has a warning."""
    if not any(j.flags for j in rows):
        return None  # without importing the rules (start-up speed)
    from liuzhang.domain.plausibility import from_json
    from liuzhang.i18n import word
    from liuzhang.views.records import flag_message

    pattern, sep = ("{}（{}）：{}", "；") if lang == "zh" else ("{} ({}): {}", "; ")
    items = [
        pattern.format(j.id, j.period, flag_message(flag, lang))
        for j in rows
        for flag in from_json(j.flags)
    ]
    return word("flag_note", lang, items=sep.join(items)) if items else None


def _summary_line(
    label: str, targets: dict[str, int], tasks: dict[str, int], lang: Any, color: bool
) -> str:
    from liuzhang.domain.tracking import TARGET_STATUSES, TASK_STATUSES
    from liuzhang.i18n import word
    from liuzhang.render.terminal import paint

    line = paint(f"{label}  ", "bold", color)
    line += word("summary_targets", lang) + "：" if lang == "zh" else "Targets: "
    for s in TARGET_STATUSES:
        line += paint(
            f"{word(s, lang)} {targets[s]}  ", STATUS_STYLES[s] if targets[s] else "dim", color
        )
    line += "｜" + (word("summary_tasks", lang) + "：" if lang == "zh" else "Tasks: ")
    for s in TASK_STATUSES:
        line += paint(
            f"{word(s, lang)} {tasks[s]}  ", STATUS_STYLES[s] if tasks[s] else "dim", color
        )
    return line


def missing(
    as_of: AsOfOpt = None,
    unit: UnitOpt = None,
    fmt: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    plan: PlanOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """应报未报清单：哪个单位欠哪些数据、应报哪一期，按单位分组（催报用）。

    示例：liuzhang missing --as-of 2023-06；liuzhang missing --format csv > 催报.csv
    """
    from liuzhang.i18n import word

    ctx = Ctx.make(lang, data, debug, plan)
    judged = ctx.run(judge, ctx.data_dir(), db, as_of, plan=ctx.plan)
    records = missing_list(judged, ctx.run(resolve_unit, judged.catalog, unit))
    w = ctx.lang
    as_of_text = word("as_of", w, year=judged.catalog.year, month=judged.as_of)
    note = status_header(ctx, judged)  # the plan and the month
    if not records and fmt is ListFormat.table:
        if note:
            print(note)
        print(ctx.msg("nothing_missing", month=as_of_text))
        return

    def render() -> Any:
        from liuzhang.render.terminal import table

        if note:
            print(note + "\n")

        headers = [
            (word("owes", w), {"overflow": "fold"}),
            (word("id", w), {"no_wrap": True}),
            (word("name", w), {"overflow": "fold"}),
            (word("due_period", w), {"no_wrap": True}),
            (word("last_period", w), {"no_wrap": True}),
            (word("status", w), {"no_wrap": True}),
        ]
        body = []
        previous = None
        for r in records:
            body.append(
                [
                    r["unit"] if r["unit"] != previous else "",
                    r["id"],
                    r["name"],
                    r["due_period"] or "",
                    r["last_period"] or "—",
                    status_cell(str(r["status"]), w),
                ]
            )
            previous = r["unit"]
        return table(word("missing_title", w, as_of=as_of_text), headers, body)

    emit(
        fmt,
        records,
        ["unit", "id", "name", "battle", "due_period", "last_period", "status"],
        render,
        ctx.lang,
    )


def show(
    item: Annotated[str, typer.Argument(help="指标或任务编号，如 new_urban_jobs、a3-10")],
    as_of: AsOfOpt = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table 或 json")
    ] = ListFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    plan: PlanOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """一个指标或任务的全部信息：定义和原文、每期报送值（含修订和来源）、序时进度、走势和全年预计。

    示例：liuzhang show key_project_investment；liuzhang show a3-10 --format json
    """
    from liuzhang.services.history import item_history
    from liuzhang.views import show as show_view

    ctx = Ctx.make(lang, data, debug, plan)
    found = ctx.run(item_history, ctx.data_dir(), db, item, as_of, ctx.plan)
    judged = found.judged
    if judged:
        warn(ctx, judged)
    view = show_view.build(
        found.catalog,
        item,
        judged.judgements if judged else [],
        found.history,
        judged.as_of if judged else None,
        ctx.lang,
        judged.last_year.get(item) if judged else None,
    )
    if fmt is ListFormat.json:
        from liuzhang.render.terminal import emit_json

        emit_json(view)
        return
    from liuzhang.render.terminal import console

    if judged:
        print(status_header(ctx, judged) + "\n")  # the plan and the month
    else:
        from liuzhang.render.text import catalog_label

        print(catalog_label(found.catalog, ctx.lang) + "\n")
    battle = found.catalog.battle_name(view["definition"]["battle"], ctx.lang)
    from liuzhang.render.show import render as render_show

    console().print(render_show(view, ctx.lang, battle))
