"""Checking every row of a submission (read by :mod:`liuzhang.submissions.reading`).

``check_submission`` routes each row to the plan of its period's year (:func:`rules.period_plan`),
validates it against that plan's catalog, and returns the observations to store (by plan) and a
problem per bad cell, each with file, row, column and reason. Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from liuzhang.domain.measures import measure_of
from liuzhang.domain.observations import Observation
from liuzhang.domain.periods import Period, parse_period
from liuzhang.domain.plan import PlanKey
from liuzhang.domain.plausibility import Flag, Known, Point, point_at, row_flags, to_json
from liuzhang.domain.problems import Problem
from liuzhang.domain.quantities import QuantityError
from liuzhang.plandata.catalog import Catalog
from liuzhang.store import Store
from liuzhang.submissions.rules import (
    COLUMNS,
    Plans,
    column_label,
    flag_column,
    is_blank_row,
    item_owners,
    map_header,
    means_nothing,
    milestone_status,
    owns,
    period_key,
    period_plan,
    plan_reporter,
    plans_of,
    reporting_unit,
    reports_nothing,
    status_word,
    target_value,
    task_percent,
    unit_scope,
    value_unit,
)
from liuzhang.submissions.table import IntakeError, Table

# Unknown ids for which the closest known id is suggested (each costs a comparison with every
# known id); later ones are reported without a suggestion.
MAX_SUGGESTED_IDS = 1000


@dataclass
class Checked:
    """The outcome of checking one file's rows.

    ``observations``: the accepted rows (without a sink), in file order; ``runs``: the plan
    they go to, as (plan, rows) runs in the same order; ``plans``: the rows accepted of each
    plan, in the order the file first names it (sinks included).
    """

    observations: list[Observation] = field(default_factory=list)
    runs: list[tuple[PlanKey, int]] = field(default_factory=list)
    plans: dict[PlanKey, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    rejected_rows: dict[int, list[str]] = field(default_factory=dict)  # row -> cells
    rows_read: int = 0
    blank: int = 0
    duplicates: int = 0
    reporters: set[str] = field(default_factory=set)
    unfilled: int = 0  # rows with an id but no value and no status: nothing reported
    warnings: list[Problem] = field(default_factory=list)  # accepted rows' warnings
    other_units: int = 0  # rows accepted from a unit that does not own the item

    @property
    def rejected(self) -> int:
        return len(self.rejected_rows)

    def by_plan(self) -> dict[PlanKey, list[Observation]]:
        """:attr:`observations` grouped by plan (file order within each)."""
        out: dict[PlanKey, list[Observation]] = {}
        start = 0
        for key, rows in self.runs:
            out.setdefault(key, []).extend(self.observations[start : start + rows])
            start += rows
        return out

    def _route(self, key: PlanKey, rows: int) -> None:
        """The next ``rows`` accepted observations go to ``key``."""
        if self.runs and self.runs[-1][0] == key:
            self.runs[-1] = (key, self.runs[-1][1] + rows)
        else:
            self.runs.append((key, rows))

    def _hand_over(self, sink: Callable[[PlanKey, list[Observation]], None] | None) -> None:
        """Count the routed observations per plan; with ``sink``, hand them over by plan."""
        start = 0
        for key, rows in self.runs:
            self.plans[key] = self.plans.get(key, 0) + rows
            if sink is not None:
                sink(key, self.observations[start : start + rows])
            start += rows
        if sink is not None:
            self.observations = []
            self.runs = []


# ``history(catalog, item_ids)``: those items' stored values of that plan.
History = Callable[[Catalog, list[str]], dict[str, list[Point]]]


@dataclass(frozen=True)
class CheckOptions:
    """How strict the row checks are, and where an item's stored values come from.

    ``history(catalog, item_ids)``: those items' stored values of that catalog's plan (no 旬
    values; each item's ascending by period end), for the plausibility rules; ``strict``: a
    row with a warning is refused; ``allow_other_units``: a row from a unit that does not own
    the item is accepted (and counted).
    """

    history: History | None = None
    strict: bool = False
    allow_other_units: bool = False


class _RowChecker:
    """Checks rows against the catalog of one plan (rows of other years: the routing error)."""

    def __init__(
        self,
        plans: Plans,
        year: int,
        display: str,
        header: list[str],
        columns: dict[str, int],
        reporter: str | None,
        options: CheckOptions | None = None,
    ) -> None:
        self.plans = plans
        self.catalog = plans.catalog(year)
        self.key = plans.key(year)
        self.display = display
        self.header = header
        self.columns = columns
        self.reporter = plan_reporter(plans, year, reporter)
        self.options = options or CheckOptions()
        self.periods: dict[str, Period | None] = {}
        self.period_ends: dict[str, str] = {}
        self.reporters: dict[str, str | None] = {}
        self.seen: dict[tuple[str, str], tuple[int, Any]] = {}
        self.owners: dict[tuple[str, str], list[str] | None] = {}  # (id, unit) -> owners if not
        self.known: dict[str, Known] = {}
        self.scopes: dict[str, frozenset[str]] = {}
        self.suggestions: dict[str, str | None] = {}  # unknown id -> closest known id
        self.known_ids: list[str] = []
        # Column positions in the order check() reads them (-1: the file has no such column).
        self.order = [self.columns.get(c, -1) for c in COLUMNS]

    def name(self, column: str) -> str:
        return column_label(self.header, self.columns, column)

    def check(self, row: int, cells: list[str], out: Checked) -> None:
        problems: list[Problem] = []

        def bad(where: str, code: str, **params: object) -> None:
            problems.append(Problem(self.display, row, self.name(where), code, params=params))

        width = len(cells)
        if width > len(self.header) and not is_blank_row(cells[len(self.header) :]):
            problems.append(
                Problem(
                    self.display,
                    row,
                    f"#{len(self.header) + 1}",
                    "extra_cells",
                    params={"count": width, "columns": len(self.header)},
                )
            )
        ident, period_text, value_text, unit_text, status_text, note_text, reporter_text = (
            cells[i].strip() if 0 <= i < width else "" for i in self.order
        )
        if value_text and means_nothing(value_text):
            value_text = ""  # “—”, “/”, “无”, “不适用”: nothing to report
        if ident and reports_nothing(value_text, status_text) and not problems:
            out.unfilled += 1  # a form's row left blank: not reported, not an error
            return
        target = self.catalog.targets.get(ident)
        task = self.catalog.tasks.get(ident)
        if not ident:
            bad("id", "id_empty")
        elif target is None and task is None:
            bad("id", "id_unknown", id=ident, suggestion=self.suggest_id(ident))
        period = self._period(period_text, bad)
        status: str | None = None
        value: Decimal | None = None
        warnings: list[Problem] = []
        if status_text:
            status = status_word(status_text)
            if status is None:
                bad("status", "status_unknown", value=status_text)
        if target is not None:
            if measure_of(target).reports_status:
                if value_text:
                    from_value = milestone_status(value_text)
                    if from_value is None:
                        bad("value", "milestone_value", value=value_text)
                    elif status is None and not status_text:
                        status = from_value
            else:
                if status_text and value_text:
                    # A status on a numeric target: ignored, the value counts.
                    warnings.append(self._warning(row, "status", "status_ignored", id=ident))
                    status = None
                elif status_text:
                    bad("status", "status_for_target", id=ident)  # and no value
                if not value_text:
                    if not status_text:
                        bad("value", "value_missing")
                else:
                    try:
                        value = target_value(value_text, unit_text, target.unit)
                    except QuantityError as exc:
                        column = (
                            "unit"
                            if exc.code in ("unit_mismatch", "unit_conflict") and unit_text
                            else "value"
                        )
                        bad(column, exc.code, **exc.params)
        elif task is not None:
            if not status_text:
                bad("status", "status_missing")
            if value_text:
                try:
                    value = task_percent(value_text, unit_text)
                except QuantityError as exc:
                    bad("value", exc.code, **exc.params)
        reporter = self.reporter
        if reporter_text:
            if reporter_text not in self.reporters:
                self.reporters[reporter_text] = reporting_unit(self.catalog, reporter_text)
            reporter = self.reporters[reporter_text]
            if reporter is None:
                bad(
                    "reported_by",
                    "unknown_unit",
                    name=reporter_text,
                    suggestion=self.catalog.registry.suggest(reporter_text),
                )
        other_unit = False
        if reporter and (target or task):
            owners = self._not_owned(ident, reporter)
            if owners is not None:
                other_unit = True
                if not self.options.allow_other_units:
                    bad("reported_by", "not_owner", unit=reporter, id=ident, owners=owners)
        if not problems and period is not None and (target or task):
            key = (ident, self.period_ends[period.text])  # one value per period end
            fingerprint = (value, status)
            earlier = self.seen.get(key)
            if earlier is not None:
                if earlier[1] != fingerprint:
                    bad(
                        "value" if target else "status",
                        "conflicting_duplicate",
                        row=earlier[0],
                        id=ident,
                        period=period.text,
                    )
                else:
                    out.duplicates += 1
                    return
            else:
                self.seen[key] = (row, fingerprint)
        flags: list[Flag] = []
        point: Point | None = None
        if not problems and period is not None:
            point = point_at(period, value, status)
            known = self._known(ident)
            dekad = period.kind == "dekad"
            flags = row_flags(target, point, [] if dekad else known.earlier(point.end), dekad)
            if dekad:
                point = None
            for flag in flags:
                column = flag_column(flag.code)
                warnings.append(self._warning(row, column, flag.code, **flag.params))
        if warnings and self.options.strict:
            problems.extend(replace(w, severity="error") for w in warnings)
        if problems:
            out.problems.extend(problems)
            out.rejected_rows[row] = cells
            return
        assert period is not None
        out.warnings.extend(warnings)
        if point is not None:
            self._known(ident).add(point)
        if reporter:
            out.reporters.add(reporter)
        if other_unit:
            out.other_units += 1
        out.observations.append(
            Observation(
                item_id=ident,
                kind="target" if target is not None else "task",
                period=period.text,
                period_kind=period.kind,
                period_end=self.period_ends[period.text],
                end_month=period.end_month,
                value=value,
                status=status,
                unit=value_unit(target, value is not None),
                raw_value=value_text or None,
                raw_unit=unit_text or None,
                note=note_text or None,
                reported_by=reporter,
                row=row,
                flags=to_json(flags),
            )
        )

    def _warning(self, row: int, column: str, code: str, **params: object) -> Problem:
        return Problem(
            self.display, row, self.name(column), code, params=params, severity="warning"
        )

    def _not_owned(self, ident: str, reporter: str) -> str | None:
        """The owners of the item (joined) when ``reporter`` is not one of them, else None."""
        key = (ident, reporter)
        if key not in self.owners:
            owners = item_owners(self.catalog, ident)
            if reporter not in self.scopes:
                self.scopes[reporter] = unit_scope(self.catalog, reporter)
            allowed = owns(self.catalog, owners, reporter, self.scopes[reporter])
            self.owners[key] = None if allowed else owners
        found = self.owners[key]
        return None if found is None else "、".join(found)

    def _known(self, ident: str) -> Known:
        known = self.known.get(ident)
        if known is None:
            history = self.options.history
            stored = history(self.catalog, [ident]).get(ident, []) if history else []
            known = self.known[ident] = Known(stored)
        return known

    def suggest_id(self, ident: str) -> str | None:
        """The known id closest to an unknown one (None: none is close): worked out once per
        distinct id, and only for the first :data:`MAX_SUGGESTED_IDS` of them (a file of a
        wrong export can hold a million ids, each costing a comparison with every known id)."""
        if ident in self.suggestions:
            return self.suggestions[ident]
        if len(self.suggestions) >= MAX_SUGGESTED_IDS:
            return None
        import difflib

        if not self.known_ids:
            self.known_ids = [*self.catalog.targets, *self.catalog.tasks]
        close = difflib.get_close_matches(ident, self.known_ids, n=1, cutoff=0.7)
        found = self.suggestions[ident] = close[0] if close else None
        return found

    def _period(self, text: str, bad: Callable[..., None]) -> Period | None:
        if not text:
            bad("period", "period_empty")
            return None
        if text not in self.periods:
            parsed = parse_period(text)
            self.periods[text] = parsed
            if parsed is not None:
                self.period_ends[parsed.text] = period_key(parsed)
        period = self.periods[text]
        if period is None:
            bad("period", "period_malformed", value=text)
        elif period.year != self.catalog.year:
            code, params = period_plan(period, self.plans, text) or ("", {})
            assert code, "a row of another plan's year is routed to that plan's checker"
            bad("period", code, **params)
            return None
        return period


class _Router:
    """Hands each row to the checker of its period's plan (:func:`rules.period_plan`); rows
    whose period names no plan to the default plan's checker, which reports it."""

    def __init__(self, plans: Plans, make: Callable[[int], _RowChecker], period: int) -> None:
        self.plans = plans
        self.make = make
        self.period = period  # the period column (-1: none)
        self.checkers: dict[int, _RowChecker] = {}
        self.by_text: dict[str, _RowChecker] = {}  # period cell -> checker

    def checker(self, year: int) -> _RowChecker:
        found = self.checkers.get(year)
        if found is None:
            found = self.checkers[year] = self.make(year)
        return found

    def check(self, row: int, cells: list[str], out: Checked) -> None:
        at = self.period
        text = cells[at].strip() if 0 <= at < len(cells) else ""
        checker = self.by_text.get(text)
        if checker is None:
            period = parse_period(text) if text else None
            year = self.plans.default  # no plan to go to: the default one reports it
            if period is not None and period_plan(period, self.plans, text) is None:
                year = period.year
            checker = self.by_text[text] = self.checker(year)
        accepted = len(out.observations)
        checker.check(row, cells, out)
        if len(out.observations) > accepted:
            out._route(checker.key, 1)


def _reject_unread(table: Table, row: int, cells: list[str], display: str, out: Checked) -> bool:
    """Reject a row with cells the reader could not read (``Table.issues``); False if none."""
    issues = table.issues.pop(row, None)
    if not issues:
        return False
    out.rows_read += 1
    out.rejected_rows[row] = cells
    for index, code, params in issues:
        column = table.header[index].strip() if index < len(table.header) else f"#{index + 1}"
        out.problems.append(Problem(display, row, column or f"#{index + 1}", code, params=params))
    return True


def stored_history(store: Store) -> History:
    """``CheckOptions.history`` from a store: the items' current values of the catalog's plan
    (of its year; 旬 values left out), ascending by period end, read once per call."""

    def history(catalog: Catalog, items: list[str]) -> dict[str, list[Point]]:
        out: dict[str, list[Point]] = {}
        for item_id, values in store.current_values(items, plan=catalog.key).items():
            points = []
            for v in values:
                period = parse_period(v.period)
                if period is None or period.kind == "dekad" or period.year != catalog.year:
                    continue
                points.append(point_at(period, Decimal(v.value) if v.value else None, v.status))
            out[item_id] = sorted(points, key=lambda p: p.end)
        return out

    return history


def check_submission(
    plans: Plans | Catalog,
    table: Table,
    display: str,
    reporter: str | None = None,
    progress: Callable[[int], None] | None = None,
    sink: Callable[[PlanKey, list[Observation]], None] | None = None,
    chunk: int = 5000,
    options: CheckOptions | None = None,
) -> Checked:
    """Check every row against the plan of its period's year (``plans``: the plans of the
    file's area, or one catalog); blank rows are skipped, a header with missing columns
    rejects all. ``reporter``: the canonical name of ``--unit`` in the default plan.

    With ``sink``, accepted observations are handed over in chunks of one plan each as they
    are checked (and not kept in ``Checked.observations``), so a large file is never held in
    memory.
    """
    plans = plans_of(plans)
    out = Checked()
    columns, header_problems = map_header(table.header, display, table.header_row)
    if header_problems:
        out.problems.extend(header_problems)
        try:
            for row, cells in table.rows:
                if not is_blank_row(cells):
                    out.rows_read += 1
                    out.rejected_rows[row] = cells
        except IntakeError as exc:
            out.problems.append(Problem(display, exc.line, "-", exc.code, params=dict(exc.params)))
        return out

    def make(year: int) -> _RowChecker:
        return _RowChecker(plans, year, display, table.header, columns, reporter, options)

    # One plan: every row to its checker (a row of another year gets the routing error there),
    # nothing routed per row.
    single = make(plans.default) if len(plans.years) == 1 else None
    router = _Router(plans, make, columns.get("period", -1))
    check = single.check if single is not None else router.check
    try:
        for n, (row, cells) in enumerate(table.rows, 1):
            if progress is not None and n % 5000 == 0:
                progress(5000)
            if table.issues and _reject_unread(table, row, cells, display, out):
                continue
            if is_blank_row(cells):
                out.blank += 1
                continue
            out.rows_read += 1
            check(row, cells, out)
            if sink is not None and len(out.observations) >= chunk:
                _flush(out, single, sink)
    except IntakeError as exc:  # e.g. an unterminated quote half-way through a CSV
        out.problems.append(Problem(display, exc.line, "-", exc.code, params=dict(exc.params)))
        return out
    _flush(out, single, sink)
    if out.rows_read == 0:
        out.problems.append(Problem(display, table.header_row, "", "no_data_rows"))
    return out


def _flush(
    out: Checked,
    single: _RowChecker | None,
    sink: Callable[[PlanKey, list[Observation]], None] | None,
) -> None:
    """Route the observations not yet counted (all to ``single``'s plan when there is one
    checker) and hand them to ``sink``."""
    if single is not None:
        routed = sum(rows for _, rows in out.runs)
        if len(out.observations) > routed:
            out._route(single.key, len(out.observations) - routed)
    out._hand_over(sink)
