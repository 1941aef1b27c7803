"""The Portuguese site: a ``pt/`` twin of every page, made in the same ``mkdocs build``.

Why our own hook and not mkdocs-static-i18n: that plugin crashes on generated files and runs
extra full builds from its own post-build step (notes/i18n-design.md). Here one build holds
both languages, with the same slugs (the URL of the other language is a prefix swap):

- :func:`configure` (``on_config``): the nav gets a second tree, ``pt/`` paths with
  Portuguese titles, so MkDocs builds and validates every Portuguese page.
- :func:`add_files` (``on_files``): the generated pages again in Portuguese
  (:func:`build_tools.pages.generated_pages` with ``lang``); a hand-written page with no
  ``docs/pt/`` translation gets a stand-in copy of its English text under a notice.
- :func:`split_nav` / :func:`page_context`: each page sees its own language's nav and home,
  prev/next stop at the language boundary, the language switch and the hreflang links
  (``stc_alternates``) open the same page in the other language, ``stc_t`` holds the page's
  template strings, and a Portuguese page's ``base`` is the ``pt/`` root, so Material's search
  and instant navigation stay in its language.
- :func:`split_search_index` and :func:`split_sitemap` (``on_post_build``, BEFORE the
  content security policy and the service worker, which hash the final files).
"""

from __future__ import annotations

import copy
import gzip
import json
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from build_tools import i18n_search, pages
from build_tools import nav as site_nav
from build_tools.i18n_prose import EN, PT, text
from build_tools.i18n_strings import STRINGS, check_tables, strings
from calc.knowledge import KnowledgeBase

PREFIX = "pt/"
"""Folder of the Portuguese tree, in source paths and URLs alike."""
PT_NAV_TITLE = "Português"
PT_SEARCH_PIPELINE = ["stopWordFilter"]
"""No lunr stemmer on the Portuguese index: Material appends ``*`` to the typed term and lunr
skips the pipeline for wildcard terms, so stemmed tokens would never meet full words
(measured in the spike). Plurals and accents are folded at build time instead
(:mod:`build_tools.i18n_search`)."""

_state: dict[str, Any] = {}


def is_pt(path: str) -> bool:
    return path.startswith(PREFIX)


def page_lang(src_uri_or_url: str) -> str:
    return PT if is_pt(src_uri_or_url) else EN


def english_path(path: str) -> str:
    """The English source path or URL of a path in either tree."""
    return path[len(PREFIX):] if is_pt(path) else path


# ------------------------------------------------------------------------------ navigation


def _pt_titles(kb: KnowledgeBase) -> dict[str, str]:
    """Portuguese nav title of each page by its (English) source path."""
    t = strings(PT)
    titles = {uri: t[key] for key, uri in (
        ("nav_home", pages.INDEX), ("nav_approach", pages.APPROACH),
        ("nav_calculator", pages.CALCULATOR), ("nav_patterns", pages.PATTERNS),
        ("nav_figures", pages.FIGURES), ("nav_nomenclature", pages.NOMENCLATURE),
        ("nav_glossary", pages.GLOSSARY), ("nav_methods", pages.METHODS),
        ("nav_about", pages.ABOUT),
    )}
    titles.update({pages.entity_uri(e.id): text(e, "label", PT) for e in kb.entities.values()})
    titles.update({pages.mechanism_uri(m): pages.label(kb, "mechanism", m, PT)
                   for m in kb.vocabulary["mechanism"]})
    for section in (*kb.vocabulary["compartment"], *pages.GROUPS):
        titles[pages.nav_section_uri(kb, section)] = pages.nav_section_title(kb, section, PT)
    return titles


def _first_uri(item: Any) -> str | None:
    if isinstance(item, str):
        return item
    if isinstance(item, dict):
        for value in item.values():
            return _first_uri(value)
    if isinstance(item, list) and item:
        return _first_uri(item[0])
    return None


def portuguese_nav(english: list[Any], kb: KnowledgeBase) -> list[Any]:
    """The English nav with ``pt/`` paths and Portuguese titles (by page, so it follows
    whatever titles and order :mod:`build_tools.nav` gives the English tree)."""
    titles = _pt_titles(kb)
    t = strings(PT)

    def convert(item: Any) -> Any:
        if isinstance(item, str):
            return PREFIX + item
        if isinstance(item, list):
            return [convert(value) for value in item]
        if isinstance(item, dict):
            out = {}
            for title, value in item.items():
                if isinstance(value, str):
                    name = (t["nav_overview"] if title == site_nav.SECTION_OVERVIEW_TITLE
                            else titles.get(value, title))
                elif title == site_nav.MECHANISMS_TITLE:
                    name = t["nav_mechanisms"]
                else:
                    name = titles.get(_first_uri(value) or "", title)
                out[name] = convert(value)
            return out
        return item

    return [convert(item) for item in english]


def configure(config: Any, kb: KnowledgeBase) -> None:
    """After the English nav is set: add the Portuguese tree (``on_config``)."""
    missing = check_tables()
    if missing:
        raise ValueError(f"build_tools/i18n_strings.py: keys missing: {', '.join(missing)}")
    english = list(config.nav or [])
    _state["english_len"] = len(english)
    _state["site_url"] = config.site_url or ""
    config.nav = [*english, {PT_NAV_TITLE: portuguese_nav(english, kb)}]


# ------------------------------------------------------------------------------ files


def untranslated_twin(markdown: str) -> str:
    """A stand-in for a hand-written page not translated yet: the English text under a
    Portuguese notice (kept out of the "no English on Portuguese pages" check)."""
    notice = f'!!! info ""\n\n    {strings(PT)["untranslated"]}\n\n'
    if markdown.startswith("---\n"):
        end = markdown.index("\n---", 4) + 4
        return markdown[:end] + "\n\n" + notice + markdown[end:]
    return notice + markdown


def add_files(files: Files, config: Any, kb: KnowledgeBase,
              calculator_href: Callable[[str, Mapping[str, list[str]]], str],
              drawings: set[str]) -> int:
    """Add the Portuguese generated pages and stand-ins; returns how many pages were added."""
    added = 0
    for page in pages.generated_pages(kb, calculator_href=calculator_href, drawings=drawings, lang=PT):
        files.append(File.generated(config, PREFIX + page.src_uri, content=page.markdown))
        added += 1
    for file in list(files.documentation_pages()):
        uri = file.src_uri
        if is_pt(uri) or files.get_file_from_path(PREFIX + uri) is not None:
            continue
        files.append(File.generated(config, PREFIX + uri, content=untranslated_twin(file.content_string)))
        _state.setdefault("untranslated", []).append(uri)
        added += 1
    return added


# ------------------------------------------------------------------------------ pages


def _language_nav(nav: Navigation, portuguese: bool) -> Navigation:
    n = _state["english_len"]
    if portuguese:
        section = nav.items[n]
        assert isinstance(section, Section)
        items = section.children
    else:
        items = nav.items[:n]
    language_pages = [p for p in nav.pages if is_pt(p.file.src_uri) == portuguese]
    language_nav = Navigation(items, language_pages)
    language_nav.homepage = language_pages[0] if language_pages else None
    return language_nav


def split_nav(nav: Navigation) -> None:
    """Each language's own nav (``on_nav``); prev/next never cross the language boundary."""
    for portuguese in (False, True):
        language_pages = [p for p in nav.pages if is_pt(p.file.src_uri) == portuguese]
        if language_pages:
            language_pages[0].previous_page = None
            language_pages[-1].next_page = None
    english = _language_nav(nav, False)
    portuguese_nav_ = _language_nav(nav, True)
    for item in portuguese_nav_.items:
        item.parent = None  # the Portuguese tree's top level has no section above it
    _state["nav"] = {False: english, True: portuguese_nav_}


def alternates(url: str, current_lang: str) -> list[dict[str, Any]]:
    """The page in each language: for the switch and the hreflang links."""
    english = english_path(url)
    site = _state.get("site_url", "")
    entries = []
    for lang, link, hreflang in ((EN, english, "en"), (PT, PREFIX + english, "pt-BR")):
        entries.append({
            "name": STRINGS[lang]["language_name"], "lang": lang, "hreflang": hreflang,
            "link": link or ".", "absolute": (site + link) if site else "",
            "current": lang == current_lang,
        })
    entries.append({**entries[0], "hreflang": "x-default", "current": False})
    return entries


def page_context(context: dict[str, Any], page: Page) -> dict[str, Any]:
    """Per-page language settings (``on_page_context``)."""
    portuguese = is_pt(page.file.src_uri)
    lang = PT if portuguese else EN
    if "nav" in _state:
        context["nav"] = _state["nav"][portuguese]
    context["stc_t"] = STRINGS[lang]
    context["stc_lang"] = lang
    switch = alternates(page.url, lang)
    context["stc_alternates"] = [a for a in switch if a["hreflang"] != "x-default"]
    context["stc_hreflang"] = switch
    if portuguese:
        # Material resolves search/search_index.json and sitemap.xml against "base": the pt/
        # root, written like Material's own base ("../.." style, which resolves to a folder).
        depth = page.url[len(PREFIX):].count("/")
        context["base_url"] = "/".join([".."] * depth) or "."
        if not page.meta.get("description"):
            page.meta["description"] = STRINGS[PT]["site_description"]
    return context


def untranslated() -> list[str]:
    """Hand-written pages shown in English on the Portuguese site (no docs/pt/ file yet)."""
    return list(_state.get("untranslated", []))


# ------------------------------------------------------------------------------ after the build


def split_search_index(site_dir: Path) -> tuple[Path, Path]:
    """Split Material's one index into ``search/`` (English) and ``pt/search/`` (Portuguese,
    locations relative to ``pt/``)."""
    index_path = site_dir / "search" / "search_index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    english = [d for d in index["docs"] if not is_pt(d["location"])]
    portuguese = [dict(d, location=english_path(d["location"])) for d in index["docs"] if is_pt(d["location"])]
    pt_index = copy.deepcopy(index)
    pt_index["docs"] = portuguese
    pt_index["config"]["lang"] = ["pt"]
    pt_index["config"]["pipeline"] = list(PT_SEARCH_PIPELINE)
    index["docs"] = english
    index["config"]["lang"] = ["en"]
    _dump(index_path, index)
    pt_path = site_dir / PREFIX / "search" / "search_index.json"
    pt_path.parent.mkdir(parents=True, exist_ok=True)
    _dump(pt_path, pt_index)
    return index_path, pt_path


def _dump(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def write_search_script(site_dir: Path) -> None:
    """The offline copy's ``pt/search/search_index.js`` (read by search on file://)."""
    data = (site_dir / PREFIX / "search" / "search_index.json").read_text(encoding="utf-8")
    (site_dir / PREFIX / "search" / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


def enrich_pt_index(path: Path, kb: KnowledgeBase, url_of: Callable[[str], str]) -> str:
    """Folded and singular forms, Portuguese names and misnomers in the Portuguese index."""
    return i18n_search.rewrite_pt_index(path, kb, url_of)


_URL_BLOCK = re.compile(r"<url>.*?</url>", re.S)


def _with_alternates(block: str, base: str) -> str:
    loc = re.search(r"<loc>(.*?)</loc>", block, re.S)
    if not loc:
        return block
    english = english_path(loc.group(1).strip()[len(base):])
    links = (f'<xhtml:link rel="alternate" hreflang="en" href="{base}{english}"/>'
             f'<xhtml:link rel="alternate" hreflang="pt-BR" href="{base}{PREFIX}{english}"/>')
    return block.replace("</url>", f"{links}</url>")


def split_sitemap(site_dir: Path, site_url: str) -> None:
    """``sitemap.xml`` lists English pages, ``pt/sitemap.xml`` Portuguese ones (Material's
    instant navigation treats what its base's sitemap lists as internal), each URL with
    hreflang links to both versions."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        return
    body = sitemap.read_text(encoding="utf-8")
    urls = _URL_BLOCK.findall(body)
    pt_urls = [u for u in urls if f"<loc>{site_url}{PREFIX}" in u]
    en_urls = [u for u in urls if u not in pt_urls]
    head = body.split("<url>", 1)[0].replace(
        "<urlset ", '<urlset xmlns:xhtml="http://www.w3.org/1999/xhtml" ', 1)
    for target, chosen in ((sitemap, en_urls), (site_dir / PREFIX / "sitemap.xml", pt_urls)):
        text_ = head + "\n".join(_with_alternates(u, site_url) for u in chosen) + "\n</urlset>\n"
        target.write_text(text_, encoding="utf-8")
    gz = site_dir / "sitemap.xml.gz"
    if gz.is_file():  # MkDocs' compressed copy: the English sitemap, with MkDocs' own date
        mtime = int.from_bytes(gz.read_bytes()[4:8], "little")  # (the last commit's)
        gz.write_bytes(gzip.compress(sitemap.read_bytes(), mtime=mtime))
