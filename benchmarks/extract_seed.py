#!/usr/bin/env python3
"""The seed benchmark of ``liuzhang extract``: how much of the curated catalog the extractor
recovers from the seed's own text (data/source/). One function per figure:

  targets   the share of the catalog's targets (data/targets.yaml) recovered    goal >= 95%
            with the same value, unit and direction; the drafted targets that are
            not in the catalog (count and list); the time find_targets takes

    .venv/bin/python benchmarks/extract_seed.py            # all figures
    .venv/bin/python benchmarks/extract_seed.py --only targets
    .venv/bin/python benchmarks/extract_seed.py --verbose  # also the targets not recovered

The matching rule (targets): a catalog target and a drafted target match when
  1. they say the same amount: the value times its magnitude (15亿 = 150000万元 = 15亿元) and
     the same base unit (a bare 万/亿 matches any base), and the same direction; milestones
     (no value) match milestones;
  2. and they are about the same thing: the similarity of their names (character bigrams,
     Dice) or of their evidence (a drafted quote and a catalog quote, one inside the other
     counting 1) is at least 0.5.
Each catalog target takes at most one drafted target and each drafted target serves at most one
catalog target (pairs are taken best similarity first). The catalog is the answer key: it is
read, never changed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from liuzhang.domain.model import Target  # noqa: E402
from liuzhang.extract.matching import pair  # noqa: E402
from liuzhang.extract.model import Block, DraftTarget  # noqa: E402
from liuzhang.extract.targets import find_targets  # noqa: E402
from liuzhang.plandata.catalog import load_catalog  # noqa: E402

SEED = ROOT / "data" / "source" / "大办发〔2023〕2号.txt"


def seed_blocks(path: Path = SEED) -> list[Block]:
    """The seed read with a minimal splitter: each non-empty line a block (a line with tabs a
    table row with its cells), until the document reader is used here."""
    try:
        from liuzhang.extract.document import read_document

        return read_document(path)
    except (ImportError, NotImplementedError):
        pass
    blocks = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if not text:
            continue
        i = len(blocks) + 1
        if "\t" in text:
            cells = tuple(c.strip() for c in line.split("\t"))
            blocks.append(Block(i, "row", text, f"第{i}段", cells=cells))
        else:
            blocks.append(Block(i, "paragraph", text, f"第{i}段"))
    return blocks


def match(catalog: Sequence[Target], drafted: Sequence[DraftTarget]) -> dict[str, DraftTarget]:
    """Catalog id -> its drafted target: the extractor's own pairing
    (:func:`liuzhang.extract.matching.pair`), requiring the same amount."""
    return {old.id: drafted[j] for j, old in pair(catalog, drafted, same_amount_only=True).items()}


def figure_targets(verbose: bool) -> bool:
    """The share of catalog targets recovered, the extra drafted targets, and the time."""
    catalog, _report = load_catalog(ROOT / "data")
    blocks = seed_blocks()
    started = time.perf_counter()
    drafted, qualitative = find_targets(blocks, catalog.plan.year if catalog.plan else None)
    elapsed = time.perf_counter() - started
    known = list(catalog.targets.values())
    matched = match(known, drafted)
    share = len(matched) / len(known)
    used = {id(t) for t in matched.values()}
    extra = [t for t in drafted if id(t) not in used]
    print(f"targets: {len(matched)}/{len(known)} recovered = {share:.1%} (goal >= 95%)")
    print(
        f"  drafted {len(drafted)}, not in the catalog {len(extra)}, qualitative {len(qualitative)}"
    )
    print(f"  find_targets on {len(blocks)} blocks: {elapsed * 1000:.0f} ms")
    by_id = catalog.targets
    same = {
        "measure": sum(t.measure == by_id[i].measure for i, t in matched.items()),
        "frequency": sum(t.frequency == by_id[i].frequency for i, t in matched.items()),
        "section": sum(t.section == by_id[i].battle for i, t in matched.items()),
        "commitment": sum(t.commitment == by_id[i].commitment for i, t in matched.items()),
        "lead": sum(
            t.lead is not None
            and catalog.registry.canonical(t.lead) == catalog.registry.canonical(by_id[i].lead)
            for i, t in matched.items()
        ),
    }
    print(
        "  of the recovered, the same "
        + ", ".join(f"{k} {v}/{len(matched)}" for k, v in same.items())
        + " (information, no goal)"
    )
    for t in extra:
        value = "" if t.target is None else f"{t.target}{t.unit or ''}"
        source = t.sources[0]
        print(f"  + {t.name} {value} {t.direction} {t.measure} | {source.quote} | {source.where}")
    if verbose:
        for k in known:
            if k.id not in matched:
                value = "" if k.target is None else f"{k.target}{k.unit or ''}"
                print(f"  - {k.id}: {k.name} {value} {k.direction} | {k.sources[0].quote}")
    return share >= 0.95


FIGURES: dict[str, Callable[[bool], bool]] = {"targets": figure_targets}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=sorted(FIGURES))
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    results = [FIGURES[name](args.verbose) for name in args.only or FIGURES]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
