"""Shared fixtures: the shipped data directory, copies of it to break, and a CLI runner."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SEED = DATA / "source" / "大办发〔2023〕2号.txt"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped plan files."""
    target = tmp_path / "data"
    target.mkdir()
    for name in ("targets.yaml", "tasks.yaml", "units.yaml"):
        shutil.copy(DATA / name, target / name)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def replace_once(path: Path, old: str, new: str) -> int:
    """Replace the first occurrence of ``old`` in a file; returns its 1-based line number."""
    text = path.read_text(encoding="utf-8")
    index = text.index(old)
    path.write_text(text[:index] + new + text[index + len(old) :], encoding="utf-8")
    return text[:index].count("\n") + 1


Replace = Callable[[Path, str, str], int]
