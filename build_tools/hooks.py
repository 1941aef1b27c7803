"""MkDocs hooks of STC Guide, wired in ``mkdocs.yml`` under ``hooks:``.

- ``on_config``: load and validate the knowledge base (a broken entry stops the build with
  the loader's message, naming file, entity and field) and build the navigation from it.
- ``on_files``: add the generated pages (entities, compartments, mechanisms, groups, pattern
  atlas, figures, glossary) as virtual files; nothing generated is written into ``docs/``.
- ``on_page_markdown``: fill the markers of hand-written pages (the classification table on
  the home page, the reference list on the About page, the engine's tables on the Methods
  page via :func:`build_tools.methods.fill`) and append the glossary's
  abbreviations to every page, so that they get tooltips everywhere.
- ``on_post_build``: add accent-folded text and synonyms to the search index, and place the
  calculator's browser runtime (:func:`build_tools.runtime.place_calculator`).
- Offline use (:mod:`build_tools.offline`): ``on_startup`` notes the command, ``on_pre_build``
  builds the offline copy's zip (``mkdocs build`` only), ``on_files`` adds the copy's search
  shim in the copy's own build, the About page gets the ``<!-- offline-archive -->`` text, and
  the very end of ``on_post_build`` writes icons, web app manifest and ``sw.js``.
"""

from __future__ import annotations

import importlib
import logging
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# MkDocs loads this file by path, with only build_tools/ on sys.path while it runs; the
# pages need the project's own ``calc`` (the working tree, not an installed copy).
_REPO_ROOT = Path(__file__).resolve().parent.parent
if str(_REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(_REPO_ROOT))

from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.nav import Navigation  # noqa: E402
from mkdocs.structure.pages import Page  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from build_tools import calcpage, figure_links, i18n_site, offline, offline_copy, pages, revised, search  # noqa: E402
from build_tools import nav as site_nav  # noqa: E402
from calc import knowledge  # noqa: E402

log = logging.getLogger("mkdocs.plugins.stc_guide")

_state: dict[str, knowledge.KnowledgeBase] = {}
_revised_dates: dict[str, str] = {}
"""Repository path -> day of its last commit (build_tools/revised.py), read once per build."""
_offline = offline.HookState()


def _kb() -> knowledge.KnowledgeBase:
    return _state["kb"]


def _url(config: MkDocsConfig, src_uri: str) -> str:
    """The URL MkDocs gives a source file (directory URLs or not)."""
    return File(
        src_uri, src_dir=None, dest_dir=config.site_dir,
        use_directory_urls=config.use_directory_urls,
    ).url


_HELPERS = ("build_tools.i18n_prose", "build_tools.i18n_strings_methods", "build_tools.i18n_strings_offline",
            "build_tools.i18n_strings",
            "build_tools.site_map", "build_tools.page_parts", "build_tools.depth", "build_tools.i18n_glossary",
            "build_tools.entity_page", "build_tools.section_pages", "build_tools.reference_pages",
            "build_tools.fillers", "build_tools.pages", "build_tools.nav",
            "build_tools.search", "build_tools.i18n_search", "build_tools.i18n_site",
            "build_tools.methods", "build_tools.icons", "build_tools.offline_copy", "build_tools.offline",
            "build_tools.revised")
"""Modules reloaded on every rebuild of `mkdocs serve` (in dependency order). This file itself
is loaded once per process: restart the server after editing it."""


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Date the build by the last commit (sitemap lastmod), so one commit builds the same bytes.
    from build_tools.reproducible import set_source_date_epoch

    set_source_date_epoch(_REPO_ROOT)
    # `mkdocs serve` keeps the process: read calc/data afresh on every rebuild, and pick up
    # edits to the page generators.
    if _state:
        for name in _HELPERS:
            if name in sys.modules:
                importlib.reload(sys.modules[name])
    knowledge.load_knowledge.cache_clear()
    _revised_dates.clear()
    _revised_dates.update(revised.last_changed(_REPO_ROOT))
    try:
        _state["kb"] = knowledge.load_knowledge()
    except knowledge.KnowledgeError as exc:
        raise PluginError(f"The knowledge base is broken: {exc}") from exc
    docs_dir = Path(config.docs_dir)
    nav, missing = site_nav.build_nav(_kb(), lambda uri: (docs_dir / uri).is_file())
    for uri in missing:
        log.warning(f"docs/{uri} is missing, so it is left out of the navigation")
    config.nav = nav
    i18n_site.configure(config, _kb())  # the Portuguese tree under pt/ (build_tools/i18n_site.py)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    kb = _kb()
    drawings = {
        pattern_id for pattern_id in kb.vocabulary["pattern"]
        if files.get_file_from_path(pages.drawing_uri(pattern_id)) is not None
    }
    for pattern_id in kb.vocabulary["pattern"]:
        if pattern_id not in drawings:
            log.warning(
                f"Pattern '{pattern_id}' has no drawing: add docs/{pages.drawing_uri(pattern_id)}"
            )

    from calc.web import fragment_for  # the engine owns the calculator's URL format

    calculator_url = _url(config, pages.CALCULATOR)

    def calculator_href(src_uri: str, findings: Mapping[str, list[str]]) -> str:
        relative = get_relative_url(calculator_url, _url(config, src_uri))
        return f"{relative}#{fragment_for(findings)}"

    for page in pages.generated_pages(kb, calculator_href=calculator_href, drawings=drawings):
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(
                f"docs/{page.src_uri} exists, but that page is generated from calc/data at "
                "build time: remove the file"
            )
        files.append(File.generated(config, page.src_uri, content=page.markdown))
    added = i18n_site.add_files(files, config, kb, calculator_href, drawings)
    log.info(f"Portuguese site: {added} pages under pt/; shown in English for now: "
             f"{', '.join(i18n_site.untranslated()) or 'none'}")
    try:
        for uri, source in offline.variant_files(config):  # only in the offline copy's build
            files.append(File.generated(config, uri, abs_src_path=str(source)))
    except offline.OfflineCopyError as exc:
        raise PluginError(str(exc)) from exc
    return files


def _fill(markdown: str, marker: str, content: str, src_uri: str) -> str:
    if marker not in markdown:
        log.warning(f"docs/{src_uri} has no '{marker}' marker for the generated content")
        return markdown
    return markdown.replace(marker, content)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    kb = _kb()
    src_uri = page.file.src_uri
    generated = not (Path(config.docs_dir) / src_uri).is_file()
    day = revised.page_revised(src_uri, generated, _revised_dates)
    if day:
        page.meta["stc_revised"] = day
    lang = i18n_site.page_lang(src_uri)
    src_uri = i18n_site.english_path(src_uri)  # both trees fill the same markers
    if src_uri == pages.INDEX:
        markdown = _fill(
            markdown, pages.CLASSIFICATION_MARKER, pages.classification_table(kb, lang=lang), src_uri
        )
    elif src_uri == pages.CALCULATOR:  # the calculator, in the page's language
        markdown = _fill(markdown, calcpage.FORM_MARKER, calcpage.form_block(lang), src_uri)
    elif src_uri == pages.ABOUT:
        markdown = _fill(markdown, pages.REFERENCES_MARKER, pages.references_list(kb, lang), src_uri)
        markdown = _fill(markdown, offline.OFFLINE_MARKER,
                         offline.about_markdown(_offline, config, page.url, lang), src_uri)
    elif src_uri == pages.METHODS:
        from build_tools import methods  # the engine's numbers, owned with the Methods page

        markdown = methods.fill(markdown, kb, lang)
    if not generated:
        figures_uri = (i18n_site.PREFIX if i18n_site.is_pt(page.file.src_uri) else "") + pages.FIGURES
        markdown = figure_links.link_figures(markdown, figures_uri, page.file.src_uri, kb.figures)
    abbreviations = pages.abbreviations(kb)
    return f"{markdown}\n\n{abbreviations}\n" if abbreviations else markdown


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    i18n_site.split_nav(nav)  # each language sees its own tree
    return nav


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
    return i18n_site.page_context(context, page)


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    from build_tools.i18n_strings import STRINGS
    from build_tools.i18n_strings_offline import offline_texts

    env.globals["stc_t"] = STRINGS["en"]  # pages override it with their language's table
    env.globals["stc_strings"] = STRINGS  # every language: the bilingual 404 page
    env.filters["stc_offline_texts"] = offline_texts  # sw-register.js's words (overrides/main.html)
    env.filters["stc_sw_settings"] = offline.page_settings_element  # calc-early.js, sw-register.js
    env.filters["stc_theme_later"] = calcpage.hold_theme_bundle  # the calculator page's theme-later.js
    return env


def on_post_build(config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        # Split the index by language first: everything hashed below sees the final files.
        _, pt_index = i18n_site.split_search_index(site_dir)
        log.info(i18n_site.enrich_pt_index(pt_index, _kb(), lambda uri: _url(config, uri)))
        if offline_copy.is_variant(config):
            i18n_site.write_search_script(site_dir)
        i18n_site.split_sitemap(site_dir, config.site_url or "")
        extras = search.search_extras(_kb(), lambda uri: _url(config, uri))
        stats = search.rewrite_search_index(index, extras)
        log.info(
            f"Search index: {stats.documents} documents, {stats.folded} with folded text, "
            f"{stats.with_synonyms} with synonyms, {stats.size_bytes / 1024:.0f} KiB"
        )
    else:
        log.warning("search/search_index.json was not written: is the search plugin enabled?")

    try:
        from build_tools.runtime import place_calculator
    except ModuleNotFoundError as exc:
        if exc.name != "build_tools.runtime":
            raise
        log.info("build_tools.runtime is not there yet: the calculator runtime is not placed")
        return
    started = time.monotonic()
    try:
        runtime = place_calculator(site_dir)
    except RuntimeError as exc:
        raise PluginError(f"Placing the calculator runtime failed: {exc}") from exc
    log.info(f"Calculator runtime placed in {time.monotonic() - started:.1f} s")
    if not offline_copy.is_variant(config):  # the offline copy reads runtime-data.js instead
        try:
            calcpage.embed_runtimes(site_dir, runtime)
        except calcpage.CalculatorPageError as exc:
            raise PluginError(str(exc)) from exc

    # Keep this the LAST step that changes pages: the content security policy hashes the inline
    # scripts of every page in its final form (build_tools/csp.py). Not under `mkdocs serve`:
    # its live-reload script is injected inline into every page as it is served.
    from build_tools.csp import PolicyError, apply_policy

    if _offline.command == "serve":
        log.info("Content security policy: left out of the `mkdocs serve` preview")
    else:
        try:
            policy = apply_policy(site_dir)
        except PolicyError as exc:
            raise PluginError(str(exc)) from exc
        log.info(f"Content security policy: {policy.pages} pages, {len(policy.hashes)} inline-script hashes")

    # After the policy: sw.js lists every file with its hash, so it must see the pages in their
    # final form; it changes no page (build_tools/offline.py).
    try:
        log.info(offline.post_build(_offline, site_dir, config))
    except (offline.OfflineError, OSError) as exc:
        raise PluginError(f"Offline support failed: {exc}") from exc


def on_startup(command: str, dirty: bool) -> None:
    _offline.command = command


def on_pre_build(config: MkDocsConfig) -> None:
    try:
        built = offline.pre_build(_offline, config)
    except offline.OfflineCopyError as exc:
        raise PluginError(f"The offline copy failed: {exc}") from exc
    if built:
        log.info(built)


def on_build_error(error: Exception) -> None:
    offline.cleanup(_offline)
