"""The site's app icons, drawn by the project: an SVG and PNGs, written at build time.

The design is geometric and small enough to read at 48 px: an indigo tile (the theme's
primary colour) with a white ring (a calcified rim), an orange core and three white foci
beside it. The same shapes are written as SVG and rasterised here with signed distance
functions (anti-aliased by coverage), then encoded as PNG with :mod:`zlib` and
:mod:`struct`: no image library, no external tool. The same inputs give the same bytes.

Kinds of icon:

- ``any``: the tile has rounded corners and a transparent outside;
- ``maskable``: the tile fills the square and the drawing stays inside the central 80 %
  circle that launchers keep whatever mask they apply;
- ``opaque``: a full square with the ``any`` layout (home-screen icons of browsers that fill
  transparency with black).
"""

from __future__ import annotations

import hashlib
import math
import os
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

INDIGO = (0x3F, 0x51, 0xB5)
"""Material's ``indigo`` primary: the manifest's theme colour."""
ORANGE = (0xFF, 0x57, 0x22)
"""Material's ``deep orange`` accent."""
WHITE = (0xFF, 0xFF, 0xFF)
THEME_COLOR = "#3f51b5"
BACKGROUND_COLOR = "#ffffff"

ICON_DIR = "assets/icons"
SVG_NAME = "icon.svg"


@dataclass(frozen=True)
class Icon:
    """One PNG file of the manifest (or the Apple touch icon)."""

    name: str
    size: int
    kind: str          # "any", "maskable" or "opaque"

    @property
    def uri(self) -> str:
        return f"{ICON_DIR}/{self.name}"


PNG_ICONS = (
    Icon("icon-192.png", 192, "any"),
    Icon("icon-512.png", 512, "any"),
    Icon("icon-maskable-512.png", 512, "maskable"),
    Icon("apple-touch-icon-180.png", 180, "opaque"),
)

# The drawing in a unit box (0..1 both ways, y down): centre x, centre y, radius.
_RING = (0.40, 0.42, 0.31, 0.195)          # centre x, centre y, outer radius, inner radius
_CORE = (0.40, 0.42, 0.085)
_FOCI = ((0.82, 0.70, 0.075), (0.66, 0.87, 0.06), (0.89, 0.90, 0.05))

# Where the unit box sits on the tile, as fractions of the icon's side.
_LAYOUT = {"any": (0.16, 0.68), "opaque": (0.16, 0.68), "maskable": (0.22, 0.56)}
_CORNER = 0.18     # corner radius of the "any" tile, as a fraction of the side


def svg() -> str:
    """The icon as SVG (the ``any`` layout on a 512 grid)."""
    side = 512
    offset, scale = (value * side for value in _LAYOUT["any"])

    def at(x: float, y: float) -> tuple[float, float]:
        return offset + x * scale, offset + y * scale

    cx, cy = at(_RING[0], _RING[1])
    ring_mid = (_RING[2] + _RING[3]) / 2 * scale
    ring_width = (_RING[2] - _RING[3]) * scale
    core_x, core_y = at(_CORE[0], _CORE[1])
    foci = "".join(
        f'<circle cx="{fx:g}" cy="{fy:g}" r="{r * scale:g}"/>'
        for fx, fy, r in ((*at(x, y), r) for x, y, r in _FOCI)
    )
    corner = _CORNER * side
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {side} {side}" '
        f'width="{side}" height="{side}">'
        "<title>STC Guide</title>"
        f'<rect width="{side}" height="{side}" rx="{corner:g}" fill="{_hex(INDIGO)}"/>'
        f'<circle cx="{cx:g}" cy="{cy:g}" r="{ring_mid:g}" fill="none" stroke="{_hex(WHITE)}" '
        f'stroke-width="{ring_width:g}"/>'
        f'<circle cx="{core_x:g}" cy="{core_y:g}" r="{_CORE[2] * scale:g}" fill="{_hex(ORANGE)}"/>'
        f'<g fill="{_hex(WHITE)}">{foci}</g>'
        "</svg>\n"
    )


def png(size: int, kind: str = "any") -> bytes:
    """The icon as an RGBA PNG of ``size`` × ``size`` pixels."""
    if kind not in _LAYOUT:
        raise ValueError(f"unknown icon kind {kind!r}; known: {', '.join(_LAYOUT)}")
    canvas = _Canvas(size)
    corner = _CORNER * size if kind == "any" else 0.0
    canvas.tile(INDIGO, corner)
    offset, scale = (value * size for value in _LAYOUT[kind])

    def at(x: float, y: float) -> tuple[float, float]:
        return offset + x * scale, offset + y * scale

    cx, cy = at(_RING[0], _RING[1])
    canvas.disc(WHITE, cx, cy, _RING[2] * scale, inner=_RING[3] * scale)
    core_x, core_y = at(_CORE[0], _CORE[1])
    canvas.disc(ORANGE, core_x, core_y, _CORE[2] * scale)
    for x, y, r in _FOCI:
        fx, fy = at(x, y)
        canvas.disc(WHITE, fx, fy, r * scale)
    return canvas.encode()


def write_icons(site_dir: Path) -> list[str]:
    """Write the SVG and every PNG under ``site_dir/assets/icons``; return their site paths."""
    folder = site_dir / ICON_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SVG_NAME).write_text(svg(), encoding="utf-8")
    written = [f"{ICON_DIR}/{SVG_NAME}"]
    for icon in PNG_ICONS:
        (folder / icon.name).write_bytes(_png_cached(icon.size, icon.kind))
        written.append(icon.uri)
    return written


def manifest_icons() -> list[dict[str, str]]:
    """The ``icons`` member of the web app manifest (paths relative to the manifest)."""
    icons = [{"src": f"{ICON_DIR}/{SVG_NAME}", "sizes": "any", "type": "image/svg+xml",
              "purpose": "any"}]
    for icon in PNG_ICONS:
        if icon.kind == "opaque":
            continue
        icons.append({"src": icon.uri, "sizes": f"{icon.size}x{icon.size}", "type": "image/png",
                      "purpose": icon.kind})
    return icons


def apple_touch_icon() -> Icon:
    return next(icon for icon in PNG_ICONS if icon.kind == "opaque")


CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache" / "icons"


def _png_cached(size: int, kind: str) -> bytes:
    """Drawing the PNGs takes about a second: keep them, keyed by this module's source."""
    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    path = CACHE_DIR / digest / f"{kind}-{size}.png"
    if path.is_file():
        return path.read_bytes()
    data = png(size, kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.with_name(f".{path.name}.{os.getpid()}")
    staging.write_bytes(data)
    staging.replace(path)  # atomic: concurrent builds write the same bytes
    return data


def _hex(color: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{part:02x}" for part in color)


class _Canvas:
    """Straight-alpha RGBA pixels as floats, painted shape by shape with the "over" rule."""

    def __init__(self, size: int) -> None:
        self.size = size
        count = size * size
        self.r = [0.0] * count
        self.g = [0.0] * count
        self.b = [0.0] * count
        self.a = [0.0] * count

    def paint(self, index: int, color: tuple[int, int, int], coverage: float) -> None:
        if coverage <= 0.0:
            return
        below = self.a[index] * (1.0 - coverage)
        alpha = coverage + below
        self.r[index] = (color[0] * coverage + self.r[index] * below) / alpha
        self.g[index] = (color[1] * coverage + self.g[index] * below) / alpha
        self.b[index] = (color[2] * coverage + self.b[index] * below) / alpha
        self.a[index] = alpha

    def tile(self, color: tuple[int, int, int], corner: float) -> None:
        """The whole square, with rounded corners of radius ``corner`` (0: square)."""
        size = self.size
        count = size * size
        self.r, self.g, self.b = ([float(part)] * count for part in color)
        self.a = [1.0] * count
        if corner <= 0:
            return
        reach = math.ceil(corner) + 1
        half = size / 2
        for y in range(size):
            for x in range(size):
                if reach <= x < size - reach or reach <= y < size - reach:
                    continue  # away from the corners: inside
                qx = abs(x + 0.5 - half) - (half - corner)
                qy = abs(y + 0.5 - half) - (half - corner)
                distance = (math.hypot(max(qx, 0.0), max(qy, 0.0)) + min(max(qx, qy), 0.0)
                            - corner)
                self.a[y * size + x] = _coverage(distance)

    def disc(self, color: tuple[int, int, int], cx: float, cy: float, radius: float,
             inner: float = 0.0) -> None:
        """A filled circle, or a ring when ``inner`` > 0."""
        size = self.size
        low_x, high_x = _span(cx - radius, cx + radius, size)
        low_y, high_y = _span(cy - radius, cy + radius, size)
        for y in range(low_y, high_y):
            for x in range(low_x, high_x):
                centre = math.hypot(x + 0.5 - cx, y + 0.5 - cy)
                distance = centre - radius
                if inner > 0:
                    distance = max(distance, inner - centre)
                self.paint(y * size + x, color, _coverage(distance))

    def encode(self) -> bytes:
        size = self.size
        raw = bytearray()
        for y in range(size):
            raw.append(0)  # filter: none
            for index in range(y * size, (y + 1) * size):
                raw.extend((_byte(self.r[index]), _byte(self.g[index]), _byte(self.b[index]),
                            _byte(self.a[index] * 255.0)))
        header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
        return b"".join((b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header),
                         _chunk(b"IDAT", zlib.compress(bytes(raw), 9)), _chunk(b"IEND", b"")))


def _coverage(distance: float) -> float:
    """Share of a pixel inside a shape whose edge is ``distance`` pixels from its centre."""
    return min(1.0, max(0.0, 0.5 - distance))


def _span(low: float, high: float, size: int) -> tuple[int, int]:
    return max(0, math.floor(low) - 1), min(size, math.ceil(high) + 1)


def _byte(value: float) -> int:
    return min(255, max(0, round(value)))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header (used by the tests)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def all_site_paths() -> Iterable[str]:
    yield f"{ICON_DIR}/{SVG_NAME}"
    for icon in PNG_ICONS:
        yield icon.uri
