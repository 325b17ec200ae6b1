"""Words and number formats shared by the bulletin's writers."""

from __future__ import annotations

from decimal import Decimal
from pathlib import PureWindowsPath
from typing import TYPE_CHECKING, Any

from liuzhang.domain.quantities import RATE_UNITS
from liuzhang.i18n import Lang, word
from liuzhang.render.outtext import number_text

if TYPE_CHECKING:
    from liuzhang.plandata.catalog import Catalog

# The columns of a battle's target table in the HTML and Markdown bulletins (word keys).
_TARGET_COLUMNS = (
    "id",
    "b_target_name",
    "b_goal",
    "actual",
    "expected",
    "gap",
    "unit",
    "status",
    "period",
    "lead",
    "note",
)
# The columns of the 数据疑点 section (every writer).
_DOUBT_COLUMNS = (
    "id",
    "name",
    "period",
    "b_value",
    "b_doubt",
    "reported_by",
    "b_source_row",
    "note",
)


def target_headers(lang: Lang = "zh") -> list[str]:
    """The headers of a battle's target table."""
    return [word(k, lang) for k in _TARGET_COLUMNS]


def doubt_headers(lang: Lang = "zh") -> list[str]:
    """The headers of the 数据疑点 table, as :func:`doubt_cells` fills them."""
    return [word(k, lang) for k in _DOUBT_COLUMNS]


def headers(keys: list[str], lang: Lang = "zh") -> list[str]:
    """Table headers from word keys."""
    return [word(k, lang) for k in keys]


# Column keys shared by the writers.
CHANGE_COLUMNS = ["id", "name", "b_change", "b_from_status", "b_to_status", "lead"]
TASK_COLUMNS = ["id", "title", "deadline", "progress", "status", "lead", "note"]
WATCH_COLUMNS = ["b_seq", "id", "b_item", "commitment", "status", "gap", "unit", "lead"]
PROJECTION_COLUMNS = ["id", "b_target_name", "b_annual_target", "b_so_far", "period"]


class Words:
    """The bulletin's words in one language: ``w(key, **params)``, ``w.status``, ``w.units``."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def __call__(self, key: str, **params: Any) -> str:
        return word(key, self.lang, **params)

    def status(self, status: str) -> str:
        return word(status, self.lang)

    def units(self, names: list[str]) -> str:
        return word("b_list_sep", self.lang).join(names)


def target_cells(r: dict[str, Any], w: Words) -> list[str]:
    """A target's row of a section's table, in the columns of :func:`target_headers` (备注
    last): the Markdown and Word bulletins."""
    return [
        r["id"],
        r["name"],
        goal(r, w.lang),
        fmt(r["actual"]),
        fmt(r["expected"]),
        signed(r["gap"]),
        r["unit"] or "",
        w.status(r["status"]),
        period_text(r),
        w.units(r["lead"]),
        r["note"] or "",
    ]


def progress_text(progress: Any) -> str:
    """A task's progress: 60 → 60%, none → as :func:`fmt` shows none."""
    return fmt(progress) + ("%" if progress is not None else "")


def task_cells(r: dict[str, Any], w: Words) -> list[str]:
    """A task's row, in the columns of ``TASK_COLUMNS``."""
    return [
        r["id"],
        r["name"],
        r["deadline"],
        progress_text(r["progress"]),
        w.status(r["status"]),
        w.units(r["lead"]),
        r["note"] or "",
    ]


def watch_cells(n: int, r: dict[str, Any], w: Words) -> list[str]:
    """The ``n``-th item of the 督办清单, in the columns of ``WATCH_COLUMNS`` then 责任单位."""
    return [
        str(n),
        r["id"],
        r["name"],
        commitment_word(r["commitment"], w.lang),
        w.status(r["status"]),
        signed(r["gap"]),
        r["unit"] or "",
        w.units(r["lead"]),
        w.units(r["responsible"]),
    ]


def title(bulletin: dict[str, Any], lang: Lang = "zh") -> str:
    """{plan}月通报（2023年6月） / …季总结（2023年第2季度）, the plan's name from its data."""
    plan = bulletin.get("plan") or ""
    year = bulletin["year"]
    if bulletin["kind"] == "quarterly":
        return word("b_bulletin_quarterly", lang, plan=plan, year=year, quarter=bulletin["quarter"])
    return word("b_bulletin_monthly", lang, plan=plan, year=year, month=bulletin["month"])


def fmt(value: Any, lang: Lang = "zh") -> str:
    """A number for a text cell (:func:`liuzhang.render.outtext.number_text`), “—” for none."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return word("b_yes", lang) if value else ""
    if isinstance(value, int | float):
        return number_text(value)
    return str(value)


def signed(value: Any) -> str:
    text = fmt(value)
    return f"+{text}" if isinstance(value, int | float) and value > 0 else text


def status_word(status: str, lang: Lang = "zh") -> str:
    return word(status, lang)


def commitment_word(commitment: str | None, lang: Lang = "zh") -> str:
    """确保 / 力争 as the plan writes it, or in English."""
    return word(commitment, lang) if commitment else ""


def goal(row: dict[str, Any], lang: Lang = "zh") -> str:
    if row.get("target") is None:
        return "—"
    return f"{word(row['direction'], lang)} {fmt(row['target'])}"


def battle_label(number: int, name: str, lang: Lang = "zh") -> str:
    """第1部分 and the section's name as plan.yaml gives it."""
    return word("battle_label", lang, n=number, name=name)


def period_text(row: dict[str, Any]) -> str:
    period = row.get("period") or "—"
    return period + ("*" if row.get("stale") else "")


def period_label(period: str, lang: Lang = "zh") -> str:
    """2023-08 → 2023年8月, 2023-Q2 → 2023年第2季度."""
    year, _, rest = period.partition("-")
    if rest.startswith("Q"):
        return word("b_quarter_label", lang, year=year, quarter=rest[1:])
    return word("b_month_label", lang, year=year, month=int(rest))


# The changes a bulletin lists, in order, with their label; the sentence counts the same lists.
CHANGE_KINDS = (
    ("worsened", "b_change_worsened"),
    ("new_overdue", "b_change_new_overdue"),
    ("newly_missing", "b_change_newly_missing"),
)


def comparison_text(bulletin: dict[str, Any], lang: Lang = "zh") -> str | None:
    """与2023年8月相比：好转 3 项，变差 2 项，新增逾期任务 1 项，新增应报未报 0 项。
    (a quarterly review compares with the previous quarter)."""
    c = bulletin["headline"]["changes"]
    previous = c.get("previous_period")
    if not c.get("previous") or not previous:
        return None
    return word(
        "b_comparison",
        lang,
        previous=period_label(previous, lang),
        improved=len(c["improved"]),
        worsened=len(c["worsened"]),
        new_overdue=len(c["new_overdue"]),
        newly_missing=len(c["newly_missing"]),
    )


def change_rows(changes: dict[str, Any], lang: Lang = "zh") -> list[dict[str, Any]]:
    """Every item counted as worsened, newly overdue or newly missing, once, with its labels
    (变差、新增逾期): each count of :func:`comparison_text` is the number of rows with its label."""
    rows: dict[str, dict[str, Any]] = {}
    for kind, label in CHANGE_KINDS:
        for change in changes.get(kind, []):
            row = rows.setdefault(change["id"], {**change, "labels": []})
            row["labels"].append(word(label, lang))
    return list(rows.values())


def stale_text(row: dict[str, Any], lang: Lang = "zh") -> str:
    """a1-1-2（2023-06，应报 2023-09，区发改财政局）: an item of the data note's stale list."""
    return word(
        "b_stale_item",
        lang,
        id=row["id"],
        period=row["period"],
        due=row["due_period"],
        owes=row["owes"],
    )


def reach_text(p: dict[str, Any], lang: Lang = "zh") -> str:
    """When a cumulative target is (or is expected to be) reached, for the projections table."""
    if p.get("reached_period"):
        return word("b_reached_at", lang, period=p["reached_period"])
    if p.get("direction") == "at_most":
        return word("b_reach_within" if p["reaches_in_year"] else "b_reach_beyond", lang)
    if p["reaches_in_year"] and p["reach_month"]:
        return word("b_reach_in_month", lang, month=p["reach_month"])
    return word("b_reach_not_this_year", lang)


def owed_text(unit: dict[str, Any], lang: Lang = "zh") -> str:
    """gdp_growth（应报 2023-Q3）；…: what a unit owes (its 应报未报 count is the length)."""
    return word("b_clause_sep", lang).join(
        word("b_owed_item", lang, id=o["id"], due=o["due_period"]) for o in unit["owes"]
    )


def tolerance_text(tolerance: dict[str, Any], label: bool = True, lang: Lang = "zh") -> str:
    """预警容差：% 与 ‰ 类取 1 个百分点与目标值 10% 中较小者，其他类为序时预期的 10%；年底终值不设
    容差 — from the plan's settings (``data_note.tolerance``: points, ratio), as
    :func:`liuzhang.domain.tracking.tolerance_for` applies them."""
    points, ratio = tolerance.get("points"), tolerance.get("ratio")
    share = None if ratio is None else number_text(Decimal(str(ratio)) * 100) + "%"
    if points is not None and share is not None:
        rates = word("b_tolerance_both", lang, points=fmt(points), share=share)
    elif points is not None:
        rates = word("b_tolerance_points", lang, points=fmt(points))
    elif share is not None:
        rates = word("b_tolerance_share", lang, share=share)
    else:
        rates = word("b_tolerance_rates_none", lang)
    others = (
        word("b_tolerance_others", lang, share=share)
        if share is not None
        else word("b_tolerance_others_none", lang)
    )
    text = word("b_tolerance_text", lang, rates=rates, others=others)
    return word("b_tolerance_label", lang, text=text) if label else text


def doubt_value(d: dict[str, Any], lang: Lang = "zh") -> str:
    """The value of a 数据疑点 as sent: 0.3 亿元, or a task's status (and progress)."""
    if d["kind"] == "task" or d["value"] is None:
        parts = [status_word(d["status"], lang) if d.get("status") else ""]
        if d["value"] is not None:
            parts.append(f"{fmt(d['value'])}%")
        return " ".join(p for p in parts if p) or "—"
    unit = d["unit"] or ""
    return fmt(d["value"]) + (unit if unit in RATE_UNITS else f" {unit}".rstrip())


def doubt_text(d: dict[str, Any], lang: Lang = "zh") -> str:
    """The warnings of a 数据疑点, each with its evidence, joined by “；”."""
    return word("b_clause_sep", lang).join(f["message"] for f in d["flags"])


def file_name(path: str) -> str:
    """A source file's name without its folders (either separator): what a printed document
    shows; the json, the log and the screens keep the path as stored."""
    return PureWindowsPath(path).name


def source_text(d: dict[str, Any], name_only: bool = False) -> str:
    """file:row of a value (the 来源文件:行 column); ``name_only``: without folders."""
    file = d.get("source_file") or "—"
    if name_only and d.get("source_file"):
        file = file_name(file)
    return f"{file}:{d['row']}" if d.get("row") is not None else file


def files_text(files: list[dict[str, Any]], lang: Lang = "zh", name_only: bool = False) -> str:
    """The 数据说明's files used, each with its sha256 prefix, joined by “；”; ``name_only``
    drops the folder, for a document that is printed and sent (the path is the analyst's
    machine's, and stays in ``liuzhang log`` and the json)."""

    def one(f: dict[str, Any]) -> str:
        name = file_name(f["file"]) if name_only else f["file"]
        if not f.get("sha256"):
            return str(name)
        return word("b_file_sha", lang, file=name, sha=f["sha256"][:12])

    return word("b_clause_sep", lang).join(one(f) for f in files) or word("b_none", lang)


def doubt_cells(d: dict[str, Any], lang: Lang = "zh", name_only: bool = False) -> list[str]:
    """A row of the 数据疑点 table, as :func:`doubt_headers` lists them (``name_only``: the
    source file without folders, for a printed document)."""
    return [
        d["id"],
        d["name"],
        d["period"] or "—",
        doubt_value(d, lang),
        doubt_text(d, lang),
        d.get("reported_by") or "",
        source_text(d, name_only),
        d.get("note") or "",
    ]


# -- the plan's identity (plan.yaml): titles, subtitles, signatures -----------------------------


def plan_label(title: str, area: str, year: int | str, lang: Lang = "zh") -> str:
    """The plan as one label: its title with its year, and its area when the title does not
    name it (``…实施方案（2023）``, ``2024年重点任务（南县，2024）``)."""
    if area and area in title:
        return word("plan_label_year", lang, title=title, year=year)
    return word("plan_label", lang, title=title, area=area, year=year)


def catalog_label(catalog: Catalog, lang: Lang = "zh") -> str:
    """:func:`plan_label` of a loaded plan (plan.yaml's title and area in ``lang``)."""
    title, area = catalog.plan_text("title", lang), catalog.plan_text("area", lang)
    return plan_label(title, area, catalog.year, lang)


def date_text(iso: str | None, lang: Lang = "zh") -> str:
    """2023-03-08 → 2023年3月8日 (English: as written); anything else as written."""
    parts = (iso or "").split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return iso or ""
    year, month, day = (int(p) for p in parts)
    return word("b_date", lang, year=year, month=month, day=day)


def basis_text(info: dict[str, Any], lang: Lang = "zh", label: bool = True) -> str:
    """依据：《title》（document，issuer于2023年3月8日印发）: the plan a bulletin follows up, as a
    bulletin cites it, with its area when the title does not name it (what plan.yaml leaves out
    is left out)."""
    title = info.get("title") or ""
    area, issuer = info.get("area") or "", info.get("issuer") or ""
    issued = date_text(info.get("issued"), lang)
    details = [area if area not in title else "", info.get("document") or ""]
    if issuer and issued:
        details.append(word("b_issued_by_on", lang, issuer=issuer, date=issued))
    elif issuer or issued:
        details.append(
            word("b_issued_by" if issuer else "b_issued_on", lang, issuer=issuer, date=issued)
        )
    shown = word("b_count_sep", lang).join(d for d in details if d)
    text = word("b_basis_details" if shown else "b_basis", lang, title=title, details=shown)
    return word("b_basis_label", lang, text=text) if label else text


def subtitle(bulletin: dict[str, Any], lang: Lang = "zh") -> str:
    """数据截至 2023-06 · the office that signs the bulletin (plan.yaml ``office``)."""
    office = (bulletin.get("plan_info") or {}).get("office") or bulletin.get("plan") or ""
    return word("b_subtitle", lang, as_of=bulletin["data_note"]["as_of"], office=office)


def masthead(bulletin: dict[str, Any], lang: Lang = "zh") -> list[str]:
    """The lines under a bulletin's title: :func:`subtitle`, then :func:`basis_text`."""
    info = bulletin.get("plan_info")
    return [subtitle(bulletin, lang), *([basis_text(info, lang)] if info else [])]


def signature(bulletin: dict[str, Any]) -> str:
    """Who signs the bulletin (plan.yaml ``office``, in the bulletin's language)."""
    return str((bulletin.get("plan_info") or {}).get("office") or "")
