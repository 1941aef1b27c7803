"""SPIKE probe (issue 15): drive the pt/ twin build in Debian Chromium and print what happens.

Usage: .venv/bin/python spike/probe_browser.py /tmp/ptbr/site-pt
Prints: failed requests (status >= 400), console errors, where the language switch lands,
<html lang> and the theme's search placeholder there, which search index each language
fetches, and the first search results on a Portuguese page.
"""

from __future__ import annotations

import functools
import http.server
import sys
import threading

from playwright.sync_api import sync_playwright


def main(site: str) -> None:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=site)
    handler.log_message = lambda *a: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    failed: list[str] = []
    errors: list[str] = []
    fetched: list[str] = []
    with sync_playwright() as manager:
        browser = manager.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("request", lambda r: fetched.append(r.url) if "search_index" in r.url or "sitemap" in r.url else None)
        page.goto(f"{origin}/entities/gout/")
        page.wait_for_timeout(1500)
        print("en page lang:", page.evaluate("document.documentElement.lang"))
        page.evaluate("document.querySelector('a.md-select__link[hreflang=\"pt-BR\"]').click()")
        page.wait_for_load_state("load")
        page.wait_for_timeout(1500)
        print("switch landed on:", page.url.replace(origin, ""))
        print("pt page lang:", page.evaluate("document.documentElement.lang"),
              "| search placeholder:", page.get_attribute("input.md-search__input", "placeholder"))
        page.evaluate("document.querySelector('a.md-nav__link[href$=\"approach/\"]').click()")
        page.wait_for_timeout(1500)
        print("nav link on pt page (instant navigation) went to:", page.url.replace(origin, ""),
              "| lang:", page.evaluate("document.documentElement.lang"))
        for query in ("tophus", "gotos", "gotoso", "calcific", "calcificações", "calcificacao", "tenue"):
            page.goto(f"{origin}/pt/?q={query}")
            first = page.locator(".md-search-result__item > a").first
            try:
                first.wait_for(timeout=15000)
                print(f"pt search {query!r} first result:", (first.get_attribute("href") or "").replace(origin, ""))
            except Exception:
                print(f"pt search {query!r}: no result")
        page.goto(f"{origin}/?q=tophus")
        first = page.locator(".md-search-result__item > a").first
        first.wait_for(timeout=15000)
        print("en search 'tophus' first result:", (first.get_attribute("href") or "").replace(origin, ""))
        page.goto(f"{origin}/pt/entities/gout/")
        page.wait_for_timeout(1000)
        page.evaluate("document.querySelector('a.md-select__link[hreflang=\"en\"]').click()")
        page.wait_for_load_state("load")
        page.wait_for_timeout(1000)
        lang = page.evaluate("document.documentElement.lang")
        print("switch back landed on:", page.url.replace(origin, ""), "| lang:", lang)
        browser.close()
    server.shutdown()
    print("search/sitemap fetches:", sorted({u.replace(origin, "") for u in fetched}))
    print("failed requests:", sorted(set(x.replace(origin, "") for x in failed)))
    print("console errors:", errors[:6])


if __name__ == "__main__":
    main(sys.argv[1])
