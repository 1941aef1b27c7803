"""What the built calculator page carries from the build (build_tools/calcpage.py).

- the form (labels, choices, units, notice) as calc.web answers it, in an attribute of the
  calculator, so the page draws it before Python has started;
- a copy of runtime.json in the <head>, before calc-early.js, which starts the worker with it;
- theme-later.js in place of the theme's bundle, which it loads after the first answer.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from build_tools import calcpage
from build_tools.sitebuild import SiteBuild, build_site_once
from calc.web import handle

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    build: SiteBuild = build_site_once(tmp_path_factory.getbasetemp())
    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.output[-6000:]}"
    return build.site_dir


def data_block(html: str, element_id: str) -> tuple[int, object]:
    """(position, parsed JSON) of the one data block with this id in ``html``."""
    found = re.findall(
        rf'<script type="application/json" id="{element_id}">(.*?)</script>', html, re.DOTALL)
    assert len(found) == 1, f"expected one {element_id} data block, found {len(found)}"
    return html.index(f'id="{element_id}"'), json.loads(found[0])


def test_page_carries_the_engines_form(site: Path) -> None:
    html = (site / "calculator" / "index.html").read_text(encoding="utf-8")
    found = re.findall(rf'<div id="{calcpage.FORM_HOLDER_ID}" hidden data-form="([^"]*)"></div>', html)
    assert len(found) == 1
    assert json.loads(unescape(found[0])) == json.loads(handle(json.dumps({"action": "form"})))
    # Inside the calculator, so that instant navigation brings it along with the page content.
    assert html.index("data-stc-calculator") < html.index(f'id="{calcpage.FORM_HOLDER_ID}"')


def test_head_carries_runtime_json_before_the_early_start_script(site: Path) -> None:
    html = (site / "calculator" / "index.html").read_text(encoding="utf-8")
    head = html[: html.index("</head>")]
    position, settings = data_block(head, calcpage.RUNTIME_HOLDER_ID)
    runtime = json.loads((site / "assets" / "calc" / "runtime.json").read_text(encoding="utf-8"))
    assert settings == runtime
    # calc-early.js's code, written in by the build (no request to wait for), after the copy.
    early = re.search(rf'<script {calcpage.WORKER_ATTRIBUTE}="([^"]*)">(.*?)</script>', head, re.DOTALL)
    assert early is not None and early.start() > position
    assert early.group(1) == "../assets/js/calc-worker.js"
    source = (site / "assets" / "js" / "calc-early.js").read_text(encoding="utf-8")
    assert early.group(2).strip() in source and "window.__stcCalcEarly" in early.group(2)
    assert "calc-early.js" not in head


def test_no_other_page_starts_the_calculator(site: Path) -> None:
    for page in site.rglob("*.html"):
        if page in (site / "calculator" / "index.html", site / "pt" / "calculator" / "index.html"):
            continue  # the calculator page, in English and in Portuguese
        html = page.read_text(encoding="utf-8")
        assert "calc-early.js" not in html and calcpage.WORKER_ATTRIBUTE not in html, page
        assert calcpage.RUNTIME_HOLDER_ID not in html and calcpage.FORM_HOLDER_ID not in html, page


def test_a_calculator_page_without_its_early_start_script_is_named(tmp_path: Path) -> None:
    html = f'<script type="application/json" id="{calcpage.RUNTIME_HOLDER_ID}">null</script>'
    with pytest.raises(calcpage.CalculatorPageError, match=r"calculator/index\.html has no <script src="):
        calcpage.inline_early_start(html, tmp_path, calcpage.CALCULATOR_PAGE)
    source = tmp_path / calcpage.EARLY_START_SOURCE
    source.parent.mkdir(parents=True)
    source.write_text("/* a comment */ var s = '</script>';", encoding="utf-8")
    with pytest.raises(calcpage.CalculatorPageError, match="would end or hide"):
        calcpage.inline_early_start('<script src="../assets/js/calc-early.js"'
                                    ' data-stc-worker="../assets/js/calc-worker.js" async></script>',
                                    tmp_path, calcpage.CALCULATOR_PAGE)


def test_data_blocks_cannot_be_ended_by_their_content() -> None:
    block = calcpage.data_block("x", {"text": "</script><img src=x onerror=alert(1)> & more"})
    inner = block[len('<script type="application/json" id="x">'):-len("</script>")]
    assert "<" not in inner and ">" not in inner and "&" not in inner
    assert json.loads(inner) == {"text": "</script><img src=x onerror=alert(1)> & more"}


def test_a_page_without_the_runtime_holder_is_named(tmp_path: Path) -> None:
    page = tmp_path / "calculator" / "index.html"
    page.parent.mkdir()
    page.write_text("<html><head></head><body></body></html>", encoding="utf-8")
    with pytest.raises(calcpage.CalculatorPageError, match="stc-calc-runtime"):
        calcpage.embed_runtime(tmp_path, {"indexURL": "x/"})
    with pytest.raises(calcpage.CalculatorPageError, match="was not built"):
        calcpage.embed_runtime(tmp_path / "missing", {"indexURL": "x/"})


BUNDLE_TAG = re.compile(r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>')


@pytest.mark.parametrize("page", ["calculator", "pt/calculator"])
def test_calculator_page_hands_the_themes_bundle_to_theme_later(site: Path, page: str) -> None:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    assert BUNDLE_TAG.search(html) is None, "the bundle would run during the calculator's start"
    held = re.findall(rf'<script src="([^"]*assets/js/theme-later\.js)" {calcpage.BUNDLE_ATTRIBUTE}="([^"]*)">', html)
    assert len(held) == 1
    loader, bundle = held[0]
    folder = site / page
    assert (folder / loader).resolve().is_file() and (folder / bundle).resolve().is_file()
    # Before the site's scripts, which subscribe to its stand-in document$ at DOMContentLoaded.
    assert html.index("theme-later.js") < html.index("assets/js/calculator.js")


def test_other_pages_load_the_themes_bundle_themselves(site: Path) -> None:
    for page in (site / "index.html", site / "glossary" / "index.html", site / "pt" / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert len(BUNDLE_TAG.findall(html)) == 1 and "theme-later.js" not in html, page


@pytest.mark.parametrize("scripts", ["", '<script src="a/bundle.1a.min.js"></script>' * 2])
def test_a_theme_without_one_bundle_tag_is_named(scripts: str) -> None:
    scripts = scripts.replace("a/", "../assets/javascripts/")
    with pytest.raises(calcpage.CalculatorPageError, match="Material for MkDocs changed how it loads"):
        calcpage.hold_theme_bundle(scripts, "../assets/js/theme-later.js")
    held = calcpage.hold_theme_bundle('<script src="../assets/javascripts/bundle.1a.min.js"></script>',
                                      '../assets/js/theme-later.js')
    assert held == ('<script src="../assets/js/theme-later.js"'
                    ' data-stc-bundle="../assets/javascripts/bundle.1a.min.js"></script>')
