"""The reader reads Brazilian Portuguese with no switch (issue 15); goals on the Portuguese sets."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from calc.knowledge import load_knowledge
from calc.reader import read_text, stem

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
sys.path.insert(0, str(ROOT))

from scripts.pt_reader_score import ranked_ids  # noqa: E402


def _read(text: str) -> dict[str, Any]:
    return read_text(text, load_knowledge()).findings.as_dict()


def test_plural_feminine_and_accents_meet() -> None:
    assert stem("calcificações") != stem("calcificacoes")  # the reader folds first
    assert stem("calcificacoes") == stem("calcificacao")
    assert stem("densas") == stem("denso")
    assert stem("articulares") == stem("articular")
    assert stem("bilaterais") == stem("bilateral")
    assert stem("toes") == "toe"  # English plural untouched by the Portuguese rules
    found = _read("Calcificacoes lineares estratificadas nos meniscos")
    assert found["pattern"] == ["linear-stratified"]
    assert "intra-articular" in found["compartment"]


def test_portuguese_labs_with_decimal_commas_and_ages() -> None:
    found = _read("Paciente de 45 anos, Ca 10,5 mg/dL, fósforo 6,2, albumina 3,9 g/dL")
    assert found["age"] == 45
    assert found["labs"] == {"calcium": "10.5", "calcium_unit": "mg/dL", "phosphate": "6.2",
                             "phosphate_unit": "mg/dL", "albumin": "3.9", "albumin_unit": "g/dL"}
    assert _read("cálcio sérico de 11,2 mg/dL")["labs"]["calcium"] == "11.2"
    assert _read("fosfato 2,1 mmol/L")["labs"] == {"phosphate": "2.1", "phosphate_unit": "mmol/L"}
    assert "labs" not in _read("cálcio iônico 1,2 mmol/L")  # ionized, not total calcium
    assert _read("sexo feminino, 60 anos")["age"] == 60
    assert _read("Fem, 45a, ombro")["age"] == 45
    assert _read("DRC em HD há 10 anos, paciente de 52 anos")["age"] == 52
    assert "age" not in _read("DM há 10 anos")
    assert "age" not in _read("dor na 1a MTF")
    assert _read("criança com massa")["age"] == 8
    assert _read("adolescente")["age"] == 15
    assert _read("paciente idoso")["clinical"] == ["elderly"]


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("sem trauma", {"clinical": ["trauma"]}),
        ("Nega trauma ou cirurgia prévia.", {"clinical": ["trauma", "surgery"]}),
        ("ausência de derrame articular", {"clinical": ["joint-effusion"]}),
        ("negativo para gota", {"clinical": ["hyperuricemia"]}),
        ("função renal preservada", {"clinical": ["renal-failure"]}),
        ("não diabético", {"clinical": ["diabetes"]}),
    ],
)
def test_negation(text: str, absent: dict[str, list[str]]) -> None:
    assert _read(text)["absent"] == absent


def test_negation_scope_and_the_preposition_no() -> None:
    found = _read("Sem trauma. Paciente diabética com calcificação no tendão do supraespinal.")
    assert found["absent"] == {"clinical": ["trauma"]}
    assert found["clinical"] == ["diabetes"]
    assert found["compartment"] == ["periarticular"]  # 'no tendão' is 'in the tendon'
    assert _read("Calcificação amorfa no ombro.")["site"] == ["shoulder"]
    assert _read("no trauma, shoulder")["absent"] == {"clinical": ["trauma"]}  # English 'no' still denies
    assert "absent" not in _read("múltiplos corpos livres intra-articulares")
    assert _read("Pcte em dialise: massa calcificada lobulada no cotovelo.")["site"] == ["elbow"]
    assert _read("Paciente diabética. No trauma.")["absent"] == {"clinical": ["trauma"]}
    assert _read("sem doença renal")["absent"] == {"clinical": ["renal-failure"]}


def test_abbreviations_and_modality_words() -> None:
    assert _read("IRC")["clinical"] == ["renal-failure"]
    assert _read("DRC em HD")["clinical"] == ["renal-failure"]
    assert _read("paciente em HD")["clinical"] == ["renal-failure"]
    assert "clinical" not in _read("HD: calcinose tumoral")  # hipótese diagnóstica
    assert _read("HPT primário")["clinical"] == ["hyperparathyroidism"]
    assert _read("DM2")["clinical"] == ["diabetes"]
    assert _read("Rx, TC, RM e USG do ombro") == {"site": ["shoulder"]}


def test_stop_phrases() -> None:
    assert "pattern" not in _read("edema ósseo no fêmur")
    assert "compartment" not in _read("fraqueza muscular proximal")
    assert _read("fraqueza muscular proximal")["clinical"] == ["proximal-muscle-weakness"]


def test_portuguese_names_do_not_change_english_readings() -> None:
    assert "clinical" not in _read("intramuscular calcifications scattered in the calves")
    assert "clinical" not in _read("haemangioma of the forearm")


def test_mixed_languages_in_one_report() -> None:
    found = _read("CPPD knees: calcificação linear estratificada na cartilagem hialina, no trauma.")
    assert found["pattern"] == ["linear-stratified"]
    assert found["site"] == ["knee"]


def _score(cases: list[dict[str, Any]]) -> tuple[int, int]:
    kb = load_knowledge()
    top1 = top3 = 0
    for case in cases:
        ids = ranked_ids(case["text"], kb)
        top1 += bool(ids) and ids[0] in case["expected"]
        top3 += any(i in case["expected"] for i in ids[:3])
    return top1, top3


def test_goals_on_the_portuguese_figures() -> None:
    """Issue 15: the 17 figure cases in Portuguese, first in at least 15 and top 3 in all."""
    figures = json.loads((DATA / "essay-figures-pt.json").read_text(encoding="utf-8"))
    top1, top3 = _score(figures)
    assert len(figures) == 17
    assert top1 >= 15
    assert top3 == 17


def test_goals_on_the_held_out_portuguese_sentences() -> None:
    """Issue 15: at least 40 held-out sentences; top-3 >= 90 %, top-1 >= 75 % (never tuned on)."""
    cases = json.loads((DATA / "report-sentences-pt.json").read_text(encoding="utf-8"))["cases"]
    top1, top3 = _score(cases)
    assert len(cases) >= 40
    assert top3 >= 0.90 * len(cases)
    assert top1 >= 0.75 * len(cases)


def test_the_tuning_sentences_stay_read() -> None:
    cases = json.loads((DATA / "report-sentences-pt-tune.json").read_text(encoding="utf-8"))["cases"]
    top1, top3 = _score(cases)
    assert len(cases) >= 40
    assert top3 >= 0.95 * len(cases)
    assert top1 >= 0.85 * len(cases)


def test_cli_reads_portuguese_and_speaks_it_with_lang(capsys: pytest.CaptureFixture[str]) -> None:
    from calc.cli import main

    text = "Rx dos joelhos: calcificação fina, linear e estratificada na cartilagem articular e nos meniscos."
    assert main(["ddx", "--text", text]) == 0
    english = capsys.readouterr().out
    assert "Understood:" in english and "pattern: " + load_knowledge().label("pattern", "linear-stratified") in english
    assert main(["ddx", "--lang", "pt-BR", "--text", text]) == 0
    portuguese = capsys.readouterr().out
    assert "Reconhecido:" in portuguese
    assert "padrão: " + load_knowledge().label("pattern", "linear-stratified", "pt-BR") in portuguese
    assert "Ajuste" in portuguese
    assert main(["ddx", "--lang", "pt", "--text", text]) == 2
    assert "argument --lang" in capsys.readouterr().err
