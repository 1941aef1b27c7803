"""Measure the reader and the ranking on report sentences nobody tuned them to (prints figures).

tests/data/report-sentences.json holds English report sentences written from the essay and its
references, each with the entities a radiologist would accept first and the same case as
structured findings. It was split once, before any tuning, into a 'tune' half and a 'heldout'
half. This script prints top-1 and top-3 for a half, through the free-text reader and through
the structured findings, and the calibration of the fit words: for each word the first
candidate carries, how often that first candidate is right.

    .venv/bin/python scripts/eval_sentences.py             # the tuning half only
    .venv/bin/python scripts/eval_sentences.py --split heldout
    .venv/bin/python scripts/eval_sentences.py --split all --misses
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from calc.ddx import Ranking, rank
from calc.findings import FindingSet, parse_findings
from calc.knowledge import KnowledgeBase, load_knowledge
from calc.mineral import mineral_of
from calc.reader import read_text

SENTENCES = Path(__file__).resolve().parents[1] / "tests" / "data" / "report-sentences.json"
PATHS = ("text", "findings")
WORDS = ("strong", "partial", "weak")


@dataclass
class Score:
    """Counts for one half through one path."""

    n: int = 0
    top1: int = 0
    top3: int = 0
    words: dict[str, list[int]] = field(default_factory=lambda: {w: [0, 0] for w in WORDS})
    misses: list[str] = field(default_factory=list)

    def share(self, count: int) -> float:
        return count / self.n if self.n else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"n": self.n, "top1": self.share(self.top1), "top3": self.share(self.top3),
                "calibration": {w: {"first": c[0], "right": c[1]} for w, c in self.words.items()}}


def sentences(split: str = "all") -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(SENTENCES.read_text(encoding="utf-8"))["sentences"]
    return [s for s in data if split == "all" or s["split"] == split]


def ranking_for(findings: FindingSet, kb: KnowledgeBase, *, text_given: bool) -> Ranking:
    """The same path as the page and the CLI: labs through the calculator, then the ranking."""
    return rank(findings, kb, mineral_of(findings).lab_states, text_given=text_given)


def evaluate(split: str, path: str, kb: KnowledgeBase | None = None) -> Score:
    kb = kb or load_knowledge()
    score = Score()
    for case in sentences(split):
        if path == "text":
            findings = read_text(case["text"], kb).findings
        else:
            findings, _ = parse_findings(case["findings"], kb, strict=True)
        ranking = ranking_for(findings, kb, text_given=path == "text")
        ids = [c.entity.id for c in ranking.candidates]
        if ranking.status in ("empty", "not-understood"):
            ids = []
        expected = set(case["expected"])
        score.n += 1
        first_right = bool(ids) and ids[0] in expected
        score.top1 += first_right
        score.top3 += any(i in expected for i in ids[:3])
        if ids:
            word = ranking.candidates[0].fit_word
            score.words[word][0] += 1
            score.words[word][1] += first_right
        if not first_right:
            score.misses.append(f"{case['id']} [{ranking.status}] expected {sorted(expected)}, got {ids[:3]}: "
                                f"{case['text']}")
    return score


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("tune", "heldout", "all"), default="tune")
    parser.add_argument("--misses", action="store_true", help="list the sentences whose first candidate is wrong")
    args = parser.parse_args()
    kb = load_knowledge()
    halves = ("tune", "heldout") if args.split == "all" else (args.split,)
    for half in halves:
        for path in PATHS:
            s = evaluate(half, path, kb)
            print(f"{half:<8} {path:<9} n={s.n:<3} top-1 {s.share(s.top1):6.1%}  top-3 {s.share(s.top3):6.1%}")
            for word in WORDS:
                first, right = s.words[word]
                rate = f"{right / first:6.1%}" if first else "     -"
                print(f"{'':<19} first candidate '{word}': {first:>3} times, right {right:>3} ({rate.strip()})")
            if args.misses:
                for line in s.misses:
                    print(f"    miss: {line}")


if __name__ == "__main__":
    main()
