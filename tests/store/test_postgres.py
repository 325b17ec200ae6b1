"""The PostgreSQL store: choosing it with a URL, its errors, COPY, ``store copy`` both ways, and
many writers at once (the behaviour it shares with SQLite is tested on both backends in
tests/test_store.py, tests/test_revisions.py and tests/store/test_sqlite_plans.py)."""

from __future__ import annotations

import json
import multiprocessing
import re
import sys
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import CLEAN_ENV, DATA, ROOT, assert_no_crash
from liuzhang.cli.app import app
from liuzhang.domain.observations import Observation
from liuzhang.domain.plan import PlanKey
from liuzhang.store import (
    Store,
    StoreError,
    default_db_path,
    is_url,
    open_store,
    period_facts,
    read_only,
)
from liuzhang.store.transfer import TABLES, copy_store, snapshot

DT23 = PlanKey("大通湖区", 2023)
DT24 = PlanKey("大通湖区", 2024)
NX23 = PlanKey("南县", 2023)
NOWHERE = "postgresql:///liuzhang?host=/nonexistent-liuzhang-socket&user=nobody"


def obs(item: str, period: str, value: str, row: int = 2, **more: Any) -> Observation:
    kind, end, end_month = period_facts(period)
    fields: dict[str, Any] = {
        "item_id": item, "kind": "target", "period": period, "period_kind": kind,
        "period_end": end.isoformat(), "end_month": end_month, "value": Decimal(value),
        "status": None, "unit": "%", "raw_value": value, "raw_unit": "%", "note": None,
        "reported_by": "区发改财政局", "row": row,
    }  # fmt: skip
    fields.update(more)
    return Observation(**fields)


def cli(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args), env=CLEAN_ENV)
    assert_no_crash(result)
    return result


# -- choosing the backend ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("postgresql://u@host/db", True),
        ("postgres://u@host/db", True),
        ("POSTGRESQL:///db?host=/tmp", True),
        ("liuzhang.sqlite", False),
        ("postgresql.sqlite", False),
        ("./postgresql://x", False),
        ("", False),
    ],
)
def test_a_url_names_a_server_and_anything_else_a_file(text: str, url: bool) -> None:
    assert is_url(text) is url
    chosen = default_db_path(Path("data"), text)
    if text:
        assert chosen == (text if url else Path(text))


def test_the_url_may_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIUZHANG_DB", "postgresql://office@db.example/liuzhang")
    assert default_db_path(Path("data")) == "postgresql://office@db.example/liuzhang"
    monkeypatch.delenv("LIUZHANG_DB")
    assert default_db_path(Path("/w/data")) == Path("/w/liuzhang.sqlite")


@pytest.mark.parametrize(
    ("url", "shown_as"),
    [
        ("postgresql://u:secret@host/db", "postgresql://u@host/db"),
        ("postgresql://u:s%40c@host:5433/db", "postgresql://u@host:5433/db"),
        ("postgresql://u@host/db", "postgresql://u@host/db"),
        ("postgresql:///db?host=/tmp", "postgresql:///db?host=/tmp"),
    ],
)
def test_messages_never_show_the_password(url: str, shown_as: str) -> None:
    from liuzhang.store.postgres import shown

    assert shown(url) == shown_as


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "无法连接 PostgreSQL 数据库 " + NOWHERE),
        ("en", "cannot connect to the PostgreSQL database " + NOWHERE),
    ],
)
@pytest.mark.parametrize("command", [["status"], ["log"], ["ingest", "EXAMPLE"]])
def test_a_server_that_cannot_be_reached_is_a_clear_error(
    lang: str, expected: str, command: list[str]
) -> None:
    example = str(ROOT / "examples" / "2023-06" / "区应急局_2023-06.csv")
    args = [example if a == "EXAMPLE" else a for a in command]
    result = cli(*args, "--db", NOWHERE, "--data", str(DATA), "--lang", lang)
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("lang", "hint"), [("zh", "请运行 pip install"), ("en", "run pip install")]
)
def test_without_psycopg_the_error_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, lang: str, hint: str
) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg: ImportError
    with pytest.raises(StoreError) as raised:
        open_store("postgresql:///liuzhang")
    assert raised.value.code == "store_pg_driver_missing"
    result = cli("status", "--db", "postgresql:///liuzhang", "--data", str(DATA), "--lang", lang)
    assert result.exit_code == 1
    assert hint in result.output and "liuzhang[postgres]" in result.output


# -- on a server ---------------------------------------------------------------------------------


@pytest.fixture
def url(pg_server: Any) -> Iterator[str]:
    """A database on the session's server that does not exist yet."""
    made = pg_server.database()
    yield made
    pg_server.drop(made)


def test_the_examples_read_the_same_on_both_backends(url: str, tmp_path: Path) -> None:
    """Ingest and status through the CLI: the database is made on first use, and every
    command reads from PostgreSQL what it reads from SQLite."""
    files = sorted(str(p) for p in (ROOT / "examples").glob("2023-0[56]/*"))
    outputs = []
    for db in (str(tmp_path / "s.sqlite"), url):
        assert cli("ingest", *files, "--db", db, "--data", str(DATA)).exit_code == 0
        again = cli("ingest", files[0], "--db", db, "--data", str(DATA))
        assert again.exit_code == 0 and "完全相同" in again.output
        status = cli("status", "--format", "json", "--db", db, "--data", str(DATA))
        log = cli("log", "--format", "json", "--db", db, "--data", str(DATA))
        shown = cli("show", "gdp_growth", "--db", db, "--data", str(DATA))
        assert status.exit_code == log.exit_code == shown.exit_code == 0
        entries = [
            {k: v for k, v in e.items() if k != "ingested_at"} for e in json.loads(log.stdout)
        ]
        when = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?", "…", shown.stdout)  # ingest times
        outputs.append((json.loads(status.stdout), entries, when))
    assert outputs[0] == outputs[1]
    assert len(outputs[1][1]) == len(files)


def test_a_reader_of_a_database_that_does_not_exist_creates_nothing(url: str) -> None:
    result = cli("log", "--format", "json", "--db", url, "--data", str(DATA))
    assert (result.exit_code, json.loads(result.stdout)) == (0, [])
    with pytest.raises(StoreError) as raised:
        open_store(url, create=False)
    assert raised.value.code == "store_missing"


def test_a_password_in_the_url_is_never_shown(url: str) -> None:
    secret = url.replace("postgresql:///", "postgresql://postgres:s3cret@/")
    open_store(secret).close()  # trust authentication: the password is not checked
    result = cli("status", "--db", secret, "--data", str(DATA))
    assert result.exit_code == 1
    assert url.replace("postgresql:///", "postgresql://postgres@/") in result.output
    assert "s3cret" not in result.output
    for command in (["log"], ["store", "copy", "--from", secret, "--to", secret]):
        extra = ["--db", secret, "--data", str(DATA)] if command == ["log"] else []
        assert "s3cret" not in cli(*command, *extra).output


def test_a_database_of_other_tables_is_refused(url: str, pg_server: Any) -> None:
    import psycopg

    open_store(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE meta")
    for opening in (lambda: open_store(url), lambda: read_only(url, lambda s: s.counts())):
        with pytest.raises(StoreError) as raised:
            opening()
        assert raised.value.code == "store_not_liuzhang"


def test_a_newer_layout_is_refused_and_an_older_one_migrated(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    from liuzhang.store.postgres import schema

    open_store(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError) as raised:
        open_store(url)
    assert (raised.value.code, raised.value.params["version"]) == ("store_too_new", 99)
    # a later layout: its step runs once, inside the opening transaction
    steps: list[int] = []
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("UPDATE meta SET value = '7' WHERE key = 'schema_version'")
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 8)
    monkeypatch.setattr("liuzhang.store.postgres.SCHEMA_VERSION", 8)
    monkeypatch.setitem(schema.MIGRATIONS, 7, lambda conn: steps.append(7))
    assert read_only(url, lambda s: s.schema_version()) == 8
    with open_store(url) as store:
        assert store.schema_version() == 8
    assert steps == [7]


def test_copy_keeps_every_text_as_given(url: str) -> None:
    """COPY's text format: tabs, line breaks, backslashes and the text \\N come back as given."""
    texts = ["a\tb", "c\nd", "e\r\nf", "\\", "\\N", "\\t", "末尾\\", " 空格 ", "'\";--"]
    rows = [obs(f"i{k}", "2023-06", "1", k + 2, note=t, raw_value=t) for k, t in enumerate(texts)]
    with open_store(url) as store:
        store.ingest("t.csv", "sha", "x\ty", rows, len(rows), 0, plan=DT23)
        got = store.observations(1)
        assert [(v.note, v.raw_value) for v in got] == [(t, t) for t in texts]
        assert store.ingests()[0].reported_by == "x\ty"


def test_a_text_postgresql_cannot_hold_is_a_clear_error(url: str) -> None:
    with open_store(url) as store:
        before = store.tables()
        with pytest.raises(StoreError) as raised:
            store.ingest("n.csv", "sha", None, [obs("a", "2023-06", "1", note="a\x00b")], 1, 0,
                         plan=DT23)  # fmt: skip
        assert raised.value.code == "store_unwritable"
        assert "0x00" in raised.value.params["reason"]
        assert store.tables() == before


def test_a_large_ingest_refreshes_the_statistics(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """After a large file the planner knows the tables' new size (no waiting for autovacuum)."""
    import psycopg

    from liuzhang.store.postgres import writer

    monkeypatch.setattr(writer, "ANALYZE_ROWS", 3)

    def analyzed() -> int:
        with psycopg.connect(url) as conn:
            (n,) = conn.execute(
                "SELECT analyze_count FROM pg_stat_user_tables WHERE relname = 'observations'"
            ).fetchone()
            return int(n)

    with open_store(url) as store:
        store.ingest("a.csv", "sa", None, [obs("a", "2023-06", "1"), obs("b", "2023-06", "1")],
                     2, 0, plan=DT23)  # fmt: skip
        time.sleep(1.5)  # statistics reach the view within a second
        assert analyzed() == 0
        rows = [obs(f"i{k}", "2023-06", "1", k + 2) for k in range(3)]
        store.ingest("b.csv", "sb", None, rows, 3, 0, plan=DT23)
    deadline = time.monotonic() + 10
    while analyzed() == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert analyzed() == 1


def test_received_is_kept(url: str) -> None:
    with open_store(url) as store:
        store.ingest("late.csv", "s1", None, [obs("a", "2023-06", "1")], 1, 0, plan=DT23,
                     received="2023-07-04")  # fmt: skip
        store.ingest("now.csv", "s2", None, [obs("b", "2023-06", "1")], 1, 0, plan=DT23)
        assert [r.received for r in store.ingests()] == ["2023-07-04", None]
        assert [(v.item_id, v.received) for v in store.latest()] == [
            ("a", "2023-07-04"),
            ("b", None),
        ]


# -- store copy ----------------------------------------------------------------------------------


def fill(store: Store, received: str | None = None) -> None:
    """Two plans, revisions, a reverted ingest, flags, notes and ``received``."""
    flags = json.dumps([{"code": "ytd_decrease", "params": {"k": "v"}}], ensure_ascii=False)
    store.ingest("a.csv", "sa", "区发改财政局", [
        obs("gdp_growth", "2023-06", "6.8"), obs("cpi", "2023-Q2", "1.2", 3, flags=flags),
    ], 3, 1, plan=DT23, received=received)  # fmt: skip
    store.ingest("b.csv", "sb", None, [obs("gdp_growth", "2023-Q2", "7.1", note="更正")], 1, 0,
                 plan=DT23)  # fmt: skip
    writer = store.begin_ingest("c.csv", "sc")
    writer.add([obs("gdp_growth", "2024-01", "1.5")], DT24)
    writer.add([obs("gdp_growth", "2023-06", "5.5", status="完成")], NX23)
    writer.finish(2, 0, "区统计局")
    store.ingest("d.csv", "sd", None, [obs("cpi", "2023-06", "9.9")], 1, 0, plan=DT23)
    store.revert(4)


def rows_by_name(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every table of values by column name (``received`` only where both have it)."""
    from liuzhang.store.transfer import _columns

    tables = store.tables()
    out: dict[str, list[tuple[Any, ...]]] = {}
    for name in TABLES:
        columns = _columns(store, name)
        keep = [k for k, c in enumerate(columns) if c != "received"]
        out[name] = [tuple(r[k] for k in keep) for r in tables[name]]
    return out


def test_store_copy_moves_a_store_both_ways_without_loss(url: str, tmp_path: Path) -> None:
    source = tmp_path / "s.sqlite"
    with open_store(source) as store:
        fill(store)
        original = snapshot(store), rows_by_name(store)
    assert original[0].counts == {"ingests": 4, "observations": 6}
    result = cli("store", "copy", "--from", str(source), "--to", url)
    assert result.exit_code == 0, result.output
    assert f"已复制 4 次导入、6 条数据：{source} → {url}" in result.output
    with open_store(url) as store:
        assert (snapshot(store), rows_by_name(store)) == original
        assert [r.reverted_at is not None for r in store.ingests()] == [False] * 3 + [True]
        # the copy goes on: new ids follow the copied ones
        store.ingest("e.csv", "se", None, [obs("cpi", "2023-06", "2.0")], 1, 0, plan=DT23)
        assert [v.id for v in store.observations(5)] == [7]
    back = tmp_path / "back.sqlite"
    result = cli("store", "copy", "--from", url, "--to", str(back), "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "copied 5 ingests and 7 values" in result.output
    with open_store(url) as store:
        moved = snapshot(store), rows_by_name(store)
    with open_store(back) as store:
        assert (snapshot(store), rows_by_name(store)) == moved


def test_store_copy_keeps_received_into_postgresql(url: str, pg_server: Any) -> None:
    with open_store(url) as store:
        fill(store, received="2023-07-04")
    other = pg_server.database()
    try:
        copied = copy_store(url, other)
        assert copied.log[0].received == "2023-07-04"
        assert read_only(other, snapshot) == read_only(url, snapshot)
    finally:
        pg_server.drop(other)


def test_store_copy_into_a_sqlite_store_without_received_refuses_to_lose_it(
    url: str, tmp_path: Path
) -> None:
    """Until SQLite keeps ``received`` (schema 7) a copy that would drop it is refused."""
    from liuzhang.store.sqlite import SCHEMA_VERSION

    with open_store(url) as store:
        fill(store, received="2023-07-04")
    target = tmp_path / "t.sqlite"
    if SCHEMA_VERSION >= 7:
        assert copy_store(url, target).log[0].received == "2023-07-04"
        return
    with pytest.raises(StoreError) as raised:
        copy_store(url, target)
    assert raised.value.code == "store_copy_loses"
    assert raised.value.params["column"] == "ingests.received"
    with open_store(target) as store:
        assert store.counts() == {"ingests": 0, "observations": 0}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_store_copy_refuses_a_target_that_holds_data(url: str, tmp_path: Path, lang: str) -> None:
    source, target = tmp_path / "s.sqlite", url
    with open_store(source) as store:
        fill(store)
    with open_store(target) as store:
        store.ingest("x.csv", "sx", None, [obs("x", "2023-06", "1")], 1, 0, plan=DT23)
        before = store.tables()
    result = cli("store", "copy", "--from", str(source), "--to", target, "--lang", lang)
    assert result.exit_code == 1
    expected = {"zh": "已有数据（1 次导入），拒绝覆盖", "en": "already holds data (1 ingests)"}
    assert expected[lang] in result.output
    with open_store(target) as store:
        assert store.tables() == before
    same = cli("store", "copy", "--from", str(source), "--to", str(source))
    assert same.exit_code == 1 and "源和目标是同一个数据库" in same.output


def test_store_copy_checks_what_it_wrote(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy that reads back other than its source (here: one current value lost on the way)
    is an error naming what differs."""
    from liuzhang.store import transfer

    source = tmp_path / "s.sqlite"
    with open_store(source) as store:
        fill(store)
    real = transfer._layout

    def lossy(store: Any, tables: Any) -> Any:
        return [(n, c, rows[:-1] if n == "current" else rows) for n, c, rows in real(store, tables)]

    monkeypatch.setattr(transfer, "_layout", lossy)
    with pytest.raises(StoreError) as raised:
        copy_store(source, url)
    assert (raised.value.code, raised.value.params["what"]) == ("store_copy_mismatch", "current")


# -- many writers --------------------------------------------------------------------------------


def office_files(folder: Path, n: int) -> list[Path]:
    """``n`` different files of the examples' units (their monthly rows of April to June 2023):
    no two of them hold the same item and period."""
    folder.mkdir()
    sources = [
        p for p in sorted((ROOT / "examples" / "2023-06").glob("*.csv")) if "更正" not in p.name
    ]
    out = []
    for month in ("04", "05", "06"):
        for source in sources:
            raw = source.read_bytes()
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("gb18030")
            header, *rows = text.splitlines()
            mine = [r.replace("2023-06", f"2023-{month}") for r in rows if ",2023-06," in r]
            path = folder / f"{month}_{source.name}"
            path.write_text("\n".join([header, *mine]) + "\n", encoding="utf-8")
            out.append(path)
    return out[:n]


def _ingest_at_once(barrier: Any, results: Any, db: str, path: str) -> None:
    barrier.wait()
    result = CliRunner().invoke(app, ["ingest", path, "--db", db, "--data", str(DATA)])
    results.put((path, result.exit_code, result.output))


def at_once(db: str, paths: list[Path]) -> list[tuple[str, int, str]]:
    """Each file ingested by its own process, all started together."""
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(paths))
    results = context.Queue()
    processes = [
        context.Process(target=_ingest_at_once, args=(barrier, results, db, str(p))) for p in paths
    ]
    for process in processes:
        process.start()
    got = [results.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(60)
    return got


def log_of(db: str | Path) -> dict[str, tuple[int, int, int, int, int]]:
    with open_store(db) as store:
        return {
            Path(r.file).name: (
                r.rows_read, r.rows_stored, r.rows_unchanged, r.rows_revised, r.rows_rejected,
            )
            for r in store.ingests()
        }  # fmt: skip


def values_of(db: str | Path) -> list[tuple[str, str, str | None, str | None]]:
    with open_store(db) as store:
        return sorted((v.item_id, v.period, v.value, v.reported_by) for v in store.latest())


def test_twenty_offices_ingesting_at_once_lose_nothing_and_store_nothing_twice(
    url: str, tmp_path: Path
) -> None:
    paths = office_files(tmp_path / "files", 20)
    assert len(paths) == 20
    serial = tmp_path / "serial.sqlite"  # the same files one after another
    for path in paths:
        assert cli("ingest", str(path), "--db", str(serial), "--data", str(DATA)).exit_code == 0
    outcomes = at_once(url, paths)
    assert [code for _, code, _ in outcomes] == [0] * 20, [o for _, c, o in outcomes if c]
    assert log_of(url) == log_of(serial)
    assert values_of(url) == values_of(serial)
    with open_store(url) as store, open_store(serial) as reference:
        assert store.counts() == reference.counts()
        stored = sum(r.rows_stored for r in store.ingests())
        assert (
            store.counts()
            == {"ingests": 20, "observations": stored}
            == {
                "ingests": 20,
                "observations": 428,  # every accepted row of the twenty files, once
            }
        )
        ids = [v.id for r in store.ingests() for v in store.observations(r.id)]
        assert len(ids) == len(set(ids)) == stored


def test_identical_files_arriving_at_once_are_stored_once(url: str, tmp_path: Path) -> None:
    source = ROOT / "examples" / "2023-06" / "区应急局_2023-06.csv"
    paths = []
    for k in range(8):
        path = tmp_path / f"copy{k}.csv"
        path.write_bytes(source.read_bytes())
        paths.append(path)
    outcomes = at_once(url, paths)
    assert [code for _, code, _ in outcomes] == [0] * 8
    assert sum("完全相同" in output for _, _, output in outcomes) == 7
    with open_store(url) as store:
        (only,) = store.ingests()
        assert store.counts() == {"ingests": 1, "observations": only.rows_stored}
        assert only.rows_stored > 0


def test_corrections_of_the_same_values_arriving_at_once_leave_one_current_value(
    url: str, tmp_path: Path
) -> None:
    """Ten files with the same items and period, each with other values, at once: per item one
    current value, that of the file written last (the largest ids); each value stored once."""
    source = ROOT / "examples" / "2023-06" / "区应急局_2023-06.csv"
    header, *rows = source.read_text(encoding="utf-8").splitlines()
    mine = [r.split(",") for r in rows if ",2023-06," in r and r.split(",")[2][:1].isdigit()]
    paths = []
    for k in range(10):
        path = tmp_path / f"fix{k}.csv"
        lines = [",".join([*r[:2], str(k + 1), *r[3:]]) for r in mine]
        path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
        paths.append(path)
    outcomes = at_once(url, paths)
    assert [code for _, code, _ in outcomes] == [0] * 10, [o for _, c, o in outcomes if c]
    with open_store(url) as store:
        log = store.ingests()
        current = store.latest()
        assert len(current) == len(mine) == len({v.item_id for v in current})
        assert (sum(r.rows_stored for r in log), sum(r.rows_revised for r in log)) == (
            len(mine),
            9 * len(mine),
        )
        last = max(log, key=lambda r: max(v.id for v in store.observations(r.id)))
        assert {v.ingest_id for v in current} == {last.id}
        for value in current:
            assert store.history(value.item_id)[-1] == value
        assert store.counts() == {"ingests": 10, "observations": 10 * len(mine)}


def test_the_second_of_two_identical_files_waits_and_finds_the_first(url: str) -> None:
    rows = [obs("a", "2023-06", "1")]
    with open_store(url) as first, open_store(url) as second:
        waited = threading.Event()
        second.on_wait = lambda seconds: waited.set()
        writer = first.begin_ingest("a.csv", "same")
        writer.add(rows, DT23)
        found: list[int | None] = []
        thread = threading.Thread(
            target=lambda: found.append(second.begin_ingest("b.csv", "same").duplicate_of)
        )
        thread.start()
        assert waited.wait(30)  # the second is held at the file's lock
        assert found == []
        summary = writer.finish(1, 0, None)
        thread.join(30)
        assert found == [summary.ingest_id]
        assert first.counts() == {"ingests": 1, "observations": 1}


def test_a_writer_that_never_lets_go_makes_the_other_fail_cleanly(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LIUZHANG_LOCK_TIMEOUT", "0.3")
    with open_store(url) as first, open_store(url) as second:
        writer = first.begin_ingest("a.csv", "same")
        with pytest.raises(StoreError) as raised:
            second.begin_ingest("b.csv", "same")
        assert raised.value.code == "store_busy"
        writer.abort()
        assert second.counts() == {"ingests": 0, "observations": 0}


def test_a_reader_is_not_blocked_by_a_writer_holding_its_transaction(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer has COPY'd its rows and holds its locks, uncommitted; a read returns at once
    and sees the store as it was; after the commit it sees the new value."""
    from liuzhang.store.postgres import writer as pg_writer

    with open_store(url) as store:
        store.ingest("a.csv", "sa", None, [obs("gdp_growth", "2023-06", "6.8")], 1, 0, plan=DT23)
    copied, release = threading.Event(), threading.Event()
    real = pg_writer.copy_rows

    def held(*args: Any) -> None:
        real(*args)
        if "current" in args[1]:  # every row written: wait before the commit
            copied.set()
            assert release.wait(60)

    monkeypatch.setattr(pg_writer, "copy_rows", held)
    rows = [obs("gdp_growth", "2023-06", "7.3")] + [
        obs(f"x{k}", "2023-06", str(k), k + 3) for k in range(5000)
    ]

    def write() -> None:
        with open_store(url) as store:
            store.ingest("b.csv", "sb", None, rows, len(rows), 0, plan=DT23)

    writer = threading.Thread(target=write)
    writer.start()
    try:
        assert copied.wait(60)
        start = time.perf_counter()
        seen = read_only(url, lambda s: [(v.item_id, v.value) for v in s.latest(plan=DT23)])
        elapsed = time.perf_counter() - start
        assert writer.is_alive()  # the writer still holds its transaction
        assert seen == [("gdp_growth", "6.8")]
        print(f"read during an open write: {elapsed * 1000:.1f} ms")
    finally:
        release.set()
        writer.join(60)
    assert read_only(url, lambda s: len(s.latest(plan=DT23))) == 5001
