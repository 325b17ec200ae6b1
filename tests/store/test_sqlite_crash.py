"""An ingest killed half-way (SIGKILL while the SQLite backend writes) leaves the store as it was.

The test wraps the backend's connection: it belongs with the SQLite layout, not the CLI tests.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from conftest import ROOT
from conftest import store_snapshot as snapshot
from test_intake import Env, write
from test_intake import env as env  # the fixture

KILLER = """
import os, signal, sys
from liuzhang.store.sqlite import SqliteStore
from liuzhang.cli.app import main

class KillingConnection:
    def __init__(self, conn):
        self._conn = conn
    def __getattr__(self, name):
        return getattr(self._conn, name)
    def executemany(self, sql, rows):
        # Die half-way through writing the values of the file (708 rows).
        def rows_then_die():
            for i, row in enumerate(rows):
                if i == 350 and "INTO observations" in sql:
                    os.kill(os.getpid(), signal.SIGKILL)
                yield row
        return self._conn.executemany(sql, rows_then_die())

original = SqliteStore.open.__func__
def open_and_arm(cls, path, create=True, readonly=False, **options):
    s = original(cls, path, create, readonly, **options)
    s.conn = KillingConnection(s.conn)
    return s
SqliteStore.open = classmethod(open_and_arm)
sys.argv = ["liuzhang", "ingest", sys.argv[1], "--db", sys.argv[2]]
main()
"""


def test_a_process_killed_mid_ingest_leaves_the_store_as_before(env: Env) -> None:
    db = env.db
    big = env.dir / "big.csv"
    lines = [
        f"new_urban_jobs,2023-{m:02d}-{d},{n},人,,第{n}行,\n"
        for n, (m, d) in enumerate((m, d) for m in range(1, 13) for d in ("上旬", "中旬", "下旬"))
    ]
    rows = [
        f"a3-{k:02d},2023-{m:02d},{p},%,推进中,,\n"
        for k in range(1, 57)
        for m in range(1, 13)
        for p in (10,)
    ]
    write(big, "".join(lines + rows))
    before = snapshot(db)
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(big), str(db)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert proc.returncode == -9, proc.stderr
    assert snapshot(db) == before
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    conn.close()
