"""Benchmark: the tasks ``liuzhang extract`` drafts from the seed document, against the curated
catalog (data/tasks.yaml, the answer key).

Matching: each catalog task is paired with the drafted task whose text shares the most character
bigrams with it (the share of the catalog text's bigrams found in the draft's text, title and
text together, so that a catalog text without its title still matches), one draft per catalog
task, best pairs first, a pair only when that share is at least 0.5. A pair agrees on the lead
when the canonical names (through the shipped unit registry) are the same set; on the deadline
when both end on the same day (``2023-06`` and ``2023-06-30`` are both the end of June) or are
both ongoing.

Command: ``.venv/bin/python benchmarks/extract_tasks.py [-v]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from liuzhang.domain.periods import parse_deadline  # noqa: E402
from liuzhang.extract.model import Block  # noqa: E402
from liuzhang.extract.tasks import find_tasks  # noqa: E402
from liuzhang.plandata.catalog import load_catalog  # noqa: E402

SEED = ROOT / "data" / "source" / "大办发〔2023〕2号.txt"
THRESHOLD = 0.5


def simple_blocks(text: str) -> list[Block]:
    """Paragraphs = non-empty lines (tab-separated lines stay paragraphs: the table as text)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [Block(i, "paragraph", line, f"第{i + 1}段") for i, line in enumerate(lines)]


def document_blocks(text: str) -> list[Block] | None:
    """The document reader's blocks, when it is there."""
    try:
        from liuzhang.extract.document import blocks_from_text

        return blocks_from_text(text)
    except NotImplementedError:
        return None


def bigrams(text: str) -> set[str]:
    text = "".join(ch for ch in text if not ch.isspace() and ch not in "*")
    return {text[i : i + 2] for i in range(len(text) - 1)}


def run(blocks: list[Block], verbose: bool) -> None:
    catalog, _ = load_catalog(ROOT / "data")
    year = catalog.year
    start = time.perf_counter()
    drafts = find_tasks(blocks, year)
    elapsed = time.perf_counter() - start
    expected = list(catalog.tasks.values())
    draft_grams = [bigrams(d.title + d.text) for d in drafts]
    scores: list[tuple[float, int, int]] = []
    for i, task in enumerate(expected):
        grams = bigrams(task.text or task.title)
        for j, g in enumerate(draft_grams):
            shared = len(grams & g)
            if shared:
                scores.append((shared / len(grams), i, j))
    scores.sort(reverse=True)
    pair: dict[int, int] = {}
    used: set[int] = set()
    for score, i, j in scores:
        if score < THRESHOLD or i in pair or j in used:
            continue
        pair[i] = j
        used.add(j)
    registry = catalog.registry
    same_lead = same_deadline = both = same_others = 0
    low = min((s for s, i, j in scores if pair.get(i) == j), default=0.0)
    for i, task in enumerate(expected):
        j = pair.get(i)
        if j is None:
            if verbose:
                print(f"  unmatched  {task.id}  {task.title}")
            continue
        draft = drafts[j]
        lead_ok = {registry.canonical(n) for n in task.lead} == {
            registry.canonical(n) for n in draft.lead
        }
        want, got = parse_deadline(task.deadline), parse_deadline(draft.deadline)
        deadline_ok = want is not None and got is not None and want.end == got.end
        others = {registry.canonical(n) for n in (*task.responsible, *task.supporting)}
        same_others += others == {registry.canonical(n) for n in draft.responsible}
        same_lead += lead_ok
        same_deadline += deadline_ok
        both += lead_ok and deadline_ok
        if verbose and not (lead_ok and deadline_ok):
            print(
                f"  differs    {task.id}  lead {list(task.lead)} / {draft.lead}"
                f"  deadline {task.deadline} / {draft.deadline}  ({draft.ref})"
            )
    extra = [d for j, d in enumerate(drafts) if j not in used]
    where = {b.where: b.text for b in blocks}
    quoted = sum(all(e.quote in where.get(e.where, "") for e in d.sources) for d in drafts)
    n = len(expected)
    print(f"catalog tasks: {n}; drafted: {len(drafts)}; matched: {len(pair)}")
    print(f"same lead: {same_lead}/{n} = {same_lead / n:.1%}")
    print(f"same deadline: {same_deadline}/{n} = {same_deadline / n:.1%}")
    print(f"same lead and deadline: {both}/{n} = {both / n:.1%}")
    print(f"same responsible and supporting units: {same_others}/{n} = {same_others / n:.1%}")
    print(f"lowest text overlap of a pair: {low:.2f}")
    print(f"drafted tasks whose every quote is in its block: {quoted}/{len(drafts)}")
    print(f"drafted tasks not in the catalog: {len(extra)}")
    for d in extra:
        print(f"  extra  {d.ref or '-'}  {d.title[:40]}  lead {d.lead}")
    print(f"time: {elapsed * 1000:.0f} ms for {len(blocks)} blocks")


def main() -> None:
    verbose = "-v" in sys.argv
    text = SEED.read_text(encoding="utf-8")
    blocks = document_blocks(text)
    if blocks is not None:
        print("== blocks from liuzhang.extract.document ==")
        run(blocks, verbose)
    print("== blocks = non-empty lines ==")
    run(simple_blocks(text), verbose)


if __name__ == "__main__":
    main()
