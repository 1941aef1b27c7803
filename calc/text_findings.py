"""What is wrong with a finding set, in each language (issue 15).

calc/findings.py validates a finding set for the CLI (strict: the first problem is an error) and
the calculator page (lenient: problems become notes); both show these sentences, so a
Portuguese reader is told in Portuguese what is wrong and what is accepted. Keys, ids and
example JSON stay as typed (they are what the reader has to write).
"""

from __future__ import annotations

from collections.abc import Mapping

WORDS: Mapping[str, Mapping[str, str]] = {
    "en": {
        "age_range": "a whole number of years from 0 to {max} is expected",
        "not_object": "findings: a JSON object is expected, e.g. {example}",
        "unknown_key": "unknown key '{key}'; accepted keys: {accepted}",
        "absent_unknown_key": "absent: unknown key '{key}'; accepted: {accepted}",
        "absent_not_object": "absent: an object of categories is expected, e.g. {example}",
        "both": "{category}: '{id}' is given both as present and as absent",
        "lab_value": "labs.{key}: a number or a unit string is expected",
        "labs_unknown_key": "labs: unknown key '{key}'; accepted: {accepted}",
        "labs_not_object": "labs: an object is expected, e.g. {example}",
    },
    "pt-BR": {
        "age_range": "espera-se um número inteiro de anos, de 0 a {max}",
        "not_object": "achados: espera-se um objeto JSON, por exemplo {example}",
        "unknown_key": "chave desconhecida '{key}'; chaves aceitas: {accepted}",
        "absent_unknown_key": "absent: chave desconhecida '{key}'; aceitas: {accepted}",
        "absent_not_object": "absent: espera-se um objeto com categorias, por exemplo {example}",
        "both": "{category}: '{id}' aparece ao mesmo tempo como presente e como ausente",
        "lab_value": "labs.{key}: espera-se um número ou o texto de uma unidade",
        "labs_unknown_key": "labs: chave desconhecida '{key}'; aceitas: {accepted}",
        "labs_not_object": "labs: espera-se um objeto, por exemplo {example}",
    },
}
