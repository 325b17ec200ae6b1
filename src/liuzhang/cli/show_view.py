"""`liuzhang show`: the view model of one item (shared by the table and JSON) and its rendering."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from liuzhang import plan, tracking
from liuzhang.catalog import Catalog
from liuzhang.cli.tracking import show_num, status_cell
from liuzhang.tracking import as_record as record
from liuzhang.tracking import json_number as num

BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[Decimal | None], top: Decimal) -> str:
    """One character per month; blank where there is no value."""
    if top <= 0:
        top = Decimal(1)
    out = []
    for value in values:
        if value is None:
            out.append(" ")
            continue
        level = int((max(value, Decimal(0)) / top) * (len(BLOCKS) - 1))
        out.append(BLOCKS[min(max(level, 0), len(BLOCKS) - 1)])
    return "".join(out)


def build(
    catalog: Catalog,
    item: str,
    judgements: list[tracking.Judgement],
    history: list[dict[str, Any]],
    as_of: int | None,
) -> dict[str, Any]:
    """Everything about one target or task, as plain data."""
    judgement = next((j for j in judgements if j.id == item), None)
    revisions: dict[str, int] = {}
    rows = []
    for h in history:
        revisions[h["period"]] = revisions.get(h["period"], 0) + 1
        rows.append(
            {
                "period": h["period"],
                "value": h["value"],
                "status": h["status"],
                "unit": h["unit"],
                "raw_value": h["raw_value"],
                "raw_unit": h["raw_unit"],
                "note": h["note"],
                "revision": revisions[h["period"]],
                "reported_by": h["reported_by"],
                "source_file": h["source_file"],
                "row": h["row"],
                "sha256": h["sha256"],
                "ingested_at": h["ingested_at"],
                "reverted": h["reverted_at"] is not None,
            }
        )
    view: dict[str, Any] = {
        "id": item,
        "kind": "target" if item in catalog.targets else "task",
        "as_of": as_of,
        "status": record(judgement) if judgement else None,
        "history": rows,
    }
    if item in catalog.targets:
        target = catalog.targets[item]
        view["definition"] = plan.target_record(catalog, target)
        view["sources"] = [{"ref": s.ref, "quote": s.quote} for s in target.sources]
        view["note"] = target.note
        path = tracking.expected_path(target)
        view["expected_path"] = [{"month": m, "expected": num(v)} for m, v in path]
        monthly = _monthly_actuals(rows)
        view["monthly_actual"] = {str(m): num(v) for m, v in sorted(monthly.items())}
        goal = target.target or Decimal(0)
        top = max([goal, *(v for v in monthly.values())]) if monthly or goal else Decimal(1)
        view["sparkline"] = {
            "actual": sparkline([monthly.get(m) for m in range(1, 13)], top),
            "expected": sparkline([v for _, v in path], top) if path else "",
        }
        live = [r for r in rows if not r["reverted"] and r["value"] is not None]
        projection = None
        if live and target.measure == "cumulative":
            candidates = [h for h in history if h["reverted_at"] is None and h["value"] is not None]
            newest = max(candidates, key=lambda h: (h["period_end"], h["id"]))
            result = tracking.project(target, tracking.reading_from_row(newest))
            if result is not None:
                projection = {
                    "year_end": num(result.year_end),
                    "reach_month": result.reach_month,
                    "reaches_in_year": result.reaches_in_year,
                }
        view["projection"] = projection
    else:
        task = catalog.tasks[item]
        view["definition"] = plan.task_record(catalog, task)
        view["text"] = task.text
        view["note"] = task.note
        view["checkpoints"] = [{"date": c.date, "what": c.what} for c in task.checkpoints]
    return view


def _monthly_actuals(rows: list[dict[str, Any]]) -> dict[int, Decimal]:
    """The newest live value per month-end (months and quarters; 旬 values skipped)."""
    out: dict[int, Decimal] = {}
    for r in rows:
        if r["reverted"] or r["value"] is None or "旬" in r["period"]:
            continue
        period = r["period"]
        if len(period) == 7 and period[4] == "-" and period[5:].isdigit():
            month = int(period[5:])
        elif "-Q" in period:
            month = int(period[-1]) * 3
        elif "-H" in period:
            month = int(period[-1]) * 6
        else:
            month = 12
        out[month] = Decimal(r["value"])
    return out


def render(view: dict[str, Any], lang: Any) -> Any:
    """The view as rich renderables."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from liuzhang.cli.render import table
    from liuzhang.i18n import battle_name, word

    d = view["definition"]
    parts: list[Any] = []
    head = Text(f"{view['id']}  ", style="bold")
    head.append(d.get("name") or d.get("title") or "", style="bold")
    parts.append(head)
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")
    facts.add_row(word("battle", lang), f"{d['battle']} {battle_name(d['battle'], lang)}")
    if view["kind"] == "target":
        goal = (
            "—"
            if d["target"] is None
            else f"{word(d['direction'], lang)} {d['target']} {d['unit'] or ''}"
        )
        facts.add_row(word("target", lang), goal)
        facts.add_row(
            word("measure", lang),
            f"{word(d['measure'], lang)} · {word(d['frequency'], lang)}"
            + (f" · {d['commitment']}" if d["commitment"] else ""),
        )
        facts.add_row(word("lead", lang), d["lead"])
        for s in view["sources"]:
            facts.add_row(word("source", lang), f"{s['ref']}：“{s['quote']}”")
    else:
        facts.add_row(word("lead", lang), "、".join(d["lead"]))
        facts.add_row(
            word("responsible", lang), "、".join(d["responsible"] + d["supporting"]) or "—"
        )
        facts.add_row(
            word("deadline", lang),
            word("ongoing", lang) if d["deadline"] == "ongoing" else d["deadline"],
        )
        facts.add_row(word("source", lang), f"{d['ref']}：{view['text'] or '—'}")
        for c in view["checkpoints"]:
            facts.add_row("·", f"{c['date']} {c['what']}")
    if view.get("note"):
        facts.add_row(word("note", lang), view["note"])
    status = view["status"]
    if status:
        line = Text()
        cell = status_cell(status["status"], lang)
        line.append(cell.plain, style=cell.style)
        if view["kind"] == "target" and status["actual"] is not None:
            expected = status["expected"]  # none when the value is too old to be judged
            line.append(
                f"  {word('actual', lang)} {status['actual']}"
                + ("" if expected is None else f"  {word('expected', lang)} {expected}")
                + f"  ({status['period']})"
            )
        if status["stale"]:
            line.append(word("stale_mark", lang), style="yellow")
        facts.add_row(
            word("status", lang)
            + (f" {view['as_of']}月" if lang == "zh" else f" M{view['as_of']}"),
            line,
        )
    parts.append(facts)
    if view["kind"] == "target":
        spark = view["sparkline"]
        if spark["actual"].strip() or spark["expected"]:
            grid = Table.grid(padding=(0, 2))
            grid.add_column(style="dim")
            grid.add_column()
            grid.add_row(word("sparkline", lang), " 1    6    12")
            grid.add_row(word("actual", lang), f"[{spark['actual']}]")
            if spark["expected"]:
                grid.add_row(word("expected", lang), f"[{spark['expected']}]")
            parts.append(grid)
        if view["expected_path"]:
            path = "  ".join(
                f"{p['month']}月 {show_num(Decimal(str(p['expected'])))}"
                if lang == "zh"
                else f"M{p['month']} {show_num(Decimal(str(p['expected'])))}"
                for p in view["expected_path"]
                if p["month"] % 3 == 0
            )
            parts.append(Text(f"{word('expected_path', lang)}：{path}", style="dim"))
        projection = view.get("projection")
        if projection:
            year_end = show_num(Decimal(str(projection["year_end"])))
            text = f"{word('projection', lang)}：{year_end} {d['unit'] or ''}，"
            if projection["reaches_in_year"] and projection["reach_month"]:
                text += word("reach_month", lang, month=projection["reach_month"])
            else:
                text += word("never_reach", lang)
            parts.append(Text(text))
    if view["history"]:
        headers = [
            (word("period", lang), {"no_wrap": True}),
            (word("actual", lang), {"justify": "right"}),
            (word("status", lang), {"no_wrap": True}),
            (word("revision", lang), {"justify": "right"}),
            (word("reported_by", lang), {"overflow": "fold"}),
            (word("file", lang), {"overflow": "fold"}),
            ("sha256", {"no_wrap": True}),
            (word("ingested_at", lang), {"no_wrap": True}),
        ]
        body = [
            [
                h["period"],
                (h["value"] or "")
                + (
                    "（" + f"{h['raw_value']} {h['raw_unit'] or ''}".rstrip() + "）"
                    if h["raw_value"] and h["raw_value"] != h["value"]
                    else ""
                ),
                word(h["status"], lang) if h["status"] else "",
                str(h["revision"]) + (" ✗" if h["reverted"] else ""),
                h["reported_by"] or "",
                f"{h['source_file']}:{h['row']}",
                h["sha256"][:12],
                h["ingested_at"][:19].replace("T", " "),
            ]
            for h in view["history"]
        ]
        parts.append(Text.from_ansi(table(word("history", lang), headers, body)))
    return Group(*parts)
