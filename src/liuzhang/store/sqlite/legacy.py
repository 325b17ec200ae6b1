"""Reading the column-packed observations of schemas 3 and 4, for migration only.

Those schemas kept one SQLite row per item and ingest (``segments``): each column held the
item's values in that file joined by U+001F, or as a JSON array after U+001E, one value for all
after U+001D, one character per value indexing the ingest's dictionary of the field
(``dictionaries``) after U+001C, or row numbers as steps from the one before after U+001B.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator
from typing import Any

from liuzhang.domain.observations import FIELDS

SEP = "\x1f"
JSON_MARK = "\x1e"
SAME = "\x1d"
DICT = "\x1c"
DELTA = "\x1b"
# Index k is the character _CODE_BASE + k, skipping the surrogates (U+D800..U+DFFF).
_CODE_BASE = 0x20
_SURROGATES = (0xD800, 0x800)  # first surrogate, how many


def _unpack(text: str, n: int) -> list[str]:
    """The fields of one packed column value (DICT and DELTA aside)."""
    if text.startswith(JSON_MARK):
        return list(json.loads(text[1:]))
    if text.startswith(SAME):
        return [text[1:]] * n
    return text.split(SEP)


def _undelta(text: str) -> list[str]:
    """The numbers of a DELTA column value, as text."""
    first, count = _SURROGATES
    steps = [p - _CODE_BASE - (count if p >= first else 0) for p in map(ord, text)]
    return list(map(str, itertools.accumulate(steps)))


def _by_code(entries: list[str]) -> list[str]:
    """A dictionary's entries placed so that ``[ord(c)]`` finds the one a DICT code names."""
    first, count = _SURROGATES
    below = first - _CODE_BASE
    if len(entries) <= below:
        return [""] * _CODE_BASE + entries
    return [""] * _CODE_BASE + entries[:below] + [""] * count + entries[below:]


def packed_rows(conn: sqlite3.Connection, version: int) -> Iterator[tuple[Any, ...]]:
    """Every observation of a schema 3 or 4 store as ``(id, ingest_id, item_id, kind, *FIELDS)``
    (texts; None for an empty field; ``row`` an int; ``flags`` None in schema 3)."""
    fields = [f for f in FIELDS if version >= 4 or f != "flags"]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    dictionaries: dict[tuple[int, str], list[str]] = {}
    if "dictionaries" in tables:
        for ingest_id, field, entries in conn.execute(
            "SELECT ingest_id, field, entries FROM dictionaries"
        ):
            dictionaries[ingest_id, field] = _by_code(json.loads(entries))
    cursor = conn.execute(
        f"""SELECT ingest_id, item_id, kind, n, first_id, obs_id, {", ".join(fields)}
            FROM segments ORDER BY id"""
    )
    for ingest_id, item_id, kind, n, first_id, obs_id, *packed in cursor:
        columns: dict[str, list[str]] = {}
        for name, text in zip(fields, packed, strict=True):
            mark = text[:1]
            if mark == DICT:
                table = dictionaries[ingest_id, name]
                columns[name] = [table[ord(c)] for c in text[1:]]
            elif mark == DELTA:
                columns[name] = _undelta(text[1:])
            else:
                columns[name] = _unpack(text, n)
        if "flags" not in columns:
            columns["flags"] = [""] * n
        ids = [int(v) for v in _unpack(obs_id, n)] if obs_id else range(first_id, first_id + n)
        for k, obs in enumerate(ids):
            texts = [columns[name][k] or None for name in FIELDS[:-1]]
            yield (obs, ingest_id, item_id, kind, *texts, int(columns["row"][k]))
