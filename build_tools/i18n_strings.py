"""Every UI string of the generated pages and the page chrome, one table per language.

The page builders (:mod:`build_tools.pages`), the navigation of the Portuguese tree and the
templates (through ``stc_t`` in the page context) take their words from here and nowhere
else; knowledge-base prose comes from :mod:`build_tools.i18n_prose`. A key missing from a
language is a build error (see :func:`check_tables`), never a silent English fallback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from build_tools.i18n_prose import EN, LANGS, PT
from build_tools.i18n_strings_methods import EN_METHODS, PT_METHODS
from build_tools.i18n_strings_offline import EN_OFFLINE, PT_OFFLINE

STRINGS: dict[str, dict[str, str]] = {
    EN: {
        # language switch and templates
        "language_name": "English",
        "last_revised": "Last revised",
        "printed_from": "Printed from STC Guide",
        "printed_notice": "For medical education only: not a diagnosis and not a basis for treatment.",
        "site_description": (
            "An educational field guide to soft-tissue calcifications on radiographs, with a "
            "calcium-phosphate and differential calculator that runs in the browser."),
        "untranslated": "",
        # navigation
        "nav_home": "Home", "nav_approach": "Approach", "nav_calculator": "Calculator",
        "nav_patterns": "Pattern atlas", "nav_figures": "Figures of the essay",
        "nav_nomenclature": "Nomenclature and pitfalls", "nav_glossary": "Glossary",
        "nav_methods": "Methods", "nav_about": "About and sources",
        "nav_overview": "Overview", "nav_mechanisms": "Mechanisms",
        "group_metastatic": "Metastatic (metabolic)", "group_idiopathic": "Idiopathic",
        "group_calcinosis": "Calcinosis circumscripta and universalis",
        "group_tumours": "Must not miss: tumours (beyond the essay)",
        # entity pages
        "sec_summary": "Summary", "sec_mechanism-and-compartment": "Mechanism and compartment",
        "sec_where": "Where", "sec_what-it-looks-like": "What it looks like",
        "sec_beyond-the-radiograph": "Beyond the radiograph",
        "sec_clinical-and-lab-clues": "Clinical and lab clues",
        "sec_pearls-and-pitfalls": "Pearls and pitfalls", "sec_in-the-report": "In the report",
        "sec_look-alikes": "Look-alikes", "sec_sources": "Sources",
        "also_called": "Also called", "abbreviations": "Abbreviations",
        "calculator_link": "Open in the calculator with these findings",
        "educational_notice": (
            "**Educational use only.** A teaching summary of published material, not a "
            "diagnosis: do not use it to make or change decisions about a patient."),
        "see_about": "See [About and sources]({href}).",
        "mechanism": "Mechanism", "compartment": "Compartment",
        "no_compartment": "- No preferred compartment: it can appear in any of them.",
        "listed_under": "Listed in this guide under [{title}]({href}).",
        "sites": "Sites", "distribution": "Distribution", "any_site": "- Any site.",
        "no_distribution": "- No characteristic distribution recorded.",
        "patterns_lead": (
            "Typical patterns are what a textbook case shows; possible ones occur but point to "
            "it less. Every pattern is drawn and defined in the [pattern atlas]({href})."),
        "badge_typical": "Typical", "badge_possible": "Possible",
        "argues_against": "Argues against", "may_argue_against": "May argue against",
        "clinical_context": "Clinical context",
        "no_clinical": "- No characteristic clinical setting recorded.",
        "age": "Age", "age_range": "Usually {low}–{high} years.",
        "age_min": "Usually {low} years or older.", "age_max": "Usually younger than {high} years.",
        "laboratory": "Laboratory", "no_labs": "- No characteristic laboratory pattern recorded.",
        "associated": "Associated conditions to look for",
        "pearls": "Pearls", "pitfalls": "Pitfalls", "none_yet": "- None recorded yet.",
        "naming_traps": (
            "Naming traps across the whole field are collected under "
            "[Nomenclature and pitfalls]({href})."),
        "no_lookalike": "- No look-alike recorded yet.",
        "same_pattern": "Same typical pattern",
        "also_typical": "- [{pattern}]({href}) is also typical of {links}.",
        "drawing": "Drawing",
        # citations
        "essay_section": "Essay, section",
        "figure": "figure",
        "radiograph_in_article": "radiograph in the article",
        "reference_list": "reference list", "the_essay": "The essay",
        "read_article": "read the article",
        "see_radiograph": "See the radiograph",
        "figure_in_article": "Figure {n} in the published article",
        # section pages
        "mechanism_em": "Mechanism", "typical_look": "Typical look", "none": "- None.",
        "also_described": "Also described as",
        "open_compartment": "Open the calculator with this compartment",
        "compartment_title": "{label} compartment",
        "h_essay": "What the essay covers", "not_essay_section": "Not a section of the essay.",
        "h_comp_entities": "Entities in this compartment",
        "h_also_seen": "Also seen here",
        "also_seen_lead": "Entities listed elsewhere in this guide that can involve this compartment.",
        "also_listed": "listed under",
        "h_patterns": "Patterns to look for", "typical_of": "typical of",
        "h_figures": "Essay illustrations",
        "no_comp_figure": "- The essay has no figure for this compartment.",
        "group_lead": (
            "The same entities, with every other cause of this mechanism, are listed under "
            "[{label} mechanism]({href})."),
        "h_group_entities": "Entities in this group",
        "no_group_figure": "- The essay has no figure for this group.",
        "mechanism_title": "{label} calcification",
        "no_mech_section": "No section of the essay is devoted to it.",
        "h_entities": "Entities",
        "mech_count": (
            "{count} of the {total} entities in this guide have this mechanism, grouped here "
            "by where the guide lists them."),
        "mech_count_one": (
            "{count} of the {total} entities in this guide has this mechanism, shown here under "
            "where the guide lists it."),
        "also_mech": "also",
        "essay_section_bold": "Essay section",
        # atlas, figures, glossary
        "atlas_description": "Every radiographic pattern of the guide, drawn and defined.",
        "atlas_title": "Pattern atlas",
        "atlas_lead": (
            "Each pattern of the guide's vocabulary with a schematic drawing made for STC Guide "
            "(the essay's radiographs are not reproduced), its definition, the words radiology "
            "reports use for it, and the entities that show it. *Typical* means a textbook case "
            "shows it; *possible* means it occurs but points to the entity less."),
        "no_entity_shows": "- No entity of the guide shows it.",
        "figures_description": "The essay's sections and figures, restated by STC Guide.",
        "figures_title": "Figures of the essay",
        "figures_lead": (
            "The guide is built on one pictorial essay: {citation} This page restates, in the "
            "project's own words, what each section of the essay covers and what each of its "
            "figures shows, with the entities it illustrates. The radiographs themselves are not "
            "reproduced: read the original article to see them"),
        "h_sections": "The essay, section by section",
        "covered_in": "Covered in", "figures_colon": "Figures",
        "figure_title": "Figure {n}: {title}",
        "what_it_shows": "What it shows", "look_for": "Look for", "entities": "Entities",
        "glossary_description": "Terms and abbreviations used in STC Guide.",
        "glossary_title": "Glossary",
        "glossary_lead": (
            "Terms and abbreviations used across the guide. Abbreviations with an expansion are "
            "also explained wherever they appear: hover over them, or tap them on a touch screen."),
        "source": "Source", "no_terms": "No terms yet.",
        "glossary_pt_column": "Português", "glossary_en_column": "English",
        # home page table, references
        "th_compartment": "Compartment", "any_compartment": "Any compartment",
        "essay_source_line": "The source essay of every clinical fact in the guide.",
        "used_for": "Used for",
        # depth (build_tools/depth.py)
        "nothing_yet": "Nothing recorded yet: this guide adds here only what a source it has read states.",
        "beyond_essay_title": "Beyond the essay",
        "beyond_essay_text": (
            "The essay names tumours among the causes of soft-tissue calcification but leaves "
            "them out of its scope. This page is built from the other sources cited below, so "
            "that a calcified mass is not filed as a benign deposit without thinking of it."),
        "safety": "Safety", "classic_tell": "The classic tell", "who_gets_it": "Who gets it",
        "suggested_phrase": "Suggested phrase", "next_step": "Next step", "sources": "Sources",
        "essay_lower": "essay",
    },
    PT: {
        "language_name": "Português",
        "last_revised": "Última revisão",
        "printed_from": "Impresso do STC Guide",
        "printed_notice": "Apenas para educação médica: não é diagnóstico nem base para tratamento.",
        "site_description": (
            "Guia educativo das calcificações de partes moles na radiografia, com uma calculadora "
            "de cálcio-fósforo e de diagnóstico diferencial que roda no navegador."),
        "untranslated": (
            "Esta página ainda não foi traduzida: o texto abaixo está em inglês."),
        "nav_home": "Início", "nav_approach": "Abordagem", "nav_calculator": "Calculadora",
        "nav_patterns": "Atlas de padrões", "nav_figures": "Figuras do ensaio",
        "nav_nomenclature": "Nomenclatura e armadilhas", "nav_glossary": "Glossário",
        "nav_methods": "Métodos", "nav_about": "Sobre e fontes",
        "nav_overview": "Visão geral", "nav_mechanisms": "Mecanismos",
        "group_metastatic": "Metastáticas (metabólicas)", "group_idiopathic": "Idiopáticas",
        "group_calcinosis": "Calcinose circunscrita e universal",
        "group_tumours": "Não deixar passar: tumores (além do ensaio)",
        "sec_summary": "Resumo", "sec_mechanism-and-compartment": "Mecanismo e compartimento",
        "sec_where": "Localização", "sec_what-it-looks-like": "Aspecto de imagem",
        "sec_beyond-the-radiograph": "Além da radiografia",
        "sec_clinical-and-lab-clues": "Pistas clínicas e laboratoriais",
        "sec_pearls-and-pitfalls": "Dicas e armadilhas", "sec_in-the-report": "No laudo",
        "sec_look-alikes": "Diagnósticos semelhantes", "sec_sources": "Fontes",
        "also_called": "Outros nomes", "abbreviations": "Siglas",
        "calculator_link": "Abrir na calculadora com estes achados",
        "educational_notice": (
            "**Apenas para uso educacional.** Resumo didático de material publicado, não um "
            "diagnóstico: não use para tomar ou mudar decisões sobre um paciente."),
        "see_about": "Veja [Sobre e fontes]({href}).",
        "mechanism": "Mecanismo", "compartment": "Compartimento",
        "no_compartment": "- Sem compartimento preferencial: pode aparecer em qualquer um.",
        "listed_under": "Neste guia, aparece em [{title}]({href}).",
        "sites": "Locais", "distribution": "Distribuição", "any_site": "- Qualquer local.",
        "no_distribution": "- Nenhuma distribuição característica registrada.",
        "patterns_lead": (
            "Padrões típicos são os de um caso clássico; os possíveis ocorrem, mas apontam menos "
            "para a entidade. Cada padrão está desenhado e definido no [atlas de padrões]({href})."),
        "badge_typical": "Típico", "badge_possible": "Possível",
        "argues_against": "Fala contra", "may_argue_against": "Pode falar contra",
        "clinical_context": "Contexto clínico",
        "no_clinical": "- Nenhum contexto clínico característico registrado.",
        "age": "Idade", "age_range": "Em geral de {low} a {high} anos.",
        "age_min": "Em geral a partir dos {low} anos.", "age_max": "Em geral antes dos {high} anos.",
        "laboratory": "Laboratório", "no_labs": "- Nenhum padrão laboratorial característico registrado.",
        "associated": "Condições associadas a procurar",
        "pearls": "Dicas", "pitfalls": "Armadilhas", "none_yet": "- Nada registrado ainda.",
        "naming_traps": (
            "As armadilhas de nomenclatura do tema estão reunidas em "
            "[Nomenclatura e armadilhas]({href})."),
        "no_lookalike": "- Nenhum diagnóstico semelhante registrado ainda.",
        "same_pattern": "Mesmo padrão típico",
        "also_typical": "- O padrão [{pattern}]({href}) também é típico de {links}.",
        "drawing": "Desenho",
        "essay_section": "Ensaio, seção",
        "figure": "figura",
        "radiograph_in_article": "radiografia no artigo",
        "reference_list": "lista de referências", "the_essay": "O ensaio",
        "read_article": "ler o artigo",
        "see_radiograph": "Ver a radiografia",
        "figure_in_article": "Figura {n} no artigo publicado",
        "mechanism_em": "Mecanismo", "typical_look": "Aspecto típico", "none": "- Não há.",
        "also_described": "Outros termos",
        "open_compartment": "Abrir a calculadora com este compartimento",
        "compartment_title": "Compartimento {label}",
        "h_essay": "O que o ensaio aborda", "not_essay_section": "Não é uma seção do ensaio.",
        "h_comp_entities": "Entidades deste compartimento",
        "h_also_seen": "Também vistas aqui",
        "also_seen_lead": "Entidades listadas em outra parte do guia que podem acometer este compartimento.",
        "also_listed": "na seção",
        "h_patterns": "Padrões a procurar", "typical_of": "padrão típico de",
        "h_figures": "Ilustrações do ensaio",
        "no_comp_figure": "- O ensaio não tem figura deste compartimento.",
        "group_lead": (
            "As mesmas entidades, com todas as outras causas deste mecanismo, estão listadas em "
            "[{title}]({href})."),
        "h_group_entities": "Entidades deste grupo",
        "no_group_figure": "- O ensaio não tem figura deste grupo.",
        "mechanism_title": "Calcificação {label}",
        "no_mech_section": "Nenhuma seção do ensaio trata deste mecanismo.",
        "h_entities": "Entidades",
        "mech_count": (
            "{count} das {total} entidades deste guia têm este mecanismo, agrupadas aqui "
            "conforme a seção do guia em que aparecem."),
        "mech_count_one": (
            "{count} das {total} entidades deste guia tem este mecanismo; ela aparece aqui sob "
            "a seção do guia em que está listada."),
        "also_mech": "também",
        "essay_section_bold": "Seção do ensaio",
        "atlas_description": "Todos os padrões radiográficos do guia, desenhados e definidos.",
        "atlas_title": "Atlas de padrões",
        "atlas_lead": (
            "Cada padrão do vocabulário do guia com um desenho esquemático feito para o STC Guide "
            "(as radiografias do ensaio não são reproduzidas), sua definição, as palavras que os "
            "laudos usam para ele e as entidades que o mostram. *Típico* quer dizer que um caso "
            "clássico o mostra; *possível*, que ele ocorre mas aponta menos para a entidade."),
        "no_entity_shows": "- Nenhuma entidade do guia o mostra.",
        "figures_description": "As seções e as figuras do ensaio, recontadas pelo STC Guide.",
        "figures_title": "Figuras do ensaio",
        "figures_lead": (
            "O guia se apoia em um único ensaio iconográfico: {citation} Esta página reconta, com "
            "as palavras do projeto, o que cada seção do ensaio aborda e o que cada figura mostra, "
            "com as entidades ilustradas. As radiografias não são reproduzidas: leia o artigo "
            "original para vê-las"),
        "h_sections": "O ensaio, seção por seção",
        "covered_in": "Abordada em", "figures_colon": "Figuras",
        "figure_title": "Figura {n}: {title}",
        "what_it_shows": "O que mostra", "look_for": "O que procurar", "entities": "Entidades",
        "glossary_description": "Termos e siglas usados no STC Guide, em português e em inglês.",
        "glossary_title": "Glossário",
        "glossary_lead": (
            "Termos e siglas usados no guia, lado a lado em português e em inglês, para quem lê a "
            "literatura em inglês. As siglas com expansão também são explicadas onde aparecem: "
            "passe o cursor sobre elas ou toque nelas numa tela sensível ao toque."),
        "source": "Fonte", "no_terms": "Nenhum termo ainda.",
        "glossary_pt_column": "Português", "glossary_en_column": "English",
        "th_compartment": "Compartimento", "any_compartment": "Qualquer compartimento",
        "essay_source_line": "O ensaio de origem de todo fato clínico do guia.",
        "used_for": "Usado para",
        "nothing_yet": "Nada registrado ainda: aqui o guia só acrescenta o que uma fonte lida afirma.",
        "beyond_essay_title": "Além do ensaio",
        "beyond_essay_text": (
            "O ensaio cita tumores entre as causas de calcificação de partes moles, mas os deixa "
            "fora do seu escopo. Esta página se baseia nas outras fontes citadas abaixo, para que "
            "uma massa calcificada não seja tomada por depósito benigno sem que se pense neste tumor."),
        "safety": "Segurança", "classic_tell": "O sinal clássico", "who_gets_it": "Quem é acometido",
        "suggested_phrase": "Frase sugerida", "next_step": "Próximo passo", "sources": "Fontes",
        "essay_lower": "ensaio",
    },
}


STRINGS[EN].update(EN_METHODS)  # the Methods page's generated parts, About's offline paragraph
STRINGS[PT].update(PT_METHODS)
STRINGS[EN].update(EN_OFFLINE)  # sw-register.js, written into every page (overrides/main.html)
STRINGS[PT].update(PT_OFFLINE)

_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d)")


def decimal(number: str, lang: str) -> str:
    """A number written with a decimal point, in ``lang``'s way: "10.5" -> "10,5" in Portuguese."""
    return _DECIMAL_POINT.sub(",", number) if lang != EN else number


def strings(lang: str) -> Mapping[str, str]:
    """The table of ``lang``; an unknown language is an error naming the accepted ones."""
    try:
        return STRINGS[lang]
    except KeyError:
        raise ValueError(f"unknown language '{lang}'; accepted: {', '.join(LANGS)}") from None


def check_tables() -> list[str]:
    """Keys present in one language's table and missing from another's."""
    keys = set().union(*(table.keys() for table in STRINGS.values()))
    return [f"{lang}: {key}" for lang, table in STRINGS.items() for key in sorted(keys - table.keys())]
