"""The built site: generated pages, navigation, links, coverage of the essay, self-containment.

One strict build per session (``build_tools.sitebuild.build_site_once``), shared with
``test_search.py``; every test reads the built HTML, as a reader's browser would get it.
"""

from __future__ import annotations

import fnmatch
import functools
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from build_tools import nav as site_nav
from build_tools import pages
from build_tools.sitebuild import SiteBuild, build_site, build_site_once, serve_site
from calc.knowledge import KnowledgeBase, load_knowledge
from calc.web import fragment_for

pytestmark = pytest.mark.site

REPO = Path(__file__).resolve().parents[1]
BASE = "http://site.invalid/"
"""A stand-in origin for resolving relative links between built pages."""


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> SiteBuild:
    return build_site_once(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def site(build: SiteBuild) -> Path:
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output[-6000:]}"
    return build.site_dir


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return load_knowledge()


# ------------------------------------------------------------------------------ reading HTML

_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def iter(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [
            n for n in self.iter()
            if n.tag == tag and (cls is None or cls in n.attrs.get("class", "").split())
        ]

    def find(self, tag: str, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls}>"
        return found[0]

    @property
    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text for c in self.children]
        return re.sub(r"\s+", " ", "".join(parts)).strip()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


@functools.cache
def parse(path: Path) -> Node:
    builder = _TreeBuilder()
    builder.feed(path.read_text(encoding="utf-8"))
    builder.close()
    return builder.root


def page_file(site: Path, url: str) -> Path:
    """The built file of a site-relative URL path ("entities/cppd/" -> .../index.html)."""
    path = unquote(url.split("#")[0])
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site / path


def page_url(site: Path, file: Path) -> str:
    relative = file.relative_to(site).as_posix()
    return relative[: -len("index.html")] if relative.endswith("index.html") else relative


def resolve(from_url: str, href: str) -> str:
    """A link on the page at ``from_url`` as a site-relative URL (with its fragment)."""
    absolute = urljoin(BASE + from_url, href)
    return absolute[len(BASE):] if absolute.startswith(BASE) else absolute


def article(site: Path, url: str) -> Node:
    return parse(page_file(site, url)).find("article", "md-content__inner")


def ids_on(site: Path, url: str) -> set[str]:
    return {n.attrs["id"] for n in parse(page_file(site, url)).iter() if "id" in n.attrs}


def entity_url(entity_id: str) -> str:
    return f"entities/{entity_id}/"


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ------------------------------------------------------------------------------ the build


def test_strict_build_passes_without_warnings(build: SiteBuild) -> None:
    assert build.returncode == 0, build.output[-6000:]
    assert build.warnings == []


def test_generated_pages_exist_only_in_the_built_site(site: Path, kb: KnowledgeBase) -> None:
    generated = [*(f"entities/{i}.md" for i in kb.entities)]
    generated += [f"compartments/{c}.md" for c in kb.vocabulary["compartment"]]
    generated += [f"mechanisms/{m}.md" for m in kb.vocabulary["mechanism"]]
    generated += [f"groups/{g}.md" for g in ("metastatic", "idiopathic", "calcinosis", "tumours")]
    generated += ["patterns.md", "figures.md", "glossary.md"]
    for src_uri in generated:
        assert not (REPO / "docs" / src_uri).exists(), f"docs/{src_uri} must not be committed"
        assert page_file(site, src_uri[: -len(".md")] + "/").is_file(), src_uri
    tracked = subprocess.run(
        ["git", "ls-files", "docs/entities", "docs/compartments", "docs/mechanisms",
         "docs/groups", "docs/patterns.md", "docs/figures.md", "docs/glossary.md"],
        cwd=REPO, capture_output=True, text=True, check=False,
    )
    assert tracked.stdout.strip() == ""


# ------------------------------------------------------------------------------ entity pages


def test_every_entity_page_has_every_section_in_order(site: Path, kb: KnowledgeBase) -> None:
    assert len(kb.entities) >= 29  # the essay's 27, plus the tumours added beyond it
    expected = [(section_id, heading) for section_id, heading in pages.ENTITY_SECTIONS]
    for entity in kb.entities.values():
        body = article(site, entity_url(entity.id))
        found = [(h.attrs["id"], h.text.rstrip("¶").strip()) for h in body.find_all("h2")]
        assert found == expected, entity.id
        assert body.find("h1").text.rstrip("¶").strip() == entity.label


def _section_text(body: Node, section_id: str) -> str:
    """The text between an h2 and the next h2 of an article."""
    out = [c if isinstance(c, str) else c.text for c in _section(body, section_id).children]
    return re.sub(r"\s+", " ", " ".join(out)).strip()


def test_entity_pages_show_depth_with_sources_and_safety_warnings(site: Path, kb: KnowledgeBase) -> None:
    from build_tools.depth import NOTHING_YET

    mo = article(site, entity_url("myositis-ossificans"))
    warnings = [n for n in mo.find_all("div", "admonition") if "warning" in n.attrs["class"].split()]
    assert warnings and "biops" in warnings[0].text and "Savvidou et al. 2021" in warnings[0].text
    assert "Kransdorf et al. 1991" in _section_text(mo, "beyond-the-radiograph")
    report = _section_text(mo, "in-the-report")
    assert "Suggested phrase" in report and "Next step" in report and NOTHING_YET not in report
    assert "classic tell" in mo.text and "Who gets it" in mo.text
    fop = article(site, entity_url("fibrodysplasia-ossificans-progressiva"))
    fop_warnings = " ".join(n.text for n in fop.find_all("div", "admonition"))
    assert "intramuscular" in fop_warnings and "biopsy" in fop_warnings
    myonecrosis = article(site, entity_url("calcific-myonecrosis"))
    assert any("warning" in n.attrs["class"].split() for n in myonecrosis.find_all("div", "admonition"))
    # Every entity page has a suggested report phrase and a sourced "Beyond the radiograph"
    # (the placeholder for a section with nothing sourced yet is no longer needed anywhere).
    assert all(e.depth.report is not None for e in kb.entities.values())
    assert all(e.depth.imaging for e in kb.entities.values())
    assert all(e.depth.tell is not None for e in kb.entities.values())  # the one classic tell, everywhere
    cyst = _section_text(article(site, entity_url("cysticercosis")), "beyond-the-radiograph")
    assert NOTHING_YET not in cyst and "scolex" in cyst
    # Every source named in the depth links to the reference list.
    links = [a.attrs["href"] for a in mo.find_all("a") if "#ref-" in a.attrs.get("href", "")]
    assert any(h.endswith("#ref-savvidou-2021") for h in links)


def test_tumours_are_marked_beyond_the_essay_and_grouped(site: Path, kb: KnowledgeBase) -> None:
    for entity_id in ("synovial-sarcoma", "extraskeletal-osteosarcoma"):
        body = article(site, entity_url(entity_id))
        notes = [n for n in body.find_all("div", "admonition") if "note" in n.attrs["class"].split()]
        assert notes and "Beyond the essay" in notes[0].text, entity_id
        assert "sarcoma service" in _section_text(body, "in-the-report")
    group = article(site, "groups/tumours/")
    linked = {resolve("groups/tumours/", a.attrs["href"]) for a in group.find_all("a") if "href" in a.attrs}
    assert {entity_url("synovial-sarcoma"), entity_url("extraskeletal-osteosarcoma")} <= linked
    # The Methods page prints the red-flag rule from calc/data/red-flags.json, not a copy of it.
    from calc.red_flags import load_red_flags

    methods = article(site, "methods/").text
    assert "<!-- methods:red-flags -->" not in methods
    for flag in load_red_flags(kb).flags:
        assert flag.label in methods


def test_entity_pages_show_typical_and_possible_apart(site: Path, kb: KnowledgeBase) -> None:
    for entity in kb.entities.values():
        body = article(site, entity_url(entity.id))
        cards = body.find_all("figure", "stc-pattern")
        assert len(cards) == len(entity.patterns), entity.id
        for card in cards:
            strength = next(
                c.split("--")[1] for c in card.attrs["class"].split() if c.startswith("stc-pattern--")
            )
            badge = card.find("span", "stc-badge")
            assert badge.text == strength.capitalize()
            image = card.find("img")
            assert image.attrs["alt"].startswith("Drawing: ")
            assert resolve(entity_url(entity.id), image.attrs["src"]).startswith("assets/patterns/")
        typical = [p for p, s in entity.patterns.items() if s == "typical"]
        shown_typical = [
            resolve(entity_url(entity.id), c.find("a").attrs["href"]).split("#")[1]
            for c in cards if "stc-pattern--typical" in c.attrs["class"]
        ]
        assert shown_typical == typical, entity.id


def test_calculator_link_opens_the_entity_typical_findings(site: Path, kb: KnowledgeBase) -> None:
    for entity in kb.entities.values():
        url = entity_url(entity.id)
        links = [
            a for a in article(site, url).find_all("a")
            if a.text == pages.CALCULATOR_LINK_TEXT
        ]
        assert len(links) == 1, entity.id
        href = links[0].attrs["href"]
        fragment = fragment_for(entity.typical_findings())
        assert fragment, entity.id
        assert href == f"../../calculator/#{fragment}"
        assert resolve(url, href) == f"calculator/#{fragment}"
        assert page_file(site, "calculator/").is_file()


def test_entity_pages_link_their_lookalikes_and_carry_the_notice(
    site: Path, kb: KnowledgeBase
) -> None:
    for entity in kb.entities.values():
        url = entity_url(entity.id)
        body = article(site, url)
        section = _section(body, "look-alikes")
        targets = {resolve(url, a.attrs["href"]) for a in section.find_all("a")}
        for look in entity.lookalikes:
            assert entity_url(look.id) in targets, (entity.id, look.id)
        notices = body.find_all("p", "stc-edu-notice")
        assert len(notices) == 1 and "Educational use only" in notices[0].text


def _section(body: Node, section_id: str) -> Node:
    """The elements between the h2 with ``section_id`` and the next h2, as one node."""
    collected = Node("section", {})
    inside = False
    for child in body.children:
        if isinstance(child, Node) and child.tag == "h2":
            inside = child.attrs.get("id") == section_id
            continue
        if inside:
            collected.children.append(child)
    return collected


# ------------------------------------------------------------------------------ navigation


def _nav_items(site: Path) -> list[tuple[str, Any]]:
    """The primary navigation's items, (title, li node), top level and one level down."""
    root = parse(page_file(site, ""))
    primary = root.find("nav", "md-nav--primary")
    top = primary.find("ul", "md-nav__list")
    found: list[tuple[str, Any]] = []

    def walk(ul: Any, depth: int) -> None:
        for item in ul.children:
            if not isinstance(item, Node) or item.tag != "li":
                continue
            label = next(
                (n for n in item.children if isinstance(n, Node) and n.tag in ("a", "label")), None
            )
            assert label is not None
            found.append((label.find("span", "md-ellipsis").text, item, depth))
            if depth == 0 and "md-nav__item--nested" in item.attrs.get("class", ""):
                walk(item.find_all("nav", "md-nav")[0].find("ul", "md-nav__list"), 1)

    walk(top, 0)
    return [(title, (item, depth)) for title, item, depth in found]


def _primary_nav(site: Path) -> dict[str, list[str]]:
    """Navigation sections (the headings' sections and the pages under the headings):
    title -> site URLs of the pages under it."""
    return {title: [resolve("", a.attrs["href"]) for a in item.find_all("a")]
            for title, (item, _) in _nav_items(site)}


def test_navigation_has_the_agreed_order(site: Path, kb: KnowledgeBase) -> None:
    items = _nav_items(site)
    assert [title for title, (_, depth) in items if depth == 0] == [
        "Home", "Reading method", "Compartments", "Mechanisms and groups", "Reference"]
    assert [title for title, (_, depth) in items if depth == 1] == [
        "Approach", "Calculator", "Pattern atlas", "Figures of the essay",
        "Vascular", "Subcutaneous", "Fascial", "Muscle", "Periarticular (extra-articular)",
        "Intra-articular", "Metastatic (metabolic)", "Idiopathic",
        "Calcinosis circumscripta and universalis", "Must not miss: tumours (beyond the essay)", "Mechanisms",
        "Nomenclature and pitfalls", "Glossary", "Methods", "About and sources",
    ]


def test_navigation_reaches_every_entity_from_its_section(site: Path, kb: KnowledgeBase) -> None:
    nav = _primary_nav(site)
    for entity in kb.entities.values():
        section = pages.nav_section_title(kb, entity.nav_section)
        links = nav[section]
        assert links[0] == pages.nav_section_uri(kb, entity.nav_section)[: -len(".md")] + "/"
        assert entity_url(entity.id) in links, (entity.id, section)


def test_every_entity_is_reachable_from_a_mechanism_page(site: Path, kb: KnowledgeBase) -> None:
    mechanism_pages = _primary_nav(site)[site_nav.MECHANISMS_TITLE]
    assert mechanism_pages == [f"mechanisms/{m}/" for m in kb.vocabulary["mechanism"]]
    reached: set[str] = set()
    for url in mechanism_pages:
        mechanism = url.split("/")[1]
        linked = {
            resolve(url, a.attrs["href"]).split("#")[0]
            for a in article(site, url).find_all("a")
        }
        members = {entity_url(e.id) for e in kb.entities.values() if mechanism in e.mechanism}
        assert members <= linked, mechanism
        assert {u for u in linked if u.startswith("entities/")} == members, mechanism
        reached |= members
    assert reached == {entity_url(i) for i in kb.entities}


# ------------------------------------------------------------------------------ other pages


def test_every_essay_section_and_figure_has_a_page_covering_it(
    site: Path, kb: KnowledgeBase
) -> None:
    coverage = pages.coverage_map(kb)
    essay = json.loads((REPO / "calc" / "data" / "essay.json").read_text(encoding="utf-8"))
    wanted = {s["id"] for s in essay["sections"]} | {f"figure {f['number']}" for f in essay["figures"]}
    assert len(essay["figures"]) == 17
    assert set(coverage) == wanted
    for item, (src_uri, anchor) in coverage.items():
        url = src_uri[: -len(".md")] + "/"
        assert page_file(site, url).is_file(), item
        if anchor:
            assert anchor in ids_on(site, url), item
        else:
            text = article(site, url).text
            key = item if not item.startswith("figure") else ""
            if key in kb.sections:
                assert kb.sections[key].summary[:60] in text, item


def test_figures_page_restates_every_figure(site: Path, kb: KnowledgeBase) -> None:
    body = article(site, "figures/")
    for figure in kb.figures.values():
        heading = body.find_all("h2")
        match = [h for h in heading if h.attrs.get("id") == f"figure-{figure.number}"]
        assert match and figure.title in match[0].text
    text = body.text
    for figure in kb.figures.values():
        assert figure.shows[:50] in text and figure.look_for[:50] in text
    linked = {resolve("figures/", a.attrs["href"]) for a in body.find_all("a")}
    for figure in kb.figures.values():
        for entity_id in figure.entities:
            assert entity_url(entity_id) in linked


def test_pattern_atlas_draws_and_links_every_pattern(site: Path, kb: KnowledgeBase) -> None:
    body = article(site, "patterns/")
    ids = {h.attrs.get("id") for h in body.find_all("h2")}
    assert ids == set(kb.vocabulary["pattern"])
    images = {
        resolve("patterns/", img.attrs["src"]): img.attrs["alt"] for img in body.find_all("img")
    }
    for pattern_id, term in kb.vocabulary["pattern"].items():
        src = f"assets/patterns/{pattern_id}.svg"
        assert images.get(src) == f"Drawing: {term.label}"
        assert (site / src).is_file()
    for entity in kb.entities.values():
        for pattern_id in entity.patterns:
            section = _section(body, pattern_id)
            linked = {resolve("patterns/", a.attrs["href"]) for a in section.find_all("a")}
            assert entity_url(entity.id) in linked, (pattern_id, entity.id)


def test_glossary_lists_every_term(site: Path, kb: KnowledgeBase) -> None:
    ids = ids_on(site, "glossary/")
    for term in kb.glossary:
        assert pages.glossary_anchor(term.term) in ids


def test_abbreviations_have_tooltips_on_every_page(site: Path, kb: KnowledgeBase) -> None:
    expansions = {t.term: t.expansion for t in kb.glossary if t.expansion}
    assert expansions
    for file in (page_file(site, ""), page_file(site, "entities/cppd/"),
                 page_file(site, "approach/")):
        root = parse(file)
        for abbr in root.find_all("abbr"):
            assert expansions.get(abbr.text) == abbr.attrs["title"], (file, abbr.text)
    cppd = {a.text for a in article(site, "entities/cppd/").find_all("abbr")}
    assert "CPPD" in cppd


def test_home_page_shows_the_classification_table(site: Path, kb: KnowledgeBase) -> None:
    body = article(site, "")
    table = body.find("div", "stc-classification").find("table")
    headers = [th.text for th in table.find_all("th")]
    assert headers == ["Compartment", *(t.label for t in kb.vocabulary["mechanism"].values())]
    linked = {resolve("", a.attrs["href"]) for a in table.find_all("a")}
    assert {entity_url(i) for i in kb.entities} <= linked
    assert "Educational use only" in body.find("p", "stc-edu-notice").text


def test_about_page_lists_every_reference(site: Path, kb: KnowledgeBase) -> None:
    ids = ids_on(site, "about/")
    assert pages.ESSAY_ANCHOR in ids
    for reference_id in kb.references:
        assert pages.reference_anchor(reference_id) in ids
    assert "<!-- references -->" not in page_file(site, "about/").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ links


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    broken = []
    for file in html_files(site):
        url = page_url(site, file)
        for node in parse(file).iter():
            for attribute in ("href", "src"):
                value = node.attrs.get(attribute)
                if value is None or node.tag not in ("a", "img", "link", "script", "source"):
                    continue
                if urlsplit(value).scheme or value.startswith("//"):
                    continue  # other origins: see the test below
                target = resolve(url, value)
                path, _, anchor = target.partition("#")
                file_target = page_file(site, path)
                if not file_target.exists() and (site / path).is_dir():
                    file_target = site / path / "index.html"
                if not file_target.exists():
                    broken.append(f"{url}: {value} (no file)")
                    continue
                if (
                    anchor
                    and file_target.suffix == ".html"
                    and path not in ("calculator/", "pt/calculator/")  # form state, not an anchor
                    and unquote(anchor) not in ids_on(site, page_url(site, file_target))
                ):
                    broken.append(f"{url}: {value} (no anchor)")
    assert broken == []


# ------------------------------------------------------------------------------ other origins

_LOADING_ATTRIBUTES = {
    "href", "src", "srcset", "action", "formaction", "poster", "data", "xlink:href",
    "background", "manifest", "icon",
}
_URL = re.compile(r"https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'`)<>]*")
_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)")
_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)")

# Absolute URLs that may appear in shipped scripts and style sheets, each with why it is
# harmless. Anything else fails the test; an entry that matches nothing fails it too.
_ALLOWED_IN_ASSETS: tuple[tuple[str, str | re.Pattern[str], str], ...] = (
    ("*.css", "http://www.w3.org/2000/svg", "SVG namespace inside data: URIs"),
    ("assets/stylesheets/main.*.min.css", "https://fontawesome.com",
     "licence comment of the bundled Font Awesome icons"),
    ("assets/javascripts/lunr/min/lunr.*.min.js", "http://www.mozilla.org/MPL/",
     "lunr-languages licence comment"),
    ("assets/javascripts/lunr/min/lunr.*.min.js", "https://github.com/MihaiValentin/lunr-languages",
     "lunr-languages licence comment"),
    ("assets/javascripts/lunr/min/lunr.*.min.js", "http://snowball.tartarus.org/",
     "stemmer credit comment"),
    ("assets/javascripts/lunr/min/lunr.*.min.js", "http://code.google.com/p/urim/",
     "stemmer credit comment"),
    ("assets/javascripts/lunr/tinyseg.js", "http://chasen.org/~taku/software/TinySegmenter/",
     "TinySegmenter licence comment"),
    ("assets/javascripts/lunr/tinyseg.js", "https://github.com/umdjs/umd/",
     "module-pattern credit comment"),
    ("assets/javascripts/lunr/wordcut.js", "http", "source comments of the bundled Thai "
     "segmenter (loaded only for Thai or Hindi search, never here)"),
    ("assets/javascripts/bundle.*.min.js", "https://clipboardjs.com/",
     "clipboard.js licence comment"),
    ("assets/javascripts/bundle.*.min.js", "https://api.github.com/",
     "repository facts, fetched only when mkdocs.yml sets repo_url (it does not)"),
    ("assets/javascripts/bundle.*.min.js", re.compile(r"https://[^/]+/mermaid@"),
     "Mermaid, loaded only by a page with a diagram (none: see _no_mermaid_diagrams)"),
    ("assets/javascripts/bundle.*.min.js", re.compile(r"https://[^/]+/resize-observer-polyfill"),
     "polyfill loaded only where ResizeObserver is missing; every browser that runs the "
     "calculator's Pyodide 0.29 (WebAssembly with BigInt; recent Safari, Chrome and Firefox) has it"),
    ("assets/javascripts/workers/search.*.min.js", "http://lunrjs.com", "lunr licence comment"),
    ("assets/javascripts/workers/search.*.min.js", "http://tartarus.org/~martin/PorterStemmer/",
     "lunr stemmer credit comment"),
    ("assets/javascripts/workers/search.*.min.js", "https://bit.ly/",
     "text of a console warning about an invalid query"),
    ("assets/pyodide/*/pyodide.js", re.compile(r"https://[^/]+/pyodide/v\$\{"),
     "Pyodide's package CDN, used only to download lock-file packages; the site's lock file "
     "lists none, so the browser never fetches from it"),
)


def _external(value: str) -> bool:
    value = value.strip()
    return bool(urlsplit(value).scheme not in ("", "data", "blob", "about", "mailto", "tel")
                or value.startswith("//"))


def _is_plain_link(tag: str, name: str, attrs: dict[str, str]) -> bool:
    """An ``<a href>`` to another site is a link, not a load: nothing is requested until the
    reader follows it. It must carry ``rel="noopener noreferrer"`` (no opener, no referrer)."""
    rel = set(attrs.get("rel", "").split())
    return tag == "a" and name == "href" and {"noopener", "noreferrer"} <= rel


def test_no_page_loads_another_origin(site: Path) -> None:
    """HTML and SVG: no attribute, inline style or inline script makes the browser fetch from
    another origin. Links (``<a href>`` with ``rel="noopener noreferrer"``) are allowed; an
    external ``<a>`` without that ``rel``, or any other external reference, is not."""
    site_origin = "http://127.0.0.1:8000/"  # site_url in mkdocs.yml: canonical links
    offending = []
    links = 0
    for file in [*html_files(site), *site.rglob("*.svg")]:
        relative = file.relative_to(site).as_posix()
        for node in parse(file).iter():
            for name, value in node.attrs.items():
                if _is_plain_link(node.tag, name, node.attrs) and _external(value):
                    links += 1
                    continue
                if name in _LOADING_ATTRIBUTES or name == "style":
                    values = (
                        [v.strip().split(" ")[0] for v in value.split(",")]
                        if name == "srcset" else
                        _CSS_URL.findall(value) if name == "style" else [value]
                    )
                    for v in values:
                        if _external(v) and not v.startswith(site_origin):
                            offending.append(f"{relative}: <{node.tag} {name}={v}>")
            if node.tag == "meta" and node.attrs.get("http-equiv", "").lower() == "refresh":
                offending.append(f"{relative}: meta refresh")
            if node.tag in ("script", "style"):
                inline = "".join(c for c in node.children if isinstance(c, str))
                for found in _URL.findall(inline):
                    offending.append(f"{relative}: inline <{node.tag}> {found}")
    assert offending == []
    assert links > 20, "the references and the essay should be real links"


def test_links_are_told_from_loads() -> None:
    assert _is_plain_link("a", "href", {"href": "https://doi.org/x", "rel": "noopener noreferrer"})
    assert not _is_plain_link("a", "href", {"href": "https://doi.org/x"})
    assert not _is_plain_link("a", "href", {"href": "https://doi.org/x", "rel": "noopener"})
    assert not _is_plain_link("link", "href", {"href": "https://x.org/a.css", "rel": "noopener noreferrer"})
    assert not _is_plain_link("img", "src", {"src": "https://x.org/a.png", "rel": "noopener noreferrer"})


def test_no_script_or_style_sheet_reaches_another_origin(site: Path) -> None:
    """CSS and JS: every absolute URL is a known-harmless one (see ``_ALLOWED_IN_ASSETS``)."""
    offending = []
    used: set[int] = set()
    for file in sorted([*site.rglob("*.js"), *site.rglob("*.css"), *site.rglob("*.mjs")]):
        relative = file.relative_to(site).as_posix()
        text = file.read_text(encoding="utf-8", errors="replace")
        if file.suffix == ".css":
            for value in [*_CSS_URL.findall(text), *_CSS_IMPORT.findall(text)]:
                if _external(value):
                    offending.append(f"{relative}: url({value})")
        for found in _URL.findall(text):
            allowed = [
                i for i, (pattern, prefix, _why) in enumerate(_ALLOWED_IN_ASSETS)
                if fnmatch.fnmatch(relative, pattern)
                and (prefix.match(found) if isinstance(prefix, re.Pattern) else found.startswith(prefix))
            ]
            if allowed:
                used.add(allowed[0])
            else:
                offending.append(f"{relative}: {found}")
    assert offending == []
    _no_mermaid_diagrams(site)
    unused = [entry[:2] for i, entry in enumerate(_ALLOWED_IN_ASSETS) if i not in used]
    assert unused == [], "stale allow-list entries"


def _no_mermaid_diagrams(site: Path) -> None:
    for file in html_files(site):
        assert not any(
            "mermaid" in n.attrs.get("class", "").split() for n in parse(file).iter()
        ), file


def test_theme_is_self_contained_and_has_both_palettes(site: Path) -> None:
    html = page_file(site, "").read_text(encoding="utf-8")
    # theme.font: false: no web-font style sheet or preconnect to any other origin.
    assert not re.search(r'<link rel="(?:stylesheet|preconnect)"[^>]+href="https?://', html)
    assert 'data-md-color-scheme="slate"' in html and 'data-md-color-scheme="default"' in html
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                  html, re.S).group(1))  # type: ignore[union-attr]
    assert "navigation.instant" in config["features"]
    assert re.search(r'<link rel="stylesheet" href="stylesheets/extra\.css', html)


# ------------------------------------------------------------------------------ broken data


def _copy_project(destination: Path) -> Path:
    """A copy of the project that builds on its own (the runtime's npm package is linked)."""
    ignore = shutil.ignore_patterns(".git", ".venv", "node_modules", "site", "site-*",
                                    ".cache", "__pycache__", "*.pyc", ".pytest_cache",
                                    ".mypy_cache", ".ruff_cache")
    for name in ("calc", "build_tools", "docs", "overrides"):
        shutil.copytree(REPO / name, destination / name, ignore=ignore)
    shutil.copy2(REPO / "mkdocs.yml", destination / "mkdocs.yml")
    (destination / "node_modules").symlink_to(REPO / "node_modules")
    return destination


def _break_cppd_pattern(project: Path) -> None:
    path = project / "calc" / "data" / "entities" / "cppd.json"
    record = json.loads(path.read_text(encoding="utf-8"))
    record["patterns"]["not-a-pattern"] = "typical"
    path.write_text(json.dumps(record, indent=2), encoding="utf-8")


BROKEN_MESSAGE = (
    "calc/data/entities/cppd.json, entity 'cppd', field 'patterns': unknown id 'not-a-pattern'"
)


def test_loader_names_file_entity_and_field_of_a_bad_id(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    shutil.copytree(REPO / "calc", package / "calc",
                    ignore=shutil.ignore_patterns("__pycache__"))
    _break_cppd_pattern(package)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "from calc.knowledge import KnowledgeError, load_knowledge\n"
        "assert __import__('calc').__file__.startswith(sys.argv[1])\n"
        "try:\n    load_knowledge()\nexcept KnowledgeError as exc:\n    print(exc)\n"
        "else:\n    raise SystemExit('the broken entry was accepted')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(package)], capture_output=True, text=True,
        check=False, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert BROKEN_MESSAGE in result.stdout


def test_a_broken_knowledge_base_fails_the_build_with_the_loader_message(tmp_path: Path) -> None:
    project = _copy_project(tmp_path / "project")
    _break_cppd_pattern(project)
    result = build_site(tmp_path / "site", project_root=project)
    assert result.returncode != 0
    assert BROKEN_MESSAGE in result.output
    assert not (tmp_path / "site" / "index.html").exists()


# ------------------------------------------------------------------------------ in a browser

PHONE_PAGES = (
    "", "entities/cppd/", "entities/fibrodysplasia-ossificans-progressiva/",
    "entities/tendon-ossification/", "compartments/periarticular/", "groups/metastatic/",
    "mechanisms/dystrophic/", "patterns/", "figures/", "glossary/", "about/",
)


@pytest.mark.browser
def test_pages_fit_a_360px_phone_without_sideways_scrolling(site: Path, chromium: Any) -> None:
    """``chromium`` is the session's Debian Chromium (tests/conftest.py)."""
    too_wide = []
    with serve_site(site) as base:
        context = chromium.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
        )
        page = context.new_page()
        for url in PHONE_PAGES:
            page.goto(base + url)
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            if scroll > client:
                too_wide.append(f"{url or 'home'}: {scroll} px > {client} px")
            button = page.locator(".stc-calc-link a")
            if button.count():
                assert button.bounding_box()["height"] >= 44, url
        context.close()
    assert too_wide == []


def test_pages_say_when_their_source_last_changed(site: Path) -> None:
    from build_tools.revised import last_changed, page_revised

    dates = last_changed(REPO)
    assert dates, "the pages are dated from git history: run the tests in a git checkout"
    newest_knowledge = max(day for path, day in dates.items() if path.startswith("calc/data/"))
    expected = {
        "approach/index.html": dates["docs/approach.md"],
        "entities/cppd/index.html": dates["calc/data/entities/cppd.json"],
        "glossary/index.html": newest_knowledge,
    }
    for page, day in expected.items():
        html = (site / page).read_text(encoding="utf-8")
        assert f'Last revised <time datetime="{day}">{day}</time>' in html, page
    # Which source dates which page.
    fake = {"docs/a.md": "2020-01-02", "calc/data/entities/x.json": "2021-03-04",
            "calc/data/glossary.json": "2022-05-06"}
    assert page_revised("a.md", False, fake) == "2020-01-02"
    assert page_revised("entities/x.md", True, fake) == "2021-03-04"
    assert page_revised("glossary.md", True, fake) == "2022-05-06"
    assert page_revised("missing.md", False, fake) is None


@pytest.mark.parametrize("page", ["approach", "nomenclature", "pt/approach", "pt/nomenclature"])
def test_figure_mentions_on_hand_written_pages_are_links(site: Path, page: str) -> None:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    linked = re.findall(r'<a href="([^"]*#figure-(\d+))"[^>]*>(?:Figs?\.|Figure|Figura)s?[ \u00a0](\d+)</a>', article)
    assert linked, page
    assert all(anchor == number for _, anchor, number in linked)
    unlinked = re.sub(r"<a\b.*?</a>", " ", article, flags=re.S)
    unlinked = re.sub(r"<[^>]+>", " ", unlinked)
    assert not re.search(r"(?<![\w/#-])(?:Figs?\.|Figure|Figura)s?[ \u00a0]\d", unlinked), page
