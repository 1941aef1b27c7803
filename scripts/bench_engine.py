"""Benchmark (prints figures; not a test): median time of one ddx call and one free-text read."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from calc.ddx import rank
from calc.findings import parse_findings
from calc.knowledge import load_knowledge
from calc.reader import read_text
from calc.web import compute

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "essay-figures.json"


def median_ms(action: Callable[[], object], repeat: int = 200) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    start = time.perf_counter()
    kb = load_knowledge()
    print(f"load_knowledge (first call): {(time.perf_counter() - start) * 1000:.1f} ms")
    cases = json.loads(CASES.read_text(encoding="utf-8"))
    findings = [parse_findings(c["findings"], kb)[0] for c in cases]
    texts = [c["text"] for c in cases]
    read_text(texts[0], kb)  # build the phrase index once
    ddx = median_ms(lambda: [rank(f, kb) for f in findings]) / len(findings)
    reader = median_ms(lambda: [read_text(t, kb) for t in texts]) / len(texts)
    full = median_ms(lambda: compute({"text": texts[4], "calcium": "10.5", "phosphate": "8"}), repeat=100)
    print(f"median ddx call:          {ddx:.3f} ms (over {len(findings)} figure cases)")
    print(f"median free-text read:    {reader:.3f} ms (over {len(texts)} figure texts)")
    print(f"median web compute call:  {full:.3f} ms (text + labs + ranking + summary)")


if __name__ == "__main__":
    main()
