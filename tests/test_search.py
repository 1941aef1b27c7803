"""Search: the built index carries folded text and synonyms, and queries land on the right page.

Queries run through Material's own search worker of the built site under Node
(``tests/node/search_query.mjs``): the production lunr, tokenizer and query transform.
"""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from build_tools import search
from build_tools.sitebuild import SiteBuild, build_site_once, serve_site
from calc.knowledge import KnowledgeBase, load_knowledge

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[1]
HARNESS = REPO / "tests" / "node" / "search_query.mjs"

# Query -> page(s) that must come first ("page#anchor" also pins the best document).
EXPECTED_FIRST: dict[str, tuple[str, ...]] = {
    "pseudogout": ("entities/cppd/",),
    "chondrocalcinosis": ("entities/cppd/",),
    "CPPD": ("entities/cppd/",),
    "CPDD": ("entities/cppd/",),   # a near miss of the abbreviation
    "cppd": ("entities/cppd/",),
    "HADD": ("entities/calcific-tendinopathy/",),
    "FOP": ("entities/fibrodysplasia-ossificans-progressiva/",),
    "stone man": ("entities/fibrodysplasia-ossificans-progressiva/",),
    "tram-track": ("patterns/#tubular-parallel",),
    "tram track": ("patterns/#tubular-parallel",),
    "sedimentation sign": ("entities/renal-failure-calcinosis/", "entities/tumoral-calcinosis/"),
    "Monckeberg": ("entities/monckeberg-sclerosis/",),
    "Mönckeberg": ("entities/monckeberg-sclerosis/",),
    "monck": ("entities/monckeberg-sclerosis/",),
    "Munchmeyer": ("entities/fibrodysplasia-ossificans-progressiva/",),
    "pipe stem": ("entities/monckeberg-sclerosis/",),
    "Teutschlaender": ("entities/tumoral-calcinosis/",),
    "Burnett syndrome": ("entities/milk-alkali-syndrome/",),
    "ESRD": ("entities/renal-failure-calcinosis/",),
    "tophus": ("entities/gout/",),
    "gout": ("entities/gout/",),
    "phleboliths": ("entities/venous-malformation/",),
    "calcific tendinitis": ("entities/calcific-tendinopathy/",),
    "synovial chondromatosis": ("entities/synovial-osteochondromatosis/",),
    "Achilles tendon ossification": ("entities/tendon-ossification/",),
    "popliteal aneurysm": ("entities/arterial-aneurysm/",),
    "rice grain": ("patterns/#rice-grain",),
    "pattern atlas": ("patterns/",),
    "glossary": ("glossary/",),
    "dystrophic": ("mechanisms/dystrophic/",),
    "iatrogenic": ("mechanisms/iatrogenic/",),
    "intra-articular": ("compartments/intra-articular/",),
    "dialysis": ("entities/renal-failure-calcinosis/",),
    "loose bodies": ("entities/synovial-osteochondromatosis/",),
    "calcinosis cutis": ("entities/calcinosis-circumscripta/",),
    "pyrophosphate": ("entities/cppd/",),
    "figure 13": ("figures/",),
    "calcificacoes": ("figures/", "about/"),
}


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build: SiteBuild = build_site_once(tmp_path_factory.getbasetemp())
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output[-6000:]}"
    return build.site_dir


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


@pytest.fixture(scope="session")
def index(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (site / "search" / "search_index.json").read_text(encoding="utf-8")
    )
    return data


def _label_queries(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    return {e.label: (f"entities/{e.id}/",) for e in kb.entities.values()}


@pytest.fixture(scope="session")
def results(site: Path, kb: KnowledgeBase) -> dict[str, list[dict[str, Any]]]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    queries = [*EXPECTED_FIRST, *_label_queries(kb)]
    run = subprocess.run(
        [node, str(HARNESS), str(site)], input=json.dumps(queries), capture_output=True,
        text=True, check=False, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    data: dict[str, list[dict[str, Any]]] = json.loads(run.stdout)
    return data


# ------------------------------------------------------------------------------ the index


def test_index_declares_the_extra_fields_and_keeps_materials_boosts(index: dict[str, Any]) -> None:
    fields = index["config"]["fields"]
    assert fields["title"] == {"boost": 1000}
    assert fields["text"] == {"boost": 1}
    assert fields["tags"] == {"boost": 1000000}
    for name, boost in search.EXTRA_FIELDS.items():
        assert fields[name] == {"boost": boost}


def _doc(index: dict[str, Any], location: str) -> dict[str, Any]:
    found = [d for d in index["docs"] if d["location"] == location]
    assert len(found) == 1, location
    doc: dict[str, Any] = found[0]
    return doc


def test_entity_pages_carry_names_search_terms_and_a_boost(
    index: dict[str, Any], kb: KnowledgeBase
) -> None:
    owners = search.abbreviation_owners(kb)
    for entity in kb.entities.values():
        doc = _doc(index, f"entities/{entity.id}/")
        assert doc.get("boost") == 2, entity.id
        names = {n.casefold() for n in doc["synonyms"].split(" · ")}
        for name in (entity.label, *entity.synonyms, *entity.search_terms):
            assert name.casefold() in names, (entity.id, name)
        for abbreviation in entity.abbreviations:
            field = "synonyms" if owners.get(abbreviation, entity.id) == entity.id else "findings"
            words = {w.casefold() for w in doc[field].split(" · ")}
            assert abbreviation.casefold() in words, (entity.id, abbreviation)
        sections = [d for d in index["docs"] if d["location"].startswith(f"entities/{entity.id}/#")]
        assert all(d.get("boost") == 2 for d in sections)


def test_shared_abbreviation_belongs_to_the_entity_named_by_its_expansion(
    kb: KnowledgeBase,
) -> None:
    assert search.abbreviation_owners(kb).get("HADD") == "calcific-tendinopathy"


def test_accents_are_folded_where_they_occur(index: dict[str, Any]) -> None:
    doc = _doc(index, "entities/monckeberg-sclerosis/")
    assert "Mönckeberg" in doc["title"]
    assert doc["title_folded"] == "Monckeberg"
    assert "Monckeberg" in doc["synonyms"]
    for d in index["docs"]:
        for field in ("title", "text"):
            folded = search.folded_words(d[field])
            assert d.get(f"{field}_folded", "") == folded, (d["location"], field)
    about = [d for d in index["docs"] if d["location"].startswith("about/")]
    assert any("Calcificacoes" in d.get("text_folded", "") for d in about)


def test_fold_strips_marks_and_transliterates() -> None:
    assert search.fold("Mönckeberg Calcificações Åsberg Ø ß") == "Monckeberg Calcificacoes Asberg O ss"
    assert search.folded_words("<p>The <b>Mönckeberg</b> type, Åsberg &amp; co</p>") == (
        "Monckeberg Asberg"
    )


def test_pattern_atlas_sections_carry_the_report_wording(
    index: dict[str, Any], kb: KnowledgeBase
) -> None:
    for term in kb.vocabulary["pattern"].values():
        doc = _doc(index, f"patterns/#{term.id}")
        for synonym in term.synonyms:
            assert synonym in doc["findings"].split(" · ")


# ------------------------------------------------------------------------------ queries


def test_at_least_thirty_queries_are_checked(kb: KnowledgeBase) -> None:
    assert len(EXPECTED_FIRST) >= 30
    assert len({**EXPECTED_FIRST, **_label_queries(kb)}) >= 30 + len(kb.entities) - 3


@pytest.mark.parametrize("query", list(EXPECTED_FIRST))
def test_query_lands_on_the_right_page_first(
    query: str, results: dict[str, list[dict[str, Any]]]
) -> None:
    _assert_first(query, EXPECTED_FIRST[query], results)


def test_every_entity_label_finds_its_page_first(
    kb: KnowledgeBase, results: dict[str, list[dict[str, Any]]]
) -> None:
    for query, expected in _label_queries(kb).items():
        _assert_first(query, expected, results)


def _assert_first(
    query: str, expected: tuple[str, ...], results: dict[str, list[dict[str, Any]]]
) -> None:
    groups = results[query]
    assert groups, f"{query!r} found nothing"
    first = groups[0]
    shown = [(g["best"], round(g["score"])) for g in groups[:3]]
    assert any(
        first["best"] == want if "#" in want else first["page"] == want for want in expected
    ), f"{query!r}: first results {shown}, expected {expected}"


def test_entity_result_shows_its_summary_not_boilerplate(index: dict[str, Any], kb: KnowledgeBase) -> None:
    docs = {d["location"]: d for d in index["docs"]}
    for entity in kb.entities.values():
        text = docs[f"entities/{entity.id}/"]["text"]
        assert "Open in the calculator" not in text and "Educational use only" not in text, entity.id
        assert text.startswith("<p>") and entity.summary[:40] in html.unescape(text), entity.id


@pytest.mark.browser
@pytest.mark.parametrize(("query", "expected"), [
    ("pseudogout", "entities/cppd/"),
    ("Monckeberg", "entities/monckeberg-sclerosis/"),
    ("HADD", "entities/calcific-tendinopathy/"),
])
def test_search_box_shows_the_right_page_first(
    site: Path, chromium: Any, query: str, expected: str
) -> None:
    """The real search UI (worker, lunr, rendering) in the session's Chromium (conftest.py),
    opened through Material's ``?q=`` link."""
    with serve_site(site) as base:
        context = chromium.new_context()
        page = context.new_page()
        page.goto(f"{base}?q={query}")
        first = page.locator(".md-search-result__item > a").first
        first.wait_for(timeout=20000)
        href = first.get_attribute("href") or ""
        context.close()
    assert href.split("?")[0] == base + expected
