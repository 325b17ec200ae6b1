"""The plan catalog: load the three YAML files with positions, validate, and check across files.

``load_catalog(data_dir)`` never raises for bad data: it returns the catalog built from every
valid item together with a :class:`Report` of all problems found, each with
file, line, column, field and a message code.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from liuzhang.domain.model import (
    DEFAULT_TOLERANCE,
    Battle,
    Target,
    Task,
    Tolerance,
    Unit,
    target_from,
    task_from,
    unit_from,
)
from liuzhang.domain.periods import parse_date, parse_deadline
from liuzhang.domain.plan import DocumentStyle, PlanInfo, PlanKey, Reporting
from liuzhang.domain.problems import Problem, Report
from liuzhang.plandata.cache import blake2b as _blake2b
from liuzhang.plandata.cache import cache_dir
from liuzhang.plandata.cache import digest as digest
from liuzhang.plandata.paths import find_data_dir as find_data_dir

if TYPE_CHECKING:
    from liuzhang.plandata.yamlsafe import Loaded

FILE_NAMES = {
    "plan": "plan.yaml",
    "targets": "targets.yaml",
    "tasks": "tasks.yaml",
    "units": "units.yaml",
}

# pydantic's error types -> our message codes (pydantic's names never reach the user); a type not
# listed here is ``schema_other``, unless it is one of our own PydanticCustomError codes.
SCHEMA_CODES: dict[str, str] = {
    "missing": "field_missing",
    "extra_forbidden": "field_unknown",
    "literal_error": "value_not_allowed",
    "enum": "value_not_allowed",
    "int_type": "expected_integer",
    "int_parsing": "expected_integer",
    "int_from_float": "expected_integer",
    "decimal_type": "expected_number",
    "decimal_parsing": "expected_number",
    "float_type": "expected_number",
    "float_parsing": "expected_number",
    "finite_number": "expected_finite",
    "string_type": "expected_text",
    "bool_type": "expected_bool",
    "bool_parsing": "expected_bool",
    "list_type": "expected_list",
    "dict_type": "expected_mapping",
    "model_type": "expected_mapping",
    "model_attributes_type": "expected_mapping",
    "too_short": "too_few_items",
    "string_too_short": "text_empty",
    "string_pattern_mismatch": "text_pattern",
    "greater_than_equal": "number_at_least",
    "less_than_equal": "number_at_most",
    "greater_than": "number_above",
    "less_than": "number_below",
    "union_tag_invalid": "choice_invalid",
}
_SPACE = re.compile(r"\s+")
# Keys of targets.yaml before plan.yaml existed: a clear message instead of "unknown field".
_MOVED_TO_PLAN = frozenset({"year", "name", "name_en", "battles"})


def normalize_name(name: str) -> str:
    """The matching key of a unit name: NFKC (full-width brackets to half-width), no spaces."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", name))


@dataclass
class UnitRegistry:
    """Resolves every spelling of a unit to its canonical entry."""

    units: dict[str, Unit] = field(default_factory=dict)  # canonical name -> unit
    _keys: dict[str, str] = field(default_factory=dict)  # normalized spelling -> canonical name
    _canonical: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def add_key(self, spelling: str, canonical: str) -> str | None:
        """Register a spelling; returns the canonical name it already belongs to on a clash."""
        key = normalize_name(spelling)
        owner = self._keys.get(key)
        if owner is not None and owner != canonical:
            return owner
        self._keys[key] = canonical
        self._canonical.clear()
        return None

    def resolve(self, name: str) -> Unit | None:
        """The unit any spelling refers to, or None."""
        canonical = self._keys.get(normalize_name(name))
        return self.units.get(canonical) if canonical else None

    def canonical(self, name: str) -> str:
        """The canonical name (the spelling itself when unknown); remembered per spelling, as
        a plan names its hundred units tens of thousands of times."""
        known = self._canonical.get(name)
        if known is None:
            unit = self.resolve(name)
            known = self._canonical[name] = unit.name if unit else name
        return known

    def suggest(self, name: str) -> str | None:
        """The closest known spelling, for “did you mean”."""
        matches = difflib.get_close_matches(normalize_name(name), list(self._keys), n=1, cutoff=0.6)
        return self.canonical(matches[0]) if matches else None

    def groups_of(self, canonical: str) -> list[str]:
        """Canonical names of the groups that list this unit as a member."""
        return [
            u.name
            for u in self.units.values()
            if any(self.canonical(m) == canonical for m in u.members)
        ]


@dataclass
class Catalog:
    """The validated plan: who issued it for which area and year (``plan``: None while
    plan.yaml is unusable), its sections (battles), targets, tasks and units (canonical names
    through the registry)."""

    data_dir: Path
    plan: PlanInfo | None
    tolerance: Tolerance
    targets: dict[str, Target]
    tasks: dict[str, Task]
    registry: UnitRegistry
    battles: dict[int, Battle] = field(default_factory=dict)

    @property
    def year(self) -> int:
        """The plan year (0 while unknown)."""
        return self.plan.year if self.plan else 0

    @property
    def key(self) -> PlanKey:
        """Which plan this is (area and year)."""
        return self.plan.key if self.plan else PlanKey("", 0)

    @property
    def units(self) -> dict[str, Unit]:
        return self.registry.units

    def plan_name(self, lang: str) -> str:
        """What bulletins are titled after, in ``lang`` (the Chinese one without an English)."""
        return self.plan.text("name", lang) if self.plan else ""

    def plan_text(self, field: str, lang: str) -> str:
        """A field of plan.yaml (area, title, name, office) in ``lang``."""
        return self.plan.text(field, lang) if self.plan else ""

    def battle_name(self, number: int, lang: str) -> str:
        """A battle's name in ``lang`` (Chinese without an English one; the number if unnamed)."""
        battle = self.battles.get(number)
        if battle is None:
            return str(number)
        return (battle.name_en if lang == "en" else None) or battle.name

    def battle_numbers(self) -> list[int]:
        """The plan's battles in order, with any number an item uses that the plan does not name."""
        used = {t.battle for t in self.targets.values()} | {t.battle for t in self.tasks.values()}
        return sorted(set(self.battles) | used)

    def target_lead(self, target: Target) -> str:
        return self.registry.canonical(target.lead)

    def task_units(self, task: Task, role: str) -> list[str]:
        """Canonical names for a task's ``lead``, ``responsible`` or ``supporting`` list."""
        names: list[str] = getattr(task, role)
        return _dedupe(self.registry.canonical(n) for n in names)


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _read_yaml(path: Path, display: str, report: Report) -> Loaded | None:
    from liuzhang.plandata.yamlsafe import YamlError, loads

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        report.add(Problem(display, 1, "1", "file_missing"))
        return None
    except OSError as exc:
        report.add(Problem(display, 1, "1", "file_unreadable", params={"reason": exc.strerror}))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        report.add(Problem(display, line, "1", "file_not_utf8", params={"offset": exc.start}))
        return None
    try:
        return loads(text)
    except YamlError as exc:
        report.add(Problem(display, exc.line, str(exc.column), exc.code, params=dict(exc.params)))
        return None


def _field_path(loc: Iterable[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _pydantic_problems(
    exc: Any, display: str, loaded: Loaded, prefix: tuple[str | int, ...]
) -> Iterator[Problem]:
    from liuzhang.plandata.schema import CUSTOM_CODES

    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
        # Tagged-union / literal branches show up as extra loc parts that are not in the file.
        path = (*prefix, *loc)
        if err["type"] == "missing":
            line, col = loaded.position(path[:-1])
        elif err["type"] == "extra_forbidden":
            line, col = loaded.key_position(path)
        else:
            line, col = loaded.position(path)
        ctx = dict(err.get("ctx") or {})
        params: dict[str, Any] = {k: _plain(v) for k, v in ctx.items()}
        if "input" not in params:
            params["input"] = _plain(err.get("input"))
        code = SCHEMA_CODES.get(err["type"], err["type"])
        if code not in SCHEMA_CODES.values() and code not in CUSTOM_CODES:
            params["reason"] = err["msg"]
            code = "schema_other"
        moved = code == "field_unknown" and len(path) == 1 and path[0] in _MOVED_TO_PLAN
        if moved and not display.endswith(FILE_NAMES["plan"]):
            code = "field_moved_to_plan"
            params = {"field": path[0]}
        yield Problem(display, line, str(col), code, _field_path(path), params)


def _plain(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict | list):
        return "…"
    return str(value)


def _validate_items(
    kind: str, display: str, loaded: Loaded, report: Report
) -> tuple[Any, list[tuple[int, Any]]]:
    """Validate the file's top level, then each list item on its own (so one bad item
    does not hide the others). Returns the file model and the (index, item) pairs that passed."""
    from pydantic import ValidationError

    from liuzhang.plandata.schema import FILES

    file_model, key, item_model = FILES[kind]
    try:
        top = file_model.model_validate(loaded.data if loaded.data is not None else {})
    except ValidationError as exc:
        report.extend(list(_pydantic_problems(exc, display, loaded, ())))
        return None, []
    items: list[tuple[int, Any]] = []
    for index, raw in enumerate(getattr(top, key)):
        try:
            items.append((index, item_model.model_validate(raw)))
        except ValidationError as exc:
            report.extend(list(_pydantic_problems(exc, display, loaded, (key, index))))
    return top, items


def load_catalog(data_dir: Path, files: dict[str, Path] | None = None) -> tuple[Catalog, Report]:
    """Load and check the plan files. ``files`` overrides single paths (for ``validate PATH``)."""
    report = Report()
    paths = {kind: data_dir / name for kind, name in FILE_NAMES.items()}
    paths.update(files or {})
    displays = {kind: _display(p) for kind, p in paths.items()}
    loaded: dict[str, Loaded] = {}
    for kind, path in paths.items():
        result = _read_yaml(path, displays[kind], report)
        if result is not None and result.data is None:
            # An empty file: say so once, and skip the checks that would only echo it.
            report.add(Problem(displays[kind], 1, "1", "data_file_empty"))
        elif result is not None:
            loaded[kind] = result

    plan: PlanInfo | None = None  # unknown until plan.yaml is read
    tolerance = DEFAULT_TOLERANCE
    checked: dict[str, list[tuple[int, Any]]] = {kind: [] for kind in FILE_NAMES}
    for kind, doc in list(loaded.items()):
        top, items = _validate_items(kind, displays[kind], doc, report)
        if top is None:
            del loaded[kind]  # its top level is unusable: checks against it would only echo that
        checked[kind] = items
        if kind == "targets" and top is not None:
            tolerance = Tolerance(top.tolerance.points, top.tolerance.ratio)
        if kind == "plan" and top is not None:
            plan = plan_info(top)

    catalog = Catalog(data_dir, plan, tolerance, {}, {}, UnitRegistry())
    checker = _CrossChecker(catalog, loaded, displays, report)
    checker.units(checked["units"])
    checker.sections(checked["plan"])
    checker.tasks(checked["tasks"])
    checker.targets(checked["targets"])
    return catalog, report


def load_plan_file(folder: Path) -> tuple[PlanInfo | None, list[Problem]]:
    """Only plan.yaml of a plan folder: its identity, or the problems that hide it."""
    report = Report()
    display = _display(folder / FILE_NAMES["plan"])
    loaded = _read_yaml(folder / FILE_NAMES["plan"], display, report)
    if loaded is not None and loaded.data is None:
        report.add(Problem(display, 1, "1", "data_file_empty"))
    elif loaded is not None:
        top, _ = _validate_items("plan", display, loaded, report)
        if top is not None:
            return plan_info(top), []
    return None, report.sorted()


def document_style(documents: Any) -> DocumentStyle:
    """plan.yaml ``documents`` (validated) as the domain's record; the defaults without it."""
    if documents is None:
        return DocumentStyle()
    given = documents.model_dump()
    return DocumentStyle(
        **{**given, "holidays": tuple(given["holidays"]), "workdays": tuple(given["workdays"])}
    )


def plan_info(top: Any) -> PlanInfo:
    """The identity part of a validated plan.yaml."""
    return PlanInfo(
        area=top.area,
        level=top.level,
        year=top.year,
        title=top.title,
        name=top.name or top.title,
        office=top.office or top.title,
        document=top.document,
        issued=top.issued,
        issuer=top.issuer,
        area_en=top.area_en,
        title_en=top.title_en,
        name_en=top.name_en or top.title_en,
        office_en=top.office_en,
        parent=top.parent,
        style=document_style(top.documents),
        reporting=(Reporting(**top.reporting.model_dump()) if top.reporting else Reporting()),
    )


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _CrossChecker:
    """Checks that need more than one item or file: ids, unit names, links, plan year."""

    def __init__(
        self,
        catalog: Catalog,
        loaded: dict[str, Loaded],
        displays: dict[str, str],
        report: Report,
    ) -> None:
        self.catalog = catalog
        self.loaded = loaded
        self.displays = displays
        self.report = report
        self.seen_ids: dict[str, str] = {}
        self.units_loaded = "units" in loaded

    def _pos(self, kind: str, path: tuple[str | int, ...]) -> tuple[str, int, int]:
        doc = self.loaded.get(kind)
        line, col = doc.position(path) if doc else (1, 1)
        return self.displays[kind], line, col

    def _problem(self, kind: str, path: tuple[str | int, ...], code: str, **params: Any) -> None:
        display, line, col = self._pos(kind, path)
        self.report.add(Problem(display, line, str(col), code, _field_path(path), params))

    def _needs_review(self, kind: str, index: int, item: Any) -> None:
        """A warning for an item still marked ``needs_review`` (copied or drafted, unchecked)."""
        if item.needs_review:
            path = (kind, index, "needs_review")
            display, line, col = self._pos(kind, path)
            self.report.add(
                Problem(
                    display,
                    line,
                    str(col),
                    "item_needs_review",
                    _field_path(path),
                    {"id": item.id},
                    severity="warning",
                )
            )

    def _claim_id(self, kind: str, index: int, ident: str) -> bool:
        display, line, _ = self._pos(kind, (kind, index, "id"))
        first = self.seen_ids.get(ident)
        if first is not None:
            self._problem(kind, (kind, index, "id"), "duplicate_id", id=ident, first=first)
            return False
        self.seen_ids[ident] = f"{display}:{line}"
        return True

    def units(self, items: list[tuple[int, Any]]) -> None:
        registry = self.catalog.registry
        first_at: dict[str, str] = {}
        for index, unit in items:
            if unit.name in registry.units:
                self._problem(
                    "units",
                    ("units", index, "name"),
                    "duplicate_unit_name",
                    name=unit.name,
                    other=unit.name,
                    first=first_at[unit.name],
                )
                continue
            registry.units[unit.name] = unit_from(unit)
            display, line, _ = self._pos("units", ("units", index))
            first_at[unit.name] = f"{display}:{line}"
            for j, spelling in enumerate([unit.name, *unit.aliases]):
                where = ("units", index, "name") if j == 0 else ("units", index, "aliases", j - 1)
                owner = registry.add_key(spelling, unit.name)
                if owner is not None:
                    self._problem(
                        "units",
                        where,
                        "duplicate_unit_name",
                        name=spelling,
                        other=owner,
                        first=first_at.get(owner, ""),
                    )
        for index, unit in items:
            if unit.parent and registry.resolve(unit.parent) is None:
                self._problem(
                    "units", ("units", index, "parent"), "unknown_parent", name=unit.parent
                )
            if unit.members and unit.kind not in ("group", "committee"):
                self._problem(
                    "units", ("units", index, "members"), "group_member_not_group", name=unit.name
                )
            for j, member in enumerate(unit.members):
                self._unit_ref("units", ("units", index, "members", j), member)

    def sections(self, items: list[tuple[int, Any]]) -> None:
        battles = self.catalog.battles
        for index, section in items:
            if section.number in battles:
                self._problem(
                    "plan",
                    ("sections", index, "number"),
                    "duplicate_section",
                    number=section.number,
                )
                continue
            battles[section.number] = Battle(
                section.number, section.name, section.name_en, section.short, section.lead
            )
            if section.lead:
                self._unit_ref("plan", ("sections", index, "lead"), section.lead)

    def _unit_ref(self, kind: str, path: tuple[str | int, ...], name: str) -> None:
        if not self.units_loaded:
            return  # units.yaml itself failed to load: that error is already reported
        registry = self.catalog.registry
        if registry.resolve(name) is None:
            self._problem(kind, path, "unknown_unit", name=name, suggestion=registry.suggest(name))

    def _date_in_year(self, kind: str, path: tuple[str | int, ...], text: str) -> None:
        end = parse_date(text)
        if end is not None and self.catalog.year and end.year != self.catalog.year:
            self._problem(kind, path, "outside_plan_year", date=text, year=self.catalog.year)

    def _battle_ref(self, kind: str, index: int, number: int) -> None:
        battles = self.catalog.battles
        if battles and number not in battles:
            choices = [str(n) for n in sorted(battles)]
            self._problem(
                kind, (kind, index, "battle"), "unknown_battle", battle=number, choices=choices
            )

    def tasks(self, items: list[tuple[int, Any]]) -> None:
        for index, task in items:
            self._needs_review("tasks", index, task)
            if not self._claim_id("tasks", index, task.id):
                continue
            self._battle_ref("tasks", index, task.battle)
            self.catalog.tasks[task.id] = task_from(task)
            for role in ("lead", "responsible", "supporting"):
                for j, name in enumerate(getattr(task, role)):
                    self._unit_ref("tasks", ("tasks", index, role, j), name)
            deadline = parse_deadline(task.deadline)
            if deadline is not None and not deadline.ongoing:
                self._date_in_year("tasks", ("tasks", index, "deadline"), task.deadline)
            for j, checkpoint in enumerate(task.checkpoints):
                self._date_in_year(
                    "tasks", ("tasks", index, "checkpoints", j, "date"), checkpoint.date
                )

    def targets(self, items: list[tuple[int, Any]]) -> None:
        tasks_loaded = "tasks" in self.loaded
        for index, target in items:
            self._needs_review("targets", index, target)
            if not self._claim_id("targets", index, target.id):
                continue
            self.catalog.targets[target.id] = target_from(target)
            self._battle_ref("targets", index, target.battle)
            self._unit_ref("targets", ("targets", index, "lead"), target.lead)
            if target.task and tasks_loaded and target.task not in self.catalog.tasks:
                close = difflib.get_close_matches(target.task, list(self.catalog.tasks), n=1)
                self._problem(
                    "targets",
                    ("targets", index, "task"),
                    "unknown_task",
                    task=target.task,
                    suggestion=close[0] if close else None,
                )
            if target.due:
                self._date_in_year("targets", ("targets", index, "due"), target.due)


# -- the catalog cache ------------------------------------------------------------------------


CACHE_FORMAT = 6  # bump when the pickled Catalog changes shape


def model_shape() -> str:
    """The fields of every record class a pickled catalog holds (domain.model, domain.plan): a
    cache written before one of them gained or lost a field is not read."""
    from dataclasses import fields, is_dataclass

    from liuzhang.domain import model, plan

    return ";".join(
        f"{name}:{','.join(f.name for f in fields(cls))}"
        for module in (model, plan)
        for name, cls in sorted(vars(module).items())
        if isinstance(cls, type) and is_dataclass(cls)
    )


def load_catalog_cached(data_dir: Path) -> tuple[Catalog, Report]:
    """Like :func:`load_catalog`, but reuse the last clean result while the three files are
    byte for byte the same (a pickle in ``~/.cache/liuzhang``; ``LIUZHANG_CACHE=off`` disables it).

    Everyday commands load the plan this way and so never import the pydantic schema.
    """
    import pickle

    from liuzhang import __version__

    blake2b = _blake2b()
    folder = cache_dir()
    try:
        blobs = [(data_dir / name).read_bytes() for name in FILE_NAMES.values()]
    except OSError:
        folder = None
    if folder is None:
        return load_catalog(data_dir)
    digest = blake2b(f"{__version__}/{CACHE_FORMAT}/{model_shape()}".encode())
    for blob in blobs:
        digest.update(len(blob).to_bytes(8, "little"))
        digest.update(blob)
    key = digest.hexdigest()
    where = blake2b(str(data_dir.resolve()).encode()).hexdigest()[:16]
    path = folder / f"catalog-{where}.pickle"
    try:
        with path.open("rb") as handle:
            stored_key, catalog = pickle.load(handle)
        if stored_key == key and isinstance(catalog, Catalog):
            catalog.data_dir = data_dir
            return catalog, Report()
    except Exception:
        pass
    catalog, report = load_catalog(data_dir)
    if report.ok:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            with temporary.open("wb") as handle:
                pickle.dump((key, catalog), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except OSError:
            pass  # a read-only home is no reason to fail
    return catalog, report
