"""The use case of ``liuzhang extract``: read a plan document, draft its plan, write the draft
folder (never over an existing plan without ``force``), validate it, and compare its targets
with last year's plan."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liuzhang.services import ServiceError

if TYPE_CHECKING:
    from liuzhang.domain.model import Target
    from liuzhang.domain.problems import Problem
    from liuzhang.extract.draft import Comparison
    from liuzhang.extract.model import Draft
    from liuzhang.plandata.catalog import UnitRegistry

# plan.yaml fields the document should give; each one missing is a note to fill it in.
HEAD_FIELDS = ("area", "level", "title", "document", "issued", "issuer")


@dataclass
class Extracted:
    """A draft written (``folder``) or only made (``folder`` None), its validation problems,
    the plan fields the document did not give, and the comparison with last year's plan."""

    draft: Draft
    folder: Path | None
    problems: list[Problem] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    against: Comparison | None = None
    against_folder: Path | None = None
    schemas_written: Path | None = None
    moved: Any = None  # the data directory's root plan, moved into a folder of its own


def reason_text(code: str, lang: Any = "zh") -> str:
    """A review reason in words (the code itself when it is not a registered message)."""
    from liuzhang.i18n import MESSAGES, message

    return message(code, lang) if code in MESSAGES else code


def _field_about(name: str) -> str:
    from liuzhang.plandata.schema import PlanFile

    return PlanFile.model_fields[name].description or name


def load_units(path: Path) -> UnitRegistry:
    """The units of a units.yaml (or of a plan folder's), with their aliases."""
    from liuzhang.plandata.catalog import FILE_NAMES, load_catalog

    file = path / FILE_NAMES["units"] if path.is_dir() else path
    if not file.is_file():
        raise ServiceError("extract_units_missing", 1, path=str(file))
    catalog, report = load_catalog(file.parent, files={"units": file})
    errors = [p for p in report.errors if Path(p.file).name == file.name]
    if errors:
        error = ServiceError("extract_units_invalid", 1, path=str(file), errors=len(errors))
        error.problems = errors
        raise error
    return catalog.registry


def load_against(folder: Path) -> tuple[dict[str, Target], UnitRegistry]:
    """Last year's targets by id and its units (a plan folder that validates)."""
    from liuzhang.plandata.catalog import FILE_NAMES, load_catalog

    if not (folder / FILE_NAMES["targets"]).is_file():
        raise ServiceError("extract_against_missing", 1, path=str(folder))
    catalog, report = load_catalog(folder)
    if not report.ok:
        error = ServiceError(
            "extract_against_invalid", 1, path=str(folder), errors=len(report.errors)
        )
        error.problems = report.errors
        raise error
    return dict(catalog.targets), catalog.registry


def last_plan(data_dir: Path, area: str | None, year: int) -> Path | None:
    """The folder of the workspace's plan before ``year`` (the newest; of the same area when
    there is one) that validates, when ``data_dir`` is a workspace; else None."""
    from liuzhang.plandata.catalog import load_catalog
    from liuzhang.plandata.workspace import WorkspaceError, discover

    try:
        plans = [p for p in discover(data_dir).plans if p.year < year]
    except (WorkspaceError, OSError):
        return None
    same = [p for p in plans if p.area == area]
    for plan in sorted(same or plans, key=lambda p: p.year, reverse=True):
        if load_catalog(plan.folder)[1].ok:
            return plan.folder
    return None


def default_out(document: Path, draft: Draft) -> Path:
    """The draft folder when ``--out`` is not given: beside the document, named after the
    plan's area and year (南县-2024)."""
    from liuzhang.plandata.newplan import folder_name

    return document.parent / folder_name(f"{draft.plan['area']}-{draft.plan['year']}")


def run_extract(
    document: Path,
    out: Path | None = None,
    units: Path | None = None,
    against: Path | None = None,
    year: int | None = None,
    force: bool = False,
    write: bool = True,
) -> Extracted:
    """Draft the plan of ``document`` and (``write``) write it into ``out``; ServiceError
    (exit 1) when the document cannot be read as a plan or the folder holds a plan already."""
    from liuzhang.extract import document as reader
    from liuzhang.extract.draft import compare, extract, plan_head
    from liuzhang.extract.model import ExtractError

    known: dict[str, Target] | None = None
    registry = load_units(units) if units is not None else None
    try:
        blocks = reader.read_document(document)
    except ExtractError as exc:
        raise ServiceError(exc.code, 1, **exc.params) from None
    head = plan_head(blocks, year)
    if against is not None:
        known, last_registry = load_against(against)
        registry = registry or last_registry
    elif out is not None and "year" in head:
        against = last_plan(out.resolve().parent, head.get("area"), int(head["year"]))
        if against is not None:
            known, last_registry = load_against(against)
            registry = registry or last_registry
    try:
        draft = extract(blocks, registry, known, year)
    except ExtractError as exc:
        raise ServiceError(exc.code, 1, **exc.params) from None
    result = Extracted(draft, None, missing=[k for k in HEAD_FIELDS if k not in head])
    if known is not None:
        result.against = compare(draft.targets, known)
        result.against_folder = against
    if write:
        folder = out if out is not None else default_out(document, draft)
        result.folder = folder
        result.moved = _make_room(folder, draft)
        if result.moved is not None and result.against_folder == result.moved.folder.parent:
            result.against_folder = result.moved.folder  # last year's plan, where it is now
        result.schemas_written = write_draft(draft, folder, force)
        result.problems = validate_draft(folder)
    return result


def _make_room(folder: Path, draft: Draft) -> Any:
    """A draft written into a data directory that holds one plan at its root: that plan moves
    into a folder of its own first (as ``init`` does), so that the two are a workspace."""
    from liuzhang.domain.plan import PlanKey
    from liuzhang.plandata.workspace import is_plan_folder
    from liuzhang.services.workspace import make_room

    parent = folder.resolve().parent
    area, year = draft.plan.get("area"), draft.plan.get("year")
    if (folder.exists() and is_plan_folder(folder)) or not is_plan_folder(parent):
        return None
    if not isinstance(area, str) or not isinstance(year, int):
        return None
    return make_room(parent, PlanKey(area, year))


def draft_files(draft: Draft) -> dict[str, str]:
    """The four files of the draft by kind, reasons in Chinese, without schema lines."""
    from liuzhang.extract.draft import draft_texts

    return draft_texts(draft, reason_text, _field_about)


def write_draft(draft: Draft, folder: Path, force: bool = False) -> Path | None:
    """Write the draft's files into ``folder`` (made if need be), each pointing editors at the
    JSON Schemas (a ``schemas`` folder found beside or above it, else written inside it: the
    folder returned). Refuses a folder that holds plan files unless ``force``."""
    from liuzhang.plandata import newplan
    from liuzhang.plandata.catalog import FILE_NAMES

    paths = {kind: folder / FILE_NAMES[kind] for kind in newplan.KINDS}
    if folder.exists() and not folder.is_dir():
        raise ServiceError("output_not_directory", 1, path=str(folder))
    existing = [p for p in paths.values() if p.exists()]
    if existing and not force:
        raise ServiceError("extract_plan_exists", 1, path=str(folder), file=existing[0].name)
    texts = draft_files(draft)
    schemas = _schema_folder(folder)
    written = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if schemas is None:
            schemas = written = folder / "schemas"
            schemas.mkdir(exist_ok=True)
            for kind in newplan.KINDS:
                target = schemas / f"{kind}.schema.json"
                if not target.exists():
                    target.write_text(newplan.schema_text(kind), encoding="utf-8")
        for kind, path in paths.items():
            ref = os.path.relpath(schemas / f"{kind}.schema.json", folder).replace(os.sep, "/")
            path.write_text(newplan.with_schema_line(texts[kind], ref), encoding="utf-8")
    except OSError as exc:
        raise ServiceError(
            "output_unwritable", 1, path=str(exc.filename or folder), reason=exc.strerror or ""
        ) from None
    return written


def _schema_folder(folder: Path) -> Path | None:
    """A ``schemas`` folder with the plan schemas in the draft folder or up to two levels
    above it (a workspace's layout)."""
    for base in (folder, folder.parent, folder.parent.parent):
        candidate = base / "schemas"
        if (candidate / "targets.schema.json").is_file():
            return candidate
    return None


def validate_draft(folder: Path) -> list[Problem]:
    """The problems of the written draft (review flags are warnings)."""
    from liuzhang.plandata.catalog import load_catalog

    _, report = load_catalog(folder)
    return report.sorted()
