"""The lab calculator's sentences in each language (issue 15): messages, working lines, bands.

calc.mineral fills these with numbers written by calc.ui_text.num (decimal comma in
Portuguese); every threshold stays a named constant in calc.mineral, never a word here.
"""

from __future__ import annotations

from collections.abc import Mapping

NAMES: Mapping[str, Mapping[str, str]] = {
    "en": {"calcium": "Calcium", "phosphate": "Phosphate", "albumin": "Albumin"},
    "pt-BR": {"calcium": "Cálcio", "phosphate": "Fósforo", "albumin": "Albumina"},
}

TEXT: Mapping[str, Mapping[str, str]] = {
    "en": {
        "outside": ("{name} {typed} {unit} is outside the range this calculator accepts ({hint}); "
                    "check the value and its unit."),
        "si_conventional": ("{name} {value} mmol/L would be {conv} mg/dL, too high to be real; "
                            "did you mean {value} mg/dL? Then switch its unit to mg/dL."),
        "critical": ("{name} {conv} mg/dL is in the range laboratories report as critical "
                     "(below {low} or above {high} mg/dL)."),
        "ca_too_low": ("Calcium {value} mg/dL is too low to be real; did you mean {value} mmol/L "
                       "({as_mmol} mg/dL)? Then switch its unit to mmol/L."),
        "ca_extremely_low": "Calcium {value} mg/dL is extremely low; did you mean {value} mmol/L ({as_mmol} mg/dL)?",
        "ionized": ("This calcium is in the usual range of an ionized calcium; the product and the "
                    "correction need total serum calcium."),
        "alb_too_high": ("Albumin {value} g/dL is too high to be real; did you mean {value} g/L "
                         "({as_g_dl} g/dL)? Then switch its unit to g/L."),
        "alb_too_low": ("Albumin {value} g/L is too low to be real; did you mean {value} g/dL? "
                        "Then switch its unit to g/dL."),
        "mixed": ("Calcium is in {ca_unit} but phosphate in {p_unit} (mixed units). Phosphate is read as "
                  "{value} {p_unit}; if it was measured in {other} ({value} {other} = {as_other} mg/dL), "
                  "switch its unit."),
        "work_ca": "Calcium {value} mmol/L × {factor} = {mg} mg/dL",
        "work_p": "Phosphate {value} mmol/L × {factor} = {mg} mg/dL",
        "work_corrected": ("Corrected calcium (0.8 form, often called Payne's) = {ca} + {k} × ({ref} − {alb}) "
                           "= {value} ({value_si})"),
        "corrected_estimate": "Corrected calcium is only an estimate; ionized calcium is the reference measurement.",
        "alb_unreliable": ("With albumin below {limit} g/dL the correction is unreliable and can suggest a "
                           "hypercalcaemia that is not there."),
        "renal": ("In kidney failure, uncorrected total calcium tracks free calcium better than the "
                  "corrected value (Lian and Åsberg 2018)."),
        "work_product": "Ca × P = {ca} mg/dL × {p} mg/dL = {product} = {product_si}",
        "work_corrected_product": "With corrected calcium: {ca} × {p} = {product} = {product_si}",
        "above": "above", "below": "below",
        "paediatric": ("{side} the KDOQI 2005 paediatric target for this age (under {limit}); the adult bands "
                       "do not apply to a child"),
        "children": ("Children have higher phosphate and product values; the essay's adult 60–70 range "
                     "would falsely alarm."),
        "no_age": "No age is given, so the bands assume an adult.",
        "kdigo": ("KDIGO 2017 advises judging calcium and phosphate separately, and by their trends, "
                  "rather than by their product."),
        "below-55": "below the KDOQI 2003 target of 55",
        "55-60": "above the KDOQI 2003 target, below the essay's 60–70 range",
        "60-70": "within the essay's 60–70 range linked to metastatic calcification",
        "above-70": "above the essay's 60–70 range linked to metastatic calcification",
        "essay-60": "lower end of the essay's 60–70 range for metastatic calcification",
        "essay-70": "upper end of the essay's 60–70 range for metastatic calcification",
        "kdoqi-55": "KDOQI 2003 target in CKD stages 3–5: below 55",
        "kdoqi-child-65": "KDOQI 2005 paediatric target under 12 years: below 65",
        "reference": "Adult reference: {range}",
        "albumin_normal": "The correction takes {value} as normal",
        "input_empty": "{name}: empty; type a number such as 9.6 or 9,6.",
        "input_long": "{name}: too long; type a number such as 9.6 or 9,6.",
        "input_not_number": ("{name}: '{shown}' is not a plain decimal number; accepted: digits with an "
                             "optional point or comma, such as 9.6 or 9,6."),
        "input_other": "{name}: a number is expected; type a number such as 9.6.",
        "input_unit": "{name}: unit '{shown}' is not accepted; use {accepted}.",
        "or": " or ",
    },
    "pt-BR": {
        "outside": ("{name} de {typed} {unit} está fora da faixa que esta calculadora aceita ({hint}); "
                    "verifique o valor e a unidade."),
        "si_conventional": ("{name} de {value} mmol/L equivaleria a {conv} mg/dL, valor alto demais para ser "
                            "real; quis dizer {value} mg/dL? Nesse caso, mude a unidade para mg/dL."),
        "critical": ("{name} de {conv} mg/dL está na faixa que os laboratórios consideram crítica "
                     "(abaixo de {low} ou acima de {high} mg/dL)."),
        "ca_too_low": ("Um cálcio de {value} mg/dL é baixo demais para ser real; quis dizer {value} mmol/L "
                       "({as_mmol} mg/dL)? Nesse caso, mude a unidade para mmol/L."),
        "ca_extremely_low": ("Um cálcio de {value} mg/dL é extremamente baixo; quis dizer {value} mmol/L "
                             "({as_mmol} mg/dL)?"),
        "ionized": ("Este cálcio está na faixa habitual de um cálcio iônico; o produto e a correção "
                    "precisam do cálcio sérico total."),
        "alb_too_high": ("Uma albumina de {value} g/dL é alta demais para ser real; quis dizer {value} g/L "
                         "({as_g_dl} g/dL)? Nesse caso, mude a unidade para g/L."),
        "alb_too_low": ("Uma albumina de {value} g/L é baixa demais para ser real; quis dizer {value} g/dL? "
                        "Nesse caso, mude a unidade para g/dL."),
        "mixed": ("O cálcio está em {ca_unit}, mas o fósforo em {p_unit} (unidades misturadas). O fósforo é "
                  "lido como {value} {p_unit}; se foi medido em {other} ({value} {other} = {as_other} mg/dL), "
                  "mude a unidade."),
        "work_ca": "Cálcio {value} mmol/L × {factor} = {mg} mg/dL",
        "work_p": "Fósforo {value} mmol/L × {factor} = {mg} mg/dL",
        "work_corrected": ("Cálcio corrigido (fórmula com 0,8, muitas vezes chamada de Payne) = {ca} + {k} × "
                           "({ref} − {alb}) = {value} ({value_si})"),
        "corrected_estimate": ("O cálcio corrigido é apenas uma estimativa; o cálcio iônico é a medida de "
                               "referência."),
        "alb_unreliable": ("Com albumina abaixo de {limit} g/dL a correção não é confiável e pode sugerir uma "
                           "hipercalcemia que não existe."),
        "renal": ("Na insuficiência renal, o cálcio total não corrigido acompanha o cálcio livre melhor do que "
                  "o valor corrigido (Lian e Åsberg 2018)."),
        "work_product": "Ca × P = {ca} mg/dL × {p} mg/dL = {product} = {product_si}",
        "work_corrected_product": "Com o cálcio corrigido: {ca} × {p} = {product} = {product_si}",
        "above": "acima", "below": "abaixo",
        "paediatric": ("{side} da meta pediátrica do KDOQI 2005 para esta idade (menos de {limit}); as faixas "
                       "de adulto não se aplicam a crianças"),
        "children": ("Crianças têm fósforo e produto mais altos; a faixa de 60–70 do ensaio, para adultos, "
                     "daria um falso alarme."),
        "no_age": "Nenhuma idade foi informada, então as faixas consideram um adulto.",
        "kdigo": ("O KDIGO 2017 recomenda avaliar o cálcio e o fósforo separadamente, e pela sua tendência, "
                  "em vez do produto entre eles."),
        "below-55": "abaixo da meta de 55 do KDOQI 2003",
        "55-60": "acima da meta do KDOQI 2003, abaixo da faixa de 60–70 do ensaio",
        "60-70": "dentro da faixa de 60–70 do ensaio associada à calcificação metastática",
        "above-70": "acima da faixa de 60–70 do ensaio associada à calcificação metastática",
        "essay-60": "limite inferior da faixa de 60–70 do ensaio para calcificação metastática",
        "essay-70": "limite superior da faixa de 60–70 do ensaio para calcificação metastática",
        "kdoqi-55": "meta do KDOQI 2003 na DRC em estágios 3–5: abaixo de 55",
        "kdoqi-child-65": "meta pediátrica do KDOQI 2005 para menores de 12 anos: abaixo de 65",
        "reference": "Referência para adultos: {range}",
        "albumin_normal": "A correção considera {value} como normal",
        "input_empty": "{name}: vazio; digite um número como 9,6 ou 9.6.",
        "input_long": "{name}: longo demais; digite um número como 9,6 ou 9.6.",
        "input_not_number": ("{name}: '{shown}' não é um número decimal simples; aceitos: algarismos com "
                             "vírgula ou ponto decimal opcional, como 9,6 ou 9.6."),
        "input_other": "{name}: espera-se um número; digite um número como 9,6.",
        "input_unit": "{name}: a unidade '{shown}' não é aceita; use {accepted}.",
        "or": " ou ",
    },
}
