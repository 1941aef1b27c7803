"""DESIGN SPIKE for issue 15 (not wired into mkdocs.yml): the whole site again under ``pt/``.

One ``mkdocs build``, no i18n plugin. What it shows:

- ``on_config``: the theme overrides of this spike go in front of the project's, and the nav
  gets a second tree, the same pages under ``pt/`` (so MkDocs builds and validates them).
- ``on_files``: every page gets a Portuguese twin ``pt/<same path>`` (here a copy of the
  English markdown with a Portuguese title line: the real edition takes its text from the
  knowledge base's ``pt-BR`` fields and from ``docs/pt/*.md``).
- ``on_page_context``: each page sees only its language's nav tree, its own homepage, and
  per-page ``extra.alternate`` (hreflang links and the header switch open the same page in
  the other language). Portuguese pages get the ``pt/`` root as Material's ``base``, so
  search and instant navigation stay inside their language.
- ``on_post_build``: the one search index is split in two (``search/`` and
  ``pt/search/``), and ``pt/sitemap.xml`` lists the Portuguese pages only.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import re
import time
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.stc_i18n_spike")

PT = "pt/"
PT_PIPELINE = os.environ.get("STC_SPIKE_PT_PIPELINE", "stopWordFilter").split(",")
"""Search pipeline of the pt index. With "stemmer", full-word queries fail: Material adds a
trailing wildcard to the typed term, and lunr skips the query pipeline for wildcard terms,
so "gotoso*" never meets the stemmed token "gotos" (measured with spike/probe_browser.py)."""
HERE = Path(__file__).resolve().parent
_state: dict[str, Any] = {}


def _prefixed(item: Any) -> Any:
    """The nav item with every page path under pt/ (titles stay: the real nav takes pt labels)."""
    if isinstance(item, str):
        return PT + item
    if isinstance(item, dict):
        return {title: _prefixed(value) for title, value in item.items()}
    if isinstance(item, list):
        return [_prefixed(value) for value in item]
    return item


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _state["started"] = time.monotonic()
    config.theme.dirs.insert(0, str(HERE / "overrides"))
    english = list(config.nav or [])
    _state["english_len"] = len(english)
    config.nav = [*english, {"Português": _prefixed(english)}]
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    twins = []
    for file in files.documentation_pages():
        if file.src_uri.startswith(PT):
            continue
        markdown = file.content_string
        twins.append(File.generated(config, PT + file.src_uri, content=markdown))
    for twin in twins:
        files.append(twin)
    log.info(f"i18n spike: {len(twins)} Portuguese twin pages")
    return files


_ASSET_LINK = re.compile(
    r'(\]\(|src="|href=")(?!https?:|#|/|mailto:)([^)"#\s]*?\.(?:svg|png|jpe?g|webp|js|css|zip|json|pdf|whl))'
)


class _EnglishView:
    """A pt/ page seen under its English source path, for the project's marker filling."""

    def __init__(self, page: Page) -> None:
        self.file = type("F", (), {"src_uri": page.file.src_uri[len(PT):]})()
        self.meta = page.meta
        self.url = page.url


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill the generated-content markers of pt/ twins (home, calculator, about, methods) with
    the project's own hook, which matches pages by their English source path."""
    if not page.file.src_uri.startswith(PT):
        return markdown
    if page.file.src_uri == PT + "entities/gout.md":  # probe text for the stemming check
        markdown = "Tofo gotoso com calcificações tênues junto à articulação.\n\n" + markdown
    # The twin sits one folder deeper; links to assets (not to pages) must climb one more step.
    markdown = _ASSET_LINK.sub(lambda m: f"{m.group(1)}../{m.group(2)}", markdown)
    project_hook = config.plugins["build_tools/hooks.py"]
    view: Any = _EnglishView(page)  # duck-typed: the hook reads file.src_uri, meta and url
    filled = project_hook.on_page_markdown(markdown, page=view, config=config, files=files)
    return filled if filled is not None else markdown


def _counterpart(url: str) -> tuple[str, str]:
    """(English URL, Portuguese URL) of a page URL, site-relative."""
    english = url[len(PT):] if url.startswith(PT) else url
    return english, PT + english


def _language_nav(nav: Navigation, portuguese: bool) -> Navigation:
    n = _state["english_len"]
    if portuguese:
        section = nav.items[n]
        assert isinstance(section, Section)
        items = section.children
    else:
        items = nav.items[:n]
    pages = [p for p in nav.pages if p.url.startswith(PT) == portuguese]
    language_nav = Navigation(items, pages)
    language_nav.homepage = pages[0] if pages else None
    return language_nav


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    # prev/next must not cross from the last English page into the Portuguese tree.
    for language in (False, True):
        pages = [p for p in nav.pages if p.url.startswith(PT) == language]
        if pages:
            pages[0].previous_page = None
            pages[-1].next_page = None
    for item in nav.items[_state["english_len"]:]:
        item.parent = None
    _state["nav"] = {False: _language_nav(nav, False), True: _language_nav(nav, True)}
    for sub in _state["nav"][True].items:
        sub.parent = None  # the Portuguese tree's top level has no section above it
    return nav


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    portuguese = page.url.startswith(PT)
    context["nav"] = _state["nav"][portuguese]
    english, pt = _counterpart(page.url)
    context["stc_alternates"] = [
        {"name": "English", "link": english or "./", "lang": "en"},
        {"name": "Português", "link": pt, "lang": "pt-BR"},
    ]
    if portuguese:
        # Material resolves search/search_index.json and sitemap.xml against "base": the pt/
        # root, written like Material's own base ("../.." style, which resolves to a folder).
        depth = page.url[len(PT):].count("/")
        context["base_url"] = "/".join([".."] * depth) or "."
    return context


_SITEMAP_URL = re.compile(r"<url>.*?</url>", re.S)


def _with_alternates(url_block: str, base: str) -> str:
    """A sitemap <url> with hreflang links to both language versions (Google's sitemap form)."""
    loc = re.search(r"<loc>(.*?)</loc>", url_block, re.S)
    if not loc:
        return url_block
    english, pt = _counterpart(loc.group(1).strip()[len(base):])
    links = (f'<xhtml:link rel="alternate" hreflang="en" href="{base}{english}"/>'
             f'<xhtml:link rel="alternate" hreflang="pt-BR" href="{base}{pt}"/>')
    return url_block.replace("</url>", f"{links}</url>")


def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    index_path = site / "search" / "search_index.json"
    if index_path.is_file():
        index = json.loads(index_path.read_text(encoding="utf-8"))
        english = [d for d in index["docs"] if not d["location"].startswith(PT)]
        portuguese = [dict(d, location=d["location"][len(PT):]) for d in index["docs"] if d["location"].startswith(PT)]
        pt_index = copy.deepcopy(index)
        pt_index["docs"] = portuguese
        pt_index["config"]["lang"] = ["pt"]
        # lunr.pt still gives the Portuguese stop words and trimmer; see PT_PIPELINE.
        pt_index["config"]["pipeline"] = PT_PIPELINE
        index["docs"] = english
        index["config"]["lang"] = ["en"]
        index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        (site / "pt" / "search").mkdir(parents=True, exist_ok=True)
        (site / "pt" / "search" / "search_index.json").write_text(
            json.dumps(pt_index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        log.info(f"i18n spike: search index split, {len(english)} en / {len(portuguese)} pt documents")
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        text = sitemap.read_text(encoding="utf-8")
        urls = _SITEMAP_URL.findall(text)
        base = config.site_url or ""
        pt_urls = [u for u in urls if f"<loc>{base}{PT}" in u]
        en_urls = [u for u in urls if u not in pt_urls]
        head, tail = text.split("<url>", 1)[0], "</urlset>\n"
        head = head.replace("<urlset ", '<urlset xmlns:xhtml="http://www.w3.org/1999/xhtml" ', 1)
        en_urls = [_with_alternates(u, base) for u in en_urls]
        pt_urls = [_with_alternates(u, base) for u in pt_urls]
        sitemap.write_text(head + "\n".join(en_urls) + "\n" + tail, encoding="utf-8")
        (site / "pt" / "sitemap.xml").write_text(head + "\n".join(pt_urls) + "\n" + tail, encoding="utf-8")
    log.info(f"i18n spike: hooks done {time.monotonic() - _state['started']:.1f} s after on_config")
