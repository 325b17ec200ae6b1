"""The store: what goes in comes back, one row per value, whatever the text or the history."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import NewDb
from liuzhang.domain.observations import Coded, StoredValue
from liuzhang.domain.plan import PlanKey
from liuzhang.store import open_store, period_key

ITEMS = ["new_urban_jobs", "gdp_growth", "a3-10"]
PLAN = PlanKey("大通湖区", 2023)
# The same item ids and periods in three plans: their values never mix.
PLANS = [PLAN, PlanKey("大通湖区", 2024), PlanKey("南县", 2023)]
# 2023-06 and 2023-Q2 end on the same day, as do 2023-12 and 2023: one period each
PERIODS = ["2023-05", "2023-06", "2023-Q2", "2023-06-上旬", "2023", "2023-12"]
# Any text a cell may hold, the separators included.
TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)


ROW = st.fixed_dictionaries(
    {
        "item_id": st.sampled_from(ITEMS),
        "period": st.sampled_from(PERIODS),
        "value": st.one_of(st.none(), st.integers(-(10**6), 10**6).map(str)),
        "note": st.one_of(st.none(), TEXT.filter(bool)),
        "plan": st.sampled_from(PLANS),
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


# new_db gives a new store per example
EACH_EXAMPLE = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


@settings(max_examples=40, deadline=None, suppress_health_check=EACH_EXAMPLE)
@given(st.lists(STEP, min_size=1, max_size=8))
def test_history_and_current_agree_with_every_ingest_and_revert(
    new_db: NewDb, backend: str, steps: list[Any]
) -> None:
    """Every stored row is in its plan's history as given; `latest` of a plan is the newest live
    one per item and period end of that plan. A file's rows go to their plans chunk by chunk,
    plans interleaved; the same item ids and periods in other plans change nothing."""
    with open_store(new_db()) as store:
        given_rows: list[tuple[int, PlanKey, dict[str, Any]]] = []  # (ingest id, plan, row)
        reverted: set[int] = set()
        for n, (action, arg) in enumerate(steps):
            if action == "ingest" and backend == "postgres":  # no NUL in its texts
                arg = [{k: _no_nul(v) for k, v in r.items()} for r in arg]
            if action == "ingest":
                writer = store.begin_ingest(f"f{n}.csv", f"sha{n}")
                # once per plan, item and period end per file, as the checkers guarantee
                rows = {(r["plan"], r["item_id"], period_key(r["period"])): r for r in arg}
                for row in rows.values():  # a chunk per row: plans interleaved
                    writer.add_columns(_columns([row]), row["plan"])
                summary = writer.finish(len(arg), 0, None)
                assert summary.ingest_id is not None
                assert summary.stored + summary.unchanged + summary.revised == len(rows)
                given_rows += [(summary.ingest_id, r["plan"], r) for r in rows.values()]
            elif any(i == arg for i, _, _ in given_rows) and arg not in reverted:
                store.revert(arg)
                reverted.add(arg)
        assert store.counts()["observations"] == sum(
            len(store.observations(r.id)) for r in store.ingests()
        )
        every = []
        for plan in PLANS:
            history = [r for item in ITEMS for r in store.history(item, plan=plan)]
            every += history
            mine = [(i, row) for i, p, row in given_rows if p == plan]
            seen = {(r.ingest_id, r.item_id, r.period): (r.value, r.note) for r in history}
            assert len(seen) == len(history) == len(mine)
            for ingest_id, row in mine:
                key = (ingest_id, row["item_id"], row["period"])
                assert seen[key] == (row["value"], row["note"])
            newest: dict[tuple[str, str], int] = {}
            for r in history:
                if r.ingest_id not in reverted:
                    key = (r.item_id, r.period_end)  # 2023-Q2 then 2023-06: the later counts
                    newest[key] = max(newest.get(key, 0), r.id)
            latest = store.latest(plan=plan)
            assert {(r.item_id, r.period_end): r.id for r in latest} == newest
            assert len(latest) == len(newest)  # never two current values for one period end
            assert store.current_values(ITEMS, plan=plan) == {
                item: [r for r in latest if r.item_id == item]
                for item in ITEMS
                if any(r.item_id == item for r in latest)
            }
            assert [r.id for r in store.ingests(plan=plan)] == sorted({i for i, _ in mine})
        # of every plan: all of them
        assert sorted(r.id for r in every) == sorted(
            r.id for item in ITEMS for r in store.history(item)
        )
        assert len(store.latest()) == sum(len(store.latest(plan=p)) for p in PLANS)
        ids = [r.id for r in every]
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


def _stored(db: Any, columns_parts: list[dict[str, Any]]) -> list[StoredValue]:
    with open_store(db) as store:
        writer = store.begin_ingest("f.csv", "sha")
        for part in columns_parts:
            writer.add_columns(part, PLAN)
        writer.finish(1, 0, None)
        observations = store.observations(1)
        assert [r.id for r in observations] == list(range(1, len(observations) + 1))
        return observations


ANY_ROW = st.fixed_dictionaries(
    {
        "item_id": st.sampled_from(ITEMS),
        "period": st.sampled_from(PERIODS),
        "value": st.one_of(st.none(), TEXT),
        "note": st.one_of(st.none(), TEXT),
    }
)


@settings(max_examples=60, deadline=None, suppress_health_check=EACH_EXAMPLE)
@given(st.lists(ANY_ROW, min_size=1, max_size=30), st.integers(0, 30))
def test_coded_columns_are_stored_like_plain_ones(
    new_db: NewDb, backend: str, rows: list[dict[str, Any]], split: int
) -> None:
    """Lists or dictionary-coded parts, with any text (control characters included; on
    PostgreSQL, whose texts cannot hold NUL, every other): the store gives back the same
    observations, in file order."""
    if backend == "postgres":
        rows = [{k: _no_nul(v) for k, v in r.items()} for r in rows]
    columns = _columns(rows)
    plain = _stored(new_db(), [columns])
    coded_parts = {
        name: col if name == "row" else _coded(col, split) for name, col in columns.items()
    }
    coded = _stored(
        new_db(),
        [
            {
                name: parts[k] if name != "row" else parts[:split] if k == 0 else parts[split:]
                for name, parts in coded_parts.items()
            }
            for k in (0, 1)
        ],
    )
    assert [replace(r, ingested_at="") for r in plain] == [
        replace(r, ingested_at="") for r in coded
    ]
    got = [(r.item_id, r.period, r.value, r.note, r.row) for r in plain]
    assert got == [  # one row per value, ids in file order
        (item, columns["period"][k], columns["value"][k] or None, columns["note"][k] or None, k + 2)
        for k, item in enumerate(columns["item_id"])
    ]


def _no_nul(text: Any) -> Any:
    return text.replace("\x00", "\ufffd") if isinstance(text, str) else text


def test_a_large_file_is_stored_one_row_per_value(db: Any) -> None:
    """Sixty thousand rows: each comes back as given, with its period's kind and end."""
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
    with open_store(db) as store:
        writer = store.begin_ingest("f.csv", "sha")
        writer.add_columns(columns, PLAN)
        summary = writer.finish(n, 0, None)
        got = store.observations(1)
        assert store.counts() == {"ingests": 1, "observations": n}
        current = store.latest()
        history = store.history("item_5")  # through the item index, rebuilt after the rows
    assert sorted(r.row for r in history) == list(range(7, n + 2, 2000))
    assert [(r.period_end, r.id) for r in history] == sorted((r.period_end, r.id) for r in history)
    assert (summary.stored, summary.unchanged, summary.revised) == (n, 0, 0)
    assert [(r.item_id, r.period, r.value, r.note, r.row, r.unit) for r in got] == [
        (items[i], columns["period"][i], str(i % 977), columns["note"][i], i + 2, "%")
        for i in range(n)
    ]
    assert {(r.period, r.period_kind, r.period_end) for r in got} == {
        ("2023-05", "month", "2023-05-31"),
        ("2023-06", "month", "2023-06-30"),
        ("2023-Q2", "quarter", "2023-06-30"),
        ("2023-06-上旬", "dekad", "2023-06-10"),
        ("2023", "year", "2023-12-31"),
        ("2023-12", "month", "2023-12-31"),
    }
    # per item and period end, the last row counts (2023-Q2 after 2023-06 of the same item)
    newest: dict[tuple[str, str], int] = {}
    for r in got:
        newest[r.item_id, r.period_end] = r.id
    assert {(r.item_id, r.period_end): r.id for r in current} == newest
