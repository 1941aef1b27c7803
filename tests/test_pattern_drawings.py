"""Checks for the schematic pattern drawings in docs/assets/patterns/.

Every pattern id in calc/data/vocabulary.json must have a small, self-contained,
theme-aware SVG (stdlib only: xml.etree).
"""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VOCAB = ROOT / "calc" / "data" / "vocabulary.json"
DRAWINGS = ROOT / "docs" / "assets" / "patterns"
SVG_NS = "http://www.w3.org/2000/svg"
MAX_BYTES = 3000


PATTERNS = {
    entry["id"]: entry for entry in json.loads(VOCAB.read_text(encoding="utf-8"))["pattern"]
}


def _local(tag):
    return tag.rsplit("}", 1)[-1]


def test_vocabulary_has_patterns():
    assert len(PATTERNS) >= 20  # the 17 first patterns plus irregular-plaque, central-mineralisation, bone-destruction; ids are never dropped


@pytest.mark.parametrize("pattern_id", sorted(PATTERNS))
def test_pattern_drawing(pattern_id):
    path = DRAWINGS / f"{pattern_id}.svg"
    assert path.is_file(), f"missing drawing {path}"
    raw = path.read_bytes()
    assert len(raw) < MAX_BYTES, f"{path.name} is {len(raw)} bytes"
    text = raw.decode("utf-8")

    root = ET.fromstring(text)  # parses as XML
    assert root.tag == f"{{{SVG_NS}}}svg", "root element must be an SVG <svg>"
    assert root.get("viewBox") == "0 0 120 90"
    assert root.get("width") is None and root.get("height") is None
    assert root.get("role") == "img"

    children = [_local(child.tag) for child in root]
    assert "title" in children and "desc" in children
    title = root.find(f"{{{SVG_NS}}}title")
    desc = root.find(f"{{{SVG_NS}}}desc")
    assert title is not None and (title.text or "").strip()
    assert desc is not None and len((desc.text or "").strip()) > 20
    assert title.text.strip() == PATTERNS[pattern_id]["label"]

    # No external references: the only "http" allowed is the SVG namespace.
    assert text.replace(SVG_NS, "").lower().count("http") == 0
    for el in root.iter():
        name = _local(el.tag).lower()
        assert name not in {"script", "foreignobject", "image", "text"}, name
        if name == "style":
            assert "@import" not in (el.text or "")
        for attr, value in el.attrib.items():
            attr_name = _local(attr).lower()
            assert not attr_name.startswith("on"), f"event handler {attr}"
            if attr_name == "href":
                assert value.startswith("#"), f"external href {value}"
            assert "url(" not in value or re.fullmatch(r"url\(#[\w-]+\)", value)

    # Theme-aware: colours come from currentColor, never a hard-coded fill.
    assert "currentColor" in text
    for el in root.iter():
        for attr in ("fill", "stroke"):
            value = el.get(attr)
            if value is not None:
                assert value in {"none", "currentColor"} or value.startswith("url(#"), (
                    f"{path.name}: {attr}={value!r}"
                )
