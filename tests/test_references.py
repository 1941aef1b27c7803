"""Every reference can be found, every cited id exists, every number names its source.

A teaching site is only as good as its citations: each entry of calc/data/references.json
has a DOI, a PMID or a stable address; every id the data, the glossary and the calculator's
constants cite exists; the vague sources the review found (a laboratory web page with no
address, 'JAMA author instructions', unnamed critical-value lists) are gone for good.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from calc import mineral
from calc.knowledge import load_knowledge

ROOT = Path(__file__).resolve().parents[1]
REFERENCES = json.loads((ROOT / "calc" / "data" / "references.json").read_text(encoding="utf-8"))
GONE = ("quest-phosphate", "lab-critical-values", "si-conversion", "gpnotebook-albumin")
NOT_A_REFERENCE = {"essay", "design"}
"""'essay' is the source essay; 'design' marks an input check of the project, which the
Methods page labels as such (no source states it, and none is claimed)."""


def test_every_reference_has_a_doi_a_pmid_or_a_stable_address() -> None:
    for ref in load_knowledge().references.values():
        doi = "doi:" in ref.citation or (ref.url or "").startswith("https://doi.org/")
        pmid = re.search(r"PMID \d{6,8}", ref.citation) is not None
        address = bool(ref.url) and re.match(r"https?://[\w.-]+\.[a-z]{2,}/", ref.url or "") is not None
        assert doi or pmid or address, ref.id
        assert ref.url, f"{ref.id}: the reference list links every entry"


def test_the_essay_is_cited_in_full_and_linked() -> None:
    kb = load_knowledge()
    for author in ("Faria LL", "Babler F", "Ferreira LC", "Noronha Junior OA", "Marsolla FL", "Ferreira DL"):
        assert author in kb.essay_citation
    assert "Radiol Bras. 2020;53(5):337–344" in kb.essay_citation
    assert kb.essay_url == "https://doi.org/10.1590/0100-3984.2019.0100"


def test_vague_sources_are_gone_everywhere() -> None:
    ids = {ref["id"] for ref in REFERENCES["references"]}
    assert not ids & set(GONE)
    for folder in ("calc", "build_tools", "docs"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".json", ".md") and path.is_file():
                text = path.read_text(encoding="utf-8")
                for gone in (*GONE, "Quest / Nichols", "(reference: SI conversion)", "GPnotebook"):
                    assert gone not in text, f"{path.relative_to(ROOT)} still cites {gone}"


def test_every_cited_id_exists() -> None:
    kb = load_knowledge()
    cited = [c.reference for e in kb.entities.values() for c in e.citations if c.reference]
    cited += [t.citation.reference for t in kb.glossary if t.citation.reference]
    assert cited and set(cited) <= set(kb.references)


def test_every_number_of_the_calculator_names_a_source_that_exists() -> None:
    known = set(load_knowledge().references) | NOT_A_REFERENCE
    constants = {name: value for name, value in vars(mineral).items()
                 if isinstance(value, (mineral.Range, mineral.Threshold))}
    assert len(constants) >= 10
    for name, value in constants.items():
        assert value.source in known, (name, value.source)
    for row in mineral.methods_table():
        assert row["source"] in known, row
    for product in (50, 57, 65, 80):
        assert mineral.product_band(product)["source"] in known
    assert mineral.CORRECTION_SOURCE in known - NOT_A_REFERENCE


def test_clinical_numbers_never_rest_on_the_design_marker() -> None:
    """Reference ranges, the ionized band and critical limits cite a source; only the input
    checks (plausibility) are the project's own."""
    for value in (mineral.CALCIUM_REFERENCE_MG_DL, mineral.PHOSPHATE_REFERENCE_MG_DL,
                  mineral.IONIZED_CALCIUM_BAND_MG_DL, mineral.CALCIUM_CRITICAL_MG_DL,
                  *mineral.ADULT_THRESHOLDS, mineral.KDOQI_CHILD_TARGET):
        assert value.source not in ("design",), value
    for value in (mineral.CALCIUM_PLAUSIBLE_MG_DL, mineral.PHOSPHATE_PLAUSIBLE_MG_DL,
                  mineral.ALBUMIN_PLAUSIBLE_G_DL):
        assert value.source == "design"


def test_the_cited_numbers_appear_in_what_their_source_is_used_for() -> None:
    """The number and the reference's own summary agree (a guard against drift)."""
    refs = load_knowledge().references
    assert "9–10.5 mg/dL" in refs["jhm-2021"].used_for and "4.5–5.5 mg/dL" in refs["jhm-2021"].used_for
    assert "6.6 and 12.9 mg/dL" in refs["kost-1990"].used_for
    assert "2.5–4.5 mg/dL" in refs["hyperphosphatemia-accessmedicine"].used_for
    assert "slope of 1.0" in refs["payne-1973"].used_for
    assert "0.8" in refs[mineral.CORRECTION_SOURCE].used_for
    assert "6.5" in refs["kdoqi-2003"].used_for and "7.5" in refs["kdoqi-2005-paediatric"].used_for
    assert "3.1.5" not in refs["kdigo-2017"].used_for
    assert refs["jhm-2021"].citation.startswith("Kenny CM, Murphy CE, Boyce DS, Ashley DM, Jahanmir J.")
