"""Print how the free-text reader ranks the Portuguese test sets (issue 15): top-1 and top-3.

The figures (tests/data/essay-figures-pt.json), the tuning sentences
(tests/data/report-sentences-pt-tune.json) and the held-out report sentences
(tests/data/report-sentences-pt.json) are read with ``calc.reader.read_text`` and ranked with
``calc.ddx.rank``, as the English figure test does. Prints figures only; the goals of issue 15
(figures: first in >= 15, top 3 in all; held-out: top-3 >= 90 %, top-1 >= 75 %) are checked by
tests once the Portuguese reader exists. Nobody tunes on the held-out set.

``--misses`` lists the misses of the figures and the tuning set only: the held-out set prints its
totals and nothing per sentence. ``--no-held-out`` leaves it out altogether (while tuning).

Usage: .venv/bin/python scripts/pt_reader_score.py [--misses] [--no-held-out]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from calc.ddx import rank  # noqa: E402
from calc.knowledge import KnowledgeBase, load_knowledge  # noqa: E402
from calc.mineral import mineral_of  # noqa: E402
from calc.reader import read_text  # noqa: E402

DATA = ROOT / "tests" / "data"


def ranked_ids(text: str, kb: KnowledgeBase) -> list[str]:
    findings = read_text(text, kb).findings
    return [c.entity.id for c in rank(findings, kb, mineral_of(findings).lab_states).candidates]


def score(cases: list[dict[str, Any]], label: str, kb: KnowledgeBase, misses: bool) -> tuple[int, int]:
    top1 = top3 = 0
    for case in cases:
        ids = ranked_ids(case["text"], kb)
        first = bool(ids) and ids[0] in case["expected"]
        in_three = any(i in case["expected"] for i in ids[:3])
        top1 += first
        top3 += in_three
        if misses and not in_three:
            print(f"  miss {case['id']}: {case['text']!r} -> {ids[:3]}")
        elif misses and not first:
            print(f"  2nd/3rd {case['id']}: {case['text']!r} -> {ids[:3]}")
    n = len(cases)
    print(f"{label}: n={n} top-1 {top1} ({top1 / n:.0%}), top-3 {top3} ({top3 / n:.0%})")
    return top1, top3


def main(argv: list[str]) -> None:
    kb = load_knowledge()
    misses = "--misses" in argv
    figures = json.loads((DATA / "essay-figures-pt.json").read_text(encoding="utf-8"))
    tune = json.loads((DATA / "report-sentences-pt-tune.json").read_text(encoding="utf-8"))["cases"]
    score(figures, "essay figures (pt-BR, text path)", kb, misses)
    score(tune, "tuning report sentences (pt-BR, text path)", kb, misses)
    if "--no-held-out" not in argv:
        held_out = json.loads((DATA / "report-sentences-pt.json").read_text(encoding="utf-8"))["cases"]
        score(held_out, "held-out report sentences (pt-BR, text path)", kb, False)


if __name__ == "__main__":
    main(sys.argv[1:])
