"""The 督办通知 laid out: each notice as Markdown and as a 公文 (GB/T 9704, via
:mod:`liuzhang.render.gongwen`), and the index of the notices written (Markdown, JSON, terminal).
The model is :func:`liuzhang.views.notices.build_notices`'s."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from liuzhang.i18n import Lang, word
from liuzhang.render.outtext import visible
from liuzhang.render.text import date_text, fmt, goal, period_label, signed, status_word, title

if TYPE_CHECKING:
    from liuzhang.domain.plan import DocumentStyle

# The columns of a notice's item table (word keys).
ITEM_COLUMNS = (
    "n_seq",
    "b_item",
    "status",
    "target",
    "expected",
    "actual",
    "gap",
    "unit",
    "period",
)
# Their widths in a 公文 (mm, 156 in all, 5号 text): numbers and periods never wrap mid-number.
ITEM_WIDTHS_MM = [11.0, 44.0, 12.0, 19.0, 13.0, 13.0, 13.0, 13.0, 18.0]
# The columns of the index of the notices (word keys; the statuses between unit and total).
INDEX_COLUMNS = ("unit", "n_total", "n_reply_by", "n_files")


def notice_title(model: dict[str, Any], lang: Lang = "zh") -> str:
    """关于{plan}2023年6月滞后事项的督办通知 (the plan's name from plan.yaml)."""
    plan = model.get("plan") or ""
    return word("n_title", lang, plan=plan, period=period_label(model["period"], lang))


def item_headers(lang: Lang = "zh") -> list[str]:
    return [word(k, lang) for k in ITEM_COLUMNS]


def item_cells(item: dict[str, Any], lang: Lang = "zh") -> list[str]:
    """A row of a notice's item table: its number in the 督办清单, name, status in words, the
    target (a task: its deadline), expected, actual (a task: its progress), gap, unit, period."""
    if item["kind"] == "task":
        target = (
            word("n_due", lang, deadline=date_text(item["deadline"], lang))
            if item["deadline"]
            else "—"
        )
        progress = item.get("progress")
        actual = "—" if progress is None else f"{fmt(progress)}%"
    else:
        target, actual = goal(item, lang), fmt(item["actual"])
    return [
        str(item["seq"]),
        item["name"],
        status_word(item["status"], lang),
        target,
        fmt(item["expected"]),
        actual,
        signed(item["gap"]),
        item["unit"] or "",
        item["period"] or "—",
    ]


def counts_text(counts: dict[str, int], lang: Lang = "zh") -> str:
    """未完成 1 项、滞后 3 项 (the statuses a notice has, in the model's order)."""
    return word("b_list_sep", lang).join(
        word("n_count", lang, status=status_word(s, lang), n=n) for s, n in counts.items() if n
    )


def intro(model: dict[str, Any], notice: dict[str, Any], lang: Lang = "zh") -> str:
    """What the bulletin found: the bulletin cited, the as-of month, how many items of which
    status."""
    bulletin = title(model, lang)
    return word(
        "n_intro",
        lang,
        bulletin=f"《{bulletin}》" if lang == "zh" else bulletin,
        as_of=period_label(model["as_of"], lang),
        n=len(notice["items"]),
        counts=counts_text(notice["counts"], lang),
    )


def requirements(model: dict[str, Any], notice: dict[str, Any], lang: Lang = "zh") -> str:
    """整改要求: a written reply to the plan's office by the reply date (and the missing values
    with it when some are missing)."""
    deadline = date_text(model["reply_by"], lang)
    text = word("n_requirements", lang, deadline=deadline, office=_office(model))
    return text + (word("n_requirements_missing", lang) if notice["counts"]["missing"] else "")


def _office(model: dict[str, Any]) -> str:
    return str(model["plan_info"].get("office") or model.get("plan") or "")


def _md_cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    return lines + ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]


def render_md(model: dict[str, Any], notice: dict[str, Any], lang: Lang = "zh") -> str:
    """One notice as Markdown: title, addressee, what was found, the items, what to do, the
    signature (the plan's office and the bulletin's date)."""
    out = [
        f"# {notice_title(model, lang)}",
        "",
        word("n_addressee", lang, unit=notice["unit"]),
        "",
        intro(model, notice, lang),
        "",
        f"## {word('n_section_items', lang)}",
        "",
        *_md_table(item_headers(lang), [item_cells(i, lang) for i in notice["items"]]),
        "",
        f"## {word('n_section_requirements', lang)}",
        "",
        requirements(model, notice, lang),
        "",
        _office(model),
        "",
        date_text(model["date"], lang),
        "",
    ]
    return visible("\n".join(out), keep_newlines=True)


def write_docx(
    model: dict[str, Any],
    notice: dict[str, Any],
    style: DocumentStyle,
    path: Path,
    lang: Lang = "zh",
) -> None:
    """One notice as a 公文: the same parts as :func:`render_md`, laid out by GB/T 9704."""
    from liuzhang.render.gongwen import Gongwen

    doc = Gongwen(style, lang)
    doc.title(notice_title(model, lang))
    doc.addressee(notice["unit"])
    doc.paragraph(intro(model, notice, lang))
    doc.heading(1, word("n_section_items", lang))
    rows = [item_cells(i, lang) for i in notice["items"]]
    doc.table(item_headers(lang), rows, widths_mm=ITEM_WIDTHS_MM)
    doc.heading(1, word("n_section_requirements", lang))
    doc.paragraph(requirements(model, notice, lang))
    doc.signature(_office(model), model["date"])
    doc.save(path)


def index_headers(model: dict[str, Any], lang: Lang = "zh") -> list[str]:
    """The index's headers: unit, each status, total, reply date, files."""
    first, *rest = INDEX_COLUMNS
    return [
        word(first, lang),
        *(status_word(s, lang) for s in model["statuses"]),
        *(word(k, lang) for k in rest),
    ]


def index_cells(
    model: dict[str, Any], record: dict[str, Any], lang: Lang = "zh", files: bool = True
) -> list[str]:
    """A row of the index (:func:`liuzhang.views.notices.index_records`); ``files``: the files'
    names, else the name they share (without extension: the terminal, narrower)."""
    return [
        record["unit"],
        *(str(record[s]) for s in model["statuses"]),
        str(record["total"]),
        date_text(record["reply_by"], lang),
        word("b_list_sep", lang).join(record["files"]) if files else record["file"],
    ]


def index_title(model: dict[str, Any], lang: Lang = "zh") -> str:
    return word("n_index_title", lang, period=period_label(model["period"], lang))


def render_index_md(model: dict[str, Any], records: list[dict[str, Any]], lang: Lang = "zh") -> str:
    """The index of the notices written as Markdown."""
    rows = [index_cells(model, r, lang) for r in records]
    out = [f"# {index_title(model, lang)}", "", *_md_table(index_headers(model, lang), rows), ""]
    return visible("\n".join(out), keep_newlines=True)


def render_index_terminal(
    model: dict[str, Any], records: list[dict[str, Any]], lang: Lang = "zh"
) -> str:
    """The index of the notices written as a terminal table."""
    from liuzhang.render.terminal import table

    right = {"justify": "right"}
    headers = index_headers(model, lang)
    options = [{}, *([right] * (len(model["statuses"]) + 1)), {"no_wrap": True}, {}]
    return table(
        index_title(model, lang),
        list(zip(headers, options, strict=True)),
        [index_cells(model, r, lang, files=False) for r in records],
    )
