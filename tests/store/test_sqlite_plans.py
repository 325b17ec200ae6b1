"""One store for all plans (schema 6): every value belongs to a plan, an item id of one plan is
not the same item in another, and a file may hold rows of several plans. Each test runs on
SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from liuzhang.domain.observations import Observation
from liuzhang.domain.plan import PlanKey
from liuzhang.store import PlanSpan, Store, open_store, period_facts

DT23 = PlanKey("大通湖区", 2023)
DT24 = PlanKey("大通湖区", 2024)
NX23 = PlanKey("南县", 2023)


def obs(item: str, period: str, value: str, row: int = 2) -> Observation:
    kind, end, end_month = period_facts(period)
    return Observation(
        item, "target", period, kind, end.isoformat(), end_month, Decimal(value), None, "%",
        value, "%", None, "区发改财政局", row,
    )  # fmt: skip


def values(store: Store, plan: PlanKey | None) -> list[tuple[str, str, str | None]]:
    return [(v.item_id, v.period, v.value) for v in store.latest(plan=plan)]


def ingest(store: Store, name: str, *chunks: tuple[PlanKey, list[Observation]]) -> int:
    """One file whose rows go to the plans given, chunk by chunk; its ingest id."""
    writer = store.begin_ingest(name, f"sha-{name}")
    for plan, rows in chunks:
        writer.add(rows, plan)
    summary = writer.finish(sum(len(rows) for _, rows in chunks), 0, None)
    assert summary.ingest_id is not None
    return summary.ingest_id


@pytest.fixture
def store(db: Path | str) -> Iterator[Store]:
    """A new store, on SQLite and on PostgreSQL (tests/conftest.py ``db``)."""
    with open_store(db) as opened:
        yield opened


def test_the_same_item_id_in_three_plans_never_mixes(store: Store) -> None:
    ingest(store, "dt23.csv", (DT23, [obs("gdp_growth", "2023-06", "6.8")]))
    ingest(store, "dt24.csv", (DT24, [obs("gdp_growth", "2024-06", "7.1")]))
    writer = store.begin_ingest("nx23.csv", "sha-nx")
    writer.add([obs("gdp_growth", "2023-06", "5.5")], NX23)
    summary = writer.finish(1, 0, None)
    # the same item and period end in another area's plan is a new value, not a revision
    assert (summary.stored, summary.unchanged, summary.revised) == (1, 0, 0)
    assert values(store, DT23) == [("gdp_growth", "2023-06", "6.8")]
    assert values(store, DT24) == [("gdp_growth", "2024-06", "7.1")]
    assert values(store, NX23) == [("gdp_growth", "2023-06", "5.5")]
    assert values(store, PlanKey("南县", 2024)) == []
    assert len(values(store, None)) == 3  # of every plan
    assert [v.value for v in store.history("gdp_growth", plan=NX23)] == ["5.5"]
    assert [v.value for v in store.history("gdp_growth")] == ["6.8", "5.5", "7.1"]
    assert {
        plan: [v.value for v in store.current_values(["gdp_growth", "x"], plan=plan)["gdp_growth"]]
        for plan in (DT23, DT24, NX23)
    } == {DT23: ["6.8"], DT24: ["7.1"], NX23: ["5.5"]}
    # a revision in one plan leaves the others as they were
    writer = store.begin_ingest("dt23b.csv", "sha-dt23b")
    writer.add([obs("gdp_growth", "2023-06", "7.3")], DT23)
    assert writer.finish(1, 0, None).revised == 1
    assert values(store, DT23) == [("gdp_growth", "2023-06", "7.3")]
    assert values(store, NX23) == [("gdp_growth", "2023-06", "5.5")]
    assert [r.file for r in store.ingests(plan=DT23)] == ["dt23.csv", "dt23b.csv"]
    assert [r.file for r in store.ingests(plan=NX23)] == ["nx23.csv"]
    assert len(store.ingests()) == 4


def test_a_file_of_two_years_is_stored_and_reverted_whole(store: Store) -> None:
    first = ingest(
        store,
        "before.csv",
        (DT23, [obs("gdp_growth", "2023-12", "7.3")]),
        (DT24, [obs("gdp_growth", "2024-01", "1.2")]),
    )
    both = ingest(  # chunks of two plans, interleaved
        store,
        "both.csv",
        (DT23, [obs("gdp_growth", "2023-12", "7.2", 2)]),
        (DT24, [obs("gdp_growth", "2024-01", "1.5", 3)]),
        (DT23, [obs("cpi", "2023-12", "2.1", 4)]),
    )
    assert [r.id for r in store.ingests(plan=DT23)] == [first, both]
    assert [r.id for r in store.ingests(plan=DT24)] == [first, both]
    assert [(v.item_id, v.value, v.row) for v in store.observations(both)] == [
        ("gdp_growth", "7.2", 2),
        ("cpi", "2.1", 4),
        ("gdp_growth", "1.5", 3),
    ]  # plan by plan, each in the order given
    assert values(store, DT23) == [("cpi", "2023-12", "2.1"), ("gdp_growth", "2023-12", "7.2")]
    assert values(store, DT24) == [("gdp_growth", "2024-01", "1.5")]
    store.revert(both)
    assert values(store, DT23) == [("gdp_growth", "2023-12", "7.3")]
    assert values(store, DT24) == [("gdp_growth", "2024-01", "1.2")]
    assert [r.id for r in store.ingests(plan=DT24)] == [first, both]  # the log keeps it


def test_a_file_is_a_duplicate_whatever_plan_its_rows_are_for(store: Store) -> None:
    ingest(store, "a.csv", (DT23, [obs("gdp_growth", "2023-06", "6.8")]))
    writer = store.begin_ingest("a-again.csv", "sha-a.csv")
    assert writer.duplicate_of == 1
    summary = writer.finish(1, 0, None)
    assert (summary.ingest_id, summary.duplicate_of) == (None, 1)
    assert values(store, NX23) == []


def test_plans_says_what_the_store_holds_of_each(store: Store) -> None:
    assert store.plans() == []
    ingest(
        store,
        "a.csv",
        (DT23, [obs("gdp_growth", "2023-Q2", "6.8"), obs("cpi", "2023-03", "1.2")]),
        (DT24, [obs("gdp_growth", "2024-01", "1.2")]),
    )
    ingest(store, "b.csv", (DT23, [obs("gdp_growth", "2023-06", "6.9")]))  # revises 2023-Q2
    gone = ingest(store, "c.csv", (NX23, [obs("gdp_growth", "2023-06", "5.5")]))
    store.revert(gone)
    assert store.plans() == [  # by area, then year
        PlanSpan(NX23, 0, 0, None, None),  # its one ingest taken back
        PlanSpan(DT23, 2, 2, "2023-03", "2023-06"),
        PlanSpan(DT24, 1, 1, "2024-01", "2024-01"),
    ]


def test_of_periods_with_the_same_end_the_span_names_the_month(store: Store) -> None:
    ingest(
        store,
        "a.csv",
        (DT23, [obs("a", "2023-Q2", "1"), obs("b", "2023-06", "1"), obs("c", "2023-H1", "1")]),
    )
    ingest(store, "b.csv", (DT23, [obs("a", "2023", "1"), obs("b", "2023-12", "1")]))
    assert store.plans() == [PlanSpan(DT23, 5, 2, "2023-06", "2023-12")]


@pytest.mark.parametrize("call", ["add", "add_columns", "ingest"])
def test_values_are_written_to_a_plan(store: Store, backend: str, call: str) -> None:
    """No plan: a programming error, nothing stored, and the write lock is let go (SQLite
    gives the next ingest the same id; PostgreSQL's ids may leave a gap, as sequences do)."""
    rows = [obs("gdp_growth", "2023-06", "6.8")]
    before = store.tables()
    with pytest.raises(TypeError, match="plan"):
        if call == "ingest":
            store.ingest("a.csv", "sha", None, rows, 1, 0)
        else:
            writer = store.begin_ingest("a.csv", "sha")
            try:
                if call == "add":
                    writer.add(rows)
                else:
                    writer.add_columns({"item_id": []}, None)
            finally:
                writer.abort()
    assert store.tables() == before
    landed = ingest(store, "b.csv", (DT23, rows))
    assert [r.id for r in store.ingests()] == [landed]
    assert landed == 1 or backend == "postgres"


def test_an_ingest_given_a_plan_and_no_rows_is_in_that_plans_log(store: Store) -> None:
    """A file whose rows were all blank or refused (``--partial``) is still logged under the
    plan it was read for."""
    empty = ingest(store, "blank.csv", (DT24, []))
    assert [r.id for r in store.ingests(plan=DT24)] == [empty]
    assert store.ingests(plan=DT23) == []
    assert store.plans() == [PlanSpan(DT24, 0, 1, None, None)]


def test_a_dry_run_leaves_no_plan_behind(store: Store) -> None:
    writer = store.begin_ingest("a.csv", "sha", dry_run=True)
    writer.add([obs("gdp_growth", "2023-06", "6.8")], DT23)
    assert writer.finish(1, 0, None).stored == 1
    assert store.plans() == [] and store.counts() == {"ingests": 0, "observations": 0}
