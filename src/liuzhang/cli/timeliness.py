"""The ``timeliness`` command (报送及时率): who reported on time, late, or not at all."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from liuzhang.cli.context import Ctx
from liuzhang.cli.options import DataOpt, DbOpt, DebugOpt, FormatOpt, LangOpt, ListFormat, PlanOpt
from liuzhang.services import timeliness as service


def timeliness(
    month: Annotated[str | None, typer.Option("--month", help="月份，如 2023-06")] = None,
    quarter: Annotated[
        str | None, typer.Option("--quarter", help="季度，如 2023-Q2（季内三个月的应报数据）")
    ] = None,
    as_of_date: Annotated[
        str | None,
        typer.Option(
            "--as-of-date",
            help="截至日期，如 2023-07-20（默认今天）：此后收到的不计，未到报送期限的计为“未到期”",
        ),
    ] = None,
    detail: Annotated[
        bool, typer.Option("--detail", help="表格下列出逾期和未报的每项数据（JSON 总是包含）")
    ] = False,
    fmt: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    plan: PlanOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """报送及时率：各单位应报、按时报送、逾期报送、未报的数据项数和及时率、报送率，最差的在前。

    应报的数据与 liuzhang missing 相同：各指标的牵头单位，月度指标每月（1 月数据随 2 月报送），
    季度指标在季末月，年度指标在 12 月。报送期限取自 plan.yaml 的 reporting（缺省：月度数据次月
    5 日前，季度、半年、年度数据期末次月 10 日前）。每项数据按首次收到的日期计（导入日期，或
    ingest --received 给出的日期），之后的更正不改变其是否按时。

    示例：liuzhang timeliness --month 2023-06；liuzhang timeliness --month 2023-06
    --as-of-date 2023-07-03 --format csv > 报送及时率.csv
    """
    from liuzhang.i18n import word
    from liuzhang.render import timeliness as words
    from liuzhang.render.terminal import emit_csv, emit_json, table

    ctx = Ctx.make(lang, data, debug, plan)
    model = ctx.run(
        service.timeliness, ctx.data_dir(), db, month, quarter, as_of_date, plan=ctx.plan
    )
    w = ctx.lang
    if fmt is ListFormat.json:
        emit_json(model)
        return
    keys = words.keys(model)
    if fmt is ListFormat.csv:
        # Headers in the user's language (the model's keys in English, as other listings).
        columns = keys if w == "en" else words.headers(model, w)
        cells = _csv_cells(model, keys, word("tl_total", w))
        rows = [dict(zip(columns, row, strict=True)) for row in cells]
        emit_csv(rows, columns, "en")
        return
    period = words.period_words(model["period"], w)
    if not model["rows"]:
        print(ctx.msg("timeliness_nothing_expected", period=period))
        return
    right: dict[str, Any] = {"justify": "right", "no_wrap": True}
    headers = [(h, {"overflow": "fold"} if k == "unit" else right) for k, h in
               zip(keys, words.headers(model, w), strict=True)]  # fmt: skip
    title = word("tl_title", w, period=period, as_of=model["as_of"])
    print(table(title, headers, words.body(model, w)))
    print(words.basis(model, w))
    items = model["items"]
    if detail and items:
        item_headers = [
            (word("tl_unit", w), {"overflow": "fold"}),
            (word("id", w), {"no_wrap": True}),
            (word("tl_item", w), {"overflow": "fold"}),
            (word("tl_period", w), {"no_wrap": True}),
            (word("tl_due", w), {"no_wrap": True}),
            (word("received", w), {"no_wrap": True}),
            (word("tl_status", w), {"no_wrap": True}),
        ]
        item_rows = [
            [
                r["unit"],
                r["id"],
                r["name"],
                r["period"],
                r["due"],
                r["arrived"] or "",
                word(f"tl_status_{r['status']}", w),
            ]
            for r in items
        ]
        print()
        print(table(word("tl_items_title", w, n=len(items)), item_headers, item_rows))


def _csv_cells(model: dict[str, Any], keys: list[str], total_name: str) -> list[list[Any]]:
    """Each unit's row and the total as CSV cells: counts as numbers, rates 0..1 as in JSON."""
    total = {**model["total"], "unit": total_name}
    return [[r[k] for k in keys] for r in [*model["rows"], total]]
