"""Links gate: a crawler over the built site; every internal reference resolves.

Every HTML page is read with ``html.parser``. Each reference (``href`` of links and
``<link>`` elements: style sheets, icons, manifest, canonical, next/previous; ``src`` and
``srcset`` of images and sources; ``src`` of scripts, frames and media; ``action`` of forms)
must name a file of the site, and a ``#fragment`` must name an element id of the target page.
The calculator's fragments are form state, not anchors: they must parse without a complaint
(``calc.web.parse_fragment``). Absolute links under mkdocs.yml's ``site_url`` (canonical
links) are internal. Links to other hosts are not fetched: they are listed, once each, in
``reports/external-links.txt`` (git-ignored). Also checked: ``url()`` references of the
project's style sheets and the pages named by ``sitemap.xml``.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import REPO_ROOT, SITE_URL_IN_CONFIG

from calc.web import parse_fragment

pytestmark = pytest.mark.site

REPORT = REPO_ROOT / "reports" / "external-links.txt"
CALCULATOR_PAGE = "calculator/"

# (tag, attribute) pairs that reference another file or page.
_REFERENCES = {
    ("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("img", "srcset"),
    ("source", "src"), ("source", "srcset"), ("script", "src"), ("iframe", "src"),
    ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
    ("input", "src"), ("embed", "src"), ("object", "data"), ("form", "action"),
    ("use", "href"), ("use", "xlink:href"), ("image", "href"), ("image", "xlink:href"),
}
_CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")
_IGNORED_SCHEMES = ("data", "blob", "about")


@dataclass
class PageLinks:
    ids: set[str] = field(default_factory=set)
    refs: list[tuple[int, str, str, str]] = field(default_factory=list)  # (line, tag, attr, value)
    is_calculator: bool = False


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageLinks()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                if name == "data-stc-calculator":
                    self.page.is_calculator = True
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.page.ids.add(value)
            elif name == "data-stc-calculator":
                self.page.is_calculator = True
            elif (tag, name) in _REFERENCES:
                if name == "srcset":
                    for candidate in value.split(","):
                        if candidate.strip():
                            self.page.refs.append((line, tag, name, candidate.split()[0]))
                else:
                    self.page.refs.append((line, tag, name, value))

    handle_startendtag = handle_starttag


@cache
def read_page(path: Path) -> PageLinks:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    collector.close()
    return collector.page


def page_url(site: Path, file: Path) -> str:
    relative = file.relative_to(site).as_posix()
    return SITE_URL_IN_CONFIG + relative.removesuffix("index.html")


def target_file(site: Path, url: str) -> Path | None:
    """The file an absolute URL under site_url names (a folder means its index.html)."""
    path = unquote(urlsplit(url).path)[len(urlsplit(SITE_URL_IN_CONFIG).path):]
    candidate = site / path
    if path == "" or path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site.resolve())
    except ValueError:
        return None  # climbs out of the site
    return candidate if candidate.is_file() else None


@dataclass
class Crawl:
    broken: list[str] = field(default_factory=list)
    external: dict[str, str] = field(default_factory=dict)   # URL -> first page that links it
    checked: int = 0
    anchors: int = 0
    state_links: int = 0


def check_reference(site: Path, where: str, base: str, value: str, crawl: Crawl) -> None:
    value = value.strip()
    if not value:
        crawl.broken.append(f"{where}: empty reference")
        return
    absolute = urljoin(base, value)
    parts = urlsplit(absolute)
    if parts.scheme in _IGNORED_SCHEMES:
        return
    if parts.scheme == "javascript":
        crawl.broken.append(f"{where}: javascript: URL {value[:60]}")
        return
    if not absolute.startswith(SITE_URL_IN_CONFIG):
        crawl.external.setdefault(absolute, where)
        return
    crawl.checked += 1
    target = target_file(site, absolute)
    if target is None:
        crawl.broken.append(f"{where}: {value} (no such file)")
        return
    fragment = unquote(parts.fragment)
    if not fragment or target.suffix != ".html":
        return
    page = read_page(target)
    if page.is_calculator and "=" in fragment:
        crawl.state_links += 1
        _, notes = parse_fragment(parts.fragment)
        if notes:
            crawl.broken.append(f"{where}: {value} (calculator state: {'; '.join(notes)})")
        return
    crawl.anchors += 1
    if fragment not in page.ids:
        crawl.broken.append(f"{where}: {value} (no element with id '{fragment}')")


def html_files(site: Path) -> Iterator[Path]:
    yield from sorted(site.rglob("*.html"))


@pytest.fixture(scope="module")
def crawl(built_site: Path) -> Crawl:
    result = Crawl()
    files = list(html_files(built_site))
    assert len(files) >= 40
    for file in files:
        base = page_url(built_site, file)
        relative = file.relative_to(built_site).as_posix()
        for line, tag, attribute, value in read_page(file).refs:
            check_reference(built_site, f"{relative}:{line} <{tag} {attribute}>", base, value, result)
    # The project's own style sheets (the theme's are checked by test_site_build's origin test).
    for sheet in sorted((built_site / "stylesheets").glob("*.css")):
        base = SITE_URL_IN_CONFIG + sheet.relative_to(built_site).as_posix()
        text = sheet.read_text(encoding="utf-8")
        for match in _CSS_URL.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            check_reference(built_site, f"{sheet.name}:{line} url()", base, match.group(2), result)
    # Every page the sitemap names.
    sitemap = built_site / "sitemap.xml"
    if sitemap.is_file():
        for loc in ET.parse(sitemap).getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
            check_reference(built_site, "sitemap.xml <loc>", SITE_URL_IN_CONFIG, loc.text or "", result)
    REPORT.parent.mkdir(exist_ok=True)
    lines = [f"{url}\t(first linked from {where})" for url, where in sorted(result.external.items())]
    REPORT.write_text(
        "# Links from the built site to other hosts: listed, never fetched by the tests.\n"
        + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    print(f"\nlinks: {result.checked} internal references ({result.anchors} anchors, "
          f"{result.state_links} calculator links), {len(result.external)} external "
          f"-> {REPORT.relative_to(REPO_ROOT)}")
    return result


def test_every_internal_reference_resolves(crawl: Crawl) -> None:
    assert crawl.checked > 1000, crawl.checked
    assert crawl.anchors > 100 and crawl.state_links > 10, (crawl.anchors, crawl.state_links)
    assert crawl.broken == [], "\n".join(crawl.broken)


def test_external_links_are_listed_not_followed(crawl: Crawl) -> None:
    listed = [line for line in REPORT.read_text(encoding="utf-8").splitlines()
              if not line.startswith("#")]
    assert len(listed) == len(crawl.external)
    assert all(urlsplit(url).scheme in ("http", "https", "mailto") for url in crawl.external), crawl.external


def test_the_crawler_reports_what_is_broken(tmp_path: Path) -> None:
    """A missing page, a missing anchor, a bad calculator state and a missing image are found."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "calculator").mkdir()
    (site / "calculator" / "index.html").write_text(
        '<section data-stc-calculator id="top"></section>', encoding="utf-8")
    (site / "a" / "index.html").write_text(
        '<h2 id="here">x</h2><a href="#here">ok</a><a href="../calculator/#pattern=rice-grain">ok</a>'
        '<a href="../b/">missing page</a><a href="#nowhere">missing anchor</a>'
        '<a href="../calculator/#nonsense=1">bad state</a><img src="x.png" alt="">'
        '<img srcset="../a/ 1x, y.png 2x" alt=""><a href="https://example.org/">out</a>',
        encoding="utf-8")
    result = Crawl()
    base = SITE_URL_IN_CONFIG + "a/"
    for line, tag, attribute, value in read_page(site / "a" / "index.html").refs:
        check_reference(site, f"a:{line} <{tag} {attribute}>", base, value, result)
    problems = " | ".join(result.broken)
    assert len(result.broken) == 5, problems
    for expected in ("../b/ (no such file)", "no element with id 'nowhere'", "calculator state",
                     "x.png (no such file)", "y.png (no such file)"):
        assert expected in problems
    assert list(result.external) == ["https://example.org/"]
