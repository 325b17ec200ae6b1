"""The direction of imports is a contract (pyproject.toml, [tool.importlinter]): cli -> services
-> plandata/submissions/store -> domain, render -> views -> domain, and no cycle. These tests run
it, so CI checks it with the rest of the suite (``lint-imports`` runs the same contracts)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

LINT_IMPORTS = str(Path(sys.executable).with_name("lint-imports"))


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` on the sources under ``root``/src with ``root``/pyproject.toml."""
    return subprocess.run(
        [LINT_IMPORTS, "--no-cache"],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root / "src")},
        capture_output=True,
        text=True,
        check=False,
    )


def test_import_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def planted(tmp_path: Path, module: str, line: str) -> subprocess.CompletedProcess[str]:
    """lint-imports on a copy of the sources with ``line`` added to the top of ``module``."""
    shutil.copytree(ROOT / "src", tmp_path / "src")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    path = tmp_path / "src" / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = path.with_suffix("") / "__init__.py"
    path.write_text(line + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    return lint_imports(tmp_path)


@pytest.mark.parametrize(
    ("module", "line", "reported"),
    [
        # the cycle issue 12 found: views.show used cells of cli.tracking
        (
            "liuzhang.views.show",
            "from liuzhang.cli import tracking",
            "liuzhang.views is not allowed to import liuzhang.cli",
        ),
        # the domain imports nothing from the other layers
        (
            "liuzhang.domain.tracking",
            "from liuzhang.plandata import catalog",
            "liuzhang.domain is not allowed to import liuzhang.plandata",
        ),
        # use cases return data: no printing
        (
            "liuzhang.services.history",
            "from liuzhang.render import terminal",
            "liuzhang.services is not allowed to import liuzhang.render",
        ),
        # a cycle between two command modules, hidden in a function, is still a cycle
        (
            "liuzhang.cli.options",
            "def _later() -> None:\n    from liuzhang.cli import tracking",
            "No cycles are allowed in liuzhang.cli.",
        ),
    ],
    ids=["views->cli", "domain->plandata", "services->render", "cli cycle"],
)
def test_contracts_catch_a_planted_import(
    tmp_path: Path, module: str, line: str, reported: str
) -> None:
    """The contracts are not vacuous: one import against them breaks the check."""
    result = planted(tmp_path, module, line)
    assert result.returncode == 1 and reported in result.stdout, result.stdout + result.stderr
