"""The 督办通知 (notices to lagging offices), built from the bulletin's model: one notice per
lead unit of the 督办清单's missed, behind, missing and overdue items (at-risk items are a
warning in the bulletin, not a notice), so that a notice says exactly what the bulletin says.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from liuzhang.i18n import Lang, word

# The statuses that call for a written reply, in the order the notices count them.
NOTICE_STATUSES = ("missed", "behind", "missing", "overdue")
# How many characters of an office's name a file name keeps (a Chinese character is 3 bytes in
# UTF-8: with the prefix and the extension, far below the 255 bytes file systems allow).
NAME_LIMIT = 40
# Not allowed in a file name on some file system: path separators, Windows' reserved characters.
_UNSAFE = re.compile(r'[\\/:*?"<>|]')
# Windows' reserved device names (CON, NUL.md…), compared without case.
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{n}" for n in range(10)),
    *(f"lpt{n}" for n in range(10)),
}


def build_notices(bulletin: dict[str, Any], reply_by: str, lang: Lang = "zh") -> dict[str, Any]:
    """The notices of ``bulletin`` (:func:`liuzhang.views.bulletin.build_bulletin`'s model with
    its ``date``): per lead unit its items as the 督办清单 lists them (``seq``: the item's number
    there), counts by status and a file name (``file``, without extension, unique in the
    folder); ``reply_by``: the ISO date replies are due; ``unassigned``: items without a lead."""
    by_unit: dict[str, list[dict[str, Any]]] = {}
    unassigned = []
    for seq, record in enumerate(bulletin["watchlist"], 1):
        if record["status"] not in NOTICE_STATUSES:
            continue
        item = {"seq": seq, **record}
        if not record["lead"]:
            unassigned.append(item)
        for lead in dict.fromkeys(record["lead"]):
            by_unit.setdefault(lead, []).append(item)
    units = sorted(by_unit.items(), key=lambda pair: (-len(pair[1]), pair[0]))
    stems = file_stems((unit for unit, _ in units), lang)
    notices = [
        {
            "unit": unit,
            "file": stem,
            "counts": {s: sum(1 for i in items if i["status"] == s) for s in NOTICE_STATUSES},
            "items": items,
        }
        for (unit, items), stem in zip(units, stems, strict=True)
    ]
    return {
        "kind": bulletin["kind"],
        "plan": bulletin.get("plan"),
        "plan_info": bulletin.get("plan_info") or {},
        "year": bulletin["year"],
        "month": bulletin["month"],
        "quarter": bulletin["quarter"],
        "period": bulletin["period"],
        "as_of": bulletin["data_note"]["as_of"],
        "date": bulletin["date"],
        "reply_by": reply_by,
        "statuses": list(NOTICE_STATUSES),
        "folder": word("n_folder", lang, period=bulletin["period"]),
        "notices": notices,
        "unassigned": unassigned,
    }


def safe_name(text: str, limit: int = NAME_LIMIT) -> str:
    """``text`` as part of a file name on any file system: control, invisible and format
    characters dropped, path separators and Windows' reserved characters as “_”, at most
    ``limit`` characters, no leading or trailing dots or spaces, never empty or a device name."""
    text = unicodedata.normalize("NFC", text)
    kept = "".join(
        ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn")
    )
    cleaned = _UNSAFE.sub("_", " ".join(kept.split()))[:limit].strip(" .")
    if not cleaned or cleaned.split(".")[0].casefold() in _RESERVED:
        cleaned = f"_{cleaned}"
    return cleaned


def file_stems(units: Iterable[str], lang: Lang = "zh") -> list[str]:
    """The notice's file name (no extension) of each unit, in order: :func:`safe_name` in the
    ``n_file`` pattern, “_2”, “_3”… added when two names clean to the same file (without case:
    Windows and macOS do not tell 'A' from 'a')."""
    taken: set[str] = set()
    stems = []
    for unit in units:
        stem = base = word("n_file", lang, unit=safe_name(unit))
        n = 1
        while stem.casefold() in taken:
            n += 1
            stem = f"{base}_{n}"
        taken.add(stem.casefold())
        stems.append(stem)
    return stems


def index_records(model: dict[str, Any], extensions: Iterable[str]) -> list[dict[str, Any]]:
    """The summary of the notices written (the index file and the terminal table): per notice
    its unit, counts by status and in all, the reply date and its files."""
    exts = list(extensions)
    return [
        {
            "unit": n["unit"],
            **n["counts"],
            "total": len(n["items"]),
            "reply_by": model["reply_by"],
            "file": n["file"],
            "files": [f"{n['file']}.{ext}" for ext in exts],
        }
        for n in model["notices"]
    ]
