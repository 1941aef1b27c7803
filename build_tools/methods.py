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
    if source_id == "design":
        return "this project's choice (not a clinical value; no source states it)"
    return kb.references[source_id].short


def thresholds_table(kb: KnowledgeBase) -> str:
    rows = ["| Number used | Source |", "|---|---|"]
    for row in mineral.methods_table():
        value = ""
        if "display" in row:
            value = f" ({row['display']})"
        rows.append(f"| {row['label']}{value} | {_source(kb, row['source'])} |")
    rows.append(
        f"| Albumin correction used: corrected Ca = Ca + {mineral.PAYNE_COEFFICIENT_MG_DL_PER_G_DL} × "
        f"({mineral.PAYNE_REFERENCE_ALBUMIN_G_DL:g} − albumin in g/dL), the widely used 0.8 form | "
        f"{_source(kb, mineral.CORRECTION_SOURCE)}; {_source(kb, 'jhm-2021')} |"
    )
    rows.append(
        f"| Not used: the 1973 paper's own equation, adjusted Ca = Ca − albumin + "
        f"{mineral.PAYNE_REFERENCE_ALBUMIN_G_DL:g} (slope {mineral.PAYNE_1973_COEFFICIENT_MG_DL_PER_G_DL:g}) | "
        f"{_source(kb, 'payne-1973')} |"
    )
    rows.append(
        f"| Correction flagged as unreliable below albumin "
        f"{mineral.ALBUMIN_CORRECTION_UNRELIABLE_BELOW_G_DL:g} g/dL | {_source(kb, 'design')}; "
        f"misleading at 1.5 g/dL in {_source(kb, 'jhm-2021')} |"
    )
    rows.append(
        f"| A calcium 'in mg/dL' below {mineral.UNIT_MIXUP_CALCIUM_BELOW_MG_DL:g} is questioned as mmol/L | "
        f"{_source(kb, 'design')} |"
    )
    rows.append(
        f"| Adult bands not applied under {mineral.PAEDIATRIC_AGE_LIMIT} years | {_source(kb, 'design')}; "
        f"the paediatric guideline is {_source(kb, 'kdoqi-2005-paediatric')} |"
    )
    rows.append(
        f"| Paediatric product limit changes at {mineral.KDOQI_CHILD_AGE_LIMIT} years | "
        f"{_source(kb, 'kdoqi-2005-paediatric')} |"
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
    check = _source(kb, "kdoqi-2003")
    return "\n".join(rows) + (
        "\n\nThe factors are arithmetic from the molar masses; the calcium factor agrees with the "
        f"paired values of {check} (8.4 mg/dL = 2.10 mmol/L). Full citations on the About page.")


def weights_table(kb: KnowledgeBase) -> str:
    w: Any = kb.weights
    rows = ["| Finding | Weight when typical | when possible | subtracted when the entity does not show it |",
            "|---|---|---|---|"]
    typical, possible = w["strength"]["typical"], w["strength"]["possible"]
    for category, weight in w["category_weight"].items():
        miss = weight * w["miss"][category]
        if category == "age":
            rows.append(f"| age (within the entity's usual ages, give or take {w['age_grace_years']:g} years) "
                        f"| {weight:g} | – | up to {miss:g} |")
            continue
        rows.append(f"| {category} | {weight * typical:g} | {weight * possible:g} | {miss:g} |")
    for analyte, weight in w["lab_weight"].items():
        rows.append(f"| lab: {analyte} (entities with a lab profile) | {weight * typical:g} | "
                    f"{weight * possible:g} | {weight * w['miss']['labs']:g} |")
    rows.append("")
    rows.append(f"- An abnormal lab value subtracts {w['abnormal_lab_penalty']:g} from an entity without a lab "
                "profile (dystrophic, iatrogenic); normal values leave it unchanged.")
    rows.append(f"- A metastatic entity whose own clinical context is not given gains at most "
                f"{w['lab_points_without_history']:g} points from the labs.")
    rows.append(f"- A clinical context that argues against an entity subtracts its weight × "
                f"{w['against_clinical']:g}; its explicit absence adds half of that.")
    rows.append(f"- A finding stated as absent ('no trauma') that an entity typically shows subtracts "
                f"{w['absent_typical_penalty']:g} × the category weight.")
    rows.append(f"- A metastatic entity with neither a typical clinical context nor a fitting lab value loses "
                f"{w['metastatic_without_systemic_clue']:g}.")
    rows.append(f"- Outside an entity's usual ages (beyond the {w['age_grace_years']:g}-year margin) the age "
                f"penalty grows over {w['age_ramp_years']:g} years to its full value; an age over "
                f"{w['elderly_age']} counts as the clinical context 'elderly'.")
    rows.append(f"- The fit divides by at least {w['fit_floor']:g} points. Fit words: strong from "
                f"{w['fit_words']['strong']:.0%}, partial from {w['fit_words']['partial']:.0%}, weak below; "
                "'strong' is never shown when the input is too thin to rank, nor for a metastatic cause "
                "with no systemic disorder given.")
    rows.append(f"- Scores are rounded to {w['score_precision']} decimals; equal rounded scores are a tie. "
                f"{w['thin_tie_size']} or more causes tied at the top count as thin input.")
    bonus = ", ".join(f"{k} {v:+g}" for k, v in w["prevalence_bonus"].items())
    rows.append(f"- How common an entity is orders a tie ({bonus}) without breaking it.")
    rows.append(f"- Discriminators compare up to {w['discriminator_candidates']} candidates within "
                f"{w['contender_margin']:g} points of the first, must move them apart by at least "
                f"{w['discriminator_min_spread']:g} points, and show up to {w['discriminators_shown']}.")
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
