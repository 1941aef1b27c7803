"""Tables of the Methods page, generated from the engine's own constants and weights.

The page must show exactly the numbers the calculator uses, so they are read from ``calc``
at build time rather than typed into the Markdown a second time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from calc import mineral, units
from calc.knowledge import KnowledgeBase

THRESHOLDS_MARKER = "<!-- methods:thresholds -->"
UNITS_MARKER = "<!-- methods:units -->"
WEIGHTS_MARKER = "<!-- methods:weights -->"
STATE_KEYS_MARKER = "<!-- methods:url-keys -->"
RED_FLAGS_MARKER = "<!-- methods:red-flags -->"
ROLE_TEXT = {
    "alone": "raises the notice on its own",
    "mass": "raises the notice together with any other flag",
    "support": "counts only with a mass or growth",
}


def _source(kb: KnowledgeBase, source_id: str) -> str:
    if source_id == "essay":
        return "the essay (Metastatic (metabolic) calcifications)"
    return kb.references[source_id].short


def thresholds_table(kb: KnowledgeBase) -> str:
    rows = ["| Number used | Source |", "|---|---|"]
    for row in mineral.methods_table():
        value = ""
        if "display" in row:
            value = f" ({row['display']})"
        rows.append(f"| {row['label']}{value} | {_source(kb, row['source'])} |")
    rows.append(
        f"| Payne correction: corrected Ca = Ca + {mineral.PAYNE_COEFFICIENT_MG_DL_PER_G_DL} × "
        f"({mineral.PAYNE_REFERENCE_ALBUMIN_G_DL} − albumin in g/dL) | {_source(kb, 'payne-1973')} |"
    )
    rows.append(
        f"| Correction flagged as unreliable below albumin "
        f"{mineral.ALBUMIN_CORRECTION_UNRELIABLE_BELOW_G_DL:g} g/dL | {_source(kb, 'jhm-2021')} |"
    )
    rows.append(
        f"| Adult bands not applied under {mineral.PAEDIATRIC_AGE_LIMIT} years; paediatric limit changes at "
        f"{mineral.KDOQI_CHILD_AGE_LIMIT} years | {_source(kb, 'kdoqi-2005-paediatric')} |"
    )
    return "\n".join(rows)


def units_table(kb: KnowledgeBase) -> str:
    rows = ["| Conversion | Factor | Basis |", "|---|---|---|"]
    rows.append(f"| Calcium: mmol/L → mg/dL | × {units.CALCIUM_MG_DL_PER_MMOL_L:.3f} "
                f"(mg/dL → mmol/L × {1 / units.CALCIUM_MG_DL_PER_MMOL_L:.4f}) | "
                f"molar mass of calcium {units.CALCIUM_MOLAR_MASS_G_PER_MOL} g/mol |")
    rows.append(f"| Phosphate (as phosphorus): mmol/L → mg/dL | × {units.PHOSPHATE_MG_DL_PER_MMOL_L:.3f} "
                f"(mg/dL → mmol/L × {1 / units.PHOSPHATE_MG_DL_PER_MMOL_L:.4f}) | "
                f"molar mass of phosphorus {units.PHOSPHORUS_MOLAR_MASS_G_PER_MOL} g/mol |")
    rows.append(f"| Albumin: g/dL → g/L | × {units.ALBUMIN_G_L_PER_G_DL:g} | definition of the units |")
    rows.append(f"| Ca × P: mmol²/L² → mg²/dL² | × {units.PRODUCT_MG2_DL2_PER_MMOL2_L2:.2f} | "
                "product of the two factors above |")
    source = _source(kb, "si-conversion")
    return "\n".join(rows) + f"\n\nSource of the factors: {source}; full citations on the About page."


def weights_table(kb: KnowledgeBase) -> str:
    w: Any = kb.weights
    rows = ["| Finding | Weight when typical | when possible | subtracted when the entity does not show it |",
            "|---|---|---|---|"]
    typical, possible = w["strength"]["typical"], w["strength"]["possible"]
    for category, weight in w["category_weight"].items():
        miss = weight * w["miss"][category]
        if category == "age":
            rows.append(f"| age (inside the entity's usual age) | {weight:g} | – | {miss:g} |")
            continue
        rows.append(f"| {category} | {weight * typical:g} | {weight * possible:g} | {miss:g} |")
    rows.append("")
    rows.append(f"- A clinical context that argues against an entity subtracts its weight × "
                f"{w['against_clinical']:g}; its explicit absence adds half of that.")
    rows.append(f"- A finding stated as absent ('no trauma') that an entity typically shows subtracts "
                f"{w['absent_typical_penalty']:g} × the category weight.")
    rows.append(f"- A metastatic entity with neither a typical clinical context nor a fitting lab value loses "
                f"{w['metastatic_without_systemic_clue']:g}.")
    bonus = ", ".join(f"{k} {v:+g}" for k, v in w["prevalence_bonus"].items())
    rows.append(f"- How common an entity is breaks near-ties: {bonus}.")
    rows.append(f"- An age over {w['elderly_age']} counts as the clinical context 'elderly'.")
    rows.append(f"- Discriminators compare up to {w['discriminator_candidates']} candidates within "
                f"{w['contender_margin']:g} points of the first and show up to {w['discriminators_shown']}.")
    return "\n".join(rows)


def red_flags_list(kb: KnowledgeBase) -> str:
    """The red-flag rule of calc/data/red-flags.json, as the calculator applies it."""
    from calc.red_flags import load_red_flags

    data = load_red_flags(kb)
    lines = [f"- **{flag.label}**: {ROLE_TEXT[flag.role]}." for flag in data.flags]
    labels = [kb.entities[e].label for e in data.entities]
    names = ", ".join(labels[:-1]) + f" and {labels[-1]}" if len(labels) > 1 else labels[0]
    sources = ", ".join(kb.references[r].short for r in data.citations)
    return "\n".join([
        *lines,
        "",
        f"The notice names {names} and gives the next step: {data.next_step}",
        f"Sources of the rule: {sources}; full citations on the About page.",
    ])


def url_keys() -> str:
    from calc.web import STATE_KEYS

    return ", ".join(f"`{k}`" for k in STATE_KEYS)


def fill(markdown: str, kb: KnowledgeBase) -> str:
    renderers: dict[str, Callable[[], str]] = {
        THRESHOLDS_MARKER: lambda: thresholds_table(kb),
        UNITS_MARKER: lambda: units_table(kb),
        WEIGHTS_MARKER: lambda: weights_table(kb),
        STATE_KEYS_MARKER: url_keys,
        RED_FLAGS_MARKER: lambda: red_flags_list(kb),
    }
    for marker, render in renderers.items():
        if marker in markdown:
            markdown = markdown.replace(marker, render())
    return markdown
