"""The Portuguese site under pt/ (issue 15), on the real strict build.

Every English page has a Portuguese twin, ``<html lang>`` says which, hreflang links and the
language switch join the two both ways (and the switch lands on the same page), each
language has its own navigation and search index, the offline files cover both, and the
hand-written Portuguese pages hold no English prose.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from build_tools import i18n_search
from build_tools.i18n_prose import short_name
from build_tools.i18n_strings import check_tables
from build_tools.offline import read_settings
from build_tools.sitebuild import SiteBuild, build_site_once, serve_site
from calc.knowledge import load_knowledge
from tests.test_offline import search  # one way to drive Material's search box

REPO_ROOT = Path(__file__).resolve().parent.parent
PT_DOCS = REPO_ROOT / "docs" / "pt"
SKIP_DIRS = ("assets/", "search/", "downloads/", "stylesheets/", "pt/")

GENERATED_PAGES_EXEMPT_FROM_ENGLISH_CHECK = False
"""The generated Portuguese pages take their prose from the knowledge base's pt-BR blocks
(build_tools/i18n_prose.py), so they are checked like the hand-written ones."""

ENGLISH_WORDS = frozenset(["the", "and", "with", "which", "this", "that", "from", "when", "your", "you", "is", "are", "page", "see", "not", "but", "its", "their", "these", "those", "into", "only", "what", "where", "how", "will", "would", "should", "does", "have", "has", "been", "than", "then", "there", "were", "was", "they", "them", "also", "because", "after", "before", "while", "about", "other", "each", "every", "such", "must", "may", "might",
                           # framing words a template could leave behind ("Típico high" once)
                           "high", "low", "raised", "typical", "possible", "below", "above", "children",
                           "adults", "case", "essay", "figure", "section", "usually", "often", "seen", "shows",
                           "without", "between", "under", "over", "can", "of", "to", "in", "on", "at", "it"])
"""Common English words that have no Portuguese homograph."""

REVIEWED_EXCEPTIONS = (
    "Material for MkDocs",  # a product name
    "Soft tissue calcifications: a pictorial essay",  # the essay's English title
    "Python Software Foundation License", "Mozilla Public License",
    "STC Guide contributors",  # the attribution string the licence asks for
    "Pearls and Pitfalls in MSK Imaging",  # a book's title, cited in the text
)
"""Names that stay in English on Portuguese pages (reviewed)."""


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build: SiteBuild = build_site_once(tmp_path_factory.getbasetemp())
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output[-6000:]}"
    return build.site_dir


def _english_pages(site: Path) -> list[str]:
    pages = []
    for path in sorted(site.rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if not rel.startswith(SKIP_DIRS):
            pages.append(rel)
    return pages


class _Head(HTMLParser):
    """The <html lang>, hreflang links and language-switch links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.hreflang: list[dict[str, str]] = []
        self.switch: list[dict[str, str]] = []
        self.exact_alternates = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "link" and "alternate" in a.get("rel", "").split():
            self.hreflang.append(a)
            if a.get("rel") == "alternate" and "hreflang" in a:
                self.exact_alternates += 1
        elif tag == "a" and "md-select__link" in a.get("class", ""):
            self.switch.append(a)


def _head(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _url(rel_index: str) -> str:
    """site-relative URL of an index.html path ("" for the home page)."""
    return rel_index[: -len("index.html")]


def test_string_tables_have_the_same_keys() -> None:
    assert check_tables() == []


def test_every_english_page_has_its_portuguese_twin(site: Path) -> None:
    english = _english_pages(site)
    assert len(english) > 40
    missing = [rel for rel in english if not (site / "pt" / rel).is_file()]
    assert missing == []


def test_lang_attributes(site: Path) -> None:
    for rel in _english_pages(site):
        assert _head(site / rel).lang == "en", rel
        assert _head(site / "pt" / rel).lang == "pt-BR", rel


def test_hreflang_and_switch_join_the_same_page_both_ways(site: Path) -> None:
    base = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url
    for rel in _english_pages(site):
        url = _url(rel)
        for own, path in ((base + url, site / rel), (base + "pt/" + url, site / "pt" / rel)):
            head = _head(path)
            links = {a["hreflang"]: a["href"] for a in head.hreflang}
            assert links == {"en": base + url, "pt-BR": base + "pt/" + url, "x-default": base + url}, rel
            # Material fetches <href>/sitemap.xml for every link[rel=alternate] (exact value).
            assert head.exact_alternates == 0, rel
            switch = {a["hreflang"]: urljoin(own, a["href"]) for a in head.switch}
            assert switch == {"en": base + url, "pt-BR": base + "pt/" + url}, rel
            assert all(a.get("target") == "_self" for a in head.switch), rel


def test_portuguese_pages_show_portuguese_nav_and_theme_strings(site: Path) -> None:
    html = (site / "pt" / "entities" / "gout" / "index.html").read_text(encoding="utf-8")
    nav = html.split('class="md-nav md-nav--primary"', 1)[1].split('class="md-content"', 1)[0]
    for portuguese in ("Início", "Abordagem", "Calculadora", "Mecanismos", "Glossário", "Sobre e fontes"):
        assert portuguese in nav
    for english in (">Approach<", ">Calculator<", ">Mechanisms<", "About and sources"):
        assert english not in nav
    assert 'placeholder="Buscar"' in html
    assert "Aspecto de imagem" in html and "No laudo" in html and "Além da radiografia" in html
    assert 'href="../../../entities/gout/"' not in nav  # no link from the pt nav into English


def test_search_index_is_split_by_language(site: Path) -> None:
    en = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    pt = json.loads((site / "pt" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert en["config"]["lang"] == ["en"] and pt["config"]["lang"] == ["pt"]
    assert not any(d["location"].startswith("pt/") for d in en["docs"])
    assert not any(d["location"].startswith("pt/") for d in pt["docs"])
    cppd = next(d for d in pt["docs"] if d["location"] == "entities/cppd/")
    assert "pseudogota" in cppd["synonyms"]
    assert any("calcificacao" in d.get("text_folded", "").split() for d in pt["docs"])


def test_portuguese_plural_and_accent_forms() -> None:
    assert i18n_search.singular("calcificações") == "calcificação"
    assert {"calcificacoes", "calcificacao"} <= i18n_search.forms("calcificações")
    assert i18n_search.singular("tumores") == "tumor"
    assert i18n_search.singular("flebólitos") == "flebólito"


def _integrity(path: Path) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()


def test_service_worker_covers_both_languages_with_final_hashes(site: Path) -> None:
    settings = read_settings(site / "sw.js")
    precache = settings["precache"]
    for rel in ("pt/index.html", "pt/calculator/index.html", "pt/search/search_index.json",
                "search/search_index.json", "assets/javascripts/lunr/min/lunr.pt.min.js"):
        assert rel in precache, rel
        if rel not in settings.get("unchecked", []):
            assert precache[rel] == _integrity(site / rel), f"stale hash for {rel}"


def test_portuguese_pages_carry_the_security_policy_and_calculator_runtime(site: Path) -> None:
    for rel in ("pt/index.html", "pt/entities/gout/index.html", "pt/calculator/index.html"):
        assert 'http-equiv="Content-Security-Policy"' in (site / rel).read_text(encoding="utf-8")
    calculator = (site / "pt" / "calculator" / "index.html").read_text(encoding="utf-8")
    assert '<script type="application/json" id="stc-calc-runtime">null</script>' not in calculator
    assert 'id="stc-calc-runtime">{' in calculator


def test_sitemaps_list_one_language_with_alternates(site: Path) -> None:
    en = (site / "sitemap.xml").read_text(encoding="utf-8")
    pt = (site / "pt" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>http://127.0.0.1:8000/pt/" not in en
    assert re.findall(r"<loc>([^<]*)</loc>", pt) and all(
        u.startswith("http://127.0.0.1:8000/pt/") for u in re.findall(r"<loc>([^<]*)</loc>", pt))
    assert 'hreflang="pt-BR"' in en and 'hreflang="en"' in pt


# ------------------------------------------------------------------------------ no English


def english_words(text: str) -> list[str]:
    """Common English words left in Portuguese text (after the reviewed exceptions)."""
    for name in REVIEWED_EXCEPTIONS:
        text = text.replace(name, " ")
    return [w for w in re.findall(r"[^\W\d_]+", text) if w.lower() in ENGLISH_WORDS]  # whole words: "anéis" is not "is"


def _prose_of_markdown(source: str) -> str:
    source = re.sub(r"\A---\n.*?\n---\n", "", source, flags=re.S)  # front matter
    source = re.sub(r"<!--.*?-->", " ", source, flags=re.S)
    source = re.sub(r"\]\([^)]*\)", "]", source)  # link targets
    source = re.sub(r"`[^`]*`", " ", source)
    source = re.sub(r"<[^>]+>", " ", source)  # tags and their attributes
    source = re.sub(r"\{[^}]*\}", " ", source)  # attribute lists: { #how-to-use }
    # Reviewed exception: short quoted examples of report wording ("no", "renal function
    # preserved") that the Methods page cites as what the English reader understands.
    source = re.sub(r'"[^"\n]{1,40}"', " ", source)
    return source


def test_hand_written_portuguese_pages_exist_for_the_main_pages() -> None:
    written = {p.name for p in PT_DOCS.glob("*.md")}
    assert {"index.md", "about.md", "calculator.md", "nomenclature.md"} <= written


@pytest.mark.parametrize("path", sorted(PT_DOCS.glob("*.md")), ids=lambda p: p.name)
def test_hand_written_portuguese_pages_have_no_english_prose(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert re.search(r"<!-- Tradução de docs/\S+ no commit [0-9a-f]{7,}\.? -->", source), \
        "say which English commit the page was translated from"
    assert english_words(_prose_of_markdown(source)) == []


class _Portuguese(HTMLParser):
    """The text of a page minus what it declares English (``lang="en"``: published citations,
    the glossary's English column), scripts and styles."""

    VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"])

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # per open element: is its text excluded?
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        inherited = bool(self.stack and self.stack[-1])
        self.stack.append(inherited or tag in ("script", "style") or dict(attrs).get("lang") == "en")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)


def _article_text(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    article = re.sub(r'<(?:div|ol) class="stc-references".*?</(?:div|ol)>', " ", article, flags=re.S)
    parser = _Portuguese()
    parser.feed("<article" + article)
    return " ".join(parser.parts)


def test_generated_pt_pages_have_no_english_prose(site: Path) -> None:
    if GENERATED_PAGES_EXEMPT_FROM_ENGLISH_CHECK:
        # Chrome only, until the prose is wired: headings of an entity page are Portuguese.
        text = _article_text(site / "pt" / "entities" / "gout" / "index.html")
        for heading in ("Resumo", "Mecanismo e compartimento", "Aspecto de imagem", "Dicas e armadilhas",
                        "No laudo", "Fontes"):
            assert heading in text
        return
    offenders = {}
    for path in sorted((site / "pt").rglob("index.html")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("pt/search/"):
            continue
        found = english_words(_article_text(path))
        if found:
            offenders[rel] = found[:8]
    assert offenders == {}


def test_methods_and_about_generated_parts_are_portuguese(site: Path) -> None:
    methods = _article_text(site / "pt" / "methods" / "index.html")
    assert "Número usado" in methods and "Peso quando típico" in methods
    assert "9–10,5 mg/dL" in methods and "× 4,008" in methods  # the engine's numbers, decimal commas
    assert "Massa de partes moles" in methods and "dispara o aviso sozinho" in methods
    english = _article_text(site / "methods" / "index.html")
    assert "9–10.5 mg/dL" in english and "raises the notice on its own" in english
    about = _article_text(site / "pt" / "about" / "index.html")
    assert "funciona sem conexão de duas maneiras" in about and "Baixe a cópia offline" in about
    for rel, label in (("index.html", "Loading the page"), ("pt/index.html", "Carregando a página")):
        assert f'role="progressbar" aria-label="{label}"' in (site / rel).read_text(encoding="utf-8")
    error_page = (site / "404.html").read_text(encoding="utf-8")  # hosts serve it under pt/ too
    assert '<div lang="pt-BR">' in error_page and "Página não encontrada" in error_page
    assert 'href="/pt/"' in error_page


_OFFLINE_TEXT = re.compile(r'<div hidden data-stc-offline-text="([^"]*)"></div>')


def test_offline_script_words_are_written_into_each_page_in_its_language(site: Path) -> None:
    """sw-register.js holds no sentence: every page carries its language's words for it (issue 15)."""
    import html

    from build_tools.i18n_strings_offline import EN_OFFLINE, PT_OFFLINE, offline_texts

    for rel, table in (("index.html", EN_OFFLINE), ("calculator/index.html", EN_OFFLINE),
                       ("entities/gout/index.html", EN_OFFLINE), ("pt/index.html", PT_OFFLINE),
                       ("pt/calculator/index.html", PT_OFFLINE), ("pt/entities/gout/index.html", PT_OFFLINE)):
        found = _OFFLINE_TEXT.findall((site / rel).read_text(encoding="utf-8"))
        assert len(found) == 1, rel
        words = json.loads(html.unescape(found[0]))
        assert words == offline_texts(table), rel
        if rel.startswith("pt/"):
            assert english_words(" ".join(words.values())) == [], rel
    script = (site / "assets" / "js" / "sw-register.js").read_text(encoding="utf-8")
    for sentence in (*EN_OFFLINE.values(), *PT_OFFLINE.values()):
        assert f'"{sentence}"' not in script   # as a string literal (the comments name the buttons)


_FORM_HOLDER = re.compile(r'<div id="stc-calc-form" hidden data-form="([^"]*)"></div>')
_CALC_SCRIPTS = ("calc-base.js", "calc-client.js", "calc-worker.js", "calc-worker-net.js", "calc-file.js",
                 "calculator.js", "calc-early.js", "search-later.js", "keep-styles.js")


def _code_of(script: str) -> str:
    """A script without its comments (they may name a message)."""
    script = re.sub(r"/\*.*?\*/", " ", script, flags=re.S)
    return re.sub(r"(^|\s)//[^\n]*", " ", script)


def test_calculator_start_words_are_written_into_each_calculator_page_in_its_language(site: Path) -> None:
    """The calculator's start-up and failure sentences (calc/text_start.py) are shown when Python
    is not running, so the build writes them into the page; the scripts hold none (issue 15)."""
    import html

    from calc.text_start import START_TEXTS

    for rel, lang in (("calculator/index.html", "en"), ("pt/calculator/index.html", "pt-BR")):
        found = _FORM_HOLDER.findall((site / rel).read_text(encoding="utf-8"))
        assert len(found) == 1, rel
        words = json.loads(html.unescape(found[0]))["start_texts"]
        assert words == dict(START_TEXTS[lang]), rel
        if lang == "pt-BR":
            prose = re.sub(r"\{\w+\}|“[^”]*”|\([^)]*\.js\)", " ", " ".join(words.values()))
            assert english_words(prose.replace("Web Workers", " ")) == [], rel
    code = {name: _code_of((site / "assets" / "js" / name).read_text(encoding="utf-8")) for name in _CALC_SCRIPTS}
    for table in START_TEXTS.values():
        for sentence in table.values():
            for fragment in re.split(r"\{\w+\}", sentence):
                if len(fragment.strip()) < 8:
                    continue   # "no type", punctuation between slots
                for name, text in code.items():
                    assert fragment.strip() not in text, (name, fragment)


def test_the_checker_catches_english() -> None:
    assert english_words("Veja a página. See the page with details.") == ["See", "the", "page", "with"]
    assert english_words("Tema: Material for MkDocs") == []


def test_reference_short_names_are_portuguese_on_portuguese_pages() -> None:
    """Authors, journals and sites stay; the descriptive words of a short name are translated."""
    descriptive = {"syndrome", "correction", "calcium", "hyperphosphatemia", "guideline", "children", "ch"}
    kb = load_knowledge()
    for reference in kb.references.values():
        name = short_name(reference, "pt-BR")
        words = re.findall(r"[^\W\d_]+", name)
        assert english_words(name) == [] and not descriptive & {w.lower() for w in words}, name
    assert short_name(kb.references["medscape-calcium-correction"], "pt-BR") == "Medscape: correção do cálcio"
    assert short_name(kb.references["lian-2018"], "pt-BR") == "Lian e Åsberg 2018"
    assert short_name(kb.references["lian-2018"], "en") == "Lian and Åsberg 2018"


# ------------------------------------------------------------------------------ in the browser


@pytest.mark.browser
def test_switch_lands_on_the_same_page_both_ways(site: Path, chromium: Any) -> None:
    with serve_site(site) as base:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        failed: list[str] = []
        errors: list[str] = []
        page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(f"{base}entities/gout/")
        assert page.evaluate("document.documentElement.lang") == "en"
        page.locator('a.md-select__link[hreflang="pt-BR"]').dispatch_event("click")
        page.wait_for_url(f"{base}pt/entities/gout/")
        assert page.evaluate("document.documentElement.lang") == "pt-BR"
        assert page.get_attribute("input.md-search__input", "placeholder") == "Buscar"
        page.locator('a.md-select__link[hreflang="en"]').dispatch_event("click")
        page.wait_for_url(f"{base}entities/gout/")
        assert page.evaluate("document.documentElement.lang") == "en"
        page.goto(f"{base}pt/")
        page.wait_for_timeout(1000)
        context.close()
    assert failed == [], failed
    assert errors == [], errors


@pytest.mark.browser
@pytest.mark.parametrize(("query", "expected"), [
    ("pseudogota", "pt/entities/cppd/"),
    ("condrocalcinose", "pt/entities/cppd/"),
    ("miosite ossificante", "pt/entities/myositis-ossificans/"),
    ("tofo", "pt/entities/gout/"),
    ("flebolito", "pt/entities/venous-malformation/"),
])
def test_portuguese_search_finds_the_page_first(site: Path, chromium: Any, query: str, expected: str) -> None:
    """Material's own search worker on a Portuguese page reads the Portuguese index."""
    with serve_site(site) as base:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        fetched: list[str] = []
        page.on("request", lambda r: "search_index" in r.url and fetched.append(r.url))
        page.goto(f"{base}pt/?q={query}")
        first = page.locator(".md-search-result__item > a").first
        first.wait_for(timeout=20000)
        href = first.get_attribute("href") or ""
        context.close()
    assert href.split("?")[0] == base + expected
    assert fetched and all("/pt/search/" in url for url in fetched)


@pytest.mark.browser
def test_portuguese_search_folds_accents_and_plurals(site: Path, chromium: Any) -> None:
    with serve_site(site) as base:
        context = chromium.new_context(service_workers="block")
        page = context.new_page()
        counts = {}
        for query in ("calcificacao", "calcificacoes", "calcificação"):
            page.goto(f"{base}pt/?q={query}")
            first = page.locator(".md-search-result__item > a").first
            first.wait_for(timeout=20000)
            counts[query] = page.locator(".md-search-result__item").count()
        context.close()
    assert all(count > 0 for count in counts.values()), counts


# ------------------------------------------------------------------------------ offline


@pytest.mark.browser
def test_both_languages_work_offline_after_one_visit(site: Path, chromium: Any) -> None:
    """One visit to a Portuguese page installs the service worker, which precaches both trees."""
    with serve_site(site) as base:
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.goto(f"{base}pt/")
        page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=30_000)
        # A first install takes control at once and downloads the list after the page loads:
        # wait until every precached file (both trees) is in the cache.
        wanted = len(read_settings(site / "sw.js")["precache"])
        count_js = ("async () => { let n = 0; for (const k of await caches.keys())"
                    " n += (await (await caches.open(k)).keys()).length; return n; }")
        deadline = time.monotonic() + 90
        while page.evaluate(count_js) < wanted and time.monotonic() < deadline:
            page.wait_for_timeout(500)
        assert page.evaluate(count_js) >= wanted
        context.set_offline(True)
        page.goto(f"{base}pt/entities/gout/")
        assert page.evaluate("document.documentElement.lang") == "pt-BR"
        assert search(page, "pseudogota")[0].split("?")[0] == f"{base}pt/entities/cppd/"
        page.goto(f"{base}entities/gout/")
        assert page.evaluate("document.documentElement.lang") == "en"
        assert search(page, "pseudogout")[0].split("?")[0] == f"{base}entities/cppd/"
        context.close()
    assert errors == []


@pytest.mark.browser
def test_offline_copy_holds_both_languages(site: Path, chromium: Any, tmp_path: Path) -> None:
    import zipfile

    from build_tools import offline_copy

    with zipfile.ZipFile(site / offline_copy.ZIP_URI) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / offline_copy.ZIP_FOLDER
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(folder.joinpath("pt", "entities", "gout.html").as_uri())
    assert page.evaluate("document.documentElement.lang") == "pt-BR"
    switch = page.locator('a.md-select__link[hreflang="en"]').get_attribute("href")
    assert switch == "../../entities/gout.html"
    assert search(page, "pseudogota")[0].split("?")[0] == folder.joinpath("pt", "entities", "cppd.html").as_uri()
    context.close()
    assert errors == []


def test_header_override_differs_from_the_theme_only_by_the_switch_condition() -> None:
    """overrides/partials/header.html must follow the installed theme (copy it again after an
    upgrade); only the source of the language switch differs, and the logo link has no title
    (each title in the header costs a forced layout at every page view; see palette.html)."""
    import material

    theme_dir = Path(material.__file__).parent / "templates"

    def body(text: str) -> str:
        return re.sub(r"^\{#-.*?-#\}\n", "", text, flags=re.S)

    theme = body((theme_dir / "partials" / "header.html").read_text(encoding="utf-8"))
    ours = body((REPO_ROOT / "overrides" / "partials" / "header.html").read_text(encoding="utf-8"))
    old, new = "{% if config.extra.alternate %}", "{% if stc_alternates %}"
    title = ' title="{{ config.site_name | e }}"'
    assert old in theme and title in theme
    assert ours == theme.replace(old, new).replace(title, "")


def test_palette_override_differs_from_the_theme_only_by_the_titles() -> None:
    """overrides/partials/palette.html is the theme's without the toggles' title attributes (the
    theme's tooltips measured each with a forced layout at every page view)."""
    import material

    def body(text: str) -> str:
        return re.sub(r"^\{#-.*?-#\}\n", "", text, flags=re.S)

    theme_file = Path(material.__file__).parent / "templates" / "partials" / "palette.html"
    theme = body(theme_file.read_text(encoding="utf-8"))
    ours = body((REPO_ROOT / "overrides" / "partials" / "palette.html").read_text(encoding="utf-8"))
    title = ' title="{{ option.toggle.name }}"'
    assert title in theme
    assert ours == theme.replace(title, "")


def test_every_sitemap_is_precached_without_a_hash_check(site: Path) -> None:
    # Hosts and the test servers rewrite sitemap addresses; a checked one never caches (Firefox
    # then never reported the calculator ready offline).
    settings = read_settings(site / "sw.js")
    sitemaps = {path for path in settings["precache"] if path.endswith("sitemap.xml")}
    assert sitemaps == {"sitemap.xml", "pt/sitemap.xml"}
    assert sitemaps <= set(settings["unchecked"])


def test_generated_portuguese_sentences_agree_with_what_is_inserted(site: Path) -> None:
    """Template sentences of the generated pages whose inserted value decides number or gender:
    one entity ("1 das 29 entidades ... tem"), any pattern label ("O padrão X também é típico"),
    terms of either gender ("Outros termos"), and threshold rows worded by calc/text_mineral.py."""

    def text(rel: str) -> str:
        return " ".join(_article_text(site / rel).split())

    idiopathic = text("pt/mechanisms/idiopathic/index.html")
    assert re.search(r"\b1 das \d+ entidades deste guia tem este mecanismo", idiopathic), idiopathic[:600]
    english = text("mechanisms/idiopathic/index.html")
    assert re.search(r"\b1 of the \d+ entities in this guide has this mechanism", english)
    dystrophic = text("pt/mechanisms/dystrophic/index.html")
    assert re.search(r"\b\d{2} das \d+ entidades deste guia têm este mecanismo", dystrophic)
    vascular = text("pt/compartments/vascular/index.html")
    assert "Outros termos:" in vascular and "padrão típico de" in vascular and "Também descrito" not in vascular
    gout = text("pt/entities/gout/index.html")
    assert "Quem é acometido" in gout and "Diagnósticos semelhantes" in gout
    group = text("pt/groups/metastatic/index.html")
    assert "estão listadas em Calcificação metastática (metabólica)" in group and "mecanismo Metastática" not in group
    hpt = text("pt/entities/hyperparathyroidism/index.html")
    assert "Típico Cálcio alto, Fósforo baixo" in hpt and "Ca × P não elevado" in hpt
    assert re.search(r"O padrão Osso maduro \(ossificação\) também é típico de",
                     text("pt/entities/myositis-ossificans/index.html"))
    methods = text("pt/methods/index.html")
    from calc.text_mineral import TEXT

    assert TEXT["pt-BR"]["kdoqi-55"] in methods and "KDOQI 2003 (adultos)" in methods
    assert "(adults)" not in methods and "(children)" not in methods
