"""The `compare` command: areas under a parent side by side, ranked, rolled up."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from liuzhang.cli.context import Ctx
from liuzhang.cli.options import DataOpt, DbOpt, DebugOpt, FormatOpt, LangOpt, ListFormat
from liuzhang.cli.tracking import AsOfOpt


def compare(
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", help="年度（默认：--as-of 所在年度，否则最新）", show_default=False
        ),
    ] = None,
    as_of: AsOfOpt = None,
    indicator: Annotated[
        str | None,
        typer.Option(
            "--indicator", "-i", help="只看这个指标代码，如 gdp_growth", show_default=False
        ),
    ] = None,
    parent: Annotated[
        str | None,
        typer.Option(
            "--parent",
            help="上级地区（plan.yaml 的 parent），比较以它为上级的各地区；默认：本工作区有方案的"
            "那个上级（如市及其各县），否则各方案共同的上级；都没有时比较当年全部方案、不汇总",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """各地区比较：同一指标代码（targets.yaml 的 indicator，默认为编号）的各地区实际值、本地区目标、
    状态（按本地区方案判定）和排名（越高越好的指标大者在前，越低越好的小者在前；并列同名次，
    下一名次跳过；没有本期数值的地区不排名、列在最后），以及上级的汇总与本级数。

    \b
    汇总方式（rollup）：sum 各地区相加；last 各地区最新值相加；average 平均；
    none 不相加也不平均（指标写了 weight 且各地区都报了基数时按基数加权）。
    任何地区缺数时汇总标为不完整并写明缺哪些地区，从不按部分地区计算；单位不能换算时不排名、不汇总。

    示例：liuzhang compare --year 2023 --as-of 2023-06 --parent 益阳市 --indicator gdp_growth
    """
    import gc
    import sys

    from liuzhang.services.compare import compare_model
    from liuzhang.views.compare import ROW_COLUMNS, rows

    ctx = Ctx.make(lang, data, debug)
    # A province is ~20,000 rows of short-lived, acyclic objects next to 137 loaded plans: the
    # cycle collector would only rescan them (as ingest, see services.intake).
    enabled = gc.isenabled()
    gc.disable()
    try:
        model = ctx.run(compare_model, ctx.data_dir(), db, year, as_of, indicator, parent)
        for warning in model["warnings"]:
            print(ctx.msg(warning["code"], **warning["params"]), file=sys.stderr)
        if not model["indicators"]:
            ctx.fail("compare_none", 1)
        from liuzhang.render.terminal import emit

        emit(fmt, rows(model), ROW_COLUMNS, lambda: _tables(ctx, model), ctx.lang)
    finally:
        if enabled:  # for callers in the same process (tests)
            gc.enable()


def _tables(ctx: Ctx, model: dict[str, Any]) -> str:
    from functools import lru_cache

    from liuzhang.i18n import word
    from liuzhang.render.areas import AREA_COLUMNS, header_text, rank_text, rollup_text, title_text
    from liuzhang.render.cells import status_cell
    from liuzhang.render.outtext import number_text
    from liuzhang.render.terminal import table

    lang = ctx.lang
    right = {"justify": "right"}
    # thousands of cells, few distinct numbers and statuses: each worked out once
    number = lru_cache(maxsize=4096)(number_text)
    status = lru_cache(maxsize=None)(lambda s: status_cell(s, lang))
    headers = [
        (word(c, lang), right if c in ("rank", "actual", "target") else {}) for c in AREA_COLUMNS
    ]
    parts = [header_text(model, lang) + "\n"]
    for item in model["indicators"]:
        body = [
            [
                rank_text(r["rank"]),
                r["area"],
                number(r["actual"]),
                number(r["target"]),
                status(r["status"]),
                r["period"] or "",
            ]
            for r in item["rows"]
        ]
        parts.append(table(title_text(item, lang), headers, body))
        line = rollup_text(item, lang)
        if line:
            parts.append(f"  {line}\n")
        parts.append("\n")
    return "".join(parts)
