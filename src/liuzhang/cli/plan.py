"""Commands over the plan data: validate, targets, tasks, units, schema."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

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
from liuzhang.render.terminal import emit
from liuzhang.services import judge, load_plan, resolve_battle, resolve_unit

TARGET_COLUMNS = [
    "id",
    "battle",
    "name",
    "target",
    "unit",
    "direction",
    "measure",
    "frequency",
    "commitment",
    "lead",
    "task",
    "due",
    "source",
    "quote",
]
TASK_COLUMNS = [
    "id",
    "battle",
    "title",
    "lead",
    "responsible",
    "supporting",
    "deadline",
    "ref",
    "group",
]
UNIT_COLUMNS = ["name", "kind", "parent", "aliases", "targets_lead", "tasks_lead", "tasks_shared"]


def _kind_of(path: Path) -> str | None:
    stem = path.name.lower()
    for kind in ("targets", "tasks", "units"):
        if kind in stem:
            return kind
    return None


def _plan_folders(ctx: Ctx) -> list[Path]:
    """The folders of the plans ``validate`` checks by default: every plan of the workspace
    (the one ``--plan`` names)."""
    from liuzhang.services import plan_folders, select_plan

    if ctx.plan:
        return [ctx.run(select_plan, ctx.data_dir(), ctx.plan).folder]
    return ctx.run(plan_folders, ctx.data_dir())


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="数据目录或数据文件（默认：数据目录）", show_default=False),
    ] = None,
    fmt: Annotated[
        ListFormat, typer.Option("--format", "-f", help="输出格式 table|json")
    ] = ListFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    plan_option: PlanOpt = None,
    debug: DebugOpt = False,
) -> None:
    """检查数据文件：格式、取值、跨文件引用（编号重复、未知单位、任务不存在、超出计划年度……）。

    示例：liuzhang validate；liuzhang validate data/targets.yaml --format json
    """
    from liuzhang.domain.problems import Report
    from liuzhang.plandata.catalog import FILE_NAMES, load_catalog
    from liuzhang.render.problems import REVIEW_CODE, problem_record, review_lines
    from liuzhang.render.terminal import emit_json, print_problems

    ctx = Ctx.make(lang, data, debug, plan_option)
    # Group the given paths by data directory; a file overrides its kind in that directory.
    runs: dict[Path, dict[str, Path]] = {}
    for path in paths or _plan_folders(ctx):
        if path.is_dir():
            runs.setdefault(path, {})
        elif (path.is_file() and _kind_of(path)) or (
            path.suffix in (".yaml", ".yml") and _kind_of(path)
        ):
            runs.setdefault(path.parent, {})[_kind_of(path) or ""] = path
        else:
            ctx.fail("data_dir_missing", 2, path=str(path))
    total = Report()
    counts = {"targets": 0, "tasks": 0, "units": 0}
    per_plan: list[dict[str, Any]] = []
    for folder, files in runs.items():
        if not files and not any((folder / n).exists() for n in FILE_NAMES.values()):
            ctx.fail("data_dir_missing", 2, path=str(folder))
        catalog, report = load_catalog(folder, files)
        total.extend(report.problems)
        these = {"targets": len(catalog.targets), "tasks": len(catalog.tasks)}
        these["units"] = len(catalog.units)
        per_plan.append({"plan": str(catalog.key), "folder": str(folder), **these})
        for key, number in these.items():
            counts[key] += number
    problems = total.sorted()
    errors = len(total.errors)
    if fmt is ListFormat.json:
        emit_json(
            {
                "ok": errors == 0,
                "counts": counts,
                "plans": per_plan,
                "problems": [problem_record(p, ctx.lang) for p in problems],
            }
        )
    else:
        # warnings first (the items to review summed up per file), so that the errors stand
        # next to the summary
        warnings = [p for p in problems if p.severity != "error"]
        print_problems([p for p in warnings if p.code != REVIEW_CODE], ctx.lang)
        for line in review_lines(warnings, ctx.lang):
            print(line, file=sys.stderr)
        print_problems([p for p in problems if p.severity == "error"], ctx.lang)
        if errors:
            print(ctx.msg("validate_failed", errors=errors), file=sys.stderr)
        else:
            print(ctx.msg("validate_ok", **counts))
            if len(per_plan) > 1:
                for record in per_plan:
                    print("  " + ctx.msg("validate_ok_plan", **record))
        if len(problems) > errors:
            print(ctx.msg("validate_warnings", warnings=len(problems) - errors), file=sys.stderr)
    raise typer.Exit(1 if errors else 0)


def _fmt_target(record: dict[str, Any], lang: Any) -> str:
    from liuzhang.i18n import word
    from liuzhang.render.outtext import plan_number_text

    if record["target"] is None:
        return "—"
    return f"{word(record['direction'], lang)} {plan_number_text(record['target'])}"


def targets(
    battle: BattleOpt = None,
    unit: UnitOpt = None,
    fmt: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    plan_option: PlanOpt = None,
    debug: DebugOpt = False,
) -> None:
    """列出指标（目标值、单位、方向、类型、频次、牵头单位）。

    示例：liuzhang targets --battle 1；liuzhang targets --unit 区发改局 --format json
    """
    from liuzhang.i18n import word
    from liuzhang.views import plan

    ctx = Ctx.make(lang, data, debug, plan_option)
    catalog = ctx.run(load_plan, ctx.data_dir(), ctx.plan)
    records = plan.targets(
        catalog, ctx.run(resolve_battle, catalog, battle), ctx.run(resolve_unit, catalog, unit)
    )

    def render() -> Any:
        from liuzhang.render.terminal import table

        w = ctx.lang
        headers = [
            (word("id", w), {"overflow": "fold"}),
            (word("battle", w), {"justify": "right"}),
            (word("name", w), {"overflow": "fold"}),
            (word("target", w), {"justify": "right", "no_wrap": True}),
            (word("unit", w), {"no_wrap": True}),
            (word("measure", w), {"no_wrap": True}),
            (word("frequency", w), {"no_wrap": True}),
            (word("commitment", w), {"no_wrap": True}),
            (word("lead", w), {"overflow": "fold"}),
        ]
        rows = [
            [
                r["id"],
                str(r["battle"]),
                r["name"],
                _fmt_target(r, w),
                r["unit"] or "",
                word(r["measure"], w),
                word(r["frequency"], w),
                r["commitment"] or "",
                r["lead"],
            ]
            for r in records
        ]
        return table(word("targets_title", w, n=len(rows)), headers, rows)

    emit(fmt, records, TARGET_COLUMNS, render, ctx.lang)


def tasks(
    battle: BattleOpt = None,
    unit: UnitOpt = None,
    fmt: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    plan_option: PlanOpt = None,
    debug: DebugOpt = False,
) -> None:
    """列出任务（牵头单位、责任单位、完成时限）。--unit 同时匹配牵头、责任、配合及所属单位组。

    示例：liuzhang tasks --battle 3；liuzhang tasks --unit 区住建局 --format csv
    """
    from liuzhang.i18n import word
    from liuzhang.views import plan

    ctx = Ctx.make(lang, data, debug, plan_option)
    catalog = ctx.run(load_plan, ctx.data_dir(), ctx.plan)
    records = plan.tasks(
        catalog, ctx.run(resolve_battle, catalog, battle), ctx.run(resolve_unit, catalog, unit)
    )

    def render() -> Any:
        from liuzhang.render.terminal import table

        w = ctx.lang
        headers = [
            (word("id", w), {"no_wrap": True}),
            (word("title", w), {"overflow": "fold"}),
            (word("lead", w), {"overflow": "fold"}),
            (word("responsible", w), {"overflow": "fold"}),
            (word("deadline", w), {"no_wrap": True}),
        ]
        rows = [
            [
                r["id"],
                r["title"],
                "、".join(r["lead"]),
                "、".join(r["responsible"] + r["supporting"]),
                word("ongoing", w) if r["deadline"] == "ongoing" else r["deadline"],
            ]
            for r in records
        ]
        return table(word("tasks_title", w, n=len(rows)), headers, rows)

    emit(fmt, records, TASK_COLUMNS, render, ctx.lang)


def units(
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="同时按状态统计各单位牵头的指标和任务，如 2023-06", show_default=False
        ),
    ] = None,
    fmt: FormatOpt = ListFormat.table,
    lang: LangOpt = None,
    data: DataOpt = None,
    plan_option: PlanOpt = None,
    db: DbOpt = None,
    debug: DebugOpt = False,
) -> None:
    """列出单位及其牵头/参与的指标和任务数量；加 --as-of 时按状态统计牵头事项。

    示例：liuzhang units；liuzhang units --as-of 2023-06 --format json
    """
    from liuzhang.i18n import word
    from liuzhang.views import plan

    ctx = Ctx.make(lang, data, debug, plan_option)
    judgements = None
    if as_of is not None:
        judged = ctx.run(judge, ctx.data_dir(), db, as_of, plan=ctx.plan)
        catalog, judgements = judged.catalog, judged.judgements
    else:
        catalog = ctx.run(load_plan, ctx.data_dir(), ctx.plan)
    records = plan.units(catalog, judgements)
    shown = (
        "missed",
        "behind",
        "at_risk",
        "missing",
        "overdue",
        "on_track",
        "in_progress",
        "not_started",
    )

    def render() -> Any:
        from liuzhang.render.terminal import table

        w = ctx.lang
        headers = [
            (word("name", w), {"overflow": "fold"}),
            (word("kind", w), {"no_wrap": True}),
            (word("targets_lead", w), {"justify": "right"}),
            (word("tasks_lead", w), {"justify": "right"}),
            (word("tasks_shared", w), {"justify": "right"}),
        ]
        if judgements is not None:
            headers += [(word(s, w), {"justify": "right", "no_wrap": True}) for s in shown]
            headers.append((word("achieved", w), {"justify": "right", "no_wrap": True}))
        else:
            headers.append((word("aliases", w), {"overflow": "fold"}))
        rows = []
        for r in records:
            if judgements is not None and not r["status"]:
                continue  # leads nothing: nothing to count
            row = [
                r["name"],
                word(r["kind"], w),
                str(r["targets_lead"]),
                str(r["tasks_lead"]),
                str(r["tasks_shared"]),
            ]
            if judgements is not None:
                row += [str(r["status"].get(s, 0) or "") for s in shown]
                completed = r["status"].get("achieved", 0) + r["status"].get("done", 0)
                row.append(str(completed or ""))
            else:
                row.append("、".join(r["aliases"]))
            rows.append(row)
        return table(word("units_title", w, n=len(rows)), headers, rows)

    emit(fmt, records, UNIT_COLUMNS, render, ctx.lang)


def schema(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="写入目录（每个文件一个 *.schema.json）；不给则输出到屏幕"),
    ] = None,
    lang: LangOpt = None,
    debug: DebugOpt = False,
) -> None:
    """输出数据文件的 JSON Schema（供编辑器自动补全和检查）。

    示例：liuzhang schema --out schemas
    """
    from liuzhang.plandata.newplan import schema_text
    from liuzhang.plandata.schema import FILES, json_schema
    from liuzhang.render.terminal import emit_json

    ctx = Ctx.make(lang, None, debug)
    if out is None:
        emit_json({kind: json_schema(kind) for kind in FILES})
        return
    out.mkdir(parents=True, exist_ok=True)
    for kind in FILES:
        path = out / f"{kind}.schema.json"
        path.write_text(schema_text(kind), encoding="utf-8")
        print(ctx.msg("schema_written", path=str(path)))
