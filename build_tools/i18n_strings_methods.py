"""Words of the Methods page's generated parts, the About page's offline paragraph and the
progress bar and error page of the theme.

Kept apart from :mod:`build_tools.i18n_strings` only to keep each module short: that module
merges these tables into its own ``STRINGS``, so the builders ask ``strings(lang)`` as for
any other text, and a key missing from a language is the same build error. Numbers are not
written here: :mod:`build_tools.methods` reads them from ``calc`` and fills ``{...}``.
"""

from __future__ import annotations

EN_METHODS: dict[str, str] = {
    # thresholds table (build_tools/methods.py thresholds_table)
    "m_th_head": "| Number used | Source |",
    "m_src_essay": "the essay (Metastatic (metabolic) calcifications)",
    "m_src_design": "this project's choice (not a clinical value; no source states it)",
    "m_row_albumin": (
        "Albumin correction used: corrected Ca = Ca + {coef} × ({ref} − albumin in g/dL), "
        "the widely used {coef} form"),
    "m_row_payne": (
        "Not used: the 1973 paper's own equation, adjusted Ca = Ca − albumin + {ref} (slope {slope})"),
    "m_row_unreliable": "Correction flagged as unreliable below albumin {value} g/dL",
    "m_row_unreliable_src": "misleading at {value} g/dL in {source}",
    "m_row_mixup": "A calcium 'in mg/dL' below {value} is questioned as mmol/L",
    "m_row_paediatric": "Adult bands not applied under {age} years",
    "m_row_paediatric_src": "the paediatric guideline is {source}",
    "m_row_child": "Paediatric product limit changes at {age} years",
    # rows of calc.mineral.methods_table(), by id (the English wording is the engine's own;
    # the thresholds' words come from calc/text_mineral.py in every language)
    "m_t_adult total calcium reference": "",
    "m_t_adult phosphate reference": "",
    "m_t_ionized calcium range (a 'total' value here is questioned)": "",
    "m_t_calcium critical limits (warning)": "",
    "m_t_accepted calcium (input check)": "",
    "m_t_accepted phosphate (input check)": "",
    "m_t_accepted albumin (input check)": "",
    "m_t_phosphate reference under 1 year": "",
    "m_t_phosphate reference at 1–2 years": "",
    "m_t_phosphate reference at 3–12 years": "",
    # unit factors
    "m_un_head": "| Conversion | Factor | Basis |",
    "m_un_calcium": "Calcium: mmol/L → mg/dL", "m_un_phosphate": "Phosphate (as phosphorus): mmol/L → mg/dL",
    "m_un_albumin": "Albumin: g/dL → g/L", "m_un_product": "Ca × P: mmol²/L² → mg²/dL²",
    "m_un_reverse": "mg/dL → mmol/L",
    "m_un_mass_calcium": "molar mass of calcium {mass} g/mol",
    "m_un_mass_phosphorus": "molar mass of phosphorus {mass} g/mol",
    "m_un_definition": "definition of the units", "m_un_both": "product of the two factors above",
    "m_un_note": (
        "The factors are arithmetic from the molar masses; the calcium factor agrees with the "
        "paired values of {source} ({mg} mg/dL = {mmol} mmol/L). Full citations on the About page."),
    # weights
    "m_w_head": "| Finding | Weight when typical | when possible | subtracted when the entity does not show it |",
    "m_w_age": "age (within the entity's usual ages, give or take {years} years)",
    "m_w_up_to": "up to {value}",
    "m_w_lab": "lab: {analyte} (entities with a lab profile)",
    "m_cat_compartment": "compartment", "m_cat_pattern": "pattern", "m_cat_site": "site",
    "m_cat_distribution": "distribution", "m_cat_clinical": "clinical",
    "m_lab_calcium": "calcium", "m_lab_phosphate": "phosphate", "m_lab_product": "product",
    "m_prev_common": "common", "m_prev_uncommon": "uncommon", "m_prev_rare": "rare",
    "m_w_abnormal": (
        "An abnormal lab value subtracts {value} from an entity without a lab profile "
        "(dystrophic, iatrogenic); normal values leave it unchanged."),
    "m_w_no_history": (
        "A metastatic entity whose own clinical context is not given gains at most {value} points "
        "from the labs."),
    "m_w_against": (
        "A clinical context that argues against an entity subtracts its weight × {value}; its "
        "explicit absence adds half of that."),
    "m_w_absent": (
        "A finding stated as absent ('no trauma') that an entity typically shows subtracts "
        "{value} × the category weight."),
    "m_w_no_clue": "A metastatic entity with neither a typical clinical context nor a fitting lab value loses {value}.",
    "m_w_age_ramp": (
        "Outside an entity's usual ages (beyond the {grace}-year margin) the age penalty grows over "
        "{ramp} years to its full value; an age over {elderly} counts as the clinical context 'elderly'."),
    "m_w_fit": (
        "The fit divides by at least {floor} points. Fit words: strong from {strong}, partial from "
        "{partial}, weak below; 'strong' is never shown when the input is too thin to rank, nor for "
        "a metastatic cause with no systemic disorder given."),
    "m_w_rounding": (
        "Scores are rounded to {digits} decimals; equal rounded scores are a tie. {size} or more "
        "causes tied at the top count as thin input."),
    "m_w_prevalence": "How common an entity is orders a tie ({bonus}) without breaking it.",
    "m_w_discriminators": (
        "Discriminators compare up to {candidates} candidates within {margin} points of the first, "
        "must move them apart by at least {spread} points, and show up to {shown}."),
    # red flags
    "m_rf_alone": "raises the notice on its own",
    "m_rf_mass": "raises the notice together with any other flag",
    "m_rf_support": "counts only with a mass or growth",
    "m_rf_and": "and",
    "m_rf_names": "The notice names {names} and gives the next step: {next_step}",
    "m_rf_sources": "Sources of the rule: {sources}; full citations on the About page.",
    # About: offline paragraph (build_tools/offline.py about_section)
    "off_browser": (
        "**In the browser.** Once you have opened any page of the site, the browser keeps every "
        "page and the search on your device; once you have also opened the "
        "[calculator](calculator.md), it keeps the calculator too, and the calculator page says "
        "“Ready offline”. When a new version is published, a notice at the bottom of the page "
        "offers to reload."),
    "off_serve_hint": (
        "If the calculator does not start there (some browsers restrict pages opened from files), "
        "serve the folder with a small local web server instead: in a terminal, in the "
        "`stc-guide` folder, run `python3 -m http.server` and open `http://localhost:8000/` in "
        "the browser."),
    "off_no_zip": (
        "**As a folder.** A zip of the whole site that opens from a folder is produced by "
        "`make build` (`mkdocs build`); this {what} does not make it."),
    "off_preview": "preview", "off_build": "build",
    "off_copy": (
        "You are reading the **offline copy** of STC Guide: it works from a folder, with no network "
        "connection. The calculator starts in a few seconds, as it runs on the page itself. {hint}"),
    "off_two_ways": "STC Guide works without a connection in two ways.",
    "off_not_in_preview": "(Not in this preview: `mkdocs serve` turns offline caching off.)",
    "off_folder": (
        '**As a folder.** <a href="{href}" download>Download the offline copy</a> (zip{size}), '
        "unzip it and open `stc-guide/index.html` in your browser. Pages, search and the "
        "calculator work from the folder with no network connection; the calculator takes a few "
        "seconds to start, as it runs on the page itself. {hint}"),
    # theme partials and the error page (overrides/404.html)
    "loading_page": "Loading the page",
    "not_found_title": "Not found",
    "not_found_text": "This address is not a page of STC Guide: the link may be old or mistyped.",
    "not_found_home": "Go to the home page",
}

PT_METHODS: dict[str, str] = {
    "m_th_head": "| Número usado | Fonte |",
    "m_src_essay": "o ensaio (Calcificações metastáticas (metabólicas))",
    "m_src_design": "escolha deste projeto (não é um valor clínico; nenhuma fonte o afirma)",
    "m_row_albumin": (
        "Correção pela albumina usada: Ca corrigido = Ca + {coef} × ({ref} − albumina em g/dL), "
        "a forma com {coef}, a mais difundida"),
    "m_row_payne": (
        "Não usada: a equação do próprio artigo de 1973, Ca ajustado = Ca − albumina + {ref} "
        "(inclinação {slope})"),
    "m_row_unreliable": "Correção marcada como pouco confiável com albumina abaixo de {value} g/dL",
    "m_row_unreliable_src": "enganosa com {value} g/dL em {source}",
    "m_row_mixup": "Um cálcio \u201cem mg/dL\u201d abaixo de {value} é questionado como mmol/L",
    "m_row_paediatric": "Faixas de adulto não aplicadas abaixo de {age} anos",
    "m_row_paediatric_src": "a diretriz pediátrica é {source}",
    "m_row_child": "O limite pediátrico do produto muda aos {age} anos",
    "m_t_adult total calcium reference": "referência do cálcio total em adultos",
    "m_t_adult phosphate reference": "referência do fósforo em adultos",
    "m_t_ionized calcium range (a 'total' value here is questioned)": (
        "faixa do cálcio iônico (um valor \u201ctotal\u201d nesta faixa é questionado)"),
    "m_t_calcium critical limits (warning)": "limites críticos do cálcio (aviso)",
    "m_t_accepted calcium (input check)": "cálcio aceito (verificação da entrada)",
    "m_t_accepted phosphate (input check)": "fósforo aceito (verificação da entrada)",
    "m_t_accepted albumin (input check)": "albumina aceita (verificação da entrada)",
    "m_t_phosphate reference under 1 year": "referência do fósforo abaixo de 1 ano",
    "m_t_phosphate reference at 1–2 years": "referência do fósforo de 1 a 2 anos",
    "m_t_phosphate reference at 3–12 years": "referência do fósforo de 3 a 12 anos",
    "m_un_head": "| Conversão | Fator | Base |",
    "m_un_calcium": "Cálcio: mmol/L → mg/dL", "m_un_phosphate": "Fosfato (como fósforo): mmol/L → mg/dL",
    "m_un_albumin": "Albumina: g/dL → g/L", "m_un_product": "Ca × P: mmol²/L² → mg²/dL²",
    "m_un_reverse": "mg/dL → mmol/L",
    "m_un_mass_calcium": "massa molar do cálcio {mass} g/mol",
    "m_un_mass_phosphorus": "massa molar do fósforo {mass} g/mol",
    "m_un_definition": "definição das unidades", "m_un_both": "produto dos dois fatores acima",
    "m_un_note": (
        "Os fatores são pura aritmética a partir das massas molares; o fator do cálcio confere com "
        "os valores pareados de {source} ({mg} mg/dL = {mmol} mmol/L). Citações completas na "
        "página Sobre."),
    "m_w_head": "| Achado | Peso quando típico | quando possível | subtraído quando a entidade não o mostra |",
    "m_w_age": "idade (dentro das idades habituais da entidade, com margem de {years} anos)",
    "m_w_up_to": "até {value}",
    "m_w_lab": "exame: {analyte} (entidades com perfil laboratorial)",
    "m_cat_compartment": "compartimento", "m_cat_pattern": "padrão", "m_cat_site": "local",
    "m_cat_distribution": "distribuição", "m_cat_clinical": "contexto clínico",
    "m_lab_calcium": "cálcio", "m_lab_phosphate": "fósforo", "m_lab_product": "produto",
    "m_prev_common": "comum", "m_prev_uncommon": "incomum", "m_prev_rare": "rara",
    "m_w_abnormal": (
        "Um exame alterado subtrai {value} de uma entidade sem perfil laboratorial (distrófica, "
        "iatrogênica); valores normais não a alteram."),
    "m_w_no_history": (
        "Uma entidade metastática cujo contexto clínico próprio não foi informado ganha no máximo "
        "{value} pontos com os exames."),
    "m_w_against": (
        "Um contexto clínico que fala contra uma entidade subtrai o seu peso × {value}; a sua "
        "ausência explícita soma metade disso."),
    "m_w_absent": (
        "Um achado declarado ausente (\u201csem trauma\u201d) que uma entidade tipicamente mostra "
        "subtrai {value} × o peso da categoria."),
    "m_w_no_clue": (
        "Uma entidade metastática sem contexto clínico típico nem exame compatível perde {value}."),
    "m_w_age_ramp": (
        "Fora das idades habituais de uma entidade (além da margem de {grace} anos), a penalidade "
        "de idade cresce ao longo de {ramp} anos até o valor integral; uma idade acima de {elderly} "
        "conta como o contexto clínico \u201cidoso\u201d."),
    "m_w_fit": (
        "O ajuste divide por no mínimo {floor} pontos. Palavras de ajuste: forte a partir de "
        "{strong}, parcial a partir de {partial}, fraco abaixo disso; \u201cforte\u201d nunca aparece "
        "quando a entrada é escassa demais para ordenar, nem para uma causa metastática sem "
        "distúrbio sistêmico informado."),
    "m_w_rounding": (
        "As pontuações são arredondadas para {digits} casas decimais; pontuações arredondadas "
        "iguais são um empate. {size} ou mais causas empatadas no topo contam como entrada escassa."),
    "m_w_prevalence": "A frequência de uma entidade ordena um empate ({bonus}) sem desfazê-lo.",
    "m_w_discriminators": (
        "Os discriminadores comparam até {candidates} candidatos a até {margin} pontos do "
        "primeiro, precisam afastá-los em pelo menos {spread} pontos, e no máximo {shown} são mostrados."),
    "m_rf_alone": "dispara o aviso sozinho",
    "m_rf_mass": "dispara o aviso junto com qualquer outro sinal",
    "m_rf_support": "só conta com uma massa ou crescimento",
    "m_rf_and": "e",
    "m_rf_names": "O aviso cita {names} e indica o próximo passo: {next_step}",
    "m_rf_sources": "Fontes da regra: {sources}; citações completas na página Sobre.",
    "off_browser": (
        "**No navegador.** Depois que você abre qualquer página do site, o navegador guarda todas "
        "as páginas e a busca no seu aparelho; depois que você abre a [calculadora](calculator.md), "
        "ele guarda também a calculadora, e a página dela avisa quando "
        "está pronta para uso offline. Quando uma nova versão é publicada, um aviso no rodapé da "
        "página oferece recarregá-la."),
    "off_serve_hint": (
        "Se a calculadora não iniciar assim (alguns navegadores restringem páginas abertas de "
        "arquivos), sirva a pasta com um pequeno servidor web local: num terminal, na pasta "
        "`stc-guide`, execute `python3 -m http.server` e abra `http://localhost:8000/` no "
        "navegador."),
    "off_no_zip": (
        "**Como pasta.** Um zip do site inteiro, que abre a partir de uma pasta, é gerado por "
        "`make build` (`mkdocs build`); {what} não o gera."),
    "off_preview": "esta pré-visualização", "off_build": "este build",
    "off_copy": (
        "Você está lendo a **cópia offline** do STC Guide: ela funciona a partir de uma pasta, sem "
        "conexão de rede. A calculadora inicia em poucos segundos, pois roda na própria página. {hint}"),
    "off_two_ways": "O STC Guide funciona sem conexão de duas maneiras.",
    "off_not_in_preview": "(Não nesta pré-visualização: o `mkdocs serve` desliga o cache offline.)",
    "off_folder": (
        '**Como pasta.** <a href="{href}" download>Baixe a cópia offline</a> (zip{size}), '
        "descompacte-a e abra `stc-guide/index.html` no navegador. Páginas, busca e calculadora "
        "funcionam a partir da pasta sem conexão de rede; a calculadora leva alguns segundos para "
        "iniciar, pois roda na própria página. {hint}"),
    "loading_page": "Carregando a página",
    "not_found_title": "Página não encontrada",
    "not_found_text": ("Este endereço não é uma página do STC Guide: o link pode estar desatualizado ou ter "
                       "sido digitado errado."),
    "not_found_home": "Ir para o início em português",
}
