"""The command line: results on stdout with exit 0, one clear line on stderr with exit 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from calc.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "calc", *args], cwd=ROOT, input=stdin,
                          capture_output=True, text=True, check=False, timeout=60)


def test_capp_json_keys_and_values() -> None:
    result = run("capp", "--calcium", "10.5", "--phosphate", "8", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["product_mg2_dl2"] == 84.0
    assert data["product_mmol2_l2"] == pytest.approx(6.77, abs=0.005)
    assert data["corrected_calcium_mg_dl"] is None
    assert isinstance(data["messages"], list)


def test_capp_with_albumin_and_si_units() -> None:
    result = run("capp", "--calcium", "2,40", "--calcium-unit", "mmol/L", "--phosphate", "1.80",
                 "--albumin", "30", "--albumin-unit", "g/L", "--json")
    data = json.loads(result.stdout)
    assert data["product_mmol2_l2"] == pytest.approx(4.32, abs=0.005)
    assert data["corrected_calcium_mg_dl"] == pytest.approx(9.62 + 0.8, abs=0.01)


def test_capp_human_output_shows_working_and_notice() -> None:
    result = run("capp", "--calcium", "10.5", "--phosphate", "8")
    assert "Ca × P = 84.0 mg²/dL²" in result.stdout
    assert "Working:" in result.stdout
    assert "not a diagnostic device" in result.stdout


def test_ddx_text_json() -> None:
    result = run("ddx", "--text", "numerous round calcified bodies in the knee joint with effusion", "--top", "3",
                 "--json")
    data = json.loads(result.stdout)
    assert data["candidates"][0]["id"] == "synovial-osteochondromatosis"
    assert len(data["candidates"]) == 3
    for key in ("id", "label", "score", "mechanism", "for", "against", "page"):
        assert key in data["candidates"][0]
    assert "pattern" in data["findings"]
    assert "discriminators" in data


def test_ddx_findings_from_stdin_and_file(tmp_path: Path) -> None:
    findings = {"compartment": ["muscle"], "pattern": ["rice-grain"], "labs": {"calcium": 9.4, "phosphate": 4.1}}
    result = run("ddx", "--findings", "-", "--json", stdin=json.dumps(findings))
    assert json.loads(result.stdout)["candidates"][0]["id"] == "cysticercosis"
    path = tmp_path / "f.json"
    path.write_text(json.dumps(findings), encoding="utf-8")
    assert json.loads(run("ddx", "--findings", str(path), "--json").stdout)["mineral"]["product_mg2_dl2"] == 38.5


def test_vocab_lists_every_id() -> None:
    data = json.loads(run("vocab", "--json").stdout)
    assert len(data["entities"]) == len(load_knowledge().entities) >= 29
    assert data["pattern"]["rice-grain"]


@pytest.mark.parametrize(
    ("args", "stdin", "needle"),
    [
        (("capp", "--calcium", "abc", "--phosphate", "3"), None, "--calcium"),
        (("capp", "--calcium", "2.4", "--phosphate", "3"), None, "mmol/L"),
        (("capp", "--calcium", "10", "--phosphate", "3", "--calcium-unit", "kg"), None, "mg/dL or mmol/L"),
        (("capp", "--calcium", "10"), None, "--phosphate"),
        (("capp", "--calcium", "10", "--phosphate", "3", "--age", "400"), None, "--age"),
        (("ddx",), None, "--text"),
        (("ddx", "--text", "x", "--top", "0"), None, "--top"),
        (("ddx", "--findings", "-"), "{not json", "not valid JSON"),
        (("ddx", "--findings", "-"), '{"pattern": ["bogus"]}', "rice-grain"),
        (("ddx", "--findings", "-"), '{"colour": ["red"]}', "accepted keys"),
        (("ddx", "--findings", "-"), '["a"]', "JSON object"),
        (("ddx", "--findings", "/nonexistent/file.json"), None, "cannot read"),
        (("ddx", "--findings", "-"), '{"labs": {"calcium": "NaN"}}', "calcium"),
        (("frobnicate",), None, "invalid choice"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args: tuple[str, ...], stdin: str | None, needle: str) -> None:
    result = run(*args, stdin=stdin)
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert needle.lower() in lines[0].lower()
    assert "Traceback" not in result.stderr


def test_ddx_shows_status_fit_words_ties_and_look_for() -> None:
    result = run("ddx", "--text", "chondrocalcinosis of the knees, Ca 11.5 mg/dL, P 2.2 mg/dL", "--json")
    data = json.loads(result.stdout)
    assert data["status"] == "ranked" and data["show_bars"] is True and data["message"] is None
    first = data["candidates"][0]
    assert first["id"] == "cppd" and first["fit_word"] in ("strong", "partial", "weak")
    assert first["fit_text"].endswith("fit") and isinstance(first["tie"], int)
    assert data["look_for"][0]["id"] == "hyperparathyroidism"
    text = run("ddx", "--text", "chondrocalcinosis of the knees, Ca 11.5 mg/dL, P 2.2 mg/dL").stdout
    assert "Look for: Primary hyperparathyroidism" in text and "fit" in text


def test_ddx_says_when_it_understood_nothing_or_too_little() -> None:
    nothing = run("ddx", "--text", "see attached images")
    assert nothing.returncode == 0 and "Nothing in the text was recognised" in nothing.stdout
    assert json.loads(run("ddx", "--text", "see attached images", "--json").stdout)["candidates"] == []
    thin = run("ddx", "--text", "calcification at the hip")
    assert "Add the pattern or the compartment to rank the causes." in thin.stdout
    assert "Compatible causes" in thin.stdout and "%" not in thin.stdout.split("Compatible causes")[1]


PT_BAD_ARGUMENTS = [
    (("capp", "--calcium", "10"), None, "erro: os seguintes argumentos são obrigatórios: --phosphate"),
    (("capp", "--calcium", "10", "--phosphate", "3", "--age", "x"), None,
     "erro: argumento --age: valor inválido (tipo int): 'x'"),
    (("capp", "--calcium", "10", "--phosphate", "3", "--age", "400"), None,
     "erro: argumento --age: espera-se um número inteiro de anos, de 0 a 120"),
    (("ddx",), None, "erro: um dos argumentos --text --findings é obrigatório"),
    (("ddx", "--text", "a", "--findings", "b"), None, "erro: argumento --findings: não é permitido junto com o argumento --text"),
    (("capp", "--calcium", "10", "--phosphate", "3", "--zzz"), None, "erro: argumentos não reconhecidos: --zzz"),
    (("frobnicate",), None, "erro: argumento command: opção inválida: 'frobnicate' (escolha entre 'capp', 'ddx', 'vocab')"),
    (("ddx", "--findings", "-"), '{"colour": ["red"]}', "erro: argumento --findings: chave desconhecida 'colour'; chaves aceitas:"),
    (("ddx", "--findings", "-"), '["a"]', "erro: argumento --findings: achados: espera-se um objeto JSON"),
    (("ddx", "--findings", "-"), '{"labs": 3}', "erro: argumento --findings: labs: espera-se um objeto"),
    (("ddx", "--findings", "-"), '{"age": "old"}', "erro: argumento --findings: age: espera-se um número inteiro"),
    (("ddx", "--findings", "-"), '{"site": ["knee"], "absent": {"site": ["knee"]}}',
     "erro: argumento --findings: local: 'knee' aparece ao mesmo tempo como presente e como ausente"),
]


@pytest.mark.parametrize(("args", "stdin", "start"), PT_BAD_ARGUMENTS)
def test_bad_arguments_in_portuguese(args: tuple[str, ...], stdin: str | None, start: str,
                                     capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse's own messages and the finding-set checks speak Portuguese under --lang pt-BR."""
    from calc.cli import main

    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    assert main([*args, "--lang", "pt-BR"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(start) and len(err.splitlines()) == 1, err
    for english in ("error", "argument ", "required", "invalid", "unknown", "expected", "allowed"):
        assert english not in err, err


def test_help_in_portuguese_and_english_afterwards(capsys: pytest.CaptureFixture[str]) -> None:
    """--help's headings and texts follow --lang; argparse speaks English again afterwards."""
    from calc.cli import main

    with pytest.raises(SystemExit):
        main(["capp", "--help", "--lang", "pt-BR"])
    text = capsys.readouterr().out
    assert text.startswith("uso: python -m calc capp") and "opções:" in text
    assert "mostra esta ajuda e sai" in text and "cálcio sérico total" in text
    assert "usage" not in text and "options" not in text and "show this help" not in text
    assert main(["capp", "--calcium", "10"]) == 2
    assert capsys.readouterr().err.strip() == "error: the following arguments are required: --phosphate"
    with pytest.raises(SystemExit):
        main(["capp", "--help"])
    assert capsys.readouterr().out.startswith("usage: python -m calc capp")
