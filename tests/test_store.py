"""The store's column-wise layout: what goes in comes back, whatever the text or the history."""

from __future__ import annotations

import itertools
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import liuzhang.store as store_module
from liuzhang.store import (
    DELTA,
    DICT,
    DICT_MAX,
    SAME,
    SEP,
    Coded,
    Store,
    _by_code,
    _code_chars,
    _digits,
    _pack,
    _pack_numbers,
    _safe,
    _slices,
    _undelta,
    _unpack,
    period_key,
)

ITEMS = ["new_urban_jobs", "gdp_growth", "a3-10"]
# 2023-06 and 2023-Q2 end on the same day, as do 2023-12 and 2023: one period each
PERIODS = ["2023-05", "2023-06", "2023-Q2", "2023-06-上旬", "2023", "2023-12"]
# Any text a cell may hold, the separators included.
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


@given(st.one_of(st.lists(TEXT, min_size=1, max_size=8), TEXT.map(lambda t: [t] * 5)))
def test_packed_fields_come_back_unchanged(fields: list[str]) -> None:
    assert _unpack(_pack(fields, _safe(fields)), len(fields)) == fields


def test_fields_with_a_separator_are_stored_as_json() -> None:
    fields = ["a", f"b{SEP}c"]
    assert not _safe(fields)
    assert _unpack(_pack(fields, False), len(fields)) == fields


ROW = st.fixed_dictionaries(
    {
        "item_id": st.sampled_from(ITEMS),
        "period": st.sampled_from(PERIODS),
        "value": st.one_of(st.none(), st.integers(-(10**6), 10**6).map(str)),
        "note": st.one_of(st.none(), TEXT.filter(bool)),
    }
)
STEP = st.one_of(
    st.lists(ROW, min_size=1, max_size=12).map(lambda rows: ("ingest", rows)),
    st.integers(1, 6).map(lambda n: ("revert", n)),
)


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    # once per item and period end per file, as the checkers guarantee
    unique = list({(r["item_id"], period_key(r["period"])): r for r in rows}.values())
    return {
        "item_id": [r["item_id"] for r in unique],
        "kind": ["task" if r["item_id"].startswith("a3") else "target" for r in unique],
        "period": [r["period"] for r in unique],
        "value": [r["value"] for r in unique],
        "status": [None for _ in unique],
        "unit": ["%" for _ in unique],
        "raw_value": [r["value"] for r in unique],
        "raw_unit": [None for _ in unique],
        "note": [r["note"] for r in unique],
        "reported_by": ["区统计局" for _ in unique],
        "flags": [None for _ in unique],
        "row": list(range(2, len(unique) + 2)),
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, min_size=1, max_size=8))
def test_history_and_current_agree_with_every_ingest_and_revert(steps: list[Any]) -> None:
    """Every stored row is in the history as given; `latest` is the newest live one per key."""
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "s.sqlite") as store:
        given_rows: list[tuple[int, dict[str, Any]]] = []  # (ingest id, row)
        reverted: set[int] = set()
        for n, (action, arg) in enumerate(steps):
            if action == "ingest":
                columns = _columns(arg)
                writer = store.begin_ingest(f"f{n}.csv", f"sha{n}")
                writer.add_columns(columns)
                summary = writer.finish(len(arg), 0, None)
                assert summary.ingest_id is not None
                for k in range(len(columns["item_id"])):
                    given_rows.append(
                        (summary.ingest_id, {name: col[k] for name, col in columns.items()})
                    )
            elif any(i == arg for i, _ in given_rows) and arg not in reverted:
                store.revert(arg)
                reverted.add(arg)
        history = [r for item in ITEMS for r in store.history(item)]
        assert store.counts()["observations"] == len(given_rows) == len(history)
        seen = {
            (r["ingest_id"], r["item_id"], r["period"]): (r["value"], r["note"], r["row"])
            for r in history
        }
        for ingest_id, row in given_rows:
            key = (ingest_id, row["item_id"], row["period"])
            assert seen[key] == (row["value"], row["note"], row["row"])
        newest: dict[tuple[str, str], int] = {}
        for r in history:
            if r["ingest_id"] not in reverted:
                key = (r["item_id"], r["period_end"])  # 2023-Q2 then 2023-06: the later counts
                newest[key] = max(newest.get(key, 0), r["id"])
        latest = store.latest()
        assert {(r["item_id"], r["period_end"]): r["id"] for r in latest} == newest
        assert len(latest) == len(newest)  # never two current values for one period end
        ids = [r["id"] for r in history]
        assert len(set(ids)) == len(ids)


def _coded(column: list[Any], split: int) -> list[Any]:
    """A column as two Coded parts (cut at ``split``), their tables with unused and repeated
    entries, as a caller may hand them over."""
    parts = []
    for part in (column[:split], column[split:]):
        table = ["unused", *dict.fromkeys(part), *dict.fromkeys(part)]
        codes = np.array([table.index(v, 1) for v in part], dtype=np.intp)
        parts.append(Coded(table, codes))
    return parts


def _stored(columns_parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "s.sqlite") as store:
        writer = store.begin_ingest("f.csv", "sha")
        for part in columns_parts:
            writer.add_columns(part)
        writer.finish(1, 0, None)
        observations = store.observations(1)
        assert [r["id"] for r in observations] == list(range(1, len(observations) + 1))
        return observations


ANY_ROW = st.fixed_dictionaries(
    {
        "item_id": st.sampled_from(ITEMS),
        "period": st.sampled_from(PERIODS),
        "value": st.one_of(st.none(), TEXT),
        "note": st.one_of(st.none(), TEXT),
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(ANY_ROW, min_size=1, max_size=30), st.integers(0, 30), st.integers(1, 40))
def test_coded_columns_are_stored_like_plain_ones(
    rows: list[dict[str, Any]], split: int, dict_max: int
) -> None:
    """Lists or dictionary-coded parts, below or above the dictionary's size limit, with any
    text (the markers included): the store gives back the same observations, in file order."""
    columns = _columns(rows)
    with mock.patch.object(store_module, "DICT_MAX", dict_max):
        plain = _stored([columns])
        coded_parts = {
            name: col if name == "row" else _coded(col, split) for name, col in columns.items()
        }
        coded = _stored(
            [
                {
                    name: parts[k] if name != "row" else parts[:split] if k == 0 else parts[split:]
                    for name, parts in coded_parts.items()
                }
                for k in (0, 1)
            ]
        )
    assert plain == coded
    by_key = {(r["item_id"], r["period"]): r for r in plain}
    for k, item in enumerate(columns["item_id"]):
        got = by_key[(item, columns["period"][k])]
        assert got["value"] == (columns["value"][k] or None)
        assert got["note"] == (columns["note"][k] or None)
        assert got["row"] == columns["row"][k]
    # observation ids follow items in order of first appearance, rows in file order
    first_seen = list(dict.fromkeys(columns["item_id"]))
    assert [r["item_id"] for r in plain] == sorted(
        (r["item_id"] for r in plain), key=first_seen.index
    )


@pytest.mark.parametrize(
    ("texts", "bounds", "packed"),
    [
        (["a", "bb", "c"], [0, 1, 3], ["a", f"bb{SEP}c"]),
        (["", "", "x"], [0, 2, 3], [SEP, "x"]),
        (["1", "22", "333"], [0, 3], [f"1{SEP}22{SEP}333"]),
        (["a", f"b{SEP}"], [0, 1, 2], [_pack(["a"], False), _pack([f"b{SEP}"], False)]),
        ([f"{SAME}a", "b"], [0, 2], [_pack([f"{SAME}a", "b"], False)]),
        ([f"{DICT}", "b"], [0, 1, 2], [_pack([DICT], False), _pack(["b"], False)]),
    ],
)
def test_groups_are_cut_from_one_joined_column(
    texts: list[str], bounds: list[int], packed: list[str]
) -> None:
    assert _slices(texts, bounds) == packed
    sizes = [b - a for a, b in itertools.pairwise(bounds)]
    assert [_unpack(p, n) for p, n in zip(packed, sizes, strict=True)] == [
        texts[a:b] for a, b in itertools.pairwise(bounds)
    ]


def test_a_large_file_is_stored_compactly() -> None:
    """Dictionary codes keep a file of many rows small: a few bytes per observation."""
    n = 60_000
    items = [f"item_{i % 2000}" for i in range(n)]
    columns = {
        "item_id": items,
        "kind": ["target"] * n,
        "period": [PERIODS[i % len(PERIODS)] if i < 10_000 else "2023" for i in range(n)],
        "value": [str(i % 977) for i in range(n)],
        "status": [None] * n,
        "unit": ["%"] * n,
        "raw_value": [str(i % 977) for i in range(n)],
        "raw_unit": [None] * n,
        "note": ["较上月有所回升" if i % 3 else None for i in range(n)],
        "reported_by": ["区发改财政局"] * n,
        "row": list(range(2, n + 2)),
    }
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "s.sqlite") as store:
        writer = store.begin_ingest("f.csv", "sha")
        writer.add_columns(columns)
        writer.finish(n, 0, None)
        size = store.conn.execute(
            "SELECT sum(length(CAST(period || value || status || unit || raw_value || raw_unit"
            " || note || reported_by || row AS BLOB))) FROM segments"
        ).fetchone()[0]
        assert size < 20 * n  # the rows as text take over 60 bytes each
        got = store.observations(1)
    assert len(got) == n
    assert {r["note"] for r in got} == {"较上月有所回升", None}
    assert sorted(int(r["value"]) for r in got) == sorted(i % 977 for i in range(n))


@given(st.lists(st.integers(-(10**18) + 1, 10**18 - 1), min_size=1, max_size=50))
def test_digits_are_the_length_of_the_number_as_text(numbers: list[int]) -> None:
    assert _digits(np.array(numbers, dtype=np.int64)).tolist() == [len(str(n)) for n in numbers]


def test_dictionary_codes_skip_the_surrogates() -> None:
    """Every index up to DICT_MAX has its own character, one UTF-8 can store, and comes back."""
    below = 0xD800 - 0x20
    codes = np.array([0, 1, below - 1, below, below + 1, DICT_MAX - 1], dtype=np.intp)
    text = _code_chars(codes)
    assert len(text) == len(codes)
    text.encode("utf-8")  # no surrogates
    assert [ord(c) for c in text] == [0x20, 0x21, 0xD7FF, 0xE000, 0xE001, 0x10FFFF]
    entries = [str(k) for k in range(DICT_MAX)]
    placed = _by_code(entries)
    assert [placed[ord(c)] for c in text] == [str(k) for k in codes.tolist()]
    assert _by_code(["a", "b"])[0x20:] == ["a", "b"]


@pytest.mark.parametrize(
    ("numbers", "bounds", "delta"),
    [
        ([2, 5, 9, 3, 4], [0, 3, 5], True),  # rising in each group: steps
        ([2, 2, 7], [0, 3], True),  # equal is a step of 0
        ([0, 1_100_000, 3], [0, 2, 3], True),  # steps beyond the surrogates
        ([5, 3], [0, 2], False),  # falling: joined
        ([-1, 4], [0, 1, 2], False),
        ([2, 2_000_000], [0, 2], False),  # a step beyond the last code
    ],
)
def test_row_numbers_are_packed_as_steps_when_they_rise(
    numbers: list[int], bounds: list[int], delta: bool
) -> None:
    packed = _pack_numbers(np.array(numbers, dtype=np.int64), bounds)
    assert all(p.startswith(DELTA) for p in packed) == delta
    unpacked = [
        _undelta(p[1:]) if p.startswith(DELTA) else _unpack(p, b - a)
        for p, (a, b) in zip(packed, itertools.pairwise(bounds), strict=True)
    ]
    assert unpacked == [[str(v) for v in numbers[a:b]] for a, b in itertools.pairwise(bounds)]
