"""Where the plan data is: the data directory every command uses (no YAML, no model: the help
finds it too)."""

from __future__ import annotations

import os
from pathlib import Path


def find_data_dir(explicit: str | None = None, start: Path | None = None) -> Path:
    """``--data``, else ``LIUZHANG_DATA``, else ``data/`` in the working directory or a parent
    (one holding a plan at its root, or plans in its sub-folders)."""
    chosen = explicit or os.environ.get("LIUZHANG_DATA")
    if chosen:
        return Path(chosen)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data"
        if _holds_plans(candidate):
            return candidate
    return here / "data"


def _holds_plans(folder: Path) -> bool:
    if (folder / "plan.yaml").is_file() or (folder / "targets.yaml").is_file():
        return True
    try:
        return any((child / "plan.yaml").is_file() for child in folder.iterdir())
    except OSError:
        return False
