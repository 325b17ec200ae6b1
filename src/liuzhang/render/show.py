"""`liuzhang show` in the terminal: the view model of :mod:`liuzhang.views.show`, drawn."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from liuzhang.render.cells import show_num, status_cell
from liuzhang.render.lastyear import record_text
from liuzhang.render.outtext import visible


def render(view: dict[str, Any], lang: Any, battle_name: str = "") -> Any:
    """The view as rich renderables (``battle_name``: the item's battle, named in ``lang``)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from liuzhang.i18n import word
    from liuzhang.render.terminal import table

    d = view["definition"]
    parts: list[Any] = []
    head = Text(f"{view['id']}  ", style="bold")
    head.append(visible(d.get("name") or d.get("title") or ""), style="bold")
    parts.append(head)
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="dim", no_wrap=True)
    facts.add_column(overflow="fold")

    def row(label: str, value: Any) -> None:
        """A fact as plain text: no rich markup, no control characters from the data."""
        facts.add_row(label, value if isinstance(value, Text) else Text(visible(str(value))))

    row(word("battle", lang), f"{d['battle']} {battle_name}".rstrip())
    if view["kind"] == "target":
        goal = (
            "—"
            if d["target"] is None
            else f"{word(d['direction'], lang)} {show_num(d['target'])} {d['unit'] or ''}"
        )
        row(word("target", lang), goal)
        row(
            word("measure", lang),
            f"{word(d['measure'], lang)} · {word(d['frequency'], lang)}"
            + (f" · {d['commitment']}" if d["commitment"] else ""),
        )
        row(word("lead", lang), d["lead"])
        for s in view["sources"]:
            row(word("source", lang), f"{s['ref']}：“{s['quote']}”")
    else:
        row(word("lead", lang), "、".join(d["lead"]))
        row(word("responsible", lang), "、".join(d["responsible"] + d["supporting"]) or "—")
        row(
            word("deadline", lang),
            word("ongoing", lang) if d["deadline"] == "ongoing" else d["deadline"],
        )
        row(word("source", lang), f"{d['ref']}：{view['text'] or '—'}")
        for c in view["checkpoints"]:
            row("·", f"{c['date']} {c['what']}")
    if view.get("note"):
        row(word("note", lang), view["note"])
    status = view["status"]
    if status:
        line = Text()
        cell = status_cell(status["status"], lang)
        line.append(cell.plain, style=cell.style)
        if view["kind"] == "target" and status["actual"] is not None:
            expected = status["expected"]  # none when the value is too old to be judged
            line.append(f"  {word('actual', lang)} {show_num(status['actual'])}")
            if status["flags"]:
                line.append(f" {word('flag_mark', lang)}", style="yellow")
            line.append(
                (
                    ""
                    if expected is None
                    else f"  {word('expected', lang)} {show_num(status['expected'])}"
                )
                + f"  ({status['period']})"
            )
        if status["stale"]:
            line.append(word("stale_mark", lang), style="yellow")
        row(
            word("status", lang)
            + (f" {view['as_of']}月" if lang == "zh" else f" M{view['as_of']}"),
            line,
        )
        if status.get("last_year") is not None:
            text = word(
                "last_year_at",
                lang,
                value=record_text(status, lang),
                period=status["last_year_period"],
            )
            row(word("last_year", lang), text)
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
        forecast = view.get("projection")
        if forecast:
            year_end = show_num(Decimal(str(forecast["year_end"])))
            text = f"{word('projection', lang)}：{year_end} {d['unit'] or ''}，"
            if forecast["reached_period"]:
                text += word("reached_in", lang, period=forecast["reached_period"])
            elif d["direction"] == "at_most":
                text += word(
                    "within_target" if forecast["reaches_in_year"] else "beyond_target", lang
                )
            elif forecast["reaches_in_year"] and forecast["reach_month"]:
                text += word("reach_month", lang, month=forecast["reach_month"])
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
                )
                + (f" {word('flag_mark', lang)}" if h["flags"] else ""),
                word(h["status"], lang) if h["status"] else "",
                (str(h["revision"]) if h["revision"] else word("first_report", lang))
                + (" ✗" if h["reverted"] else ""),
                h["reported_by"] or "",
                f"{h['source_file']}:{h['row']}",
                h["sha256"][:12],
                h["ingested_at"][:19].replace("T", " "),
            ]
            for h in view["history"]
        ]
        notes = [_history_notes(h, lang) for h in view["history"]]
        parts.append(Text.from_ansi(table(word("history", lang), headers, body, notes=notes)))
    return Group(*parts)


def _history_notes(row: dict[str, Any], lang: Any) -> list[Any]:
    """The lines under a value in the history: its warnings (⚠ message), then its note."""
    from liuzhang.i18n import word
    from liuzhang.render.terminal import Styled

    mark = word("flag_mark", lang)
    lines: list[Any] = [Styled(f"{mark} {f['message']}", "yellow") for f in row["flags"]]
    if row["note"]:
        colon = "：" if lang == "zh" else ": "
        lines.append(f"{word('note', lang)}{colon}{row['note']}")
    return lines
