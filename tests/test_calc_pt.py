"""The calculator in Portuguese (issue 15): every visible text of compute() and form_options()
in pt-BR, decimal commas, the copied summary; English unchanged and the link the same."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from calc.mineral import compute_mineral
from calc.text_ddx import FIT_TEXT, LAB_LABELS, MESSAGES
from calc.text_ddx import WORDS as DDX_WORDS
from calc.text_mineral import NAMES, TEXT
from calc.text_start import START_TEXTS
from calc.text_web import CATEGORY_HELP, CATEGORY_LABELS, PAGE_TEXTS, UNIT_SYSTEM_LABELS, WORDS
from calc.ui_text import lang_of, num
from calc.web import compute, form_options, handle

ENGLISH = frozenset(
    ["the", "and", "of", "is", "are", "not", "with", "from", "this", "that", "which", "would", "over", "findings", "finding", "fit", "fits", "below", "above", "typical", "usual", "usually", "calcium", "phosphate", "albumin", "ranked", "causes", "cause", "given", "none", "yet", "check", "value", "values", "unit", "units", "field", "ignored", "known", "corrected", "working", "results", "result", "copy", "copied", "add", "pick", "type", "low", "high", "raised", "only", "against", "its", "there", "labs"]
)
"""Common English words that no Portuguese text of the calculator should hold."""
KEEP = frozenset({"STC", "Guide", "KDOQI", "KDIGO", "Payne", "Lian", "Åsberg", "SI", "PTH", "EULAR"})
"""Reviewed exceptions: names, guideline acronyms and units are the same in both languages."""
HIDDEN = frozenset({"id", "key", "form", "page", "nav_section", "mechanism", "category", "source",
                    "status", "fit_word", "detail_key", "detail_args", "fragment", "state", "words",
                    "level", "field", "lang", "display_units", "entity", "state_keys", "units", "favours",
                    "disfavours", "note", "lab_states", "findings"})
"""Keys holding ids, links or the user's own words, not text the page shows as ours."""

CASES: list[dict[str, Any]] = [
    {"text": "calcificações em grão de arroz nos músculos da coxa, sem febre", "age": "8",
     "calcium": "10,5", "phosphate": "7", "albumin": "3"},
    {"pattern": ["thin-linear-cartilage"], "compartment": ["intra-articular"], "age": "75",
     "calcium": "2.6", "units": "si", "phosphate": "1.9"},
    {"clinical": ["renal-failure"], "calcium": "9", "phosphate": "8", "albumin": "1.5"},
    {"compartment": ["subcutaneous"], "clinical": ["soft-tissue-mass", "growing-mass"], "age": "40"},
    {"text": "xyz qwerty"},
    {"text": "condrocalcinose dos meniscos em idosa, Ca 10,5 P 5"},
    {"text": "elderly patient, rice-grain calcifications in the thigh muscles, Ca 2.6 P 1.9"},
    {},
    {"pattern": ["no-such-pattern"], "site": "knee", "clinical": 3},
    {"calcium": "abc", "phosphate": "1e9", "albumin": "90", "age": "-3", "units": "imperial", "bogus": "1"},
    {"calcium": "2", "phosphate": "30", "calcium_unit": "mg/dL", "phosphate_unit": "mmol/L"},
]


def _visible(value: Any, key: str = "") -> list[str]:
    if key in HIDDEN:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in _visible(v, key)]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _visible(v, k)]
    return []


def _english(texts: list[str]) -> set[str]:
    texts = [re.sub(r"\{\w+\}", "", t) for t in texts]  # {placeholders} the page fills in
    words = {w for t in texts for w in re.findall(r"[A-Za-zÀ-ÿ]+", t)}
    return {w for w in words if w.lower() in ENGLISH and w not in KEEP}


def test_tables_have_the_same_keys_in_each_language() -> None:
    for table in (CATEGORY_LABELS, CATEGORY_HELP, UNIT_SYSTEM_LABELS, WORDS, PAGE_TEXTS, FIT_TEXT, MESSAGES,
                  LAB_LABELS, DDX_WORDS, NAMES, TEXT, START_TEXTS):
        assert set(table["en"]) == set(table["pt-BR"])


@pytest.mark.parametrize("state", CASES)
def test_compute_in_portuguese_shows_no_english_words(state: dict[str, Any]) -> None:
    result = compute(state, lang="pt-BR")
    texts = _visible(result)
    assert _english(texts) == set(), texts


def test_form_options_in_portuguese() -> None:
    form = form_options(lang="pt-BR")
    labels = {c["id"]: c["label"] for c in form["categories"]}
    assert labels["pattern"] == "Padrão" and labels["clinical"] == "Contexto clínico"
    options = {o["id"]: o["label"] for c in form["categories"] for o in c["options"]}
    assert options["muscle"] == "Muscular"
    assert form["references"]["calcium"]["mg/dL"] == "Referência para adultos: 9,0–10,5 mg/dL"
    assert form["disclaimer"].startswith("Apenas para educação médica:")
    assert form["texts"]["ranked"] == "Diagnóstico diferencial ordenado"
    assert _english(_visible(form)) == set()
    assert form_options()["categories"][0]["label"] == "Compartment"


def test_decimal_commas_and_summary_text_in_portuguese() -> None:
    state = {"calcium": "10.5", "phosphate": "7", "albumin": "3", "pattern": ["rice-grain"],
             "compartment": ["muscle"]}
    result = compute(state, lang="pt-BR")
    shown = result["mineral"]["display"]
    assert shown["product"] == "73,5 mg²/dL²" and shown["corrected_calcium"] == "11,30 mg/dL"
    summary = result["summary_text"]
    assert summary.startswith("STC Guide: calculadora de calcificações de partes moles")
    assert "Padrão: Calcificações em grão de arroz" in summary
    assert "Diagnóstico diferencial ordenado" in summary and "1. Cisticercose" in summary and "Ajuste parcial" in summary
    assert "Apenas para educação médica" in summary
    assert result["summary"]["text"].startswith("Melhor ajuste: Cisticercose")
    assert all(re.search(r"\d\.\d", w) is None for w in result["mineral"]["working"])
    english = compute(state)
    assert english["mineral"]["display"]["product"] == "73.5 mg²/dL²"
    assert english["summary_text"].startswith("STC Guide: soft-tissue calcification calculator")
    assert english["fragment"] == result["fragment"]


def test_lang_travels_in_the_request_never_in_the_link() -> None:
    pt = json.loads(handle(json.dumps({"action": "compute", "lang": "pt-BR",
                                       "state": {"pattern": ["rice-grain"]}})))
    en = json.loads(handle(json.dumps({"action": "compute", "state": {"pattern": ["rice-grain"]}})))
    assert pt["disclaimer"].startswith("Apenas") and en["disclaimer"].startswith("For medical education")
    assert "lang" not in pt["fragment"] and pt["fragment"] == en["fragment"]
    form = json.loads(handle(json.dumps({"action": "form", "lang": "pt-BR"})))
    assert form["lang"] == "pt-BR" and form["categories"][1]["label"] == "Padrão"
    from_link = json.loads(handle(json.dumps({"action": "compute", "lang": "pt-BR", "fragment": "#pattern=rice-grain"})))
    assert from_link["ddx"]["candidates"][0]["fit_text"].startswith("Ajuste")


def test_language_names_and_numbers() -> None:
    assert lang_of("pt-BR") == lang_of("pt") == lang_of("pt_br") == "pt-BR"
    assert lang_of(None) == lang_of("fr") == "en"
    assert num(10.5, ".1f", "pt-BR") == "10,5" and num(10.5, ".1f", "en") == "10.5"


def test_calculator_page_form_block_in_portuguese() -> None:
    import html

    from build_tools.calcpage import form_block

    block = form_block("pt-BR")
    data = json.loads(html.unescape(block.split('data-form="', 1)[1].rsplit('"', 1)[0]))
    assert data["lang"] == "pt-BR" and data["texts"]["look_for"] == "Procure"


def test_reader_notes_in_portuguese() -> None:
    result = compute({"text": "condrocalcinose dos meniscos, Ca 10,5 P 5"}, lang="pt-BR")
    assert "cálcio 10,5 sem unidade escrita: foi usada a unidade mg/dL" in result["notes"]
    english = compute({"text": "condrocalcinose dos meniscos, Ca 10,5 P 5"})
    assert "no unit written for calcium 10.5: read as mg/dL" in english["notes"]


def _cli(*args: str) -> str:
    import contextlib
    import io

    from calc.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(args)) == 0
    return out.getvalue()


def test_cli_ddx_in_portuguese() -> None:
    text = _cli("ddx", "--lang", "pt-BR", "--text", "calcificação linear fina dos meniscos, 75 anos, Ca 10,5 P 5")
    assert "Doença por deposição de pirofosfato de cálcio" in text and "Ajuste forte" in text
    assert "idade habitual" in text and "Para estreitar:" in text and "Apenas para educação médica" in text
    assert "cálcio 10,5 sem unidade escrita" in text and re.search(r"\d+,\d%", text)
    assert _english([text]) == set(), _english([text])


def test_cli_capp_in_portuguese() -> None:
    text = _cli("capp", "--lang", "pt-BR", "--calcium", "10,5", "--phosphate", "7", "--albumin", "2,5")
    assert "Ca × P = 73,5 mg²/dL² = 5,92 mmol²/L²" in text
    assert "Cálcio corrigido (fórmula com 0,8) = 11,70 mg/dL" in text and "Cálculo:" in text
    assert _english([text]) == set(), _english([text])
    english = _cli("capp", "--calcium", "10.5", "--phosphate", "7")
    assert "Ca × P = 73.5 mg²/dL²" in english and "Working:" in english


def test_portuguese_twin_page_gets_its_loading_title(tmp_path: Any) -> None:
    from pathlib import Path

    from build_tools.calcpage import RUNTIME_HOLDER_ID, embed_runtime

    page = tmp_path / "pt" / "calculator" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(f'<script type="application/json" id="{RUNTIME_HOLDER_ID}">{{}}</script>'
                    '<script src="../../assets/js/calc-early.js"'
                    ' data-stc-worker="../../assets/js/calc-worker.js" async></script>'
                    '<p class="stc-status__title" data-stc="status-title">Loading</p>', encoding="utf-8")
    early = tmp_path / "assets" / "js" / "calc-early.js"
    early.parent.mkdir(parents=True)
    early.write_text("/* what it does */\n(function () { window.started = true; })();\n", encoding="utf-8")
    embed_runtime(tmp_path, {}, "pt-BR", Path("pt", "calculator", "index.html"))
    html = page.read_text(encoding="utf-8")
    assert "Carregando a calculadora." in html
    # calc-early.js written in, with the worker's address from the twin's depth.
    assert ('<script data-stc-worker="../../assets/js/calc-worker.js">'
            "(function () { window.started = true; })();</script>") in html


def test_calculator_page_languages() -> None:
    from build_tools.calcpage import page_language
    from build_tools.pages import CALCULATOR

    assert page_language(CALCULATOR) == "en" and page_language("pt/calculator.md") == "pt-BR"
    assert page_language("pt/index.md") is None


BAND_CASES = [("10", "4", None, "below-55"), ("10", "5.7", None, "55-60"), ("10", "6.5", None, "60-70"),
              ("10", "8", None, "above-70"), ("10", "6", 2, "paediatric"), ("10", "7", 14, "paediatric")]
"""(calcium, phosphate, age, band id): every band the product can fall in, the child's both sides."""


@pytest.mark.parametrize(("calcium", "phosphate", "age", "band"), BAND_CASES)
def test_the_band_sentence_reads_naturally_for_every_band(calcium: str, phosphate: str, age: int | None,
                                                          band: str) -> None:
    """The page writes PAGE_TEXTS["band"] around the band's label ("Isto está criança: ..." once)."""
    sentences = {}
    for lang, start, words in (("pt-BR", "O produto está ", ("abaixo ", "acima ", "dentro ")),
                               ("en", "The product is ", ("below ", "above ", "within "))):
        data = compute_mineral(calcium=calcium, phosphate=phosphate, age=age, lang=lang).as_dict()
        assert data["band"]["id"] == band
        sentence = PAGE_TEXTS[lang]["band"].format(band=data["band"]["label"])
        assert sentence.startswith(start) and sentence[len(start):].startswith(words), sentence
        sentences[lang] = sentence
    if band == "paediatric":
        limit = "65" if age is not None and age < 12 else "55"
        assert f"(menos de {limit})" in sentences["pt-BR"] and f"(under {limit})" in sentences["en"]
        assert "crianças" in sentences["pt-BR"] and "child" in sentences["en"]
    assert "criança:" not in sentences["pt-BR"] and "child:" not in sentences["en"]


def test_reason_details_do_not_agree_with_a_label_they_cannot_see() -> None:
    """A detail follows any finding ("Coxa (…)", "Cálcio alto (…)"): no bare adjective whose gender
    would have to match it, and the strength of an 'against' is said as a verb phrase."""
    from calc.text_ddx import detail

    assert detail("typical", {}, "pt-BR") == "achado típico"
    assert detail("not-typical", {}, "pt-BR") == "incomum nesta entidade"
    assert detail("against", {"strength": "typical"}, "pt-BR") == "fala contra"
    assert detail("against", {"strength": "possible"}, "pt-BR") == "pode falar contra"
    assert detail("against", {"strength": "possible"}, "en") == "may argue against it"
    assert detail("usual-age", {"low": 0, "high": 30}, "pt-BR") == "idade habitual: 0–30 anos"
    assert detail("usual-age", {"low": 60, "open": True}, "pt-BR") == "idade habitual: 60 anos ou mais"
    ranked = compute({"clinical": ["renal-failure"], "pattern": ["lobulated-fluid-levels"]}, lang="pt-BR")
    tumoral = next(c for c in ranked["ddx"]["candidates"] if c["id"] == "tumoral-calcinosis")
    assert any(r["detail"] == "fala contra" for r in tumoral["against"]), tumoral["against"]


def test_reader_notes_agree_whatever_the_analyte() -> None:
    """'lido como' after "albumina" was wrong; the note now agrees with "unidade" only."""
    notes = compute({"text": "albumina 3,1, cálcio 9, fósforo 5"}, lang="pt-BR")["notes"]
    assert "albumina 3,1 sem unidade escrita: foi usada a unidade g/dL" in notes, notes
    assert "fósforo 5 sem unidade escrita: foi usada a unidade mg/dL, a mesma do cálcio" in notes, notes
    assert not any(" lido " in n or " lida " in n for n in notes)
    child = compute({"text": "criança com calcificações no músculo"}, lang="pt-BR")["notes"]
    assert any("idade estimada em cerca de" in n for n in child), child


def test_counts_are_singular_for_one() -> None:
    one = compute({"text": "calcificações em grão de arroz"}, lang="pt-BR")["summary"]
    assert one["understood"] == "1 achado reconhecido", one
    many = compute({"text": "calcificações em grão de arroz nos músculos da coxa"}, lang="pt-BR")["summary"]
    assert many["understood"] == "3 achados reconhecidos", many


def test_lab_messages_name_the_value_with_de() -> None:
    """'Albumina 90 g/dL está fora...' read like a label; Portuguese writes 'Albumina de 90 g/dL'."""
    result = compute({"calcium": "2", "phosphate": "4", "albumin": "90"}, lang="pt-BR")
    texts = [m["text"] for m in result["mineral"]["messages"]]
    assert any(t.startswith("Um cálcio de 2 mg/dL é baixo demais") for t in texts), texts
    assert any(t.startswith("Albumina de 90 g/dL está fora da faixa") for t in texts), texts


@pytest.mark.parametrize("n", [1, 2, 5])
def test_count_sentences_read_for_any_number(n: int) -> None:
    """Sentences the page fills with a count and no singular variant must not say '1 causas'."""
    for key in ("live_best", "show_more"):
        sentence = PAGE_TEXTS["pt-BR"][key].format(label="Gota", fit="ajuste 80 %", n=n)
        assert not re.search(r"\b1 \w+s\b", sentence), sentence


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("capp", "--lang", "pt-BR", "--calcium", "10", "--phosphate", "3", "--calcium-unit", "kg"),
         "erro: argumento --calcium-unit: 'kg' não é aceito; use mg/dL ou mmol/L"),
        (("capp", "--calcium", "10", "--phosphate", "3", "--age", "400", "--lang=pt-BR"),
         "erro: argumento --age: espera-se um número inteiro de anos, de 0 a 120"),
        (("ddx", "--lang", "pt-BR", "--text", "  "), "erro: argumento --text: a frase está vazia"),
        (("ddx", "--lang", "pt-BR", "--findings", "/nonexistent/f.json"), "erro: argumento --findings: não foi possível ler"),
        (("ddx", "--text", "x", "--top", "0"), "error: argument --top: a whole number from 1 to"),
    ],
)
def test_cli_usage_errors_speak_the_chosen_language(args: tuple[str, ...], expected: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    from calc.cli import main

    assert main(list(args)) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(expected) and len(err.splitlines()) == 1, err
