"""Issue 12 acceptance: the reader and the ranking on report sentences they were not tuned to.

The goals are asserted on the held-out half of tests/data/report-sentences.json, which was
split once before any tuning (scripts/eval_sentences.py prints the same figures for both halves).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

from calc.findings import parse_findings
from calc.knowledge import load_knowledge

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "eval_sentences.py"
DATA = Path(__file__).resolve().parent / "data" / "report-sentences.json"


def _evaluator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_sentences", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being defined
    spec.loader.exec_module(module)
    return module


def test_the_sentence_set_is_well_formed() -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))["sentences"]
    kb = load_knowledge()
    assert len(data) >= 100
    assert {s["split"] for s in data} == {"tune", "heldout"}
    assert abs(sum(s["split"] == "tune" for s in data) - len(data) / 2) <= 1
    assert len({s["id"] for s in data}) == len(data)
    for s in data:
        assert s["text"].strip() and s["source"].strip(), s["id"]
        assert s["expected"] and all(e in kb.entities for e in s["expected"]), s["id"]
        parse_findings(s["findings"], kb, strict=True)
    covered = {s["expected"][0] for s in data}
    # Every entity of the essay leads at least one sentence; the tumours added beyond the essay
    # came after this set was written and are reached through the must-not-miss notice.
    assert covered == {e.id for e in kb.entities.values() if not e.depth.beyond_essay}, {e.id for e in kb.entities.values() if not e.depth.beyond_essay} - covered


@pytest.mark.parametrize("path", ["text", "findings"])
def test_held_out_goals(path: str) -> None:
    score = _evaluator().evaluate("heldout", path)
    assert score.share(score.top3) >= 0.90, score.misses
    assert score.share(score.top1) >= 0.75, score.misses
    strong_first, strong_right = score.words["strong"]
    assert strong_first and strong_right / strong_first >= 0.90, score.misses
