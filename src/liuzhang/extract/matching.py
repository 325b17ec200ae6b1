"""Which drafted target is which known target (last year's plan, or the curated answer key):
one rule for ``--against``, for taking last year's ids, and for the seed benchmark.

Two targets are about the same thing when their names are alike (the Dice coefficient of their
character pairs, at least :data:`THRESHOLD`) or one's evidence contains the other's. Pairs are
made one to one, the surest first; the same amount (value times magnitude, same base unit and
direction) makes a pair surer, and the benchmark requires it.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from liuzhang.domain.model import Target
from liuzhang.domain.quantities import parse_unit
from liuzhang.extract.model import DraftTarget

THRESHOLD = 0.5


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def dice(a: str, b: str) -> float:
    """The share of character pairs two texts have in common (0..1)."""
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if a and b else 0.0


def similarity(known: Target, drafted: DraftTarget) -> float:
    """How surely two targets are about the same thing: 1 when one's evidence contains the
    other's, else the best of the names' and the quotes' likeness."""
    best = dice(known.name, drafted.name)
    for ks in known.sources:
        for ds in drafted.sources:
            if ks.quote and ds.quote and (ks.quote in ds.quote or ds.quote in ks.quote):
                return 1.0
            best = max(best, dice(ks.quote, ds.quote))
    return best


def same_amount(known: Target, drafted: DraftTarget) -> bool:
    """The same target value, in the same base unit (magnitudes converted), and direction; two
    milestones without a value are the same amount."""
    if known.target is None or drafted.target is None:
        return known.target is None and drafted.target is None and drafted.measure == "milestone"
    if known.direction != drafted.direction:
        return False
    a, b = parse_unit(known.unit), parse_unit(drafted.unit)
    if a.base and b.base and a.base != b.base:
        return False
    return Decimal(str(known.target)) * a.factor == drafted.target * b.factor


def pair(
    known: Sequence[Target], drafted: Sequence[DraftTarget], *, same_amount_only: bool = False
) -> dict[int, Target]:
    """Drafted index -> its known target, one to one, the surest pairs first."""
    scored = []
    for i, old in enumerate(known):
        for j, target in enumerate(drafted):
            same = same_amount(old, target)
            if same_amount_only and not same:
                continue
            score = similarity(old, target)
            if score >= THRESHOLD:
                scored.append((score + (1 if same else 0), i, j))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    out: dict[int, Target] = {}
    taken: set[int] = set()
    for _score, i, j in scored:
        if j in out or i in taken:
            continue
        out[j] = known[i]
        taken.add(i)
    return out


INDICATOR_THRESHOLD = 0.6


def suggest_indicator(name: str, measure: str, unit: str | None) -> str | None:
    """The code of the shared catalogue's indicator (:mod:`liuzhang.plandata.indicators`) a
    target's name is about: the likest spelling (Dice at least :data:`INDICATOR_THRESHOLD`, or
    one name containing the other) among the indicators of the same kind (a growth rate only
    for a growth rate, an amount only for an amount in the same base unit); None when none."""
    from liuzhang.plandata.indicators import catalogue

    base = parse_unit(unit).base
    best: tuple[float, str] | None = None
    for item in catalogue().values():
        if (item.measure == "growth") != (measure == "growth"):
            continue
        if base and parse_unit(item.unit).base != base:
            continue
        for spelling in item.spellings:
            score = 1.0 if spelling in name or name in spelling else dice(spelling, name)
            if score >= INDICATOR_THRESHOLD and (best is None or score > best[0]):
                best = (score, item.code)
    return best[1] if best else None
